"""The importer on the layouts of county plans and assessment rules: flattened tables, unnumbered text, role verbs.

The texts are written for these tests in the style of real 分工表 and 考核细则 (not copied from any document); each
asserts what a user importing such a text sees: the tasks, their units as written, who leads, the deadline.
"""

from __future__ import annotations

from lib.importer import parse_document
from lib.importer.grammar import Numbering, split_running
from lib.importer.tables_text import flatten_text_tables, header_role


def units(result) -> list[tuple[str, str, str]]:
    """(title, lead units, support units) per task."""
    t = result.tasks
    return list(zip(t.title, t.lead_units, t.support_units, strict=True))


def cells(*rows: list[str], sep: str = "\n\n") -> str:
    """A table flattened to text: every cell on its own line(s), cells split by sep."""
    return sep.join(c for row in rows for c in row)


# --- 1. text tables ----------------------------------------------------------------------------------------

# (a) blank-line separated cells under a title and preamble; a unit cell over two lines; a 完成时限 column.
COUNTY_TABLE = "某县2024年优化营商环境重点任务分工表\n\n为抓好各项任务落实，现将重点任务分工如下。\n\n" + cells(
    ["序号", "重点任务", "责任单位", "完成时限"],
    ["1", "推进政务服务事项全程网办，提升网办率。", "县政务服务中心\n县大数据中心", "2024年6月底前"],
    ["2", "压缩企业开办时间至1个工作日以内。", "县市场监管局、县税务局、县公安局", "2024年12月底前"],
    ["3", "建立健全守信激励和失信惩戒机制。", "县发展改革局", "长期坚持"],
)


def test_blank_line_table_after_preamble_reads_every_row():
    r = parse_document(COUNTY_TABLE)
    assert units(r) == [
        ("推进政务服务事项全程网办,提升网办率", "县政务服务中心", "县大数据中心"),
        ("压缩企业开办时间至1个工作日以内", "县市场监管局", "县税务局、县公安局"),
        ("建立健全守信激励和失信惩戒机制", "县发展改革局", ""),
    ]
    # (c) no 牵头单位 column: the first unit of the cell leads, marked inferred for review.
    assert r.tasks.lead_inferred.tolist() == [True, True, True]
    # (d) the 完成时限 column gives each task's deadline.
    assert r.deadlines.deadline_text.tolist() == ["2024年6月底前", "2024年12月底前", "长期坚持"]
    assert r.deadlines.deadline.tolist() == ["2024-06-30", "2024-12-31", ""]


# (b) an assessment table: 考核内容 is the task, 评分标准 and 分值 are not units, 负责考核部门 is the unit column.
# Row 1's score 2 is the next row's number and row 2's standard wraps over two lines: rows re-align on 1, 2, 3.
ASSESSMENT = "某区2024年度基层治理工作考核细则\n\n各街道：现将考核细则印发给你们，请认真贯彻执行。\n\n" + cells(
    ["序号", "考核内容", "评分标准", "分值", "负责考核部门"],
    ["1", "网格化管理", "网格员配备到位得满分。", "2", "区委政法委"],
    ["2", "矛盾纠纷化解", "矛盾纠纷调处成功率达95%以上\n得满分，每降低1个百分点扣0.5分。", "3", "区司法局、区信访局"],
    ["3", "平安建设宣传", "开展宣传活动不少于4次。", "5分", "区委政法委"],
)


def test_assessment_table_scores_and_standards_are_not_units():
    r = parse_document(ASSESSMENT)
    assert units(r) == [
        ("网格化管理", "区委政法委", ""),
        ("矛盾纠纷化解", "区司法局", "区信访局"),
        ("平安建设宣传", "区委政法委", ""),
    ]
    names = set(r.units.unit)
    assert not any(n[0].isdigit() or "满分" in n for n in names)


def test_one_cell_per_line_with_lead_and_support_columns():
    text = "某县重点任务分工表\n" + cells(
        ["序号", "工作事项", "主责单位", "配合单位", "时间节点"],
        ["1", "推进老旧小区改造", "县住建局", "县财政局、县发改局", "2024年10月底前"],
        ["2", "完善农村供水保障", "县水利局", "", "长期坚持"],
        ["3", "提升城乡环境卫生", "县城管局", "各乡镇", "2024年底前"],
        sep="\n",
    )
    r = parse_document(text)
    assert units(r) == [
        ("推进老旧小区改造", "县住建局", "县财政局、县发改局"),
        ("完善农村供水保障", "县水利局", ""),
        ("提升城乡环境卫生", "县城管局", "各乡镇"),
    ]
    assert r.tasks.lead_inferred.tolist() == [False, False, False]  # a 主责单位 column says who leads
    assert r.deadlines.deadline_text.tolist() == ["2024年10月底前", "长期坚持", "2024年底前"]


def test_unit_column_header_words():
    for word in ("责任单位", "负责部门", "负责考核部门", "考核部门", "承办单位", "实施主体", "责任科室"):
        assert header_role(word) == "resp", word
    assert header_role("主责单位") == "lead"
    for word in ("分值", "评分标准", "考核标准", "得分"):
        assert header_role(word) == "skip", word


def test_table_units_column_line_per_unit_keeps_every_unit():
    text = cells(
        ["序号", "具体任务", "责任单位"],
        ["1", "开展安全生产大检查", "县应急局\n县住建局\n县交通运输局"],
        ["2", "整治道路交通隐患", "县公安局"],
    )
    flat = flatten_text_tables(text)
    assert "1.开展安全生产大检查(责任单位:县应急局、县住建局、县交通运输局)" in flat
    assert "2.整治道路交通隐患(责任单位:县公安局)" in flat


def test_task_column_header_in_words_no_list_knows_is_the_column_after_the_number():
    text = "某镇2025年民心工程安排表\n\n" + cells(
        ["序号", "民心工程", "责任单位", "完成时限"],
        ["1", "新建村级养老服务站3个。", "镇社会事务办\n镇残联", "10月底前"],
        ["2", "改造农村公路5公里。", "镇村镇建设办", "12月底前"],
        ["3", "新增公共停车位200个。", "镇综合执法队", "年内"],
    )
    r = parse_document(text)
    assert units(r) == [
        ("新建村级养老服务站3个", "镇社会事务办", "镇残联"),
        ("改造农村公路5公里", "镇村镇建设办", ""),
        ("新增公共停车位200个", "镇综合执法队", ""),
    ]


