"""Every user-facing string in Chinese and English, in one table; t() picks one."""

from __future__ import annotations

LANGS = ("zh", "en")

# key: (中文, English). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("分工 Fengong", "Fengong 分工"),
    "app_tagline": ("任务分工方案分析看板", "Task-division plan dashboard"),
    "page_overview": ("概览", "Overview"),
    "page_matrix": ("责任矩阵", "Responsibility matrix"),
    "page_workload": ("工作量", "Workload"),
    "page_timeline": ("时间线", "Timeline"),
    "page_network": ("协同网络", "Collaboration network"),
    "page_profile": ("单位画像", "Unit profile"),
    "page_import": ("导入", "Import"),
    "page_briefing": ("汇报", "Briefing"),
    "language": ("语言 Language", "Language 语言"),
    "filters": ("筛选", "Filters"),
    "filter_section": ("工作领域", "Area of work"),
    "filter_category": ("单位类别", "Unit category"),
    "filter_units": ("单位", "Units"),
    "filter_role": ("角色", "Role"),
    "filter_all": ("全部", "All"),
    "filter_reset": ("清除筛选", "Clear filters"),
    "filter_active": ("已筛选：{n} 项任务、{u} 个单位", "Filtered: {n} tasks, {u} units"),
    "filter_empty": ("当前筛选下没有任务，请放宽筛选条件。", "No task matches the current filters; widen them."),
    "dataset_source": ("数据：{src}", "Data: {src}"),
    "dataset_imported": ("正在查看导入的方案（仅本浏览器会话）", "Viewing an imported plan (this browser session only)"),
    "dataset_back": ("返回内置方案", "Back to the shipped plan"),
    # roles and categories
    "role_lead": ("牵头", "Lead"),
    "role_support": ("责任", "Support"),
    "role_none": ("—", "—"),
    "cat_government": ("政府部门", "Government"),
    "cat_party": ("党委部门", "Party"),
    "cat_district": ("区/开发区", "District / zone"),
    "cat_other": ("其他", "Other"),
    "cat_collective": ("集合单位", "Collective"),
    # common labels
    "unit": ("单位", "Unit"),
    "full_name": ("全称", "Full name"),
    "category": ("类别", "Category"),
    "task": ("任务", "Task"),
    "task_id": ("编号", "No."),
    "section": ("领域", "Area"),
    "title": ("任务名称", "Task"),
    "description": ("内容", "Text"),
    "lead_units": ("牵头单位", "Lead units"),
    "support_units": ("责任单位", "Supporting units"),
    "lead_count": ("牵头任务数", "Tasks led"),
    "support_count": ("参与任务数", "Tasks supported"),
    "total_count": ("合计", "Total"),
    "weighted_load": ("加权工作量", "Weighted load"),
    "count": ("数量", "Count"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "not_stated": ("未注明", "not stated"),
    # overview
    "ov_counts": ("方案概况", "The plan at a glance"),
    "ov_sections": ("工作领域", "Areas of work"),
    "ov_tasks": ("任务", "Tasks"),
    "ov_units": ("单位", "Units"),
    "ov_leads": ("牵头分工", "Lead assignments"),
    "ov_supports": ("责任分工", "Support assignments"),
    "ov_supports_help": ("按文件所列共 {raw} 条，其中 {dup} 条与牵头重复，只计一次。",
                         "{raw} as written; {dup} repeat the task's lead and count once."),
    "ov_today": ("进度", "Where today falls"),
    "ov_today_before": ("今天（{today}）方案尚未开始，首个阶段 {start} 开始。",
                        "Today ({today}) is before the plan starts on {start}."),
    "ov_today_in": ("今天（{today}）处于「{phase}」（{start} 至 {end}）。",
                    "Today ({today}) falls in “{phase}” ({start} to {end})."),
    "ov_today_gap": ("今天（{today}）处于两个阶段之间。", "Today ({today}) falls between two phases."),
    "ov_today_after": ("今天（{today}）已过方案结束日期 {end}（{days} 天前结束）。",
                       "Today ({today}) is after the plan ended on {end} ({days} days ago)."),
    "ov_no_phases": ("本方案没有日期安排。", "This plan gives no dated phases."),
    "ov_top_units": ("工作量最多的单位", "Most-loaded units"),
    "ov_quality": ("数据质量提示", "Data-quality notes"),
    "ov_quality_none": ("未发现数据问题。", "No data problems found."),
    "ov_sections_table": ("各领域任务", "Tasks by area"),
    "ov_doc": ("文号", "Document"),
    "ov_issued": ("印发", "Issued"),
    # problems
    "problems_stop": ("数据无法加载，请修正以下问题：", "The data cannot be loaded; please fix:"),
    # charts
    "legend_role": ("角色", "Role"),
    "axis_units": ("单位", "Unit"),
    "axis_tasks": ("任务", "Task"),
    "axis_date": ("日期", "Date"),
    "today": ("今天", "Today"),
    "issued_marker": ("印发日期", "Issued"),
    # presentation mode
    "present_mode": ("演示模式", "Presentation mode"),
    "present_help": ("隐藏侧栏、放大字号，逐页汇报：概览 → 矩阵 → 工作量 → 时间线 → 网络。链接加 ?present=1 直接进入。",
                     "Hide the sidebar, larger type, one view per screen: overview → matrix → workload → timeline → "
                     "network. Add ?present=1 to a link to open in it."),
    "present_prev": ("上一页", "Previous"),
    "present_next": ("下一页", "Next"),
    "present_exit": ("退出演示", "Exit"),
    "present_step": ("汇报 第 {n} / {total} 页", "Briefing {n} / {total}"),
    # --- matrix / workload / profile ---
    "mx_caption": ("每一格是一个单位在一项任务中的角色，列按工作领域分组。点击格子（或在下方选择任务）查看任务全文和全部单位。",
                   "Each cell is a unit's role in a task; columns are grouped by area. Click a cell (or pick a task "
                   "below) to see the task's full text and all its units."),
    "mx_sort": ("行排序", "Sort rows"),
    "mx_sort_load": ("按工作量", "By load"),
    "mx_sort_category": ("按单位类别", "By category"),
    "mx_sort_name": ("按名称", "By name"),
    "mx_top": ("显示单位数", "Units shown"),
    "mx_top_note": ("单位较多：按工作量显示前 {n} 个单位（共 {total} 个）。", "Many units: the {n} most-loaded of {total} "
                    "are shown."),
    "mx_summary_note": ("当前有 {n} 项任务，逐项显示过密，改为按领域汇总：每格为该单位在该领域的任务数。筛选到 {max} 项以内"
                        "（如选择单位或角色）可逐项显示；单项任务仍可在下方选择查看。",
                        "{n} tasks are too many for one column each, so each cell counts a unit's tasks in an area. "
                        "Filter to {max} tasks or fewer (by unit or role) to see single tasks; any task can still be "
                        "picked below."),
    "mx_area_n": ("（{n}）", "Area {n}"),
    "mx_no_role": ("未参与", "not involved"),
    "mx_hover_role": ("角色：{role}", "Role: {role}"),
    "mx_task_detail": ("任务详情", "Task detail"),
    "mx_pick_task": ("选择任务", "Task"),
    "mx_overlap": ("文件原文中「{unit}」既是任务 {task} 的牵头单位，又列在责任单位中；此处按牵头只计一次。",
                   "The document names “{unit}” both as the lead of task {task} and among its supporting units; it "
                   "is counted once, as lead."),
    "mx_profile_link": ("单位画像：{unit}", "Profile: {unit}"),
    "mx_name_zh": ("中文名称", "Chinese name"),
    "mx_by_area": ("各单位在各领域的任务数", "Tasks per unit and area"),
    "mx_by_area_caption": ("牵头与责任合计；鼠标停在列名上可看领域全称。", "Lead and support together; hover a column name for "
                           "the area's full title."),
    "wl_lead_weight": ("牵头权重", "Lead weight"),
    "wl_lead_weight_help": ("一项牵头任务折合几项参与任务（责任任务记 1）。", "How many supported tasks one led task counts "
                            "as (a supported task counts 1)."),
    "wl_measure": ("条形长度", "Bar length"),
    "wl_measure_weighted": ("加权工作量", "Weighted load"),
    "wl_measure_count": ("任务数", "Task count"),
    "wl_formula": ("加权工作量 = 牵头 × {w} + 责任 × 1", "Weighted load = lead × {w} + support × 1"),
    "wl_top_share": ("前 {n} 个单位占比", "Share of the top {n}"),
    "wl_gini": ("基尼系数", "Gini coefficient"),
    "wl_units": ("承担任务的单位", "Units with tasks"),
    "wl_total_weighted": ("加权工作量合计", "Total weighted load"),
    "wl_reading": ("前 {n} 个单位承担了 {share} 的加权工作量；基尼系数 {gini}，{level}（0 表示各单位平均分担，越接近 1 越集中于少数单位）。",
                   "The top {n} units carry {share} of the weighted load; the Gini coefficient is {gini}: {level} "
                   "(0 means shared evenly, near 1 means carried by a few)."),
    "wl_level_even": ("分工较均衡", "fairly even"),
    "wl_level_moderate": ("有一定集中", "moderately concentrated"),
    "wl_level_high": ("高度集中", "highly concentrated"),
    "wl_top": ("图中显示单位数", "Units in the chart"),
    "wl_top_note": ("图中显示工作量最大的 {n} 个单位（共 {total} 个），下表列出全部。",
                    "The chart shows the {n} most-loaded of {total} units; the table lists all."),
    "wl_per_unit": ("各单位工作量", "Workload per unit"),
    "wl_by_category": ("按单位类别", "By unit category"),
    "wl_units_col": ("单位数", "Units"),
    "wl_table": ("工作量明细", "Workload table"),
    "wl_rank": ("排名", "Rank"),
    "pf_pick": ("选择单位", "Unit"),
    "pf_scope_areas": ("仅统计侧栏所选的 {n} 个工作领域。", "Only the {n} areas chosen in the sidebar are counted."),
    "pf_rank": ("工作量排名", "Workload rank"),
    "pf_rank_value": ("第 {rank} / {n}", "{rank} of {n}"),
    "pf_rank_help": ("按加权工作量（牵头 × {w} + 责任 × 1）在 {n} 个单位中的名次。",
                     "Place by weighted load (lead × {w} + support × 1) among {n} units."),
    "pf_degree": ("协作单位数", "Partners"),
    "pf_degree_help": ("至少共同承担一项任务的其他单位个数（协同网络中的度）。",
                       "Other units sharing at least one task (its degree in the collaboration network)."),
    "pf_areas": ("涉及领域", "Areas covered"),
    "pf_tasks": ("承担的任务", "Its tasks"),
    "pf_partners": ("协作单位（按共同任务数）", "Partners by shared tasks"),
    "pf_no_partners": ("该单位没有与其他单位共同承担的任务。", "This unit shares no task with another unit."),
    "pf_partners_top": ("图中显示前 {n} 个（共 {total} 个），全部见下方明细。", "The first {n} of {total} are drawn; "
                        "all are in the table below."),
    "pf_partners_table": ("协作单位明细", "All partners"),
    "pf_shared": ("共同任务数", "Shared tasks"),
    "pf_as_lead_with": ("本单位牵头", "This unit leads"),
    "pf_under_lead_of": ("对方牵头", "Partner leads"),
    "pf_co_support": ("共同参与", "Both support"),
    "pf_task_ids": ("共同任务", "Shared task IDs"),
    "pf_ranking": ("在工作量排名中的位置", "Place in the workload ranking"),
}

