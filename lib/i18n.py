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