# An assessment table: 考评项目 (its own per row) is the title, 考评要点 its text with numbered points of its own;
# the 分值 of row 2 is 3, the next row's number; section rows (一、 on its line) head the rows, and a section row
# with its own points and department is a task, also after the last numbered row.
ASSESSMENT_SECTIONS = "某县2025年度乡镇安全生产工作考评细则\n" + cells(
    ["序号", "考评项目", "分值", "考评要点", "负责考评部门"],
    ["总分", "100"],
    ["一、", "压实责任", "10"],
    ["1", "健全责任体系", "4", "1.明确乡镇领导班子安全职责，得2分。\n2.村级安全员配备到位，得2分。", "县应急局"],
    ["2", "开展隐患排查", "3", "每季度组织一次隐患排查，\n建立台账，得3分。", "县应急局\n县消防救援大队"],
    ["二、", "专项整治", "12", "开展燃气安全专项整治，得12分。", "县住建局"],
    ["3", "道路交通安全", "5", "1.劝导站运行正常，得3分。\n2.无较大事故，得2分。", "县公安局交警大队"],
    ["三、", "加分项目", "5", "1.经验获市级推广的，加5分。", "县应急局"],
    sep="\n",
)


def test_assessment_table_with_title_column_scores_and_section_rows():
    r = parse_document(ASSESSMENT_SECTIONS)
    assert units(r) == [
        ("健全责任体系", "县应急局", ""),
        ("开展隐患排查", "县应急局", "县消防救援大队"),
        ("专项整治", "县住建局", ""),
        ("道路交通安全", "县公安局交警大队", ""),
        ("加分项目", "县应急局", ""),
    ]
    # The points of a row stay in its text, never tasks of their own.
    assert "2.村级安全员配备到位" in r.tasks.description.iloc[0]
    assert r.tasks.section_title.tolist()[:2] == ["压实责任", "压实责任"]


# Non-unit columns between the task and the units: the progress made (当前进度 with percentages, 推进情况) and
# notes (备注) are neither units nor deadlines; a 进度安排 column is the schedule.
def test_progress_and_note_columns_between_task_and_units_are_left_out():
    text = "某县2024年民生实事项目进度表\n\n" + cells(
        ["序号", "项目内容", "当前进度", "牵头单位", "备注"],
        ["1", "新建城区公办幼儿园2所。", "85%(一所装修中)", "县教育局", "省民生实事"],
        ["2", "改造提升农贸市场3个。", "60%", "县商务局", "县民生实事"],
        ["3", "新增城市停车位800个。", "100%", "县住建局", "县民生实事"],
    )
    r = parse_document(text)
    assert units(r) == [
        ("新建城区公办幼儿园2所", "县教育局", ""),
        ("改造提升农贸市场3个", "县商务局", ""),
        ("新增城市停车位800个", "县住建局", ""),
    ]
    assert r.deadlines.empty or not r.deadlines.deadline_text.str.contains("%").any()
    for word in ("当前进度", "完成进度", "1-9月推进情况", "落实情况", "是否完成"):
        assert header_role(word) == "skip", word
    for word in ("进度安排", "时间进度", "完成时限"):
        assert header_role(word) == "deadline", word


# A page of a longer table: rows numbered from 31, cells one per line ending in ' |', header words with an inner
# space (牵头 单位), a person column, and a header column (年度目标) that has no cell in any row.
CONTINUATION_PAGE = "某区2024年为民办实事项目推进情况(1-9月)\n" + "\n".join(
    c + " |"
    for c in [
        "序号",
        "主要任务",
        "年度目标任务",
        "分管 领导",
        "牵头 单位",
        "配合单位",
        "1-9月推进情况",
        "说明",
        "31",
        "改造提升老旧小区排水管网12公里。",
        "李明华",
        "住建局",
        "水务局、相关街道",
        "已完成70%。",
        "",
        "32",
        "新建口袋公园6个。",
        "李明华",
        "园林局",
        "各街道",
        "已完成4个。",
        "",
        "33",
        "新增普惠托育托位300个。",
        "王 芳",
        "卫健局",
        "教育局、妇联",
        "已完成。",
        "",
    ]
)


def test_rows_numbered_from_a_later_number_and_a_column_without_cells():
    r = parse_document(CONTINUATION_PAGE)
    assert units(r) == [
        ("改造提升老旧小区排水管网12公里", "住建局", "水务局、相关街道"),
        ("新建口袋公园6个", "园林局", "各街道"),
        ("新增普惠托育托位300个", "卫健局", "教育局、妇联"),
    ]
    assert r.tasks.lead_inferred.tolist() == [False, False, False]
    assert not {"李明华", "王芳", "王 芳"} & set(r.units.unit)


def test_评分部门_and_计分单位_are_unit_columns_督办单位_is_not():
    for word in ("评分部门", "计分单位", "负责考核部门", "责任部门"):
        assert header_role(word) == "resp", word
    assert header_role("配合部门") == "support"
    for word in ("主责单位", "牵头负责部门"):
        assert header_role(word) == "lead", word
    assert header_role("督办单位") == "skip"
    # Glosses and alternatives in a header cell; rarer words for the row number, the schedule, the support.
    assert header_role("责任单位（部门）") == header_role("责任单位/部门") == header_role("责任区县") == "resp"
    assert header_role("牵头单位(部门)") == "lead"
    assert header_role("支持单位") == "support"
    assert header_role("项次") == "number"
    assert header_role("时序安排") == "deadline"
    assert header_role("牵头单位/责任人") == header_role("责任单位及责任人") == "skip"  # people in the cells


# A national attachment as a text table, one row per line, cells split by single spaces: a letter-spaced header
# (工 作 任 务), a lead column headed 牵头负责部门, words of a task split by a space, then the signature again.
SPACED_NATIONAL = (
    "国务院办公厅关于印发某年度重点指标任务分工的通知\n国务院有关部门：\n现将任务分工印发给你们，请认真贯彻落实。\n"
    "国务院办公厅\n2024年3月1日\n\n某年度重点指标任务分工\n\n"
    "序号 工 作 任 务 牵头负责部门\n"
    "1 粮食产量保持在1.3万亿斤以上 农业农村部\n"
    "2 新增城镇就业 1200万人以上 人力资源社会保障部\n"
    "3 单位国内生产总值能耗降低2.5%左右 发展改革委\n"
)


def test_single_space_table_with_letter_spaced_header_and_rare_lead_header():
    r = parse_document(SPACED_NATIONAL)
    assert units(r) == [
        ("粮食产量保持在1.3万亿斤以上", "农业农村部", ""),
        ("新增城镇就业 1200万人以上", "人力资源社会保障部", ""),
        ("单位国内生产总值能耗降低2.5%左右", "发展改革委", ""),
    ]
    assert r.tasks.lead_inferred.tolist() == [False, False, False]