PROBLEMS: dict[str, tuple[str, str]] = {
    "folder_missing": ("找不到数据文件夹 {file}。", "Data folder {file} not found."),
    "file_missing": ("{extra} 中缺少文件 {file}。", "File {file} is missing from {extra}."),
    "file_empty": ("{file} 是空文件。", "{file} is empty."),
    "file_binary": ("{file} 不是文本 CSV 文件（无法按 UTF-8 或 GBK 解码）。",
                    "{file} is not a text CSV file (not decodable as UTF-8 or GBK)."),
    "file_too_large": ("{file} 过大（{value}）。", "{file} is too large ({value})."),
    "file_unreadable": ("无法读取 {file}：{value}", "Cannot read {file}: {value}"),
    "csv_unreadable": ("{file} 不是有效的 CSV：{value}", "{file} is not valid CSV: {value}"),
    "missing_column": ("{file} 缺少列「{column}」（表头为：{value}）。",
                       "{file} lacks the column “{column}” (header: {value})."),
    "date_unparseable": ("{file} 第 {row} 行「{column}」列的日期「{value}」无法识别（应为 2024-03-26 格式）。",
                         "{file} row {row}, column “{column}”: date “{value}” cannot be read (use 2024-03-26)."),
    "end_before_start": ("{file} 第 {row} 行：结束日期 {value} 早于开始日期 {extra}。",
                         "{file} row {row}: end {value} is before start {extra}."),
    "section_not_number": ("{file} 第 {row} 行「{column}」列应为数字，实际为「{value}」。",
                           "{file} row {row}, column “{column}” must be a number, not “{value}”."),
    "unit_blank": ("{file} 第 {row} 行单位名称为空，已跳过。", "{file} row {row}: blank unit name, skipped."),
    "unit_duplicate": ("{file} 第 {row} 行单位「{value}」重复，已忽略。", "{file} row {row}: unit “{value}” repeated, ignored."),
    "category_unknown": ("{file} 第 {row} 行类别「{value}」无效，按“其他”处理。",
                         "{file} row {row}: category “{value}” is not known; shown as other."),
    "task_id_blank": ("{file} 第 {row} 行缺少任务编号，已跳过。", "{file} row {row}: no task_id, skipped."),
    "task_duplicate": ("{file} 第 {row} 行任务编号「{value}」重复，仅保留首次出现的一行。",
                       "{file} row {row}: task_id “{value}” repeated; only the first row is kept."),
    "task_no_lead": ("{file} 第 {row} 行任务 {value} 没有牵头单位。", "{file} row {row}: task {value} has no lead unit."),
    "unit_not_listed": ("{file} 第 {row} 行「{column}」中的单位「{value}」不在 units.csv 中，按“其他”类显示。",
                        "{file} row {row}, “{column}”: unit “{value}” is not in units.csv; shown as other."),
    "lead_and_support": ("任务 {extra}：「{value}」既是牵头单位又列在责任单位中（{file} 第 {row} 行），统计时只计一次（按牵头）。",
                         "Task {extra}: “{value}” is both the lead and listed as support ({file} row {row}); "
                         "counted once, as lead."),
    "alias_applied": ("{file} 第 {row} 行「{value}」按别名表统一为「{extra}」。",
                      "{file} row {row}: “{value}” read as “{extra}” (aliases.csv)."),
    "phase_kind_unknown": ("{file} 第 {row} 行类型「{value}」无效（应为 phase 或 milestone）。",
                           "{file} row {row}: kind “{value}” should be phase or milestone."),
}


def t(key: str, lang: str = "zh", **kwargs) -> str:
    """The string for key in lang, formatted with kwargs; the key itself if it is unknown."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


def problem_text(problem, lang: str = "zh") -> str:
    """A data problem as one sentence naming file, row, column and value."""
    zh, en = PROBLEMS.get(problem.code, ("{file}: {value}", "{file}: {value}"))
    fields = {k: ("" if v is None else v) for k, v in vars(problem).items()}
    return (en if lang == "en" else zh).format(**fields)


def category_label(category: str, lang: str = "zh") -> str:
    """Display name of a unit category."""
    return t(f"cat_{category}", lang) if f"cat_{category}" in STRINGS else category


def role_label(role: str, lang: str = "zh") -> str:
    """Display name of a role (lead / support)."""
    return t(f"role_{role}", lang)
