"""Every user-facing string in Chinese and English, in one table; t() picks one."""

from __future__ import annotations

LANGS = ("zh", "en")

# key: (中文, English). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("分工 Fengong", "Fengong 分工"),
    "page_overview": ("概览", "Overview"),
    "page_matrix": ("责任矩阵", "Responsibility matrix"),
    "page_workload": ("工作量", "Workload"),
    "page_timeline": ("时间线", "Timeline"),
    "page_network": ("协同网络", "Collaboration network"),
    "page_profile": ("单位画像", "Unit profile"),
    "page_import": ("导入", "Import"),
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
    "dataset_imported": ("正在查看导入的方案（仅本浏览器会话）", "Viewing an imported plan (this browser session only)"),
    "dataset_back": ("返回内置方案", "Back to the shipped plan"),
    # roles and categories
    "role_lead": ("牵头", "Lead"),
    "role_support": ("责任", "Support"),
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
    "support_count": ("责任任务数", "Tasks supported"),
    "total_count": ("合计", "Total"),
    "weighted_load": ("加权工作量", "Weighted load"),
    "count": ("数量", "Count"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "not_stated": ("未注明", "not stated"),
    # overview
    "ov_sections": ("工作领域", "Areas of work"),
    "ov_tasks": ("任务", "Tasks"),
    "ov_units": ("单位", "Units"),
    "ov_leads": ("牵头分工", "Lead assignments"),
    "ov_supports": ("责任分工", "Support assignments"),
    "ov_supports_help": ("按文件所列共 {raw} 条，其中 {dup} 条与牵头重复，只计一次。",
                         "{raw} as written; {dup} repeat the task's lead and count once."),
    "ov_today_before": ("今天（{today}）方案尚未开始，首个阶段 {start} 开始。",
                        "Today ({today}) is before the plan starts on {start}."),
    "ov_today_in": ("今天（{today}）处于「{phase}」（{start} 至 {end}）。",
                    "Today ({today}) falls in “{phase}” ({start} to {end})."),
    "ov_today_gap": ("今天（{today}）处于两个阶段之间。", "Today ({today}) falls between two phases."),
    "ov_today_after": ("今天（{today}）已过方案结束日期 {end}（{days} 天前结束）。",
                       "Today ({today}) is after the plan ended on {end} ({days} days ago)."),
    "ov_no_phases": ("本方案没有日期安排。", "This plan gives no dated phases."),
    "ov_top_units": ("工作量最多的单位", "Most-loaded units"),
    "ov_top_formula": ("按加权工作量排序：牵头 × 2 + 责任 × 1；条内数字为任务数，条尾为加权工作量。",
                       "Ranked by weighted load: lead × 2 + support × 1; numbers inside are tasks, at the end the "
                       "weighted load."),
    "ov_quality": ("数据质量提示", "Data-quality notes"),
    "ov_quality_none": ("未发现数据问题。", "No data problems found."),
    "ov_quality_many": ("共 {n} 条数据提示，逐条列于下表（可按文件、行排序）。",
                        "{n} data notes, one per row below (sort by file or row)."),
    "ov_note_file": ("文件", "File"),
    "ov_note_row": ("行", "Row"),
    "ov_note_column": ("列", "Column"),
    "ov_note_text": ("说明", "Note"),
    "ov_sections_table": ("各领域任务", "Tasks by area"),
    "ov_doc": ("文号", "Document"),
    "ov_issued": ("印发", "Issued"),
    # problems
    "problems_stop": ("数据无法加载，请修正以下问题：", "The data cannot be loaded; please fix:"),
    # charts
    "legend_role": ("角色", "Role"),
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
    "wl_lead_weight_help": ("一项牵头任务折合几项责任任务（责任任务记 1）。", "How many supported tasks one led task counts "
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
    "pf_scope_whole": ("画像显示该单位的全部分工，不受单位类别和角色筛选影响。",
                       "The profile shows all of the unit's work; the category and role filters do not narrow it."),
    "pf_rank": ("工作量排名", "Workload rank"),
    "pf_rank_value": ("第 {rank} / {n}", "{rank} of {n}"),
    "pf_rank_short": ("{rank}/{n}", "{rank}/{n}"),
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
    "pf_co_support": ("同为责任单位", "Both support"),
    "pf_task_ids": ("共同任务", "Shared task IDs"),
    "pf_ranking": ("在工作量排名中的位置", "Place in the workload ranking"),
    # --- timeline / network ---
    "tl_intro": ("方案的工作阶段和关键时间节点。把鼠标移到色块或菱形上，可看到责任主体和具体要求。",
                 "The plan's phases and key dates. Hover a bar or diamond for who is responsible and what is due."),
    "tl_phase": ("阶段", "Phase"),
    "tl_milestone": ("时间节点", "Milestone"),
    "tl_milestone_span": ("节点时段", "Milestone window"),
    "tl_kind": ("类型", "Type"),
    "tl_name": ("名称", "Name"),
    "tl_start": ("开始", "Start"),
    "tl_end": ("结束", "End"),
    "tl_days": ("天数", "Days"),
    "tl_owner": ("责任主体", "Responsible"),
    "tl_due": ("要求", "What is due"),
    "tl_range": ("{start} 至 {end}（{days} 天）", "{start} to {end} ({days} days)"),
    "tl_table": ("阶段与时间节点明细（{n} 行）", "Phases and milestones, in detail ({n} rows)"),
    "tl_year": ("{year} 年", "{year}"),
    "tl_filters_note": ("阶段和时间节点适用于整个方案，不随侧栏筛选变化。",
                        "Phases and milestones apply to the whole plan; the sidebar filters do not change them."),
    "tl_axis_note": ("时间轴只显示方案期间；今天在方案期间之外时，以图右上角（或左上角）的箭头标示。",
                     "The axis shows the plan's period only; when today lies outside it, an arrow at the top "
                     "right (or left) marks it."),
    "nw_intro": ("每个圆点是一个单位；两个单位共同承担任务就连一条线，线越粗，共担的任务越多。",
                 "Each dot is a unit; a line joins two units that share a task, thicker for more shared tasks."),
    "nw_directed": ("牵头 → 责任 方向", "Lead → support direction"),
    "nw_directed_help": ("打开后，箭头从牵头单位指向责任单位，线宽为其牵头、对方为责任单位的任务数。",
                         "Arrows run from the lead unit to its supporting units; width = tasks the one leads "
                         "and the other supports."),
    "nw_size_by": ("圆点大小", "Node size"),
    "nw_color_by": ("颜色", "Colour"),
    "nw_color_category": ("单位类别", "Category"),
    "nw_color_community": ("协同群组", "Community"),
    "nw_min_weight": ("连线：最少共担任务数", "Lines: minimum shared tasks"),
    "nw_min_weight_help": ("只画出共担任务不少于此数的连线，让图更清楚；各项指标仍按全部连线计算。",
                           "Draw only lines for at least this many shared tasks; the measures still use every line."),
    "nw_collective": ("包含集合单位", "Include collective units"),
    "nw_collective_help": ("集合单位（如“各区人民政府”）代表多个单位，会把很多单位连在一起，默认不计入网络。",
                           "Collective units (such as “all district governments”) stand for many units and would "
                           "tie everyone together, so they are left out by default."),
    "nw_collective_none": ("当前方案没有集合单位。", "This plan has no collective units."),
    "nw_capped": ("连线较多：最少共担任务数已自动提高到 {w}，图中只画出 {shown} 条（共 {total} 条）。",
                  "Many lines: the minimum was raised to {w} shared tasks automatically, so {shown} of {total} "
                  "lines are drawn."),
    "nw_hidden": ("共担少于 {w} 项任务的 {n} 条连线未画出；指标按全部 {total} 条连线计算。",
                  "{n} lines with fewer than {w} shared tasks are not drawn; the measures use all {total}."),
    "nw_labels_note": ("只标注{by}最大的 {n} 个单位；其他单位的名称请把鼠标移到圆点上查看。",
                       "Only the {n} units with the highest {by} are labelled; hover a dot for any other name."),
    "m_degree": ("合作单位数", "Partners"),
    "m_weighted_degree": ("协同次数", "Shared-task links"),
    "m_betweenness": ("中介中心性", "Betweenness"),
    "m_eigenvector": ("特征向量中心性", "Eigenvector"),
    "m_closeness": ("接近中心性", "Closeness"),
    "m_community": ("群组", "Community"),
    "m_degree_help": ("与多少个单位至少共担一项任务（度）。", "How many units it shares at least one task with "
                      "(degree)."),
    "m_weighted_degree_help": ("与各合作单位共担任务数之和（加权度）。",
                               "Shared tasks summed over its partners (weighted degree)."),
    "m_betweenness_help": ("其他单位之间的最短协同路径（经过最少的中间单位）有多少要经过它，0–1；高 = 桥梁、协调者。",
                           "Share of shortest paths between other units (fewest go-betweens) that pass through "
                           "it, 0–1; high = broker."),
    "m_eigenvector_help": ("与“重要单位”协同越多越高；高 = 处在核心圈。",
                           "High when its partners are themselves central; high = in the core."),
    "m_closeness_help": ("到其他单位平均要经过几步的倒数，0–1；1 = 与所有单位都直接共担任务。",
                         "Inverse of the average number of steps to every other unit, 0–1; 1 = shares a task "
                         "with every unit directly."),
    "m_community_help": ("Louvain 算法找出的协同群组：群组内部共担任务多于与外部；按单位数从大到小编号。",
                         "Communities found by the Louvain method: more shared tasks inside than outside; "
                         "numbered from the largest."),
    "nw_nodes": ("单位（节点）", "Units (nodes)"),
    "nw_edges": ("协同关系（连线）", "Links (lines)"),
    "nw_density": ("密度", "Density"),
    "nw_components": ("连通分量", "Components"),
    "nw_clustering": ("平均聚类系数", "Avg. clustering"),
    "nw_community": ("群组 {n}", "Community {n}"),
    "nw_community_other": ("其他小群组", "Other small groups"),
    "nw_legend_edges": ("共担任务", "Shared tasks"),
    "nw_bucket_one": ("{lo} 项", "{lo}"),
    "nw_bucket_range": ("{lo}–{hi} 项", "{lo}–{hi}"),
    "nw_bucket_open": ("{lo} 项以上", "{lo}+"),
    "nw_edge_hover": ("{a} — {b}：共担 {n} 项任务", "{a} — {b}: tasks shared: {n}"),
    "nw_edge_hover_dir": ("{a} 牵头、{b} 责任：{n} 项任务", "{a} leads, {b} supports: {n} tasks"),
    "nw_hover_roles": ("牵头 {lead} 项 · 责任 {support} 项", "Leads {lead} · supports {support}"),
    "nw_hover_partners": ("合作单位 {degree} 个 · 协同 {weighted} 次", "{degree} partners · {weighted} shared-task links"),
    "nw_hover_dir": ("牵头带动 {out} 次 · 配合他人 {inn} 次", "Leads others {out}× · supports others {inn}×"),
    "nw_reading": ("怎么读这张图", "What it means for coordination"),
    "nw_read_hub": ("**枢纽**：{unit} 与 {partners} 个单位共担任务（全图共 {total} 个其他单位），牵头 {lead} 项、"
                    "责任 {support} 项，协同次数 {weight}，是协调的中心。",
                    "**Hub**: {unit} shares tasks with {partners} of the {total} other units (leads {lead}, "
                    "supports {support}; {weight} shared-task links), the centre of coordination."),
    "nw_read_broker": ("**桥梁**：{unit} 的中介中心性最高（{value}）：其他单位之间的协同联系多经过它，"
                       "适合承担跨部门沟通协调。",
                       "**Broker**: {unit} has the highest betweenness ({value}): links between other units "
                       "mostly pass through it, so it is placed to coordinate across departments."),
    "nw_read_broker_same": ("**桥梁**：{unit} 的中介中心性也最高（{value}）：其他单位之间的协同联系多经过它，"
                            "它一旦协调不畅，影响面最大。",
                            "**Broker**: {unit} also has the highest betweenness ({value}): links between other "
                            "units mostly pass through it, so a hold-up there reaches furthest."),
    "nw_read_broker_next": ("其次是 {unit}（{value}）。", " Next comes {unit} ({value})."),
    "nw_read_sampled": ("单位超过 {above} 个，中介中心性按 {k} 个抽样起点估算（固定随机种子，结果可复现）。",
                        "With more than {above} units, betweenness is estimated from {k} sampled units (fixed "
                        "seed, so it is reproducible)."),
    "nw_read_groups": ("**协同群组**：形成 {n} 个群组，群组内部共担任务多于与外部：",
                       "**Communities**: {n} groups form, sharing more tasks inside than outside:"),
    "nw_read_singles": ("另有 {n} 个单位未与其他单位共担任务。", "{n} more units share no task with another unit."),
    "nw_read_more": ("等（另 {n} 个）", " and {n} more"),
    "nw_read_density": ("**密度 {density}**：任意两个单位中，约 {pct} 至少共担一项任务。",
                        "**Density {density}**: about {pct} of all pairs of units share at least one task."),
    "nw_read_connected": ("**连通**：所有单位都通过共担任务直接或间接连在一起（1 个连通分量）。",
                          "**Connected**: every unit is linked to every other through shared tasks (1 component)."),
    "nw_read_components": ("**{n} 个连通分量**：有些单位群与其他单位没有任何共担任务，需要另设协调渠道。",
                           "**{n} components**: some groups of units share no task with the rest and need their "
                           "own coordination channel."),
    "nw_read_clustering": ("**平均聚类系数 {value}**：一个单位的合作伙伴之间彼此也合作的比例平均为 {value}，"
                           "越高说明协作越成团。",
                           "**Average clustering {value}**: on average {value} of a unit's partners also work with "
                           "each other; higher means tighter clusters."),
    "nw_read_empty": ("当前范围内没有共担任务的单位。", "No two units share a task in the current view."),
    "nw_measures": ("各单位网络指标", "Measures per unit"),
    "nw_ego": ("单个单位的合作伙伴", "One unit's partners"),
    "nw_ego_select": ("选择单位", "Unit"),
    "nw_ego_caption": ("{unit} 在当前范围内承担 {tasks} 项任务，与 {n} 个单位共担。",
                       "{unit} has {tasks} tasks in view and shares them with {n} units."),
    "nw_ego_none": ("该单位在当前范围内没有与其他单位共担任务。", "This unit shares no task with another unit here."),
    "nw_partner": ("合作单位", "Partner"),
    "nw_shared": ("共担任务数", "Shared tasks"),
    "nw_as_lead": ("本单位牵头", "It leads"),
    "nw_under_lead": ("对方牵头", "Partner leads"),
    "nw_co_support": ("同为责任单位", "Both support"),
    "nw_task_ids": ("任务编号", "Task no."),
    "nw_titles": ("共担的任务", "Tasks shared"),
    "nw_chinese_name": ("中文名", "Chinese name"),
    # --- network limits (issue 15: measures bounded by the size of the input) ---
    "ov_top_ties_hidden": ("另有 {n} 个单位与图中最后一名并列，未画出；完整排名见工作量页。",
                           "{n} more units tie with the last one drawn and are left out; the Workload page ranks "
                           "them all."),
    "pf_rank_sampled": ("共 {total} 个单位：排名图按名次均匀画出其中 {n} 个（含本单位）。",
                        "{total} units: the ranking draws {n} of them, evenly spaced by rank (this unit included)."),
    "tl_marks_capped": ("图中只画出前 {shown} 个阶段和节点，另有 {n} 个未画出；全部见下表的 CSV。",
                        "The chart draws the first {shown} phases and milestones; {n} more are not drawn (all are "
                        "in the table's CSV)."),
    "tl_rows_capped": ("表中只列出前 {shown} 行，另有 {n} 行见 CSV 下载。",
                       "The table lists the first {shown} rows; {n} more are in the CSV download."),
    "mx_text_cut": ("此任务全文共 {n} 字，这里只显示开头；全文见导出页的 CSV / Excel。",
                    "This task's text has {n} characters; the start is shown here, the whole in the Export page's "
                    "CSV / Excel."),
    "nw_read_star": ("任务 {task} 列出 {n} 个单位：按以 {hub} 为中心的星形计算和绘制（每个单位只连到它），"
                     "而不是两两相连的 {pairs} 对。",
                     "Task {task} lists {n} units: measured and drawn as a star around {hub} (each unit linked to "
                     "it only), not as {pairs} pairs of every unit with every other."),
    "nw_read_star_more": ("另有 {n} 项任务也按星形处理。", "{n} more tasks are treated as stars too."),
    "nw_read_closeness_sampled": ("单位超过 {above} 个，接近中心性按每个连通部分 {k} 个抽样起点估算"
                                  "（固定随机种子）。",
                                  "With more than {above} units, closeness is estimated from {k} sampled units in "
                                  "each connected part (fixed seed)."),
    "nw_read_eig_power": ("特征向量中心性用幂迭代求得（{steps} 步）。",
                          "Eigenvector centrality comes from power iteration ({steps} steps)."),
    "nw_read_eig_unconverged": ("特征向量中心性用幂迭代求得，{steps} 步后仍未完全收敛，数值为近似值。",
                                "Eigenvector centrality comes from power iteration and had not fully settled "
                                "after {steps} steps: the values are approximate."),
    "nw_read_comm_components": ("连线超过 {edges} 条，未计算协同群组（Louvain），下面的群组是各连通部分。",
                                "With more than {edges} links, communities (Louvain) are not computed: the groups "
                                "below are the connected parts."),
    "nw_read_clust_sampled": ("平均聚类系数按 {trials} 次抽样估算（固定随机种子）。",
                              "Average clustering is estimated from {trials} samples (fixed seed)."),
    "nw_drawn_top": ("图中只画出共担任务最多的 {n} 个单位（共 {total} 个）；全部单位见下方指标表和导出文件。",
                     "The drawing shows the {n} units sharing most tasks (of {total}); every unit is in the "
                     "measures table below and in the downloads."),
    # --- import ---
    "im_intro": ("上传或粘贴一份任务分工方案（工作方案），核对识别出的任务和单位，修正单位名称，再下载 CSV 或直接在看板中查看。"
                 "不会改动服务器上的数据。",
                 "Upload or paste a task-division plan, check the tasks and units found, correct unit names, then "
                 "download the CSV files or view the plan in the dashboard. The data on the server is not changed."),
    "im_source": ("1. 文档", "1. Document"),
    "im_upload": ("上传文件（.txt、.docx、.pdf 或扫描图片 .png、.jpg，不超过 {mb} MB）",
                  "Upload a file (.txt, .docx, .pdf or a scanned .png or .jpg, up to {mb} MB)"),
    "im_upload_help": ("按文件内容识别类型：改了扩展名的 Word 或 PDF 也能读取；扫描件和图片用文字识别（OCR）读取，"
                       "识别出的任务标为待核对；压缩包无法读取。",
                       "The type is read from the content: a renamed Word or PDF file still reads; scans and "
                       "pictures are read by OCR and their tasks marked to check; archives do not read."),
    "im_sample": ("载入示例", "Load the sample document"),
    "im_sample_help": ("武政办〔2024〕28号：市政协十四届三次会议1号建议案办理工作方案",
                       "Wuhan 2024 No. 28: the plan for handling CPPCC Proposal No. 1"),
    "im_text": ("或粘贴文档全文", "Or paste the document's text"),
    "im_text_placeholder": ("在此粘贴方案全文，例如：\n1.完善管理体制。……（牵头单位：市发改委；责任单位：市财政局）",
                            "Paste the plan's full text here, e.g.\n1.完善管理体制。……（牵头单位：市发改委；责任单位：市财政局）"),
    "im_text_help": ("修改后按 Ctrl+Enter 或点击框外即重新识别。", "Press Ctrl+Enter or click outside the box to read it again."),
    "im_aliases": ("按示例方案的别名表统一单位写法", "Unify spellings by the sample plan's alias table"),
    "im_aliases_help": ("别名表 data/aliases.csv 属于内置的武汉方案，把其中同一单位的不同写法（如 市发展改革委）统一为"
                        "一个名称（市发改委）；只对该方案提供。其他文档保留原文写法，疑似同一单位的写法在下方列出，"
                        "由你决定是否合并。",
                        "The alias table data/aliases.csv belongs to the shipped Wuhan plan and maps its other "
                        "spellings of a unit (e.g. 市发展改革委) to one name (市发改委); offered for that plan only. "
                        "Other documents keep their names as written; spellings that look like one unit are listed "
                        "below for you to merge or not."),
    "im_from_file": ("正在识别：{name}", "Reading: {name}"),
    "im_from_paste": ("正在识别：粘贴的文本", "Reading: pasted text"),
    "im_pasted": ("粘贴的文本", "pasted text"),
    "im_empty": ("上传文件或粘贴文本后，这里会列出识别出的任务、单位和需要核对的地方。没有文档？点“载入示例”试试。",
                 "Upload a file or paste text to see the tasks, units and points to check here. No document at hand? "
                 "Try “Load the sample document”."),
    "im_upload_error": ("未能读取上传的文件，之前的内容保持不变。", "The upload could not be read; nothing was changed."),
    "im_parse_error": ("未能识别 {name}：{message}", "Could not read {name}: {message}"),
    "im_tasks": ("任务", "Tasks"),
    "im_units": ("单位", "Units"),
    "im_phases": ("阶段", "Phases"),
    "im_milestones": ("时间节点", "Milestones"),
    "im_warnings": ("待核对", "To check"),
    "im_actions": ("2. 使用结果", "2. Use the result"),
    "im_download": ("下载 CSV（zip）", "Download the CSV files (zip)"),
    "im_download_help": ("tasks.csv、units.csv、phases.csv，UTF-8 编码，放入一个数据文件夹即可作为看板数据。",
                         "tasks.csv, units.csv and phases.csv in UTF-8; put them in a data folder to use them as the "
                         "dashboard's data."),
    "im_view": ("在看板中查看", "View in dashboard"),
    "im_view_help": ("只在本浏览器会话中查看导入的方案；服务器上的数据不变，侧边栏可随时返回。",
                     "Shows the imported plan in this browser session only; the server's data stays as it is, and the "
                     "sidebar leads back."),
    "im_view_failed": ("导入的数据未通过校验，无法在看板中查看：", "The imported data did not pass validation:"),
    "im_viewing": ("看板当前显示的是导入的方案（{tasks} 项任务、{units} 个单位）。",
                   "The dashboard is showing an imported plan ({tasks} tasks, {units} units)."),
    "im_review_warnings": ("3. 需要核对", "3. Points to check"),
    "im_warnings_none": ("没有需要核对的地方。", "Nothing to check."),
    "im_warnings_summary": ("{n} 处需要核对：未标注单位的任务、疑似同一单位的不同写法、推定的牵头单位、集合性单位和"
                            "由扫描件识别（OCR）的任务。可在下面的单位表中统一名称。",
                            "{n} points to check: tasks without units, names that look like spellings of another "
                            "unit, inferred leads, collective units and tasks read from scans (OCR). Unify names in "
                            "the unit table below."),
    "im_kind": ("类型", "Kind"),
    "im_note": ("说明", "Note"),
    "im_kind_no_units": ("未标注单位", "No unit"),
    "im_kind_variant_name": ("疑似别称", "Variant name"),
    "im_kind_inferred_lead": ("推定牵头", "Inferred lead"),
    "im_kind_collective": ("集合单位", "Collective unit"),
    "im_kind_units_outside_tasks": ("任务外的单位", "Units outside any task"),
    # --- deadlines (a task's 完成时限, imported plans) ---
    "tl_deadline": ("完成时限", "Deadline"),
    "tl_deadlines": ("任务完成时限", "Task deadlines"),
    "mx_hover_deadline": ("完成时限：{d}", "Deadline: {d}"),
    "mx_deadline": ("**完成时限**：{d}", "**Deadline**: {d}"),
    # --- links to the Progress page ---
    "mx_progress_link": ("记录任务 {task} 的进展", "Record progress on task {task}"),
    "pf_progress_link": ("记录本单位任务的进展", "Record progress on this unit's tasks"),
    "im_review_tasks": ("4. 任务与分工", "4. Tasks and who does them"),
    "im_tasks_caption": ("每项任务识别出的单位与原文对照；标“推定”的牵头单位是按惯例取排在第一位的单位。",
                         "Each task's units beside its source text; a lead marked “inferred” is the first unit "
                         "listed, by convention."),
    "im_col_id": ("编号", "No."),
    "im_col_task": ("任务", "Task"),
    "im_col_lead": ("牵头单位", "Lead unit"),
    "im_col_support": ("责任单位", "Responsible units"),
    "im_col_source": ("原文", "Source text"),
    "im_col_flags": ("待核对", "To check"),
    "im_inferred": ("（推定）", " (inferred)"),
    "im_task_detail": ("原文对照（在表格左侧勾选一行可查看其他任务）",
                       "Source side by side (tick a row on the table's left to see another task)"),
    "im_review_units": ("5. 单位名称", "5. Unit names"),
    "im_units_caption": ("在“改为”列填写统一后的名称即可合并同一单位的不同写法（如 市发展改革委 → 市发改委），任务中的名称随之更改。"
                         "类别、全称和英文名会写入 units.csv。",
                         "Type a name in “Rename to” to merge two spellings of one unit (e.g. 市发展改革委 → 市发改委); "
                         "the tasks follow. Category, full name and English name go into units.csv."),
    "im_col_unit": ("单位（原文写法）", "Unit (as found)"),
    "im_col_count": ("任务数", "Tasks"),
    "im_col_rename": ("改为", "Rename to"),
    "im_col_category": ("类别", "Category"),
    "im_col_full_name": ("全称", "Full name"),
    "im_col_name_en": ("英文名", "English name"),
    "im_renamed": ("已合并 {n} 个名称。", "{n} names merged."),
    "im_review_schedule": ("6. 阶段与时间节点", "6. Phases and milestones"),
    "im_schedule_none": ("文档中没有找到带日期的阶段或时间节点。", "No dated phase or milestone found in the document."),
    "im_col_kind": ("类型", "Kind"),
    "im_col_name": ("名称", "Name"),
    "im_col_start": ("开始", "Start"),
    "im_col_end": ("结束", "End"),
    "im_col_owner": ("责任主体", "Owner"),
    "im_col_description": ("原文", "Source text"),
    "im_kind_phase": ("阶段", "Phase"),
    "im_kind_milestone": ("时间节点", "Milestone"),
    # --- import: reading safely, OCR, aliases, merges, kept plans (issues 13, 14, 15) ---
    "im_reading": ("正在读取 {name}……", "Reading {name}…"),
    "im_upload_limit": ("每个文件不超过 {mb} MB • TXT、DOCX、PDF、PNG、JPG", "{mb} MB per file • TXT, DOCX, PDF, PNG, JPG"),
    "im_ocr_progress": ("正在识别扫描页（OCR）：{done}/{total}", "Reading scanned pages (OCR): {done}/{total}"),
    "im_parsing": ("正在识别任务……", "Finding the tasks…"),
    "im_ocr_read": ("{n} 页扫描件由文字识别（OCR）读取：请对照原件核对标为“OCR”的任务。",
                    "{n} scanned page(s) were read by OCR: check the tasks marked OCR against the original."),
    "im_aliases_none": ("单位名称按原文写法保留（未使用别名表）。", "Unit names are kept as the document writes them "
                        "(no alias table)."),
    "im_text_too_long": ("文档全文共 {n} 个字符，过长，不在此框中显示；识别按上传的全文进行。要修改请上传修改后的文件。",
                         "The document's text has {n} characters, too long to show in this box; it is read as "
                         "uploaded. To change it, upload an edited file."),
    "im_merge_title": ("疑似同一单位的不同写法", "Spellings that may be one unit"),
    "im_merge_caption": ("勾选后合并为右侧的名称；不勾选则按原文分别保留。", "Tick to merge into the name on the right; "
                         "unticked, both stay as written."),
    "im_merge_pair": ("把「{a}」合并为「{b}」", "Merge {a} into {b}"),
    "im_merge_more": ("另有 {n} 组疑似写法未列出，可在下表“改为”列中合并。",
                      "{n} more such pairs are not listed; merge them with the Rename to column below."),
    "im_low_ocr": ("OCR", "OCR"),
    "im_low_inferred_lead": ("推定牵头", "inferred lead"),
    "im_low_label_free": ("无标注列表", "list without a label"),
    "im_low_note": ("可信度较低：{kinds}。请对照原文核对。", "Low confidence: {kinds}. Check against the source."),
    "im_kind_ocr": ("OCR 识别", "Read by OCR"),
    "im_truncated": ("（原文共 {n} 字，此处只显示前 {shown} 字；全文见下载的 sources.csv）",
                     "(the source has {n} characters; the first {shown} are shown; the whole is in the downloaded "
                     "sources.csv)"),
    "im_kept": ("已保存在服务器上：刷新页面或在新标签页打开此链接，仍显示这份导入的方案。",
                "Kept on the server: reloading the page, or opening this link in another tab, shows this imported "
                "plan again."),
    # --- import review fixes: queued reading, paste limit, a plan no longer kept ---
    "im_queued": ("服务器正在读取其他文档，已排队等候……", "The server is busy reading other documents; queued…"),
    "im_paste_too_big": ("粘贴的文字过大（{size} MB，上限 {mb} MB），未识别。请删减后再粘贴，或上传文件。",
                         "The pasted text is too large ({size} MB; the limit is {mb} MB) and was not read. Shorten "
                         "it, or upload a file."),
    "plan_gone": ("链接中的导入方案已不在服务器上保存（保存的方案有数量上限，较旧的会被删除），现显示默认方案。"
                  "请重新导入。",
                  "The imported plan in this link is no longer kept on the server (only a limited number are kept, "
                  "the oldest dropped first); the default plan is shown instead. Import it again."),
    # --- importer: why a document is refused (lib.importer: readers, ocr, upload, sandbox, the CLI) ---
    # each names the file; DocumentError.from_key(key, name=…) keeps both languages on one line
    "imp_err_not_bytes": ("{name}：不是文件内容", "{name}: not file content"),
    "imp_err_empty": ("{name}：文件为空", "{name}: the file is empty"),
    "imp_err_too_big": ("{name}：文件过大（超过 {mb} MB）", "{name}: the file is larger than {mb} MB"),
    "imp_err_doc": ("{name}：不支持旧版 Word（.doc）格式，请另存为 .docx",
                    "{name}: legacy Word .doc is not supported; save it as .docx"),
    "imp_err_rtf": ("{name}：不支持 RTF 格式，请另存为 .docx 或 .txt", "{name}: RTF is not supported; save it as .docx or .txt"),
    "imp_err_no_text": ("{name}：文件中没有可读取的文字", "{name}: no readable text in the file"),
    "imp_err_bom": ("{name}：文件声明为 {enc} 但内容无法解码", "{name}: the file has a {enc} mark but does not decode"),
    "imp_err_encoding": ("{name}：无法识别文件编码（不是 UTF-8、GBK 或 UTF-16 文本，也不是 .docx/.pdf）",
                         "{name}: cannot decode the file (not UTF-8, GBK or UTF-16 text, nor .docx/.pdf)"),
    "imp_err_binary": ("{name}：看起来是二进制文件，不是文本", "{name}: looks like a binary file, not text"),
    "imp_err_pdf_encrypted": ("{name}：PDF 已加密", "{name}: the PDF is encrypted"),
    "imp_err_pdf_pages_declared": ("{name}：PDF 页数过多（{n} 页，上限 {limit} 页），已停止读取",
                                   "{name}: the PDF has too many pages ({n}; the limit is {limit}); reading stopped"),
    "imp_err_pdf_pages": ("{name}：PDF 页数过多（上限 {limit} 页），已停止读取",
                          "{name}: the PDF has too many pages (the limit is {limit}); reading stopped"),
    "imp_err_pdf_bomb": ("{name}：PDF 中的压缩内容解压后过大，已停止读取",
                         "{name}: a compressed stream in the PDF unpacks too large; reading stopped"),
    "imp_err_pdf_unreadable": ("{name}：PDF 无法读取（{error}）", "{name}: cannot read the PDF ({error})"),
    "imp_err_pdf_no_text": ("{name}：PDF 中没有可提取的文字（可能是扫描件）", "{name}: the PDF has no extractable text (a scan?)"),
    "imp_err_ocr_pages": ("{name}：需要识别的扫描页过多（{n} 页，上限 {limit} 页），已停止读取",
                          "{name}: too many scanned pages to read ({n}; the limit is {limit}); reading stopped"),
    "imp_err_ocr_nothing": ("{name}：扫描页经文字识别（OCR，{n} 页）未读出任何文字",
                            "{name}: OCR read no text on the {n} scanned page(s)"),
    "imp_err_zip_damaged": ("{name}：文件已损坏（ZIP 结构无法读取）", "{name}: the file is damaged (unreadable ZIP)"),
    "imp_err_zip_not_word": ("{name}：不支持的压缩文件（不是 Word .docx）", "{name}: unsupported ZIP file (not a Word .docx)"),
    "imp_err_zip_too_big": ("{name}：压缩内容解压后过大（超过 {mb} MB），已停止读取",
                            "{name}: the archive unpacks too large (over {mb} MB); reading stopped"),
    "imp_err_zip_parts": ("{name}：压缩包内文件过多（{n:,} 个，上限 {limit} 个），已停止读取",
                          "{name}: the archive has too many parts ({n:,}; the limit is {limit}); reading stopped"),
    "imp_err_docx_unreadable": ("{name}：Word 文件无法读取（{error}）", "{name}: cannot read the Word file ({error})"),
    "imp_err_image_pixels": ("{name}：图片过大（{w}×{h} 像素，上限 {mp} 百万像素），已停止读取",
                             "{name}: the picture is too large ({w}×{h} pixels; the limit is {mp} megapixels); "
                             "reading stopped"),
    "imp_err_image_bomb": ("{name}：图片过大（超过 {mp} 百万像素），已停止读取",
                           "{name}: the picture is too large (over the limit of {mp} megapixels); reading stopped"),
    "imp_err_image_unreadable": ("{name}：不是文本、Word 或 PDF 文档（看起来是{kind}，但无法作为图片读取）",
                                 "{name}: not a text, Word or PDF document (it looks like {kind} that cannot be read)"),
    "imp_err_image_no_text": ("{name}：图片中没有识别出文字", "{name}: no text was read from the picture"),
    "imp_err_ocr_lib_missing": ("OCR 无法启动：缺少系统库 {lib}（Debian 上安装 libgl1 libglib2.0-0），无法识别扫描件",
                                "OCR cannot start: the system library {lib} is missing (on Debian: apt-get install "
                                "libgl1 libglib2.0-0); scans cannot be read"),
    "imp_err_ocr_missing": ("OCR 组件未安装（rapidocr-onnxruntime），无法识别扫描件",
                            "OCR is not installed (rapidocr-onnxruntime); scans cannot be read"),
    "imp_err_ocr_page_large": ("{name}：第 {number} 页过大（{size}），超过扫描识别的页面上限（约 {limit}），已停止读取",
                               "{name}: page {number} is too large to read by OCR ({size}; the limit is about "
                               "{limit}); reading stopped"),
    "imp_err_ocr_area": ("{name}：需要识别的扫描页面积过大（约 {mp:.0f} 百万像素，上限 {limit:.0f} 百万像素，约 30 页 A4），"
                         "已停止读取",
                         "{name}: the scanned pages to read are too large in all (about {mp:.0f} MP; the limit is "
                         "{limit:.0f} MP, about 30 A4 pages); reading stopped"),
    "imp_err_upload_size": ("{name}：文件过大（{size:.1f} MB，上限 {limit:g} MB）",
                            "{name}: the file is too large ({size:.1f} MB; the limit is {limit:g} MB)"),
    "imp_err_not_document": ("{name}：不是文本、Word 或 PDF 文档（看起来是{kind}）",
                             "{name}: not a text, Word or PDF document (it looks like {kind})"),
    "imp_err_timeout": ("{name}：处理超时（超过 {seconds:g} 秒），文件过大或结构异常，已停止读取",
                        "{name}: reading took longer than {seconds:g} s (the file is too large or malformed); stopped"),
    "imp_err_memory": ("{name}：读取所需内存超过上限（{mb} MB），文件过大或结构异常，已停止读取",
                       "{name}: reading needs more than the memory limit of {mb} MB (the file is too large or "
                       "malformed); stopped"),
    "imp_err_busy": ("{name}：服务器正忙于读取其他文档（等待超过 {seconds:g} 秒），请稍后再试",
                     "{name}: the server is busy reading other documents (waited more than {seconds:g} s); try again "
                     "shortly"),
    "imp_err_crash": ("{name}：读取时发生意外错误（{error}），已记录在服务器日志中",
                      "{name}: an unexpected error while reading ({error}); the details are in the server log"),
    "imp_err_child_exit": ("{name}：读取进程意外终止（代码 {code}）", "{name}: the reader stopped unexpectedly (exit code {code})"),
    "imp_cli_cannot_read": ("错误：无法读取 {path}：{reason}", "error: cannot read {path}: {reason}"),
    "imp_cli_cannot_write": ("错误：无法写入 {path}：{reason}", "error: cannot write {path}: {reason}"),
    "imp_cli_error": ("错误", "error"),
    # the CLI's report (printed in English, as scripts read it)
    "imp_cli_ocr": ("OCR：{n} 页由扫描件识别；请核对标为 ocr 的任务", "OCR: {n} page(s) read from scans; check the tasks marked ocr"),
    "imp_cli_summary": ("任务 {tasks}，单位 {units}，阶段 {phases}，时间节点 {milestones}，提示 {warnings}",
                        "tasks {tasks}, units {units}, phases {phases}, milestones {milestones}, warnings {warnings}"),
    "imp_cli_more": ("  … 另有 {n} 条", "  … {n} more"),
    "imp_cli_wrote": ("已写入 {files}", "wrote {files}"),
    # what an uploaded file looks like when it is no document (imp_err_not_document, imp_err_image_unreadable)
    # the parser's errors and warnings (lib.importer.parse, lib.importer.units)
    "imp_err_doc_empty": ("文档为空", "the document is empty"),
    "imp_err_no_tasks": ("未识别到任何任务（没有找到“牵头单位/责任单位”等分工标注）",
                         "no tasks found (no lead/responsible unit markings such as 牵头单位 or 责任单位)"),
    "imp_err_alias_read": ("无法读取别名表 {path}（{error}）", "cannot read the alias table {path} ({error})"),
    "imp_err_alias_encoding": ("别名表 {path} 编码无法识别", "alias table {path} is not UTF-8 or GBK"),
    "imp_w_no_units": ("任务 {task} 未标注牵头或责任单位", "Task {task} names no lead or responsible unit"),
    "imp_w_units_outside_tasks": ("「{value}」处标注了单位，但不属于任何任务（未导入），请核对（附近的任务：{task}）",
                                  "Units are named at “{value}”, which is not part of any task (not imported); "
                                  "check it (near task {task})"),
    "imp_w_inferred_lead": ("任务 {task} 未明确牵头单位，按惯例以排在第一位的「{value}」为牵头单位",
                            "Task {task} names no lead unit; the first listed, {value}, is taken as lead (the convention)"),
    "imp_w_collective": ("任务 {task} 中的「{value}」是集合性单位，按一个单位保留、未拆分",
                         "Task {task}: {value} stands for many units; kept whole as one collective unit"),
    "imp_w_variant_name": ("「{value}」只出现一次（任务 {task}），疑似「{other}」的另一种写法，请核对或加入别名表",
                           "{value} appears once (task {task}) and looks like a variant of {other}; "
                           "check it or add it to aliases.csv"),
    "imp_kind_png": ("PNG 图片", "a PNG image"),
    "imp_kind_jpeg": ("JPEG 图片", "a JPEG image"),
    "imp_kind_gif": ("GIF 图片", "a GIF image"),
    "imp_kind_tiff": ("TIFF 图片", "a TIFF image"),
    "imp_kind_webp": ("WebP 图片", "a WebP image"),
    "imp_kind_heic": ("视频或 HEIC 图片", "a video or HEIC image"),
    "imp_kind_audio": ("音频", "an audio file"),
    "imp_kind_media": ("音频或视频", "an audio or video file"),
    "imp_kind_gzip": ("gzip 压缩包", "a gzip archive"),
    "imp_kind_7z": ("7z 压缩包", "a 7z archive"),
    "imp_kind_rar": ("RAR 压缩包", "a RAR archive"),
    "imp_kind_program": ("程序文件", "a program"),
    # --- export / briefing ---
    "page_export": ("导出", "Export"),
    "chart_svg": ("SVG", "SVG"),
    "chart_svg_help": ("下载矢量图（SVG），适合排版和印刷；图表右上角工具栏的相机按钮下载 PNG（2 倍分辨率）。",
                       "Download a vector image (SVG) for layout and print; the camera in the chart's toolbar saves a "
                       "PNG at 2×."),
    # file names: 中文-english-<date>, the same in both languages
    "fn_overview": ("概览", "overview"),
    "fn_matrix": ("责任矩阵", "matrix"),
    "fn_workload": ("工作量", "workload"),
    "fn_workload-category": ("单位类别工作量", "workload-category"),
    "fn_timeline": ("时间线", "timeline"),
    "fn_network": ("协同网络", "network"),
    "fn_partners": ("协同单位", "partners"),
    "fn_ranking": ("工作量排名", "ranking"),
    "fn_briefing": ("汇报", "briefing"),
    "fn_data": ("数据", "data"),
    # briefing (HTML and PPTX)
    "br_kicker": ("分工 Fengong · 汇报材料", "Fengong · Briefing"),
    "br_generated": ("生成日期 {date}", "Prepared {date}"),
    "br_scope": ("范围：", "Scope: "),
    "br_scope_all": ("全部任务（未筛选）", "the whole plan (no filter)"),
    "br_summary": ("要点", "Key points"),
    "br_footer": ("由 分工 Fengong 于 {date} 根据方案数据生成。图表可交互，离线可用；打印为 A4 横向，每个视图一页。",
                  "Generated by Fengong on {date} from the plan's data. The charts are interactive and work offline; "
                  "prints as A4 landscape, one view per page."),
    "br_counts": ("{sections} 个工作领域、{tasks} 项任务、{units} 个单位；牵头分工 {lead} 条，责任分工 {support} 条{dup}。",
                  "Areas: {sections}; tasks: {tasks}; units: {units}; lead assignments: {lead}; support assignments: "
                  "{support}{dup}."),
    "br_counts_dup": ("（按文件所列 {raw} 条，其中 {dup} 条与牵头重复，只计一次）",
                      " ({raw} as written; {dup} repeat the task's lead and count once)"),
    "br_unit_load": ("{unit}（牵头 {lead}、责任 {support}，加权 {w}）", "{unit} ({lead} lead, {support} support; {w})"),
    "br_top_units": ("工作量最多的 {n} 个单位（牵头按 {w} 倍计）：{units}。",
                     "The {n} most-loaded units (a lead counts {w}×): {units}."),
    "br_network": ("协同网络：{units} 个单位之间有 {edges} 对共担任务的关系（密度 {density}）；协同面最广的是{hub}，与 {partners} 个单位共担任务。",
                   "Collaboration network: {edges} pairs among {units} units share tasks (density {density}); {hub} "
                   "works with the most partners ({partners})."),
    "br_phases": ("工作阶段：{phases}。", "Phases: {phases}."),
    "br_phase": ("{name} {start} 至 {end}", "{name} {start} to {end}"),
    "br_top_note": ("（显示前 {n} 个，共 {total} 个单位）", " (top {n} of {total} units shown)"),
    "br_strip": ("{sections} 个领域　{tasks} 项任务　{units} 个单位　牵头 {lead}　责任 {support}",
                 "Areas {sections} · Tasks {tasks} · Units {units} · Lead {lead} · Support {support}"),
    "br_head_overview": ("概览 · 工作量最多的单位", "Overview · most-loaded units"),
    "br_head_matrix": ("责任矩阵", "Responsibility matrix"),
    "br_head_workload": ("工作量", "Workload"),
    "br_head_timeline": ("时间线", "Timeline"),
    "br_head_network": ("协同网络", "Collaboration network"),
    "br_cap_overview": ("加权工作量（牵头 × 2 + 责任 × 1）最大的 {n} 个单位：红色为牵头任务，黄色为责任任务，条尾为加权工作量。",
                        "The {n} units with the heaviest weighted load (lead × 2 + support × 1): red for tasks led, "
                        "amber for tasks supported, the weighted load at the end."),
    "br_cap_matrix": ("每一格是一个单位在一项任务中的角色：红色牵头，黄色责任；列按工作领域分组，行按工作量排序。",
                      "Each cell is a unit's role in a task: red leads, amber supports; columns grouped by area, rows "
                      "by load."),
    "br_cap_workload": ("加权工作量 = 牵头任务数 × {w} + 责任任务数；条内数字为任务数。",
                        "Weighted load = tasks led × {w} + tasks supported; the numbers in the bars are task counts."),
    "br_cap_timeline": ("方案的工作阶段和时间节点；红色标记为今天，灰色虚线为印发日期。",
                        "The plan's phases and milestones; the red mark is today, the dashed grey line the issue date."),
    "br_cap_network": ("两个单位共同承担任务就连一条线，线越粗共担越多；圆点越大协同越多，颜色为单位类别。",
                       "Two units sharing a task are joined by a line, thicker for more shared tasks; larger dots "
                       "work with more partners, colours are unit categories."),
    # export page
    "ex_intro": ("为协调会准备材料：汇报文件（网页、幻灯片）、数据表和网络文件，均按当前筛选生成，点击后才开始生成。",
                 "Material for the coordination meeting: the briefing (web page, slides), data tables and network "
                 "files, all for the current filters, generated when clicked."),
    "ex_scope": ("当前范围：{scope}", "Scope: {scope}"),
    "ex_briefing": ("汇报材料", "Briefing"),
    "ex_html": ("汇报网页（HTML）", "Briefing web page (HTML)"),
    "ex_html_help": ("单个文件，内含全部图表和要点；不联网也能打开（可拷入 U 盘），可打印为 A4 横向，每个视图一页。",
                     "One file with every chart and the key points; opens without a network (from a USB stick) and "
                     "prints as A4 landscape, one view per page."),
    "ex_pptx": ("汇报幻灯片（PPTX）", "Briefing slides (PPTX)"),
    "ex_pptx_help": ("16:9 幻灯片：封面、每个视图一页、要点一页。首次生成需要几秒钟。",
                     "16:9 slides: a title slide, one slide per view and the key points. The first one takes a few "
                     "seconds."),
    "ex_briefing_caption": ("内容：概览、责任矩阵、工作量、时间线、协同网络，以及要点（数量、工作量最多的单位、阶段、今天所处位置、数据质量提示、筛选条件）。",
                            "Contents: overview, responsibility matrix, workload, timeline, collaboration network, and "
                            "the key points (counts, most-loaded units, phases, where today falls, data-quality notes, "
                            "the filters applied)."),
    "ex_data": ("数据表", "Data tables"),
    "ex_excel": ("Excel（每表一页）", "Excel (a sheet per table)"),
    "ex_csv_zip": ("CSV（zip，每表一个文件）", "CSV (zip, a file per table)"),
    "ex_parquet": ("Parquet（zip，每表一个文件）", "Parquet (zip, a file per table)"),
    "ex_data_caption": ("CSV 为 UTF-8（带 BOM），Excel 可直接打开；以 =、+、-、@ 开头的文字已加单引号，不会被当作公式。Parquet 适合 Python、R 等分析工具。",
                        "CSV in UTF-8 with BOM opens directly in Excel; text starting with =, +, - or @ gets a leading "
                        "quote so it is never run as a formula. Parquet suits Python, R and other analysis tools."),
    "ex_pick_table": ("预览表格", "Preview a table"),
    "ex_rows": ("{n} 行", "{n} rows"),
    "ex_table_csv": ("下载此表（CSV）", "Download this table (CSV)"),
    "ex_tbl_tasks": ("任务", "Tasks"),
    "ex_tbl_assignments": ("分工（任务 × 单位）", "Assignments (task × unit)"),
    "ex_tbl_units": ("单位与工作量", "Units with workload"),
    "ex_tbl_unit_area": ("单位 × 领域", "Unit × area"),
    "ex_tbl_network": ("网络指标", "Network measures"),
    "ex_tbl_edges": ("协同关系（网络的边）", "Shared-task links (edges)"),
    "ex_tbl_phases": ("阶段与时间节点", "Phases and milestones"),
    "ex_network": ("网络文件", "Network files"),
    "ex_graphml": ("GraphML", "GraphML"),
    "ex_gexf": ("GEXF（Gephi）", "GEXF (Gephi)"),
    "ex_network_caption": ("节点为单位（名称、全称、英文名、类别、群组、各项中心性），边为共担任务数（weight）及任务编号（tasks）。可用 Gephi、UCINET（导入 GraphML）、R 或 Python 打开。",
                           "Nodes are units (name, full name, English name, category, community, centralities); edges "
                           "carry the number of shared tasks (weight) and their ids (tasks). Open in Gephi, UCINET "
                           "(GraphML import), R or Python."),
    "ex_print": ("打印", "Print"),
    "ex_print_caption": ("每个页面都可以用浏览器打印（Ctrl+P / ⌘P）为 A4 横向，侧栏和按钮不会打印；汇报网页打印时每个视图一页。",
                         "Every page prints from the browser (Ctrl+P / ⌘P) as A4 landscape without the sidebar and "
                         "buttons; the briefing web page prints one view per page."),
    # --- progress ledger (督办台账) ---
    "page_progress": ("进展", "Progress"),
    "fn_progress": ("进展台账", "progress-ledger"),
    "status_not_started": ("未启动", "Not started"),
    "status_in_progress": ("推进中", "In progress"),
    "status_done": ("已完成", "Done"),
    "status_late": ("滞后", "Behind schedule"),
    "status_blocked": ("受阻", "Blocked"),
    "status_none": ("未报送", "Not reported"),
    "warn_red": ("红色：逾期未完成", "Red: overdue, not done"),
    "warn_yellow": ("黄色：进度滞后", "Yellow: behind the planned pace"),
    "warn_blue": ("蓝色：即将到期", "Blue: due soon"),
    "reason_overdue": ("已过完成时限 {days} 天，未报完成", "{days} days past due, not reported done"),
    "reason_late": ("单位报告滞后", "reported behind schedule"),
    "reason_blocked": ("单位报告受阻", "reported blocked"),
    "reason_behind_pace": ("完成 {pct}%，按计划应约 {pace}%", "{pct}% done, about {pace}% planned by now"),
    "reason_due_soon": ("{days} 天后到期", "due in {days} days"),
    "ms_on_time": ("已报送", "Handed in"),
    "ms_late": ("逾期报送", "Handed in late"),
    "ms_missing": ("未报送（已逾期）", "Missing (overdue)"),
    "ms_due_soon": ("即将到期", "Due soon"),
    "ms_pending": ("未到期", "Not due yet"),
    "lg_bad_status": ("状态无效", "invalid status"),
    "lg_bad_percent": ("完成进度应在 0 至 100 之间", "percent must be 0 to 100"),
    "lg_no_writer": ("请填写填报人", "say who records this"),
    "lg_note_too_long": ("进展情况过长（最多 4000 字）", "the note is too long (4,000 characters at most)"),
    "lg_incomplete": ("缺少任务或单位", "task or unit missing"),
    # ledger file import: every message names file, row, column and value
    "lg_imp_too_large": ("{file} 过大（{value}），上限 {extra} MB。", "{file} is too large ({value}); the limit is {extra} MB."),
    "lg_imp_unreadable": ("无法读取 {file}：{value}", "Cannot read {file}: {value}"),
    "lg_imp_old_excel": ("{file} 是旧版 Excel（.xls），请另存为 .xlsx 或 CSV 后再导入。",
                         "{file} is an old Excel file (.xls); save it as .xlsx or CSV and import that."),
    "lg_imp_empty": ("{file} 是空文件。", "{file} is empty."),
    "lg_imp_not_table": ("{file} 不是 Excel（.xlsx）或 CSV 表格。", "{file} is not an Excel (.xlsx) or CSV table."),
    "lg_imp_no_header": ("{file} 前 10 行中找不到表头（应含「序号」或「任务」，以及「状态」等列）；首行为：{value}",
                         "{file}: no header in its first 10 rows (it needs 序号 or 任务 and columns such as 状态); "
                         "first row: {value}"),
    "lg_imp_no_status_column": ("{file} 第 {row} 行的表头缺少「状态」列（表头为：{value}）。",
                                "{file} row {row}: the header has no 状态 (status) column (header: {value})."),
    "lg_imp_no_rows": ("{file} 表头（第 {row} 行）下没有数据行。", "{file}: no rows under the header (row {row})."),
    "lg_imp_task_unmatched": ("{file} 第 {row} 行「{column}」列「{value}」与方案中任何任务都对不上。",
                              "{file} row {row}, column “{column}”: “{value}” matches no task of the plan."),
    "lg_imp_task_ambiguous": ("{file} 第 {row} 行「{column}」列「{value}」同时对应多项任务（{extra}），请写明任务编号或完整任务名称。",
                              "{file} row {row}, column “{column}”: “{value}” fits several tasks ({extra}); give the "
                              "task number or the full title."),
    "lg_imp_task_conflict": ("{file} 第 {row} 行：序号与任务名称不一致（序号为 {extra}，任务列为「{value}」）。",
                             "{file} row {row}: the number and the title disagree (the number is {extra}, the task "
                             "column says “{value}”)."),
    "lg_imp_bad_status": ("{file} 第 {row} 行「{column}」列「{value}」不是有效状态（应为 未启动、推进中、已完成、滞后 或 受阻）。",
                          "{file} row {row}, column “{column}”: “{value}” is not a status (未启动, 推进中, 已完成, 滞后 "
                          "or 受阻)."),
    "lg_imp_no_status": ("{file} 第 {row} 行「{column}」列为空，请填写状态。",
                         "{file} row {row}, column “{column}” is empty; give a status."),
    "lg_imp_bad_percent": ("{file} 第 {row} 行「{column}」列「{value}」不是 0 至 100 的进度。",
                           "{file} row {row}, column “{column}”: “{value}” is not a percent from 0 to 100."),
    "lg_imp_bad_date": ("{file} 第 {row} 行「{column}」列的日期「{value}」无法识别（可写 2024-05-31、2024年5月31日 或 2024年5月底）。",
                        "{file} row {row}, column “{column}”: date “{value}” cannot be read (write 2024-05-31, "
                        "2024年5月31日 or 2024年5月底)."),
    "lg_imp_note_too_long": ("{file} 第 {row} 行「{column}」列过长（最多 {extra} 字）：{value}",
                             "{file} row {row}, column “{column}” is too long ({extra} characters at most): {value}"),
    "lg_imp_unit_not_in_task": ("{file} 第 {row} 行「{column}」列的「{value}」不是任务 {extra}的牵头或责任单位。",
                                "{file} row {row}, column “{column}”: “{value}” is neither lead nor support of task "
                                "{extra}."),
    # progress page
    "pg_db_error": ("无法打开进展台账数据库（FENGONG_DB）：{err}", "Cannot open the progress ledger's database (FENGONG_DB): {err}"),
    "pg_caption": ("督办台账：各单位报送的进展和阶段总结，只增不改（更正即新增一条）。数据库：{db}；方案键：{plan}",
                   "The office's ledger: progress and stage reports from each unit, append-only (a correction is a "
                   "new record). Database: {db}; plan key: {plan}"),
    "pg_demo": ("示例台账", "Demo ledger (示例)"),
    "pg_demo_help": ("切换到单独存放的示例台账，用于演练；示例记录不会与正式记录混在一起。",
                     "Switch to a separate demo ledger for rehearsals; demo records never mix with real ones."),
    "pg_demo_banner": ("正在查看示例台账（示例数据，不是真实进展）。关闭上方开关回到正式台账。",
                       "Viewing the demo ledger (made-up records, not real progress). Switch it off above for the real "
                       "ledger."),
    "pg_demo_make": ("生成示例台账", "Make the demo ledger"),
    "pg_empty": ("台账中还没有任何记录。第一步：在「录入进展」中为一项任务记录进展，或在「导入台账」中上传单位报来的 Excel / CSV 台账。",
                 "The ledger has no record yet. First step: record an update for a task under “Record”, or upload "
                 "a unit's Excel / CSV ledger under “Import”."),
    "pg_empty_demo": ("示例台账是空的。点击下方按钮生成一份示例台账用于演练。",
                      "The demo ledger is empty. Click below to make one for a rehearsal."),
    "pg_rules": ("预警规则", "Warning rules"),
    "pg_due_soon": ("即将到期（天）", "Due soon (days)"),
    "pg_tolerance": ("允许落后于计划进度（百分点）", "Allowed behind the planned pace (points)"),
    "pg_default_due": ("未报完成时限的任务按此阶段结束日计", "Tasks with no due date are due at the end of"),
    "pg_rules_line": ("今天 {today}。红色：已过完成时限仍未报完成；黄色：单位报告滞后或受阻，或完成进度比计划进度（自 {start} 起按时间均匀推进至完成时限）落后超过 {tol} 个百分点；蓝色：{soon} 天内到期且未完成。未报完成时限的任务按 {due} 计。",
                      "Today {today}. Red: past its due date and not reported done; yellow: reported behind schedule or "
                      "blocked, or more than {tol} points behind the planned pace (even progress from {start} to the "
                      "due date); blue: due within {soon} days and not done. Tasks with no due date are due {due}."),
    "pg_m_reported": ("已报送进展的任务", "Tasks with a report"),
    "pg_section": ("页面内容", "Part of the page"),
    "pg_sec_status": ("进展看板", "Status"),
    "pg_sec_record": ("录入进展", "Record"),
    "pg_sec_reports": ("阶段总结报送", "Milestone reports"),
    "pg_sec_import": ("导入台账", "Import"),
    "pg_sec_history": ("任务历史", "History"),
    "pg_by_area": ("各领域任务状态", "Task status by area"),
    "pg_by_area_caption": ("每项任务按其牵头单位最新一次报送的状态计（按进展所指日期，再按录入时间）；灰色为尚未报送。",
                           "Each task counts under its lead unit's latest update (by the date it refers to, then "
                           "when recorded); light grey: no report yet."),
    "pg_warnings": ("三色预警", "Three-colour warning"),
    "pg_no_warnings": ("今天没有需要预警的任务。", "No task carries a warning today."),
    "pg_overdue": ("逾期未完成", "Overdue"),
    "pg_due_soon_list": ("{n} 天内到期", "Due within {n} days"),
    "pg_none": ("无。", "None."),
    "pg_ranking": ("牵头单位排名（按滞后任务、缺报次数）", "Lead units by late tasks and missing reports"),
    "pg_ranking_caption": ("滞后任务：逾期未完成，或单位报告滞后、受阻；缺报：阶段总结等时间节点已过而未报送的次数。",
                           "Late: overdue and not done, or reported behind schedule or blocked; missing: milestone "
                           "reports past due and not handed in."),
    "pg_all_tasks": ("全部任务", "All tasks"),
    "pg_status_rule": ("状态取牵头单位最新一次报送；没有牵头单位报送时取配合单位的最新报送。历史记录从不改写。",
                       "Status is the lead unit's latest update, else a supporting unit's; the history is never "
                       "rewritten."),
    "pg_record": ("录入进展", "Record an update"),
    "pg_writing_as": ("以 {who} 的身份录入（已登录）。", "Recording as {who} (signed in)."),
    "pg_write_local": ("本机运行：任何人都可以录入，请填写填报人。", "Local run: anyone may record; say who you are."),
    "pg_write_key": ("已输入编辑密钥，可以录入；请填写填报人。", "Editor key accepted; say who you are."),
    "pg_write_login": ("已登录。", "Signed in."),
    "pg_write_need_key": ("这是共享服务器：录入需要编辑密钥（在 .streamlit/secrets.toml 的 [ledger] editor_key 中设置）。",
                          "This is a shared server: recording needs the editor key ([ledger] editor_key in "
                          ".streamlit/secrets.toml)."),
    "pg_write_need_login": ("这是共享服务器：请先登录再录入。", "This is a shared server: sign in to record."),
    "pg_write_off": ("录入已关闭：这是共享服务器，且没有设置编辑密钥（.streamlit/secrets.toml 中的 [ledger] editor_key）或登录（[auth]）。查看不受影响。",
                     "Recording is off: this is a shared server with neither an editor key ([ledger] editor_key in "
                     ".streamlit/secrets.toml) nor a login ([auth]) configured. Reading is open as always."),
    "pg_login": ("登录", "Sign in"),
    "pg_key": ("编辑密钥", "Editor key"),
    "pg_key_submit": ("确认", "Enter"),
    "pg_key_wrong": ("编辑密钥不正确（还可尝试 {left} 次）。", "Wrong editor key ({left} attempts left)."),
    "pg_key_locked": ("错误次数过多，请 {s} 秒后再试。", "Too many wrong keys; try again in {s} seconds."),
    "pg_who": ("填报人", "Recorded by"),
    "pg_who_hint": ("姓名和单位，如：张三（市发改委）", "Name and unit, e.g. Zhang San (市发改委)"),
    "pg_percent": ("完成进度（%，可不填）", "Percent done (optional)"),
    "pg_optional": ("可不填", "optional"),
    "pg_due": ("完成时限（可不填）", "Due date (optional)"),
    "pg_as_of": ("进展截至日期", "Progress as of"),
    "pg_note": ("进展情况（做了什么、遇到什么困难）", "Progress (what was done, what blocks it)"),
    "pg_note_hint": ("如：已完成方案起草，正在征求意见", "e.g. draft done, out for comments"),
    "pg_save": ("保存进展", "Save update"),
    "pg_save_needs": ("请先填写填报人或取得录入权限。", "Say who records this, or get permission to record first."),
    "pg_saved": ("已记录：{task} · {unit} · {status}。", "Recorded: {task} · {unit} · {status}."),
    "pg_saved_already": ("这条记录已经保存过（重复点击不会重复记录）；修改内容后可保存新的一条。",
                         "This record was already saved (a second click adds nothing); change something to save a "
                         "new one."),
    "pg_save_failed": ("保存失败，未写入：{err}", "Not saved: {err}"),
    "pg_history_of": ("{task} 的全部记录", "Every record of {task}"),
    "pg_history_none": ("这项任务还没有任何进展记录。", "No update recorded for this task yet."),
    "pg_reports": ("阶段总结报送情况", "Milestone reports"),
    "pg_reports_none": ("本方案没有指明报送单位的时间节点（如“各牵头单位报送阶段性总结”）。",
                        "This plan has no milestone that names the units to report (such as 各牵头单位报送阶段性总结)."),
    "pg_reports_caption": ("应报送单位按时间节点的责任主体：各牵头单位 = 所有牵头单位，各责任单位 = 所有承担任务的单位。",
                           "Who must report follows each milestone's owner: 各牵头单位 = every lead unit, 各责任单位 = "
                           "every unit with a task."),
    "pg_report_record": ("登记报送", "Record a report handed in"),
    "pg_handed_in": ("报送日期", "Handed in on"),
    "pg_report_save": ("登记报送", "Save report"),
    "pg_report_saved": ("已登记：{unit} 报送「{ms}」。", "Recorded: {unit} handed in “{ms}”."),
    "pg_report_units": ("「{ms}」各单位报送情况", "Who has handed in “{ms}”"),
    "pg_import": ("导入单位报来的台账", "Import a unit's ledger"),
    "pg_import_caption": ("Excel（.xlsx）或 CSV，按表头识别列：序号、任务、牵头单位、进展情况、状态、完成进度、完成时间、填报日期、填报人。每一行都要对上方案中的任务；只要有一行不符合，整份文件都不写入。同一份文件重复导入不会重复记录。",
                          "Excel (.xlsx) or CSV, columns found by their headers: 序号, 任务, 牵头单位, 进展情况, 状态, "
                          "完成进度, 完成时间, 填报日期, 填报人. Every row must match a task of the plan; if any row does "
                          "not, nothing of the file is written. Importing the same file twice adds nothing."),
    "pg_template": ("下载台账模板（Excel）", "Download a ledger template (Excel)"),
    "pg_import_file": ("台账文件", "Ledger file"),
    "pg_import_as_of": ("没有填报日期的行按此日期记", "Rows with no 填报日期 refer to"),
    "pg_import_bad": ("{file}：{rows} 行中有 {n} 处问题，未写入任何记录。请修改后重新上传。",
                      "{file}: {n} problems in {rows} rows; nothing was written. Fix them and upload again."),
    "pg_import_good": ("{file}：{n} 条记录全部对上方案中的任务。", "{file}: all {n} records match tasks of the plan."),
    "pg_import_go": ("写入 {n} 条记录", "Write {n} records"),
    "pg_imported": ("已写入 {new} 条；{old} 条此前已导入，未重复写入。", "Written: {new}; {old} already imported before, not repeated."),
    "pg_history": ("任务的全部进展记录", "A task's full history"),
    "pg_history_caption": ("按进展所指日期从新到旧；更正是新的一条，原记录保留。",
                           "Newest first by the date each refers to; a correction is a new record, the old one stays."),
    "pg_excel": ("下载台账（Excel）", "Download the ledger (Excel)"),
    "pg_line": ("进展（截至 {today}）：{reported}/{tasks} 项任务已报送进展，{done} 项已完成；红色预警 {red} 项、黄色 {yellow} 项、蓝色 {blue} 项。",
                "Progress (as of {today}): {reported} of {tasks} tasks reported, {done} done; warnings: {red} red, "
                "{yellow} yellow, {blue} blue."),
    "pg_col_status": ("状态", "Status"),
    "pg_col_percent": ("进度 %", "Percent"),
    "pg_col_due": ("完成时限", "Due"),
    "pg_col_warning": ("预警", "Warning"),
    "pg_col_reason": ("原因", "Why"),
    "pg_col_as_of": ("截至", "As of"),
    "pg_col_updates": ("记录数", "Updates"),
    "pg_col_kind": ("类别", "Kind"),
    "pg_kind_task": ("任务", "Task"),
    "pg_kind_report": ("时间节点报送", "Milestone report"),
    "pg_col_what": ("事项", "What"),
    "pg_col_days": ("剩余天数", "Days left"),
    "pg_col_rank": ("排名", "Rank"),
    "pg_col_led": ("牵头任务", "Tasks led"),
    "pg_col_late": ("滞后任务", "Late"),
    "pg_col_missing": ("缺报次数", "Missing reports"),
    "pg_col_no_update": ("未报送进展", "No update"),
    "pg_col_done": ("已完成", "Done"),
    "pg_col_milestone": ("时间节点", "Milestone"),
    "pg_col_handed": ("已报送 / 应报送", "Handed in / due"),
    "pg_col_not_handed": ("尚未报送", "Not handed in"),
    "pg_col_handed_in": ("报送日期", "Handed in"),
    "pg_col_note": ("进展情况", "Note"),
    "pg_col_who": ("填报人", "Recorded by"),
    "pg_col_recorded_at": ("录入时间", "Recorded at"),
    "pg_col_source": ("来源", "Source"),
    "pg_col_problem": ("问题", "Problem"),
    "pg_sheet_status": ("任务状态", "Task status"),
    "pg_sheet_updates": ("进展记录", "Updates"),
    "pg_sheet_reports": ("报送记录", "Reports"),
    "pg_sheet_milestones": ("阶段总结报送", "Milestone reports"),
    "pg_sheet_ranking": ("牵头单位排名", "Lead-unit ranking"),
    "pg_no_warning": ("无预警", "no warning"),
    "pg_rank_by": ("排序", "Rank by"),
    "pg_rank_by_late": ("按滞后任务", "late tasks"),
    "pg_rank_by_missing": ("按缺报次数", "missing reports"),
    "ov_progress_empty": ("进展台账中还没有本方案的记录（见「进展」页）。", "The progress ledger has no record of this plan yet (see Progress)."),
    "br_head_progress": ("进展", "Progress"),
    "br_cap_progress": ("各领域任务按最新报送的状态着色；灰色为尚未报送。", "Tasks per area coloured by their latest reported status; light grey: not reported."),
    # --- data problems (lib.data.Problem: code → pb_<code>), each naming file, row, column and value ---
    "pb_folder_missing": ("找不到数据文件夹 {file}。", "Data folder {file} not found."),
    "pb_file_missing": ("{extra} 中缺少文件 {file}。", "File {file} is missing from {extra}."),
    "pb_file_empty": ("{file} 是空文件。", "{file} is empty."),
    "pb_file_binary": ("{file} 不是文本 CSV 文件（无法按 UTF-8 或 GBK 解码）。",
                       "{file} is not a text CSV file (not decodable as UTF-8 or GBK)."),
    "pb_file_too_large": ("{file} 过大（{value}）。", "{file} is too large ({value})."),
    "pb_file_unreadable": ("无法读取 {file}：{value}", "Cannot read {file}: {value}"),
    # --- data folder safety (issue 15) ---
    "pb_name_invisible": ("{file} 第 {row} 行「{column}」列的名称含不可见或方向控制字符（{extra}），已去除，读作「{value}」。",
                          "{file} row {row}, column {column}: invisible or direction characters ({extra}) removed from "
                          "a name, read as “{value}”."),
    "pb_deadline_unparseable": ("{file} 第 {row} 行「{column}」列的完成时限「{value}」无法识别（应为 2024-03-26 格式），"
                                "该任务按无日期时限处理。",
                                "{file} row {row}, column {column}: the deadline “{value}” is not a date (expected "
                                "2024-03-26); the task is kept without a dated deadline."),
    "pb_missing_column_hidden": ("{file} 第 1 行不是表头：缺少列「{column}」（该行内容未显示）。",
                                 "Row 1 of {file} is not a header: column {column} is missing (the row is not shown)."),
    "pb_file_outside_folder": ("{file} 是指向数据文件夹 {extra} 之外的链接，未读取。",
                               "{file} is a link to a file outside the data folder {extra}; it was not read."),
    "pb_file_not_regular": ("{file} 不是普通文件（目录、管道或设备），未读取。",
                            "{file} is not a regular file (a folder, pipe or device); it was not read."),
    "pb_csv_unreadable": ("{file} 不是有效的 CSV：{value}", "{file} is not valid CSV: {value}"),
    "pb_missing_column": ("{file} 缺少列「{column}」（表头为：{value}）。",
                          "{file} lacks the column “{column}” (header: {value})."),
    "pb_date_unparseable": ("{file} 第 {row} 行「{column}」列的日期「{value}」无法识别（应为 2024-03-26 格式）。",
                            "{file} row {row}, column “{column}”: date “{value}” cannot be read (use 2024-03-26)."),
    "pb_date_out_of_range": ("{file} 第 {row} 行「{column}」列的日期「{value}」不在 1900—2199 年之间。",
                             "{file} row {row}, column “{column}”: date “{value}” is outside 1900–2199."),
    "pb_end_before_start": ("{file} 第 {row} 行：结束日期 {value} 早于开始日期 {extra}。",
                            "{file} row {row}: end {value} is before start {extra}."),
    "pb_section_not_number": ("{file} 第 {row} 行「{column}」列应为数字，实际为「{value}」。",
                              "{file} row {row}, column “{column}” must be a number, not “{value}”."),
    "pb_section_not_whole": ("{file} 第 {row} 行「{column}」列应为整数，实际为「{value}」，按 {extra} 处理。",
                             "{file} row {row}, column “{column}” should be a whole number, not “{value}”; read as {extra}."),
    "pb_task_id_section": ("{file} 第 {row} 行任务编号「{value}」与所属领域 {extra} 不一致（应为 {extra}.n）。",
                           "{file} row {row}: task_id “{value}” does not match its area {extra} (expected {extra}.n)."),
    "pb_unit_blank": ("{file} 第 {row} 行单位名称为空，已跳过。", "{file} row {row}: blank unit name, skipped."),
    "pb_unit_duplicate": ("{file} 第 {row} 行单位「{value}」重复，已忽略。", "{file} row {row}: unit “{value}” repeated, ignored."),
    "pb_category_unknown": ("{file} 第 {row} 行类别「{value}」无效，按“其他”处理。",
                            "{file} row {row}: category “{value}” is not known; shown as other."),
    "pb_task_id_blank": ("{file} 第 {row} 行缺少任务编号，已跳过。", "{file} row {row}: no task_id, skipped."),
    "pb_task_duplicate": ("{file} 第 {row} 行任务编号「{value}」重复，仅保留首次出现的一行。",
                          "{file} row {row}: task_id “{value}” repeated; only the first row is kept."),
    "pb_task_no_lead": ("{file} 第 {row} 行任务 {value} 没有牵头单位。", "{file} row {row}: task {value} has no lead unit."),
    "pb_unit_not_listed": ("{file} 第 {row} 行「{column}」中的单位「{value}」不在 units.csv 中，按“其他”类显示。",
                           "{file} row {row}, “{column}”: unit “{value}” is not in units.csv; shown as other."),
    "pb_lead_and_support": ("任务 {extra}：「{value}」既是牵头单位又列在责任单位中（{file} 第 {row} 行），统计时只计一次（按牵头）。",
                            "Task {extra}: “{value}” is both the lead and listed as support ({file} row {row}); "
                            "counted once, as lead."),
    "pb_alias_applied": ("{file} 第 {row} 行「{value}」按别名表统一为「{extra}」。",
                         "{file} row {row}: “{value}” read as “{extra}” (aliases.csv)."),
    "pb_phase_kind_unknown": ("{file} 第 {row} 行类型「{value}」无效（应为 phase 或 milestone）。",
                              "{file} row {row}: kind “{value}” should be phase or milestone."),
}


# Owners a plan names collectively, for English readers; any other owner shows as written.
OWNERS_EN = {
    "各相关单位": "all units concerned (各相关单位)",
    "各牵头单位": "each lead unit (各牵头单位)",
    "各责任单位": "each responsible unit (各责任单位)",
    "领导小组办公室": "the leading group's office (领导小组办公室)",
    "武汉市人民政府办公厅": "General Office of the Wuhan Municipal Government (武汉市人民政府办公厅)",
}


def owner_label(owner: str, lang: str = "zh") -> str:
    """A milestone's owner as shown: collective owners translated in English, 未注明 when empty."""
    owner = str(owner or "").strip()
    if not owner:
        return t("not_stated", lang)
    return OWNERS_EN.get(owner, owner) if lang == "en" else owner


class Term(str):
    """A format field that is itself a key, put in the message's language: t(key, lang, kind=Term("imp_kind_png"))."""


def t(key: str, lang: str = "zh", **kwargs) -> str:
    """The string for key in lang, formatted with kwargs (a Term among them translated too); the key itself if it is
    unknown."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    if not kwargs:
        return text
    return text.format(**{k: t(v, lang) if isinstance(v, Term) else v for k, v in kwargs.items()})


def both(key: str, **kwargs) -> tuple[str, str]:
    """(中文, English) of key, each formatted with kwargs: for messages that carry both languages."""
    return t(key, "zh", **kwargs), t(key, "en", **kwargs)


def problem_text(problem, lang: str = "zh") -> str:
    """A data problem as one sentence naming file, row, column and value."""
    code = problem.code
    if code == "missing_column" and problem.value is None:  # the loader did not echo a first line it distrusts
        code = "missing_column_hidden"
    fields = {k: ("" if v is None else v) for k, v in vars(problem).items()}
    if f"pb_{code}" not in STRINGS:  # a code without a message of its own still names file and value
        return "{file}: {value}".format(**fields)
    return t(f"pb_{code}", lang, **fields)


def category_label(category: str, lang: str = "zh") -> str:
    """Display name of a unit category."""
    return t(f"cat_{category}", lang) if f"cat_{category}" in STRINGS else category


def role_label(role: str, lang: str = "zh") -> str:
    """Display name of a role (lead / support)."""
    return t(f"role_{role}", lang)