def test_single_space_header_words_with_an_inner_space():
    text = (
        "序号 重点任务 牵头 单位 配合 单位 完成时限\n"
        "1 推进城市更新行动 市住建局 市发展改革委、市财政局 2024年底前\n"
        "2 实施河湖生态修复 市水务局 各区政府 长期坚持\n"
        "以上任务请各单位认真抓好落实。\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("推进城市更新行动", "市住建局", "市发展改革委、市财政局"),
        ("实施河湖生态修复", "市水务局", "各区政府"),
    ]
    assert r.deadlines.deadline_text.tolist() == ["2024年底前", "长期坚持"]


# A single-space table whose task has a title column and a text column under an area column (类别 | 主要任务 |
# 细化措施): merged cells left empty show as two spaces together, a word of the narrow area column is wrapped
# (水资源保 护), and the title holds spaces of its own.
SPACED_MERGED = (
    "某县河湖治理主要任务分解表\n"
    "序号 类别 主要任务 细化措施 牵头单位 配合单位\n"
    "1 水资源保 护 严控用水总量 实施总量和强度双控行动。 县水利局 县发展改革委、县住建局\n"
    "2  严守用水 效率红线 落实用水效率评估体系。 县水利局 县工信局\n"
    "3   抓好工业节水改造。 县工信局 县水利局\n"
)


def test_single_space_table_with_empty_merged_cells_and_a_title_column():
    r = parse_document(SPACED_MERGED)
    assert units(r) == [
        ("严控用水总量", "县水利局", "县发展改革委、县住建局"),
        ("严守用水 效率红线", "县水利局", "县工信局"),
        ("严守用水 效率红线", "县工信局", "县水利局"),  # the title cell merged over rows 2 and 3
    ]
    assert r.tasks.description.tolist() == ["实施总量和强度双控行动。", "落实用水效率评估体系。", "抓好工业节水改造。"]
    assert r.tasks.section_title.tolist() == ["水资源保 护"] * 3


def test_a_title_column_before_the_task_text_opens_the_task():
    text = (
        "序号 | 类别 | 主要任务 | 细化措施 | 牵头单位\n"
        "1 | 营商环境 | 优化政务服务 | 推进一网通办。 | 县政务服务中心\n"
        "2 | | | 压减办事时限。 | 县行政审批局\n"
        "3 | 城市建设 | | 推进老旧小区改造。 | 县住建局\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("优化政务服务", "县政务服务中心", ""),
        ("优化政务服务", "县行政审批局", ""),  # a merged title cell spans the row below, within its area
        ("推进老旧小区改造", "县住建局", ""),
    ]


def test_words_split_by_spaces_that_are_not_a_header_row_are_not_a_table():
    from lib.importer.tables_text import flatten_text_tables

    for text in (
        "会议 任务 部署\n各单位要 高度重视 抓好落实\n1 加强组织领导 确保工作实效",
        "序号 工作任务 责任单位\n请各单位按上表格式 认真填报 并于月底前报送。\n联系人 张三",
    ):
        assert flatten_text_tables(text) == text


# One task given as a key-value record (a web page's task card): `key: | value |` rows, or `key：value` lines;
# 工作计划 / 落实情况 are text of the record, never units, and the title inside them is no second task.
def test_a_task_given_as_key_value_rows_with_or_without_pipes():
    record = [
        ("工作项目", "推动跨区域产业协作，共建产业合作园区。"),
        ("牵头单位", "市发展改革委"),
        ("完成时限", "2025年"),
        ("工作计划", "一、共建产业合作园区3个。(2025年6月底前)"),
        ("落实情况", "已完成。由市发展改革委牵头推动跨区域产业协作，共建产业合作园区，市商务局配合。"),
    ]
    for fmt in ("{}: | {} |", "{}：{}"):
        r = parse_document("\n" + "\n".join(fmt.format(k, v) for k, v in record))
        assert units(r) == [("推动跨区域产业协作,共建产业合作园区", "市发展改革委", "")], fmt
        assert r.deadlines.deadline_text.tolist() == ["2025年"]


def test_key_value_records_one_after_another():
    text = (
        "工作任务：完善城乡供水一体化设施。\n责任单位：县水利局、县住建局\n完成时限：2024年底前\n\n"
        "工作任务：推进农村生活污水治理。\n牵头单位：县生态环境分局\n配合单位：各乡镇\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("完善城乡供水一体化设施", "县水利局", "县住建局"),
        ("推进农村生活污水治理", "县生态环境分局", "各乡镇"),
    ]


def test_a_key_line_without_a_unit_key_is_no_record():
    from lib.importer.tables_text import flatten_text_tables

    text = "主要任务：加快建设现代化产业体系。\n工作要求：各地要高度重视。\n联系人：张三"
    assert flatten_text_tables(text) == text


def test_markdown_table_rule_row_and_letter_spaced_header_cells_one_per_line():
    md = (
        "| 序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限 |\n|---|:---|---|---|---|\n"
        "| 1 | 推进数字政府建设 | 市政数局 | 市发展改革委、市财政局 | 2024年底前 |\n"
        "| 2 | 优化营商环境 | 市发展改革委 | 各区政府 | 长期坚持 |\n"
    )
    spaced = cells(
        ["序 号", "工 作 任 务", "牵 头 单 位", "配 合 单 位"],
        ["1", "推进数字政府建设", "市政数局", "市发展改革委\n市财政局"],
        ["2", "优化营商环境", "市发展改革委", "各区政府"],
    )
    for text in (md, spaced):
        assert units(parse_document(text)) == [
            ("推进数字政府建设", "市政数局", "市发展改革委、市财政局"),
            ("优化营商环境", "市发展改革委", "各区政府"),
        ]


def test_lists_of_people_and_prose_key_lines_are_not_task_tables():
    from lib.importer.tables_text import flatten_text_tables

    texts = (
        "参会人员名单\n\n"
        + cells(
            ["序号", "姓名", "单位", "职务"], ["1", "张三", "县财政局", "科长"], ["2", "李四", "县教育局", "副局长"]
        ),
        "序号 | 姓名 | 工作单位 | 联系电话\n1 | 张三 | 县财政局 | 12345678\n2 | 李四 | 县教育局 | 23456789",
        "工作要求：各单位要高度重视，确保按时完成。\n责任单位：县政府办",
    )
    for text in texts:
        assert flatten_text_tables(text) == text


# A row with fewer cells than the header (cells split by | / tabs / wide spaces, the empty or merged cell left no
# mark): each cell goes to the column of its kind; a merged unit cell applies to the rows it spans.
def test_rows_missing_a_cell_go_by_the_kind_of_each_cell():
    pipe = (
        "序号 | 重点任务 | 责任单位 | 完成时限\n1 | 推进数字政府建设 | 市政数局 | 2024年底前\n"
        "2 | 建设城市大脑 |  | 2024年6月底前\n3 | 优化营商环境 | 市发展改革委 | 长期坚持"
    )
    r = parse_document(pipe)
    assert units(r) == [
        ("推进数字政府建设", "市政数局", ""),
        ("建设城市大脑", "市政数局", ""),  # the merged cell above spans this row
        ("优化营商环境", "市发展改革委", ""),
    ]
    assert r.deadlines.deadline_text.tolist() == ["2024年底前", "2024年6月底前", "长期坚持"]
    wide = (
        "序号\u3000\u3000重点任务\u3000\u3000责任领导\u3000\u3000牵头单位\u3000\u3000完成时限\n"
        "1\u3000\u3000推进数字政府建设\u3000\u3000张三\u3000\u3000市政数局\u3000\u30002024年底前\n"
        "2\u3000\u3000建设城市大脑\u3000\u3000市大数据中心\u3000\u30002024年6月底前"
    )
    r = parse_document(wide)
    assert units(r) == [("推进数字政府建设", "市政数局", ""), ("建设城市大脑", "市大数据中心", "")]
    assert "张三" not in set(r.units.unit)


def test_merged_area_cell_and_a_page_that_starts_with_a_section_row():
    area = (
        "领域 | 序号 | 重点任务 | 牵头单位\n数字政府 | 1 | 推进数字政府建设 | 市政数局\n"
        "2 | 建设城市大脑 | 市大数据中心\n营商环境 | 3 | 优化营商环境 | 市发展改革委"
    )
    r = parse_document(area)
    assert units(r) == [
        ("推进数字政府建设", "市政数局", ""),
        ("建设城市大脑", "市大数据中心", ""),
        ("优化营商环境", "市发展改革委", ""),
    ]
    assert r.tasks.section_title.tolist() == ["数字政府", "数字政府", "营商环境"]  # the merged area carries down
    page = cells(
        ["序号", "重点任务", "牵头单位", "配合单位", "三、", "营商环境"],
        ["15", "推进数字政府建设", "市政数局", "市财政局"],
        ["16", "优化营商环境", "市发展改革委", "各区政府"],
        sep="\n",
    )
    r = parse_document(page)
    assert units(r) == [("推进数字政府建设", "市政数局", "市财政局"), ("优化营商环境", "市发展改革委", "各区政府")]
    assert r.tasks.section_title.tolist() == ["营商环境", "营商环境"]


# One cell per line, a score or note column with no cell in some rows: the unit cell is not eaten by that column
# (the row would take the unit above and name the wrong unit); a 督办单位 column with its cells stays no unit.
def test_note_or_score_column_without_a_cell_does_not_take_the_unit():
    text = cells(
        ["序号", "考核内容", "分值", "负责考核部门"],
        ["1", "安全生产责任制落实", "10", "县应急局"],
        ["2", "隐患排查治理", "县住建局"],
        ["3", "消防安全", "5", "县消防救援大队"],
        sep="\n",
    )
    assert units(parse_document(text)) == [
        ("安全生产责任制落实", "县应急局", ""),
        ("隐患排查治理", "县住建局", ""),
        ("消防安全", "县消防救援大队", ""),
    ]
    supervised = cells(
        ["序号", "重点任务", "督办单位", "牵头单位"],
        ["1", "推进数字政府建设", "市委督查室", "市政数局"],
        ["2", "优化营商环境", "市政府督查室", "市发展改革委"],
        sep="\n",
    )
    assert units(parse_document(supervised)) == [
        ("推进数字政府建设", "市政数局", ""),
        ("优化营商环境", "市发展改革委", ""),
    ]


# A work-plan table whose task-like columns right of the unit column (攻坚目标任务, 工作任务安排) describe the task
# named left of it; header words wrapped over two lines; a task ending in 镇 is no unit and no score.
def test_task_like_columns_after_the_unit_column_are_notes_not_the_task():
    text = "某镇2024年度重点工作计划执行情况\n\n" + cells(
        [
            "序号",
            "重点工作",
            "责任",
            "领导",
            "责任",
            "科室",
            "攻坚目标",
            "任务",
            "工作任务安排",
            "第二季度",
            "完成情况",
        ],
        ["1", "老旧小区改造提升", "王小明", "城建办", "完成改造小区3个。", "推进管网改造。", "已完成60%。"],
        [
            "2",
            "创建美丽城镇",
            "李晓华",
            "乡村振兴办",
            "成功创建省级美丽城镇。",
            "按节点推进项目建设。",
            "完成投资3000万元。",
        ],
    )
    r = parse_document(text)
    assert units(r) == [("老旧小区改造提升", "城建办", ""), ("创建美丽城镇", "乡村振兴办", "")]


# A disclosure catalogue as a pipe table: a second header row of sub-columns under a spanning header cell (so
# some rows have one cell more than the header), a 公开主体 column, checkbox channel cells holding double spaces.
CATALOGUE = (
    "| 序号 | 公开类别 | 公开内容 | 公开时限 | 公开主体 | 公开渠道 |\n"
    "| 一级 | 二级 |\n"
    "| 1 | 机构信息 | 机构职能 | 机构职能、办公地址、办公电话等。 | 20个工作日内 | 镇党政办 | ■政府网站  □政府公报 |\n"
    "| 2 | 政策文件 | 本级制定的规范性文件。 | 20个工作日内 | 镇司法所、镇党政办 | ■政府网站  ■公开查阅点 |\n"
)


def test_pipe_catalogue_with_sub_header_row_and_checkbox_channels():
    r = parse_document(CATALOGUE)
    assert units(r) == [
        ("机构职能、办公地址、办公电话等", "镇党政办", ""),
        ("本级制定的规范性文件", "镇司法所", "镇党政办"),
    ]
    assert not any("政府网站" in u for u in r.units.unit)


# --- 2. no numbering -------------------------------------------------------------------------------------------


def test_one_line_without_markers_ending_in_a_role_bracket_is_a_task():
    r = parse_document("全面推行排污许可制度，实现固定污染源全覆盖(省生态环境厅牵头，市县政府负责落实)")
    assert units(r) == [("全面推行排污许可制度,实现固定污染源全覆盖", "省生态环境厅", "市县政府")]
    assert not r.tasks.lead_inferred.iloc[0]


def test_unnumbered_text_each_bracketed_sentence_group_is_a_task_title_stays_out():
    text = (
        "关于推进生态环境保护的实施意见\n"
        "各地要高度重视。全面推行排污许可制度(省生态环境厅牵头，市县政府负责落实)。加强农业面源污染治理。"
        "推进化肥农药减量增效(省农业农村厅负责)。\n各地要抓好落实。"
    )
    r = parse_document(text)
    assert r.tasks.task_id.tolist() == ["1.1", "1.2"]
    assert r.tasks.lead_units.tolist() == ["省生态环境厅", "省农业农村厅"]
    assert r.tasks.support_units.tolist() == ["市县政府", ""]
    assert not any("实施意见" in t for t in r.tasks.title)


# --- 3. role words --------------------------------------------------------------------------------------------


def test_role_words_are_roles_not_part_of_names():
    text = (
        "一、重点任务\n"
        "1.推进数字政府建设。（市政务服务局牵头，市大数据中心协办，各区政府抓好落实）\n"
        "2.加强数据共享。（市大数据中心主抓，市直各部门参加）\n"
        "3.完善应急体系。（市应急局承办，市消防救援支队协助）\n"
        "4.提升治理效能。（市委编办具体负责，市司法局落实）\n"
        "5.强化河湖管护。（市水利局牵头负责，市生态环境局负责落实）\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("推进数字政府建设", "市政务服务局", "市大数据中心、各区政府"),
        ("加强数据共享", "市大数据中心", "市直各部门"),
        ("完善应急体系", "市应急局", "市消防救援支队"),
        ("提升治理效能", "市委编办", "市司法局"),
        ("强化河湖管护", "市水利局", "市生态环境局"),
    ]
    role_words = ("落实", "负责", "主抓", "承办", "协办", "协助", "参加", "牵头")
    assert not [u for u in r.units.unit if u.endswith(role_words)]


# --- 4. a marker after other text on its line ----------------------------------------------------------------


def test_marker_glued_to_other_text_continues_the_numbering():
    text = (
        "一、重点任务\n"
        "1.推进数字政府建设。（市政务服务局牵头，市大数据中心配合）\n"
        "2.加强数据共享。（市大数据中心负责）\n"
        "关于印发某市数字经济发展行动方案的通知3.完善应急体系。修订应急预案。（市应急局负责）\n"
    )
    r = parse_document(text)
    assert r.tasks.title.tolist() == ["推进数字政府建设", "加强数据共享", "完善应急体系"]
    assert r.tasks.lead_units.tolist() == ["市政务服务局", "市大数据中心", "市应急局"]


def test_glued_number_only_when_it_is_the_next_one():
    numbering = Numbering()
    split_running("1.推进建设", numbering)
    # 5 is not the next number; a decimal (2.5) and 第三、 are no markers.
    assert split_running("支持企业达到通知5.发展", numbering) == []
    assert split_running("增长2.5倍", numbering) == []
    line = "某某通知2.加强数据共享"
    assert split_running(line, numbering) == [line.index("2.")]


def test_assessment_rows_numbered_with_a_dot_under_an_attachment_title():
    text = "附件\n某镇2024年人居环境整治考核细则\n" + cells(
        ["序号", "考核项目", "考核内容", "分值", "考核部门"],
        ["1.", "村容村貌", "无乱堆乱放，道路整洁。", "20分", "镇规划建设办"],
        ["2.", "垃圾治理", "垃圾日产日清。", "15分", "镇综合行政执法队、镇环卫所"],
        sep="\n",
    )
    r = parse_document(text)
    assert units(r) == [
        ("无乱堆乱放,道路整洁", "镇规划建设办", ""),
        ("垃圾日产日清", "镇综合行政执法队", "镇环卫所"),
    ]
    assert r.tasks.section_title.tolist() == ["村容村貌", "垃圾治理"]  # 考核项目 names the area


def test_table_without_row_numbers_rows_follow_the_header():
    text = cells(
        ["工作任务", "责任单位", "完成时限"],
        ["开展隐患排查整治", "市应急局、各县区政府", "2024年6月底前"],
        ["强化危化品监管", "市公安局", "长期坚持"],
    )
    r = parse_document(text)
    assert units(r) == [("开展隐患排查整治", "市应急局", "各县区政府"), ("强化危化品监管", "市公安局", "")]
    assert r.deadlines.deadline_text.tolist() == ["2024年6月底前", "长期坚持"]


def test_table_rows_split_by_single_spaces_inside_a_numbered_plan():
    text = (
        "某市2024年安全生产工作要点\n一、总体要求\n坚持安全第一、预防为主。\n二、重点任务\n"
        "序号 工作任务 牵头单位 责任单位 完成时限\n"
        "1 开展隐患排查整治 市应急局 各县区政府 2024年6月底前\n"
        "2 强化危化品监管 市应急局 市公安局、市交通运输局 长期坚持\n"
        "三、保障措施\n加强组织领导。\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("开展隐患排查整治", "市应急局", "各县区政府"),
        ("强化危化品监管", "市应急局", "市公安局、市交通运输局"),
    ]
    assert r.tasks.lead_inferred.tolist() == [False, False]


def test_wrapped_header_cells_and_roles_said_inside_the_unit_cell():
    text = "某县2024年城乡建设重点任务清单\n" + cells(
        ["序号", "工作任务", "责任", "单位", "完成", "时限"],
        ["1", "推进老旧小区改造", "县住建局牵头，县财政局配合", "2024年10月底前"],
        ["2", "实施农村道路提升", "县交通运输局牵头负责，各乡镇抓好落实", "2024年底前"],
        sep="\n",
    )
    r = parse_document(text)
    assert units(r) == [
        ("推进老旧小区改造", "县住建局", "县财政局"),
        ("实施农村道路提升", "县交通运输局", "各乡镇"),
    ]
    assert r.tasks.lead_inferred.tolist() == [False, False]
    assert r.deadlines.deadline_text.tolist() == ["2024年10月底前", "2024年底前"]


def test_heading_over_bracketed_sentences_is_not_glued_to_the_first_task():
    text = (
        "一、重点任务\n"
        "加强流域水污染综合治理，推进入河排污口排查整治(省生态环境厅牵头，市县政府负责落实)。"
        "严格落实河湖长制，开展河湖清四乱(省水利厅牵头负责，省生态环境厅协助)。\n"
        "二、大气污染防治\n推进钢铁行业超低排放改造(省生态环境厅负责)。\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("加强流域水污染综合治理,推进入河排污口排查整治", "省生态环境厅", "市县政府"),
        ("严格落实河湖长制,开展河湖清四乱", "省水利厅", "省生态环境厅"),
        ("大气污染防治", "省生态环境厅", ""),
    ]
    assert r.tasks.description.iloc[2] == "推进钢铁行业超低排放改造。"


def test_table_under_a_numbered_heading_and_followed_by_text():
    text = (
        "某县2024年乡村振兴重点任务分工方案\n一、总体要求\n坚持农业农村优先发展。\n二、任务分工\n\n"
        + cells(
            ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
            ["1", "稳定粮食生产", "县农业农村局", "县财政局、县自然资源局", "2024年9月底前"],
            ["2", "推进农村改厕", "县农业农村局", "各乡镇人民政府", "2024年12月底前"],
        )
        + "\n\n三、保障措施\n加强组织领导，各单位要按照分工抓好落实。\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("稳定粮食生产", "县农业农村局", "县财政局、县自然资源局"),
        ("推进农村改厕", "县农业农村局", "各乡镇人民政府"),
    ]
    assert r.deadlines.deadline.tolist() == ["2024-09-30", "2024-12-31"]


def test_unnumbered_task_source_is_the_documents_own_text():
    text = "全面推行排污许可制度，实现固定污染源全覆盖(省生态环境厅牵头，市县政府负责落实)。加强面源治理(省农业农村厅负责)。"
    r = parse_document(text)
    assert r.sources == {
        "1.1": "全面推行排污许可制度，实现固定污染源全覆盖(省生态环境厅牵头，市县政府负责落实)。",
        "1.2": "加强面源治理(省农业农村厅负责)。",
    }


def test_role_words_after_names_in_label_lists():
    text = (
        "一、重点任务\n"
        "（一）加强财源建设。责任单位：县财政局具体负责，县税务局协助。\n"
        "（二）推进招商引资。牵头单位：县商务局主抓；配合单位：各乡镇协办。\n"
        "（三）优化审批服务。（县行政审批局负责，县发改局、县住建局等参加）\n"
    )
    r = parse_document(text)
    assert units(r) == [
        ("加强财源建设", "县财政局", "县税务局"),
        ("推进招商引资", "县商务局", "各乡镇"),
        ("优化审批服务", "县行政审批局", "县发改局、县住建局"),
    ]
    assert r.tasks.lead_inferred.tolist() == [True, False, True]


# --- 5. .docx tables go through the same header reader ---------------------------------------------------------


def test_docx_table_reads_header_words_as_a_pasted_table_does():
    import io

    import docx

    from lib.importer.readers import read_document

    head = ["序号", "重点任务", "分管领导", "牵头单位", "支持单位", "当前进度", "完成时限"]
    body = [
        ["1", "推进数字政府建设。", "王东", "市政数局", "市财政局", "80%", "2024年底前"],
        ["2", "优化营商环境。", "李明", "市发展改革委", "各区政府", "60%", "长期坚持"],
    ]
    doc = docx.Document()
    doc.add_paragraph("附件：重点任务分工表")
    t = doc.add_table(rows=3, cols=len(head))
    for i, row in enumerate([head, *body]):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    buf = io.BytesIO()
    doc.save(buf)
    expected = [("推进数字政府建设", "市政数局", "市财政局"), ("优化营商环境", "市发展改革委", "各区政府")]
    r = parse_document(read_document(buf.getvalue(), "table.docx"))
    assert units(r) == expected
    assert r.deadlines.deadline_text.tolist() == ["2024年底前", "长期坚持"]
    assert units(parse_document("\n".join(" | ".join(row) for row in [head, *body]))) == expected  # pasted


# --- 6. pipe rows that do not line up with their header (real excerpts) ----------------------------------------

# 通海县九龙街道基层政务公开标准目录 (2024), two of its tables as the page gives them: a second header row of
# sub-columns (一级事项 | 二级事项 | 全社会 …), each row's last check marks (√) wrapped onto lines of their own, and
# in the second table a row broken over two lines (a cell holding a line break after 控辍保学).
TONGHAI = (
    "(一)重大建设项目领域基层政务公开标准目录 |\n"
    "序 号 | 公开事项 | 公开内容(要素) | 公开依据 | 公开时限 | 公开主 体 | 公开渠道和载体 | 公开对象 | 公开方式 | 公开层级 |\n"
    "一级事 项 | 二级事 项 | 全社 会 | 特定 群众 | 主 动 | 依申请公开 | 乡级 |\n"
    "1 | 征收土 地信息 | 征收土 地信息 | 征地告知书以及履行征地报批前程序的相关证明材料,征收土地方案、征地批后实施中征地公告、"
    "征地补偿安置方案公告等 | 《政府信息公开条例》《关于推进重大建设项目批准和实施领域政府信息公开的意见》 | "
    "信息形成20个工 作日内公开 | 九龙街道办事处 | ■政府网站 | √ |\n"
    "| √ |\n"
    "| √ |\n"
    "(三)义务教育领域基层政务公开标准目录 |\n"
    "序 号 | 公开事项 | 公开内容(要素) | 公开依据 | 公开时限 | 公开主 体 | 公开渠道和载体 | 公开对象 | 公开方式 | 公开层级 |\n"
    "一级事 项 | 二级事 项 | 全 社 会 | 特定 群众 | 主 动 | 依申请公开 | 乡级 |\n"
    "1 | 重要政策执行情况 | 控辍保学\n"
    "| 辖区内控辍保学实施情况 | 相关政策文件 | 信息形成或者变更之日起20个工作日内 | 九龙街道办事处 | ■政府网站 | √ |\n"
    "| √ |\n"
    "| √ |\n"
)


def test_pipe_rows_with_sub_columns_check_mark_lines_and_a_broken_row():
    r = parse_document(TONGHAI)
    assert units(r) == [("征收土 地信息", "九龙街道办事处", ""), ("控辍保学", "九龙街道办事处", "")]
    assert r.tasks.description.tolist() == [
        "征地告知书以及履行征地报批前程序的相关证明材料,征收土地方案、征地批后实施中征地公告、征地补偿安置方案公告等",
        "辖区内控辍保学实施情况",
    ]
    assert r.tasks.section_title.tolist() == ["征收土 地信息", "重要政策执行情况"]
    assert r.deadlines.deadline_text.tolist() == ["信息形成20个工 作日内公开", "信息形成或者变更之日起20个工作日内"]


# 登封市徐庄镇2017年度安全生产专项整治工作计划, its table as the page gives it (rows shortened to four): one row per
# line, no row number, the task column named by an area word (专项整治行业名称), units in a cell split by single spaces.
XUZHUANG = (
    "一、专项整治安排表\n"
    "专项整治行业名称 | 时间安排 | 责任单位 |\n"
    "烟花爆竹 | 1月份 | 安监站 安监所 |\n"
    "电力设施 | 3月份 | 电管所 |\n"
    "景区(点)、文物设施、宗教场所、 | 9月份 | 生态办 |\n"
    "交通运输 | 12月份 | 超限站 公路站 交警六中队 |\n"
    "特种设备 | 7月份 | 工商质监所 安监站 |\n"
    "网吧、KTV | 8月份 | 文化站 派出所工商质监所 |\n"
    "二、工作要求\n"
    "(一)各有关责任单位要按照时间安排,制定本行业(领域)安全生产专项整治方案。\n"
)


def test_pipe_table_whose_task_column_is_named_by_an_area_word():
    r = parse_document(XUZHUANG)
    assert units(r) == [
        ("烟花爆竹", "安监站", "安监所"),
        ("电力设施", "电管所", ""),
        ("景区(点)、文物设施、宗教场所、", "生态办", ""),
        ("交通运输", "超限站", "公路站、交警六中队"),
        ("特种设备", "工商质监所", "安监站"),
        ("网吧、KTV", "文化站", "派出所、工商质监所"),  # two names glued: 工商质监所 stands alone a row above
    ]
    assert r.deadlines.deadline_text.tolist() == ["1月份", "3月份", "9月份", "12月份", "7月份", "8月份"]


def test_a_body_and_its_sub_unit_in_a_spaced_unit_cell_stay_one_name():
    text = "专项整治行业名称 | 时间安排 | 责任单位 |\n道路交通 | 5月份 | 交警大队 安监站 |\n酒驾整治 | 6月份 | 县公安局交警大队 安监站 |\n"
    assert units(parse_document(text)) == [
        ("道路交通", "交警大队", "安监站"),
        ("酒驾整治", "县公安局交警大队", "安监站"),
    ]


# 洋县2024年十大民生实事项目清单 (洋政发〔2024〕8号) from a traditional-script mirror, its first rows as the page gives
# them: one cell per line, each ending in ' |', rows split by a lone '|'; two header cells no header word names
# (建設地點 beside 建設時間, 年度投資金額 (萬元)); the 建設地點 cells name towns and streets (紙坊街道, 洋州街道): places where
# a project is built, not the unit responsible for it.
YANGXIAN = (
    "附件:\n|\n洋縣2024年十大民生實事項目清單 |\n||||||\n|\n序號 |\n項目名稱 |\n建設地點 |\n建設時間 |\n"
    "2024年建設內容 |\n年度投資金額 (萬元) |\n責任單位 |\n|\n"
    "1 |\n洋縣中小學幼兒園基礎設施提升改造項目 |\n相關鎮 (街道) |\n2024 |\n"
    "對馬暢中小、湑水中小、茅坪學校等學校運動場地進行改造。 |\n300 |\n教體局 |\n|\n"
    "2 |\n城北小學門前道路建設項目 |\n紙坊街道 |\n2024 |\n建成唐塔北路延伸段(城北小學門前)道路。 |\n300 |\n住建局 |\n|\n"
    "3 |\n洋縣2024年老舊小區改造項目 |\n洋州街道 |\n2024 |\n"
    "實施西苑小區、金鑫二小區、宏昌小區三所老舊小區房屋功能改善和周邊配套基礎設施。 |\n1360 |\n住建局 |\n|\n"
)


def test_one_cell_per_line_table_with_unnamed_columns_and_a_place_column():
    r = parse_document(YANGXIAN)
    assert units(r) == [
        ("洋縣中小學幼兒園基礎設施提升改造項目", "教體局", ""),
        ("城北小學門前道路建設項目", "住建局", ""),
        ("洋縣2024年老舊小區改造項目", "住建局", ""),
    ]
    assert not r.units.unit.str.contains("街道").any()  # 紙坊街道, 洋州街道 are where, not who


def test_table_row_whose_task_starts_with_a_year_keeps_it_in_the_title():
    text = "\n".join(
        [
            "序号 | 项目名称 | 责任单位",
            "1 | 2024年农村公路生命安全防护工程 | 交通局",
            "2 | 城北小学门前道路建设项目 | 住建局",
        ]
    )
    assert units(parse_document(text)) == [
        ("2024年农村公路生命安全防护工程", "交通局", ""),
        ("城北小学门前道路建设项目", "住建局", ""),
    ]


# 国务院办公厅 国办发〔2018〕126号, 附件 第二批支持创新相关改革举措推广清单, as the page gives it (one cell per line; rows
# 15-20 left out by the source, 本文有删减): row 21 is the first row under two section rows in a row (四、… then 五、…);
# its number is a row number, not a section row's score.
GUOBAN_2018 = (
    "第二批支持创新相关改革举措推广清单\n序号\n改革举措\n主 要 内 容\n指导部门\n推广范围\n"
    "14\n创新创业团队回购地方政府产业投资基金所持股权的机制\n"
    "地方政府产业投资基金在参股高层次创新创业团队所办企业时，约定在一定时期内，创新创业团队可按照投资本金和同期商业贷款利息回购股权，"
    "激发创新创业积极性。\n国家发展改革委、财政部\n全国\n"
    "四、军民深度融合方面（共6项）\n五、管理体制创新方面（共3项）\n"
    "21\n允许地方高校自主开展人才引进和职称评审\n"
    "将职称评审和人才引进自主权下放给地方高校，允许高校因需评聘科研教学人员，自主制定招聘方案、设置岗位条件，依规发布招聘信息、"
    "组织公开招聘，及时引进“高精尖缺”人才和稳定骨干人才。\n教育部、人力资源社会保障部\n8个改革试验区域\n"
    "22\n以授权为基础、市场化方式运营为核心的科研仪器设备开放共享机制\n"
    "在不改变所有权前提下，科研仪器设备所有方与专业服务机构协议约定服务价格，或约定服务收入分配比例，授权专业服务机构对科研仪器设备"
    "进行市场化运营管理，提高科研仪器设备使用效率（免税进口的科研仪器设备按有关政策规定执行）。\n科技部、财政部、国务院国资委\n全国\n"
)


def test_first_row_under_two_section_rows_is_a_row():
    r = parse_document(GUOBAN_2018)
    assert units(r) == [
        ("创新创业团队回购地方政府产业投资基金所持股权的机制", "国家发展改革委", "财政部"),
        ("允许地方高校自主开展人才引进和职称评审", "教育部", "人力资源社会保障部"),
        ("以授权为基础、市场化方式运营为核心的科研仪器设备开放共享机制", "科技部", "财政部、国务院国资委"),
    ]


# 石城县2018年度河长制湖长制工作责任单位目标管理（绩效）考核细则, rows of its table as the page gives them (one row per
# line, empty cells left out): the header names no unit column; each row of section 二 names its unit in a cell of its
# own before the task (考核项目 spans 重点考核部门 | 县委农工部); the rows under a merged unit cell (县农粮局 over three
# rows) start with their score; section 一 (all units) and 三 name no unit.
SHICHENG_UNITS = "\n".join(
    [
        "序号 | 考核项目 | 各项分值 | 考核内容 | 评分标准 | 说明",
        "总分 | 100",
        "一、 | 通用考核项目（全部责任单位） | 40",
        "1 | 组织领导 | 8 | 组织领导 | 积极配合各乡镇开展“河长制”工作（8分）。",
        "二、 | 部门履职差异考核项目 | 60 | 按部门分值各60分考核",
        "1 | 重点考核部门 | 县委农工部 | 60 | 农村生活垃圾专项治理 | 1.探索实行农村生活垃圾分类试点（15分);2.完善城乡垃圾处理一体化体制，实行服务外包市场化运行机制,，建立农村环卫保洁机制并运行正常（20分）;3.督查指导乡镇开展农村生活垃圾、污水治理工作。（25分）",
        "2 | 县农粮局 | 30 | 持续推进畜禽养殖污染控制 | 1.加强监督管理，防止禁养区内已关闭或搬迁的畜禽养殖场复养（5分）;2.建立畜禽养殖污染台账（5分）;3.科学指导限养区和可养区内畜禽养殖场，配套建设粪污处理利用设施（20分）",
        "15 | 持续推进农业化肥、农药减量化治理 | 1.继续推进农作物病虫专业化统防统治与绿色防控融合示范点（5分）;2.推广生物农药和高效低残留化学农药安全科学使用技术，推进农业废弃物综合利用，严禁农业废弃物入河、污染水体（10分）。",
        "15 | 持续开展渔业资源保护专项整治 | 对依法依规查处破坏渔业资源案件，严厉查处电、毒、炸鱼等非法捕捞行为，年内全县查处非法捕捞案件10例以上（含简易案件）;否则按完成比例得分（15分）。",
        "3 | 县工信局 | 60 | 持续加强工矿企业及工业聚集区水污染防治 | 1.逐步完善工业聚集区污水集中处理设施（含管网）建设，完善在线监测（35分）;2.制订规模以上工业企业污染控制和工业节水方案（25分）。",
        "14 | 一般考核部门 | 县委组织部 | 60 | 将河长履职情况纳入考核工作 | 1.指导县级责任单位和乡（镇）结合党课开展河长制工作学习宣传（40分）2.对河长制相关责任领导就河长制工作履职情况进行考察（10分）3.在相关干部培训中开展水生态文明，河长制工作学习（10分）",
        "15 | 县委宣传部 | 60 | 组织河道保护管理的宣传教育和舆论引导 | 1.指导乡镇制定河长制河道保护管理宣传工作方案，建立教育宣传引导机制（20分）2.指导乡镇开展宣传工作（10分）3.开展生态文明建设 “进园区、进社区、进企业、进农村”宣传活动，宣传工作（20分）4.对破坏河道环境，影响河道保护的人和事进行曝光（10分）",
        "三、 | 综合奖扣分项目 | 上级对口部门河长制内容检查评比情况 | 1.部门年终省、市对口单位考核结果列全省、市前3名的分别奖10分、5分、3分 ；年内被省、市书面通报表扬的分别奖10分、5分2.部门年终省、市对口单位河长制工作考核结果扣分的按扣分比例拆算扣分分值；年内被省、市书面通报批评的分别扣5分、3分",
    ]
)


def test_unit_cell_before_the_task_without_a_header_word_and_merged_unit_cells():
    r = parse_document(SHICHENG_UNITS)
    assert units(r) == [
        ("农村生活垃圾专项治理", "县委农工部", ""),
        ("持续推进畜禽养殖污染控制", "县农粮局", ""),
        ("持续推进农业化肥、农药减量化治理", "县农粮局", ""),
        ("持续开展渔业资源保护专项整治", "县农粮局", ""),
        ("持续加强工矿企业及工业聚集区水污染防治", "县工信局", ""),
        ("将河长履职情况纳入考核工作", "县委组织部", ""),
        ("组织河道保护管理的宣传教育和舆论引导", "县委宣传部", ""),
    ]
    assert r.tasks.section_title.tolist() == ["重点考核部门"] * 5 + ["一般考核部门"] * 2
    assert r.tasks.description.iloc[2].startswith("1.继续推进农作物病虫专业化统防统治")


# Each task's source is its table row as the document writes it (the scorer and the Import page show it beside the
# task), not the task line the table became: a row per line (one broken over two lines keeps both), a row's cells
# one per line, a task given as key-value lines.
def test_each_table_row_keeps_the_row_as_written_for_its_source():
    from lib.importer.tables_text import flatten_tables

    by_unit_cell = [
        "序号 | 考核项目 | 分值 | 考核内容 | 评分标准",
        "1 | 重点部门 | 县水利局 | 30 | 推进河道清淤 | 完成清淤10公里（30分）",
        "8 | 开展岸线整治 | 清理占用岸线（8分）",
        "2 | 县环保局 | 60 | 加强水源保护 | 建立保护区台账（60分）",
        "3 | 县林业局 | 60 | 加强湿地保护 | 开展湿地巡查（60分）",
    ]
    headed = [
        "| 序号 | 重点任务 | 责任单位 |",
        "| 1 | 推进政务服务 | 县政务服务中心 |",
        "| 2 | 推进老旧",
        "小区改造 | 县住建局 |",
    ]
    per_cell = "序号 重点工作 责任领导 责任科室 1 推进水库建设 张三 县水利局 2 推进城镇建设 李四 县住建局".split()
    records = ["工作任务：推进水库建设", "牵头单位：县水利局", "工作任务：推进城镇建设", "牵头单位：县住建局"]
    records.append("完成时限：年内完成")
    cases = [
        (by_unit_cell, by_unit_cell[1:]),
        (headed, [headed[1], "\n".join(headed[2:])]),
        (["\n".join(per_cell)], ["\n".join(per_cell[4:8]), "\n".join(per_cell[8:])]),  # one cell per line
        (records, ["\n".join(records[:2]), "\n".join(records[2:])]),  # key-value records
    ]
    for table, rows in cases:
        flat, sources = flatten_tables("某县任务分工表\n" + "\n".join(table) + "\n以上任务请抓好落实。")
        lines = flat.splitlines()
        tasks = [n for n, line in enumerate(lines) if n in sources and line[:1].isdigit()]
        assert [sources[n] for n in tasks] == rows
        assert lines[-1] == "以上任务请抓好落实。" and len(lines) - 1 not in sources


def test_table_without_a_unit_column_does_not_take_its_places_for_units():
    text = "\n".join(
        [
            "序号 | 项目名称 | 建设地点 | 建设内容",
            "1 | 城北小学门前道路建设项目 | 纸坊街道 | 建成唐塔北路延伸段道路。",
            "2 | 老旧小区改造项目 | 洋州街道 | 实施西苑小区房屋功能改善。",
            "3 | 高标准农田建设项目 | 谢村镇 | 实施田块整治500亩。",
        ]
    )
    from lib.importer.tables_text import tasks_from_rows

    assert tasks_from_rows([row.split(" | ") for row in text.splitlines()]) is None  # (a .docx table: no tasks)
    import pytest

    from lib.importer.errors import DocumentError

    with pytest.raises(DocumentError):  # pasted: no task found, rather than 纸坊街道 as a unit
        parse_document(text)
