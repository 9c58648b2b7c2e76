"""The importer on short excerpts quoted from real documents of the corpus, and on each form class it reads.

Excerpts are copied verbatim from the files named (../shared/corpus/ and corpus/*/), so what they assert is what a
user importing that document sees: the units as the document writes them, in order, and who leads.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lib.importer import DocumentError, parse_document
from lib.importer.grammar import cn_value
from lib.importer.parse import tasks_with_deadlines
from lib.importer.script import simplified_copy
from lib.importer.tables_text import flatten_text_tables, tasks_from_rows
from lib.importer.units import split_span_units
from lib.textsafe import clean_text_name
from tests.conftest import no_hang


def units(result) -> list[tuple[str, str, str, bool]]:
    """(title, lead units, support units, lead inferred) per task."""
    t = result.tasks
    return list(zip(t.title, t.lead_units, t.support_units, t.lead_inferred.astype(bool), strict=True))


def kinds(result) -> list[str]:
    return [w.kind for w in result.warnings]


# --- real excerpts -------------------------------------------------------------------------------------------

# beijing_2020_zhongxiaoweiqiye.txt: the whole document is one line, paragraphs separated by single spaces.
BEIJING = (
    "一、减轻中小微企业负担 1.停征部分行政事业性收费。疫情期间，对受影响较大的中小微企业停征特种设备检验费、"
    "污水处理费、占道费。(责任单位：市财政局、市发展改革委、市市场监管局、市水务局、市交通委、各区政府) "
    "2.减免中小微企业房租。中小微企业承租京内市及区属国有企业房产从事生产经营活动，按照政府要求坚持营业或依照防疫规定"
    "关闭停业且不裁员、少裁员的，免收2月份房租；承租用于办公用房的，给予2月份租金50%的减免。(责任单位：市国资委)"
)


def test_one_line_document_beijing_finds_each_numbered_task_and_keeps_names_as_written():
    r = parse_document(BEIJING)
    assert units(r) == [
        ("停征部分行政事业性收费", "市财政局", "市发展改革委、市市场监管局、市水务局、市交通委、各区政府", True),
        ("减免中小微企业房租", "市国资委", "", True),
    ]
    assert list(r.tasks.section_title) == ["减轻中小微企业负担"] * 2


# shenyang_2020_yixianyiwurenyuan.txt: one line, paragraphs separated by full-width spaces.
SHENYANG = (
    "\u3000\u3000（一）各定点医院要结合实际，为一线医务人员提供必要的隔离休息场所，配备必需的基本生活用品，安排专人提供"
    "後勤保障服务，为一线医务人员创造良好条件。（责任单位：市卫生健康委） \u3000\u3000（二）建立一线医务人员轮休制度，"
    "在保证正常防控救治工作前提下，科学测算工作负荷，合理安排作息时间，采取轮休、调休等方式，保证一线医务人员得到及时"
    "休整。（责任单位：市卫生健康委）"
)


def test_full_width_space_paragraphs_shenyang():
    r = parse_document(SHENYANG)
    assert [(t, lead) for t, lead, _, _ in units(r)] == [
        ("各定点医院要结合实际,为一线医务人员提供必要的隔离休息场所,配备必需的基本生活用品,安排专人提供後勤保障服务,"
         "为一线医务人员创造良好条件", "市卫生健康委"),
        ("建立一线医务人员轮休制度,在保证正常防控救治工作前提下,科学测算工作负荷,合理安排作息时间,采取轮休、调休等方式,"
         "保证一线医务人员得到及时休整", "市卫生健康委"),
    ]  # fmt: skip


# nanchong_2018_cailanzishizhangfuzezhi.txt: 第X条 articles, bare lists, the rule stated in the first bracket and a
# 数据来源 line after each list.
NANCHONG = (
    "\u3000\u3000第七条 蔬菜面积（8分）。指县（市、区）各种蔬菜（含食用菌，不含西甜瓜、马铃薯、草莓）的播种面积。"
    "（市农牧业局、市发展改革委、市财政局、市国土资源局、市环境保护局、市统计局，列首的为牵头单位，下同） "
    "\u3000\u3000数据来源：市统计局数据 \u3000\u3000第八条 蔬菜产量（8分）。指县（市、区）生产的各种蔬菜（含食用菌，"
    "不含西甜瓜、马铃薯、草莓，也不含蔬菜加工产品）的产量。（市农牧业局、市发展改革委、市财政局、市国土资源局、"
    "市环境保护局） \u3000\u3000数据来源：市统计局数据"
)


def test_articles_bare_lists_and_a_stated_first_listed_rule_nanchong():
    r = parse_document(NANCHONG)
    assert [(lead, sup, inf) for _, lead, sup, inf in units(r)] == [
        ("市农牧业局", "市发展改革委、市财政局、市国土资源局、市环境保护局、市统计局", False),
        ("市农牧业局", "市发展改革委、市财政局、市国土资源局、市环境保护局", False),
    ]
    assert "inferred_lead" not in kinds(r)  # the document states who leads
    assert not any("数据来源" in d for d in r.tasks.description)


# guoban_2018_tiyujingsaibiaoyan.txt: several brackets in one item, each closing its own sentences, the next
# sentence starting right after the bracket.
TIYU = (
    "（十）鼓励创新创业。大力推进商事制度改革，营造良好的体育竞赛表演产业准入环境。（市场监管总局负责）"
    "加强体育产业创新创业教育服务，帮助企业、高校等有效对接。创新人才培养机制，支持有条件的高等院校设置相关专业和课程。"
    "鼓励退役运动员投身体育竞赛表演产业。（体育总局、教育部负责）"
)


def test_one_task_per_bracket_tiyu():
    r = parse_document(TIYU)
    assert [(t[:10], lead, sup) for t, lead, sup, _ in units(r)] == [
        ("鼓励创新创业", "市场监管总局", ""),
        ("加强体育产业创新创业", "体育总局", "教育部"),
    ]


# guoban_2018_wufeichengshi.txt: unnumbered paragraphs under an item, 指导, and a standing note in the bracket.
WUFEI = (
    "（一）强化顶层设计引领，发挥政府宏观指导作用。建立“无废城市”建设指标体系，发挥导向引领作用。"
    "（生态环境部牵头，国家发展改革委、工业和信息化部、住房城乡建设部、农业农村部、国家统计局参与）\n"
    "优化固体废物管理体制机制，强化部门分工协作。根据城市经济社会发展实际，以深化地方机构改革为契机，建立部门责任清单，"
    "进一步明确各类固体废物产生、收集、转移、利用、处置等环节的部门职责边界，提升监管能力，形成分工明确、权责明晰、"
    "协同增效的综合管理体制机制。（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）\n"
)


def test_unnumbered_paragraphs_and_standing_notes_wufeichengshi():
    r = parse_document(WUFEI)
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("生态环境部", "国家发展改革委、工业和信息化部、住房城乡建设部、农业农村部、国家统计局"),
        ("生态环境部", "试点城市政府"),
    ]
    assert r.tasks.title[1] == "优化固体废物管理体制机制,强化部门分工协作"


# xianning-xianan_2023_zhengfugongzuobaogao-fenjie.txt: people (责任领导) before the units; two leads.
XIANAN = (
    "  6.一般公共预算收入增长12%以上。(责任领导:杜新国;牵头单位:区财政局、区税务局)\n\n"
    "  7.城乡居民收入增长与经济增长基本同步。(责任领导:杜新国、丁玲;牵头单位:区发改局、区农业农村局)\n"
)


def test_people_are_not_units_xianan():
    r = parse_document(XIANAN)
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [("区财政局、区税务局", ""), ("区发改局、区农业农村局", "")]
    assert not {"杜新国", "丁玲"} & set(r.units.unit)


# chongqing-shapingba_2022_zhengfugongzuobaogao-mubiaorenwu.txt: a table flattened to one cell per line.
SHAPINGBA = (
    "序号\n\n2022年预期目标\n\n责任单位\n\n1\n\n地区生产总值增长5.5%左右\n\n区发展改革委\n\n2\n\n"
    "固定资产投资增长6%左右\n\n区发展改革委\n\n3\n\n工业增加值增长7%左右\n\n区经济信息委\n\n请各单位抓好落实。"
)


def test_flattened_table_one_cell_per_line_shapingba():
    r = parse_document(SHAPINGBA)
    assert [(t, lead) for t, lead, _, _ in units(r)] == [
        ("地区生产总值增长5.5%左右", "区发展改革委"),
        ("固定资产投资增长6%左右", "区发展改革委"),
        ("工业增加值增长7%左右", "区经济信息委"),
    ]


# chizhou-xinfangju_nd_zhengwugongkai-renwuqingdan.txt: cells between '|' lines, an unheaded row number, an area
# cell spanning two rows (rows 3 and 4), a deadline column.
CHIZHOU = (
    "工作任务\n|\n具体要求\n|\n责任科室\n|\n时限要求\n|\n强化行政规范性文件集中规范公开\n|\n1\n|\n"
    "对行政规范性文件进行全面清理,并向社会公布现行有效行政规范性文件目录。\n|\n办公室\n|\n年底前\n|\n"
    "深化政策解读形式\n|\n2\n|\n积极做好政策解读工作,持续提升政策解读质量,丰富解读形式。\n|\n各科室\n|\n持续推进\n|\n"
    "做好主动公开基础工作\n|\n3\n|\n严格规范政府信息公开专栏,及时、集中、规范发布法定主动公开内容。\n|\n各科室\n|\n"
    "持续推进\n|\n4\n|\n规范做好政府信息公开工作年度报告编制发布工作,将年度重点工作任务落实情况纳入年报,确保体例规范、"
    "数据准确,接受社会监督。\n|\n办公室\n|\n持续推进\n|\n"
)


def test_pipe_table_with_a_merged_area_cell_and_deadlines_chizhou():
    r = parse_document(CHIZHOU)
    got = [(s, t[:8], lead) for s, t, lead in zip(r.tasks.section_title, r.tasks.title, r.tasks.lead_units)]
    assert got == [
        ("强化行政规范性文件集中规范公开", "对行政规范性文件", "办公室"),
        ("深化政策解读形式", "积极做好政策解读", "各科室"),
        ("做好主动公开基础工作", "严格规范政府信息", "各科室"),
        ("做好主动公开基础工作", "规范做好政府信息", "办公室"),
    ]
    assert list(r.deadlines.deadline_text) == ["年底前", "持续推进", "持续推进", "持续推进"]


# xiangxi_2020_fangguanfu-yingshanghuanjing.txt: traditional script with pinyin glosses, 及 between two units
# and the deadline closing the bracket.
XIANGXI = (
    "1.加大簡政放權力度。堅持依法放權、宜放則放的原則,承接好省下放行政許可事項,下放一批管理審批權限。"
    "(牽頭單位:州行政審批服務局;責任單位:州司法局、州委編辦及州直相關單位,各縣市人民政府、湘西經(jīng)開區(qū)管委會,"
    "6月底完成)\n"
)


def test_traditional_script_keeps_the_documents_characters_xiangxi():
    r = parse_document("2020年2月22日\n" + XIANGXI)
    assert units(r) == [(
        "加大簡政放權力度", "州行政審批服務局",
        "州司法局、州委編辦、州直相關單位、各縣市人民政府、湘西經(jīng)開區(qū)管委會", False,
    )]  # fmt: skip
    assert r.tasks.description[0].startswith("堅持依法放權")
    assert tasks_with_deadlines(r)[["deadline_text", "deadline"]].values.tolist() == [["6月底完成", "2020-06-30"]]


# corpus/local/guoban_2004_hubei-banliqingkuang.txt: no brackets; a sentence names who handled the item.
HUBEI_2004 = (
    "二、关于支持国有企业主辅分离问题。你省请求，国家对在湖北的中央企业实行主辅分离给予一定的补助。\n"
    "国资委会同财政部、劳动保障部提出了办理意见：根据有关规定，辅业改制企业职工解除劳动关系的经济补偿金的支付渠道是"
    "国有企业的净资产。\n"
)


def test_running_text_handling_sentence_guoban_2004():
    r = parse_document(HUBEI_2004)
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [("国资委", "财政部、劳动保障部")]


# corpus/tables/beijing-shijingshan_2019_jiedaogongzuo-renwufenjie.txt: PDF text, a label line wrapped inside a
# name (园区党工 / 委), a page footer.
SHIJINGSHAN = (
    "1.完善街道党工委对地区治理重大工作的领导体制机制,优\n化决策程序,确保党的路线方针政策在\n基层有效贯彻落实。\n"
    "牵头单位:区委组织部\n协办单位:区委编办、区民政局(区委社会工委)、园区党工\n委、各街道党工委\n— — — 3 —\n"
)


def test_wrapped_label_lines_shijingshan():
    r = parse_document(SHIJINGSHAN)
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("区委组织部", "区委编办、区民政局(区委社会工委)、园区党工委、各街道党工委")
    ]


# corpus/tables/lishui_2023_zhengfugongzuobaogao-zerenfenjie.txt: a rule glued to the list, 分别牵头.
LISHUI = (
    "4.固定资产投资增长10%。\n\n责任单位:市发改委、市经信局、市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,"
    "下同)\n\n5.社会消费品零售总额增长5%,外贸出口增长5%。\n\n责任单位:市商务局\n\n"
    "6.城乡居民收入增速保持全省领先、农民收入增速快于城镇居民。\n\n责任单位:市人力社保局、市农业农村局分别牵头\n"
)


def test_glued_rule_note_and_both_lead_lishui():
    r = parse_document(LISHUI)
    assert [(lead, sup, inf) for _, lead, sup, inf in units(r)] == [
        ("市发改委", "市经信局、市卫生健康委", False),
        ("市商务局", "", False),
        ("市人力社保局、市农业农村局", "", False),
    ]


# corpus/tables/suining_2020_zhongxiaoweiqiye.txt: rule and a standing note inside the 〔〕 bracket.
SUINING = (
    "1．支持防控疫情所需物资生产企业。对疫情防控物资生产企业抓紧开展扩产扩能技术改造并且符合条件的给予设备购置补助。"
    "〔责任单位：市经济和信息化局、市发展改革委、市财政局、市税务局，各县（市、区）政府、市直园区管委会；"
    "列首位的为牵头单位，下同。以下各项工作任务均涉及各县（市、区）、市直园区，不再单独列出〕"
)


def test_standing_note_is_not_a_unit_suining():
    r = parse_document(SUINING)
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("市经济和信息化局", "市发展改革委、市财政局、市税务局、各县(市、区)政府、市直园区管委会")
    ]


# --- form classes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbering found in running text, not by line ends
        ("1.推进A。（市发改委牵头，市财政局配合）2.推进B。（市财政局牵头，市税务局配合）",
         [("推进A", "市发改委", "市财政局"), ("推进B", "市财政局", "市税务局")]),
        ("一、产业 （一）推进A。（牵头单位：市经信局） （二）推进B。（牵头单位：市财政局）二、科技 （一）推进C。（市科技局负责）",
         [("推进A", "市经信局", ""), ("推进B", "市财政局", ""), ("推进C", "市科技局", "")]),
        ("①推进A。（牵头单位：市发改委）②推进B。（牵头单位：市财政局）",
         [("推进A", "市发改委", ""), ("推进B", "市财政局", "")]),
        ("第一条 推进A。（牵头单位：市发改委）第二条 推进B。（牵头单位：市财政局）",
         [("推进A", "市发改委", ""), ("推进B", "市财政局", "")]),
        # a number inside a sentence is not a marker: 2.5 and 3、 do not continue 1.
        ("1.推进A，增长2.5%，完成3、4项工作。（牵头单位：市发改委）", [("推进A,增长2.5%,完成3、4项工作", "市发改委", "")]),
        # verbs and labels
        ("1.推进A。（省发展改革委、省财政厅等和各有关市州政府负责）",
         [("推进A", "省发展改革委", "省财政厅、各有关市州政府")]),
        ("1.推进A。（省发展改革委会同有关部门负责）", [("推进A", "省发展改革委", "有关部门")]),
        ("1.推进A。部门分工：省发展改革委牵头，各地、各部门配合。", [("推进A", "省发展改革委", "各地、各部门")]),
        ("1.推进A。牵头责任单位：省财政厅；协同责任单位：省税务局、省商务厅",
         [("推进A", "省财政厅", "省税务局、省商务厅")]),
        ("1.推进A。（责任领导：张三；分管领导：李四；牵头单位：区发改局）", [("推进A", "区发改局", "")]),
        ("1.推进A。（负责部门：自然资源部；适用范围：所有自贸试验区）", [("推进A", "自然资源部", "")]),
        # a role word replaced by a synonym in a spun mirror: after a known verb, after 按职责分工, after a name
        ("1.推进A。(省发改委牵头卖力)\n2.推进B。(省财政厅、省商务厅等省有关部门和各地级以上市人民政府按职责分工卖力)",
         [("推进A", "省发改委", ""), ("推进B", "省财政厅", "省商务厅、各地级以上市人民政府")]),
        ("1.推进A。（市住建局肩负，市财政局配合）", [("推进A", "市住建局", "市财政局")]),
        # a single unnumbered sentence group in text stored as one line, prose after it
        ("强化A建设。年底前完成。(省生态环境厅牵头，市县政府负责落实) 严格落实B规定,避免C...",
         [("强化A建设", "省生态环境厅", "市县政府")]),
        # 由X会同Y… after the item's 关于…的问题, no bracket: X leads, the units after 会同 support; 等部门 dropped
        ("一、工作分工\n(一)关于“推进A”的问题,由发展改革委会同农业部、财政部、粮食局等部门研究提出落实意见。\n"
         "(二)关于“推进B”的问题,由国土资源部会同农业部等部门负责落实。\n(三)关于“推进C”的问题,各地要抓紧落实。",
         [("关于“推进A”的问题,由发展改革委会同农业部、财政部、粮食局等部门研究提出落实意见", "发展改革委", "农业部、财政部、粮食局"),
          ("关于“推进B”的问题,由国土资源部会同农业部等部门负责落实", "国土资源部", "农业部"),
          ("关于“推进C”的问题,各地要抓紧落实", "", "")]),
        # 和 between two names splits them; inside one name it does not
        ("1.推进A。（责任单位：住房和城乡建设部、市委编办及市直相关单位）",
         [("推进A", "住房和城乡建设部", "市委编办、市直相关单位")]),
    ],
)  # fmt: skip
def test_form_classes(text, expected):
    r = parse_document(text)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == expected


def test_a_collective_ending_in_its_institution_is_whole_a_bare_place_word_shares_it():
    r = parse_document("1.推进A。(责任单位:市财政局,各县区人民政府、园区管委会)")
    assert r.units.unit.tolist() == ["市财政局", "各县区人民政府", "园区管委会"]
    r = parse_document("1.推进A。(牵头单位:市生态环境局;责任单位:各县、区人民政府(管委会))")
    assert r.units.unit.tolist() == ["市生态环境局", "各县、区人民政府(管委会)"]


def test_a_first_listed_rule_at_the_top_or_glued_to_a_list():
    for text in [
        "（排在首位的为牵头单位）\n1.推进A。（区发改局、区财政局）\n2.推进B。（区财政局、区商务局）",
        "1.推进A。（区发改局、区财政局）\n2.推进B。（区财政局、区商务局、区科协（排在首位的为牵头单位））",
    ]:
        r = parse_document(text)
        assert (
            [(lead, sup, inf) for _, lead, sup, inf in units(r)]
            == [
                ("区发改局", "区财政局", False),
                ("区财政局", "区商务局", False),
            ]
            if "科协" not in text
            else [("区发改局", "区财政局", False), ("区财政局", "区商务局、区科协", False)]
        )
        assert "inferred_lead" not in kinds(r)


def test_without_a_rule_the_first_listed_lead_is_marked_inferred():
    r = parse_document("1.推进A。（区发改局、区财政局）")
    assert units(r) == [("推进A", "区发改局", "区财政局", True)]
    assert kinds(r) == ["inferred_lead"]


def test_names_as_written_no_alias_table_unless_one_is_passed():
    text = "1.推进A。（牵头单位：市人力资源和社会保障局；责任单位：市科技局）"
    r = parse_document(text)
    assert (r.tasks.lead_units[0], r.tasks.support_units[0]) == ("市人力资源和社会保障局", "市科技局")
    r = parse_document(text, {"市科技局": "市科技创新局"})
    assert r.tasks.support_units[0] == "市科技创新局"


def test_variant_spellings_are_offered_not_merged():
    r = parse_document(
        "1.推进A。（牵头单位：市发展和改革委员会）\n2.推进B。（牵头单位：市发改委）\n3.推进C。（牵头单位：市发改委）"
    )
    assert list(r.tasks.lead_units) == ["市发展和改革委员会", "市发改委", "市发改委"]
    assert [(w.kind, w.value) for w in r.warnings] == [("variant_name", "市发展和改革委员会")]


def test_units_above_the_task_level_are_reported_not_dropped():
    r = parse_document("一、产业(牵头单位:市发改委)\n(一)发展A。(牵头单位:市经信局)\n(二)发展B。(牵头单位:市财政局)")
    assert list(r.tasks.lead_units) == ["市经信局", "市财政局"]
    assert [(w.kind, w.task_id) for w in r.warnings] == [("units_outside_tasks", "1.1")]
    assert "一、产业(牵头单位:市发改委)" in r.warnings[0].message_zh


def test_an_item_above_the_task_level_with_its_own_text_and_units_is_a_task():
    text = (
        "五、保障(十四)落实审查制度。健全流程。\n"
        "(八)提升查询便利度。各相关部门支持线下查询。(责任单位:市高院、市公安局等;各区政府)\n"
        "2.完善验收制度。(责任部门:市住建委、市规划资源局)"
    )
    r = parse_document(text)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == [
        ("提升查询便利度", "市高院", "市公安局、各区政府"),
        ("完善验收制度", "市住建委", "市规划资源局"),
    ]
    assert "units_outside_tasks" not in kinds(r)


def test_markdown_bullets_and_a_bare_list_after_a_quotation():
    text = (
        "二、创新 (items 1–2) · 三、保障 (3).\n"
        "- **(一) 推进技术突破** — 「推动重点技术研发…」（工信部、公安部）\n"
        "- **(二) 研发新型装备** — 「加强装备研发推广。」（工业和信息化部负责）\n"
        "- **(三) 强化组织实施** — 「各企业要强化任务落实…」"
    )
    r = parse_document(text)
    got = [(t, lead, sup) for t, lead, sup, _ in units(r)]
    assert got[:2] == [("推进技术突破 — 「推动重点技术研发…」", "工信部", "公安部"), ("研发新型装备 — 「加强装备研发推广", "工业和信息化部", "")]
    assert not any("**" in t for t in r.tasks.title)


def test_an_item_dividing_the_work_in_running_text_gives_a_task_per_clause():
    text = (
        "一、组织实施 （一）组织领导。各地要明确牵头部门。 （二）任务分工。县级人社部门负责收集信息，"
        "县级卫生健康部门负责指定服务机构、调配医务人员，乡镇（街道）负责组织候检，做好防护。"
        "交通运输部门为务工人员提供运输保障。 （三）宣传动员。各地要加强宣传。"
    )
    r = parse_document(text)
    assert [(t, lead) for t, lead, _, _ in units(r)] == [
        ("县级人社部门负责收集信息", "县级人社部门"),
        ("县级卫生健康部门负责指定服务机构、调配医务人员", "县级卫生健康部门"),
        ("乡镇(街道)负责组织候检,做好防护", "乡镇(街道)"),
        ("交通运输部门为务工人员提供运输保障", "交通运输部门"),
    ]
    assert r.tasks.task_id.tolist() == ["1.1", "1.2", "1.3", "1.4"]


def test_a_damaged_one_line_copy_whose_spans_lost_their_opening_bracket():
    text = (
        "推动省重点实验室围绕重点产业需求开展攻关,〔省科技厅〕三、鼓励组建创新联合体,对牵头承担国家项目的给予支持,"
        "各市(地)、县(市、区)政府(行署)〕五、壮大高新技术企业群体,各市(地)政府(行署)〕"
        "六、实施科技特派员制度,〔省科技厅、省财政厅〕以往与本措施不一致的,以本措施为准。"
    )
    r = parse_document(text)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == [
        ("推动省重点实验室围绕重点产业需求开展攻关", "省科技厅", ""),
        ("鼓励组建创新联合体,对牵头承担国家项目的给予支持", "各市(地)、县(市、区)政府(行署)", ""),
        ("壮大高新技术企业群体", "各市(地)政府(行署)", ""),
        ("实施科技特派员制度", "省科技厅", "省财政厅"),
    ]


def test_label_brackets_that_lost_their_closing_bracket_in_a_one_line_text():
    text = (
        "制定以下措施。 1.设立专项资金,支持企业防疫。(责任单位:区国资委、区财政局 2.搭建物资平台。(责任单位:区投促中心) "
        "区属企业减免租金,免收一个月房租。(责任单位:区国资委、区商务局 4.鼓励业主减免房租。(责任单位:区财政局)"
    )
    r = parse_document(text)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == [
        ("设立专项资金,支持企业防疫", "区国资委", "区财政局"),
        ("搭建物资平台", "区投促中心", ""),
        ("区属企业减免租金,免收一个月房租", "区国资委", "区商务局"),
        ("鼓励业主减免房租", "区财政局", ""),
    ]


def test_two_names_run_together_split_only_where_the_document_names_one_elsewhere():
    r = parse_document(
        "1.设立专项资金。(责任单位:区国资委、区政府集体资产监管办区住房城市建设委)\n"
        "2.减免租金。(责任单位:区国资委、区政府集体资产监管办)\n"
        "3.建设园区。(责任单位:区发展改革委区科委)"
    )
    assert r.tasks.support_units.tolist() == ["区政府集体资产监管办、区住房城市建设委", "区政府集体资产监管办", ""]
    assert r.tasks.lead_units.tolist()[2] == "区发展改革委区科委"  # neither part named elsewhere: as written


# --- tables as rows -------------------------------------------------------------------------------------------


def test_tasks_from_rows_reads_columns_by_header_words_and_carries_merged_cells():
    rows = [
        ["序号", "重点任务", "责任领导", "牵头单位", "配合单位", "完成时限"],
        ["1", "推进A", "张三", "市发改委", "市财政局、市商务局", "2024年6月底前"],
        ["2", "推进B", "张三", "", "", "长期坚持"],  # merged unit cells above
        ["3", "推进C", "李四", "市财政局", "", ""],
    ]
    lines = tasks_from_rows(rows)
    assert lines == [
        "1.推进A(牵头单位:市发改委;配合单位:市财政局、市商务局;完成时限:2024年6月底前)",
        "2.推进B(牵头单位:市发改委;配合单位:市财政局、市商务局;完成时限:长期坚持)",
        "3.推进C(牵头单位:市财政局)",
    ]
    r = parse_document("2024年1月5日\n" + "\n".join(lines))
    assert not {"张三", "李四"} & set(r.units.unit)
    assert r.deadlines.values.tolist() == [["1.1", "2024年6月底前", "2024-06-30"], ["1.2", "长期坚持", ""]]
    assert tasks_from_rows([["甲", "乙"], ["1", "2"]]) is None


def test_rows_split_by_pipes_or_wide_spaces_in_text():
    for sep in (" | ", "\t", "　　"):
        text = "\n".join(sep.join(r) for r in [["序号", "重点任务", "牵头单位"], ["1", "推进A", "市发改委"],
                                               ["2", "推进B", "市财政局"]])  # fmt: skip
        assert flatten_text_tables(text).splitlines() == ["1.推进A(牵头单位:市发改委)", "2.推进B(牵头单位:市财政局)"]


# --- script, names, size ----------------------------------------------------------------------------------------


def test_simplified_copy_is_character_for_character():
    text = "牽頭單位：州行政審批服務局；責任單位：州委編辦。" * 3
    copy = simplified_copy(text)
    assert copy is not None and len(copy) == len(text)
    assert copy.startswith("牵头单位：州行政审批服务局")
    assert simplified_copy("牵头单位：市发改委") is None


@pytest.mark.parametrize("mark", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b"])
def test_invisible_and_direction_characters_never_make_a_second_unit(mark):
    assert clean_text_name(f"市发改委{mark}") == "市发改委"
    r = parse_document(
        f"1.推进A。（牵头单位：市发改委）\n2.推进B。（牵头单位：市发改委{mark}；责任单位：市{mark}财政局）"
    )
    assert list(r.units.unit) == ["市发改委", "市财政局"]


def test_numbering_of_any_width_keeps_every_task():
    text = "\n".join(f"{i}.推进工作{i}。(牵头单位:市发改委)" for i in range(998, 1002))
    assert list(parse_document(text).tasks.title) == ["推进工作998", "推进工作999", "推进工作1000", "推进工作1001"]
    with no_hang(120):
        r = parse_document("\n".join(f"{i}.推进工作{i}。(牵头单位:市发改委{i % 7})" for i in range(1, 100_001)))
    assert len(r.tasks) == 100_000 and r.tasks.title.iloc[-1] == "推进工作100000"


def test_a_long_one_line_document_and_stray_brackets_finish():
    with no_hang(120):
        r = parse_document(" ".join(f"{i}.推进工作{i}。(市发改委牵头,市财政局配合)" for i in range(1, 20_001)))
    assert len(r.tasks) == 20_000
    for nasty in [
        "1.推进" + "(" * 200_000,
        "一、" + "　" * 200_000 + "1.推进",
        "序号\n重点任务\n牵头单位\n" + "1\n" * 100_000,
    ]:
        with no_hang(60):
            try:
                parse_document(nasty)
            except DocumentError:
                pass


def test_chinese_numerals_and_collectives():
    assert [cn_value(s) for s in ("一", "十", "十二", "二十", "一百零三", "二〇")] == [1, 10, 12, 20, 103, 20]
    assert split_span_units("市发改委、各市、县〔区〕人民政府、各市、自治州人民政府") == [
        "市发改委",
        "各市、县〔区〕人民政府",
        "各市、自治州人民政府",
    ]


def test_deadlines_as_written_and_iso():
    r = parse_document(
        "2024年3月1日\n1.推进A。(牵头单位:市发改委;完成时限:2024年6月底前)\n2.推进B。(市发改委牵头,市财政局配合,年内持续推进)\n"
        "3.推进C。(责任单位:市财政局,长期坚持)\n4.推进D。(牵头单位:市发改委,时间节点:9月底前完成)"
    )
    assert r.deadlines.values.tolist() == [
        ["1.1", "2024年6月底前", "2024-06-30"], ["1.2", "年内持续推进", "2024-12-31"],
        ["1.3", "长期坚持", ""], ["1.4", "9月底前完成", "2024-09-30"],
    ]  # fmt: skip
    assert list(r.tasks.support_units) == ["", "市财政局", "", ""]
    frame = tasks_with_deadlines(r)
    assert list(frame.columns[-2:]) == ["deadline_text", "deadline"]
    assert isinstance(frame, pd.DataFrame) and len(frame) == 4


def test_flattened_table_wrapped_task_cell_and_merged_unit_cell():
    text = (
        "序号\n重点任务\n牵头单位\n完成时限\n1\n推进A工作，加快建设\n一批重点项目。\n市发改委\n2024年底前\n"
        "2\n推进B。\n长期坚持\n3\n推进C。\n市财政局\n长期坚持\n"
    )
    r = parse_document(text)
    assert list(zip(r.tasks.title, r.tasks.lead_units, strict=True)) == [
        ("推进A工作,加快建设一批重点项目", "市发改委"),
        ("推进B", "市发改委"),  # the unit cell spans rows 1-2
        ("推进C", "市财政局"),
    ]
    assert list(r.deadlines.deadline_text) == ["2024年底前", "长期坚持", "长期坚持"]


def test_valid_deadline_for_the_loader():
    from lib.importer.deadlines import valid_deadline

    assert [valid_deadline(v) for v in ["", None, "2024-06-30", "2024-02-30", "2024/06/30", "6月底"]] == [
        True, True, True, False, False, False,
    ]  # fmt: skip


def test_traditional_warnings_keep_their_own_wording():
    r = parse_document("1.推動政務服務導則落實。堅持依法放權。(責任單位:州司法局、州委編辦)\n" * 2 + XIANGXI)
    inferred = [w for w in r.warnings if w.kind == "inferred_lead"]
    assert inferred[0].value == "州司法局"
    assert inferred[0].message_zh == "任务 1.1 未明确牵头单位，按惯例以排在第一位的「州司法局」为牵头单位"


def test_table_row_ending_in_an_unlabelled_unit_list():
    r = parse_document("序号 | 重点任务 | \n1 | 推进A | 市发改委、市财政局\n2 | 推进B | 市财政局")
    assert units(r) == [("推进A", "市发改委", "市财政局", True), ("推进B", "市财政局", "", True)]
    # notes are not units, even when they are short
    assert (
        tasks_from_rows([["序号", "重点任务", "备注"], ["1", "推进A", "市发改委"], ["2", "推进B", "市财政局"]]) is None
    )


# --- classes found on the released corpus/unseen-*-2 folders ----------------------------------------------------

# corpus/unseen-tables-2/weihai_2023_shuziweihai-gongzuoyaodian.txt and corpus/unseen-brackets-2/
# heilongjiang_nd_wenzengzhang-fanti.txt: a collective (市直有关部门, 相關市) whose list goes on with a bare category
# word (单位, 縣政府) is one unit with its 、; a standing note glued after 。 names nobody.
WEIHAI = (
    "1.深化政务服务“网上办”。建设“24小时不打烊”网上办事大厅。(牵头单位:市行政审批服务局;责任单位:市直有关部门、单位,"
    "各区市政府、开发区管委。以下任务均需各区市政府、开发区管委落实,不再一一列出)\n\n2.优化“爱山东”“掌上办”功能。"
)
HEILONGJIANG = (
    "1.抓住國家加快鐵路建設機遇,今明兩年投資580億元。實施哈爾濱既有站改造工程。(省發改委、鐵路辦、哈爾濱鐵路局、相關市、"
    "縣政府負責)\n2.加快國省幹道和農村公路建設,今明兩年投資270億元。建設農村公路約6000公里。(省發改委、交通運輸廳、相關市、"
    "縣政府負責)"
)


def test_a_collective_goes_on_over_a_bare_category_word_after_its_separator():
    r = parse_document(WEIHAI)
    assert [(lead, sup) for _, lead, sup, _ in units(r)][0] == (
        "市行政审批服务局",
        "市直有关部门、单位、各区市政府、开发区管委",
    )
    assert r.units.unit.tolist() == ["市行政审批服务局", "市直有关部门、单位", "各区市政府", "开发区管委"]
    r = parse_document(HEILONGJIANG)
    assert r.units.unit.tolist() == ["省發改委", "鐵路辦", "哈爾濱鐵路局", "相關市、縣政府", "交通運輸廳"]
    assert [lead for _, lead, _, _ in units(r)] == ["省發改委", "省發改委"]


# corpus/unseen-brackets-2/guoban_2019_pingtaijingji.txt: a word in brackets inside a sentence, a PDF-style space
# after it ((经营场所) 登记条件), neither ends the task nor is a unit; the task's own span at its end is.
PINGTAI = (
    "   (一)推进平台经济相关市场主体登记注册便利化。放宽住所(经营场所) 登记条件,经营者通过电子商务类平台开展经营活动的,"
    "可以使用平台提供的网 络经营场所申请个体工商户登记。推进经营范围登记规范化,及时将反映 新业态特征的经营范围表述纳入登记"
    "范围。(市场监管总局负责) \n\n   (二)合理设置行业准入规定和许可。放宽融合性产品和服务准入限制。(市场监管总局牵头)"
)


def test_a_bracketed_word_mid_sentence_before_a_space_is_prose():
    r = parse_document(PINGTAI)
    assert [(t, lead) for t, lead, _, _ in units(r)] == [
        ("推进平台经济相关市场主体登记注册便利化", "市场监管总局"),
        ("合理设置行业准入规定和许可", "市场监管总局"),
    ]


# corpus/unseen-tables-2/anhui_2022_zhongdiangongzuo-zerenfenjie.txt: the small full stop ﹒ (U+FE52) as the number
# mark, a leader's line before the unit lines (a person, not a unit), 牵头责任单位 / 协同责任单位, a closing 等 dropped.
ANHUI = (
    "一、确保完成全年主要预期目标\n1﹒全省生产总值增长7%以上,在实际工作中力争更好结果。\n牵头负责领导:刘惠。\n"
    "牵头责任单位:省发展改革委。\n协同责任单位:省政府各部门、各直属机构。\n"
    "2﹒固定资产投资力争增长10%以上,在实际工作中奋力完成得更快一些。\n牵头负责领导:刘惠。\n牵头责任单位:省发展改革委。\n"
    "协同责任单位:省经济和信息化厅、省财政厅、省林业局等。\n"
)


def test_small_form_full_stop_numbers_and_leader_lines_anhui():
    r = parse_document(ANHUI)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == [
        ("全省生产总值增长7%以上,在实际工作中力争更好结果", "省发展改革委", "省政府各部门、各直属机构"),
        ("固定资产投资力争增长10%以上,在实际工作中奋力完成得更快一些", "省发展改革委", "省经济和信息化厅、省财政厅、省林业局"),
    ]
    assert "刘惠" not in r.units.unit.tolist()


# corpus/unseen-full-2/nanchang_2020_xinliweijiganyu.txt (one line): the label word in running text after 由 names
# the lead, the clause after it whose names take part the supporting unit; 等精神病专科医院 is the kind, no unit.
NANCHANG = (
    "三、组建队伍 （一）心理援助医疗队。市级由省精神病院为牵头单位，吸收市精神病院等精神病专科医院参加，人员以精神科医生"
    "为主，可有临床心理工作人员和精神科护士参加，有心理危机干预经验的人员优先入选。各县区应成立相应级别心理援助队伍，"
    "开展心理疏导工作。 （二）心理援助热线队伍。以市心理健康服务中心（设在省精神病院）的心理热线0791-88330120，"
    "提供7*24小时在线服务。"
)


def test_a_lead_named_in_running_text_by_its_label_word_nanchang():
    r = parse_document(NANCHANG)
    assert units(r)[0] == ("心理援助医疗队", "省精神病院", "市精神病院", False)
    assert r.units.unit.tolist() == ["省精神病院", "市精神病院"]


# corpus/full/xiangtan_2020_zhongxiaoqiye.txt: a collective described by a clause (…的所有部门和单位) is one unit.
XIANGTAN = (
    "五、加大清偿拖欠民营企业账款工作力度。逐月推进拖欠民营企业剩馀账款清偿工作，确保在2020年实现“清零”。"
    "（牵头单位：市减负办、市国资委；责任单位：拖欠民营企业账款的所有部门和单位）"
)


def test_a_collective_described_by_a_clause_is_one_unit_xiangtan():
    r = parse_document(XIANGTAN)
    assert units(r) == [("加大清偿拖欠民营企业账款工作力度", "市减负办、市国资委", "拖欠民营企业账款的所有部门和单位", False)]
    assert r.units.set_index("unit").category["拖欠民营企业账款的所有部门和单位"] == "collective"


# Forms issue 13 names that no corpus document shows yet (so no excerpt to quote).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a label naming units and people: the units count, the people (alone, after a title, in brackets) do not
        ("1.推进A。（责任单位及责任人：市发改委 张三，市财政局 副局长 李四）", [("推进A", "市发改委", "市财政局")]),
        ("1.推进A。\n牵头单位及责任人：县发改局（王五）\n配合单位：县财政局", [("推进A", "县发改局", "县财政局")]),
        ("1.推进A。（责任领导和责任单位：赵六、市住建局、市城管局）", [("推进A", "市住建局", "市城管局")]),
        # a unit named twice in one list is named once; leading and also among the others, it stays in both
        ("1.推进A。（责任单位：市发改委、市财政局、市发改委）", [("推进A", "市发改委", "市财政局")]),
        ("1.推进A。（牵头单位：市发改委、市发改委；配合单位：市财政局、市财政局）", [("推进A", "市发改委", "市财政局")]),
        ("1.推进A。（牵头单位：市发改委；配合单位：市财政局、市发改委）", [("推进A", "市发改委", "市财政局、市发改委")]),
    ],
)  # fmt: skip
def test_people_in_a_unit_label_and_units_named_twice(text, expected):
    r = parse_document(text)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == expected
    assert not {"张三", "李四", "王五", "赵六"} & set(r.units.unit)


# corpus/unseen-brackets-2/shandong_nd_shuzijingji-fanti.txt: a traditional mirror with pinyin after characters, also
# inside names; the names stay as written, glosses and all, and read as the institutions they are.
SHANDONG = (
    "一、建立數字設施支撐能(néng)力提升機制\n1.實施“網絡能(néng)力”提升行動。統籌5G網絡建設布局,加快建設高質(zhì)量、"
    "大規模獨立組網5G網絡。實施山(shān)東OTN(光傳送網)一體(tǐ)化工(gōng)程、核心網北部大區(qū)擴容工(gōng)程。"
    "(責任單位:省通信管理(lǐ)局、省工(gōng)業和信息化廳、省财政廳、省大數據局)\n2."
)


def test_pinyin_glosses_stay_in_names_shandong():
    r = parse_document(SHANDONG)
    assert units(r)[0] == (
        "實施“網絡能(néng)力”提升行動",
        "省通信管理(lǐ)局",
        "省工(gōng)業和信息化廳、省财政廳、省大數據局",
        True,
    )
    assert r.units.set_index("unit").category["省通信管理(lǐ)局"] == "government"


# The same kind of mirror with glosses inside the role words (負(fù)責(zé), 牽(qiān)頭單位): the roles still read.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.推進經濟發(fā)展。加快建設。（省發(fā)改委、省財政廳負(fù)責(zé)）\n2.推進創(chuàng)新。（省科技廳負責）",
         [("推進經濟發(fā)展", "省發(fā)改委", "省財政廳"), ("推進創(chuàng)新", "省科技廳", "")]),
        ("1.推進經濟發(fā)展。加快建設。（牽(qiān)頭單位：省發改委；責(zé)任單位：省財政廳）\n2.推進創新。（牽頭單(dān)位：省科技廳）",
         [("推進經濟發(fā)展", "省發改委", "省財政廳"), ("推進創新", "省科技廳", "")]),
    ],
)  # fmt: skip
def test_pinyin_glosses_inside_role_words(text, expected):
    r = parse_document(text)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == expected
    assert not any("單位" in u or "負" in u for u in r.units.unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 由X牵头,Y配合 in running text: X leads, Y supports
        ("（一）推进A。由市发改委牵头，市财政局配合。（二）推进B。由市财政局负责。",
         [("推进A", "市发改委", "市财政局"), ("推进B", "市财政局", "")]),
        # …but a body described so (建立由X牵头,Y参与的联席会议) assigns no task
        ("一、总则\n（一）建立由市农牧业局牵头,市商务粮食局参与的联席会议制度。\n二、任务\n（一）推进A。（市商务粮食局负责）",
         [("推进A", "市商务粮食局", "")]),
        # 各省、自治区、直辖市人民政府 is one collective
        ("1.推进A。（各省、自治区、直辖市人民政府负责）", [("推进A", "各省、自治区、直辖市人民政府", "")]),
    ],
)  # fmt: skip
def test_running_text_lead_with_its_supporters_and_national_collectives(text, expected):
    r = parse_document(text)
    assert [(t, lead, sup) for t, lead, sup, _ in units(r)] == expected


# corpus/unseen-brackets-3/guoban_2020_fangguanfu-fengong.txt (national 分工方案): a task-group item (一) with its own
# unit bracket, then 具体措施: and numbered measures with theirs. The group item is a task, and so is each measure.
GUOBAN_GROUP = (
    "一、把实施好宏观政策和深化“放管服”改革结合起来,提高宏观政策实施的时效性和精准性\n"
    "(一)研究将财政资金直达机制实施中的好做法制度化,落实减税降费政策,为保就业、保民生、保市场主体提供支撑。"
    "(财政部、国家发展改革委、工业和信息化部、民政部、人力资源社会保障部、交通运输部、人民银行、税务总局、市场监管总局、"
    "银保监会等国务院相关部门及各地区按职责分工负责)\n"
    "具体措施:\n"
    "1.及时总结财政资金直达基层的经验做法,进一步完善财政资金直达机制,优化完善直达资金监控系统功能,督促各地区加强"
    "直达资金日常监控,确保资金落实到位、规范使用。(财政部牵头,国务院相关部门及各地区按职责分工负责)\n"
)


def test_group_item_with_its_own_units_over_measures_is_a_task_guoban():
    r = parse_document(GUOBAN_GROUP)
    group, measure = units(r)
    assert group[0].startswith("研究将财政资金直达机制实施中的好做法制度化")
    assert group[1:] == (
        "财政部",
        "国家发展改革委、工业和信息化部、民政部、人力资源社会保障部、交通运输部、人民银行、税务总局、市场监管总局、银保监会、各地区",
        True,
    )
    assert measure == ("及时总结财政资金直达基层的经验做法,进一步完善财政资金直达机制,优化完善直达资金监控系统功能,"
                       "督促各地区加强直达资金日常监控,确保资金落实到位、规范使用", "财政部", "国务院相关部门、各地区", False)
    assert "units_outside_tasks" not in kinds(r)


# corpus/unseen-tables-3/lianyungang-haizhou_2025_minshengshishi-renwufenjie.txt: a role label with a word before it
# (共同责任单位:) is a label, not part of the lead's list.
LIANYUNGANG = (
    "2. 青少年关爱行动。开展心理健康“润心行动”,加强专兼职心理健康教育教师团队建设,培育省、市级中小学心理健康教育特色校及"
    "品牌校3-4所。实施“梦想改造+”关爱计划,建设15间“梦想小屋”,开设35个“爱心暑托班”,构建完善困境青少年“物质帮扶+精神关爱+"
    "发展支持”服务体系。(牵头单位:区教育局、团区委;共同责任单位:相关镇街)"
)


def test_a_role_label_with_a_word_before_it_lianyungang():
    r = parse_document(LIANYUNGANG)
    assert units(r) == [("青少年关爱行动", "区教育局、团区委", "相关镇街", False)]
    assert not any("单位" in u for u in r.units.unit)


# corpus/unseen-full-3/guoban_2005_kejijieshui.txt (a State Council reply letter): no bracket and no label anywhere;
# the follow-up section divides the work in running text, each sentence opening with its department and 拟.
KEJIJIESHUI = (
    "二、城市节水和污水再生利用情况。2000年国务院召开城市供水节水和水污染防治工作会议以来，各地在城市节水和污水处理等方面"
    "做了大量工作。\n"
    "三、有关部门下一步拟采取的措施。发展改革委拟研究制订膜分离技术及应用的技术经济政策，实现膜分离技术的跨越式发展，"
    "加快反渗透膜及组件的国产化步伐，利用国债资金支持反渗透膜分离技术的产业化发展及应用，加大技术交流和推广力度。"
    "科技部拟在“十五”后两年，选择石油、钢铁和有色三个行业安排相应的污水回用研究课题，在相关科技计划中进一步加大对城市"
    "雨污分离、海水淡化、污废水回用等方面的支持力度。建设部拟继续做好城市节水规划编制工作，建立健全城市节约用水责任制，"
    "推进水价改革，完善节水配套法规，加大节水型器具推广使用力度，严格定额管理，继续实施供水管网改造。环保总局拟积极推广"
    "太钢等企业减污节水经验；依据《清洁生产促进法》的有关规定，要求排污和排水大户进行清洁生产审核。\n"
)


def test_running_text_clauses_each_opening_with_a_department_kejijieshui():
    r = parse_document(KEJIJIESHUI)
    starts = ["发展改革委拟研究制订膜分离技术", "科技部拟在“十五”后两年,选择", "建设部拟继续做好", "环保总局拟积极推广"]
    got = units(r)
    assert [title.startswith(s) for (title, *_), s in zip(got, starts, strict=True)] == [True] * 4
    assert [row[1:] for row in got] == [("发展改革委", "", True), ("科技部", "", True), ("建设部", "", True), ("环保总局", "", True)]
    assert set(r.tasks.section_title) == {"有关部门下一步拟采取的措施"}


# corpus/unseen-full-3/sichuan_2014_zhengcecuoshi-duchazicha.txt: 由A、…、O等省级主管部门（单位）牵头完成…，其他相关部门
# （单位）配合 in running text — fifteen leads named by 牵头, the 等 phrase no unit, the collective supporting.
SICHUAN = (
    "二、部门自查\n"
    "省级部门要按照职责分工，从行业主管部门的角度进行深入自查，客观反映工作进展情况及成效，抓紧落实相关措施，梳理发现执行中"
    "存在的问题，确保决策措施的贯彻落实取得实质进展。19个方面督查重点，由所涉及的省政府办公厅、住房城乡建设厅、省发展改革委、"
    "环境保护厅、民政厅、省经济和信息化委、文化厅、省政府金融办、商务厅、科技厅、农业厅、水利厅、省扶贫移民局、财政厅、"
    "人力资源社会保障厅等省级主管部门（单位）牵头完成自查报告，其他相关部门（单位）配合，于6月20日18：00前通过全省政府系统"
    "公文无纸化传输平台向省政府报送自查报告（含电子文档）。\n"
)


def test_running_text_lead_list_with_a_kind_and_a_verb_phrase_sichuan():
    r = parse_document(SICHUAN)
    [(title, lead, sup, inferred)] = units(r)
    # a short heading on its own line over the section's sentences is the title, not their first words
    assert (title, r.tasks.description[0][:9]) == ("部门自查", "省级部门要按照职责")
    assert lead.split("、") == [
        "省政府办公厅", "住房城乡建设厅", "省发展改革委", "环境保护厅", "民政厅", "省经济和信息化委", "文化厅", "省政府金融办",
        "商务厅", "科技厅", "农业厅", "水利厅", "省扶贫移民局", "财政厅", "人力资源社会保障厅",
    ]  # fmt: skip
    assert (sup, inferred) == ("其他相关部门(单位)", False)  # brackets half-width, as every name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the item's last sentence is only units and their verbs, no bracket: that is its unit list
        ("（一）推进A。市发改委牵头，市财政局配合。\n（二）推进B。市财政局牵头，各区政府配合。",
         [("推进A", "市发改委", "市财政局", False), ("推进B", "市财政局", "各区政府", False)]),
        ("1.加强A。由市发改委负责，市财政局配合。\n2.加强B。国家发展改革委、财政部按职责分工负责。",
         [("加强A", "市发改委", "市财政局", True), ("加强B", "国家发展改革委", "财政部", True)]),
        # a sentence that goes on after the verbs is prose, not a list
        ("1.加强A。市发改委牵头研究制定实施方案。\n2.加强B。（市财政局负责）", [("加强B", "市财政局", "", True)]),
        ("（二）集中攻坚。各责任单位全面推进任务落实。\n（三）加强B。（市财政局负责）", [("加强B", "市财政局", "", True)]),
    ],
)  # fmt: skip
def test_a_closing_sentence_of_units_and_verbs_without_a_bracket(text, expected):
    r = parse_document(text)
    assert [row for row in units(r) if row[1]] == expected
    assert not any("牵头" in u or "配合" in u for u in r.units.unit)


def test_one_assignment_with_two_verbs_is_not_a_clause_per_unit():
    # running-text clauses (X拟…。Y拟…) are read only where each clause goes on after its unit and verb
    with pytest.raises(DocumentError):
        parse_document("一、情况\n二、下一步措施。市发改委牵头，市财政局配合，做好A工作。市商务局负责B。")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare list of units in the bracket that closes a title-only item (no full stop before it)
        ("1.推进A（市发改委）\n2.推进B（市财政局、市商务局）",
         [("推进A", "市发改委", "", True), ("推进B", "市财政局", "市商务局", True)]),
        # a unit label with 为/是 in place of the colon
        ("1.推进A。责任单位为市发改委、市财政局。\n2.推进B。牵头单位是市财政局，配合单位是各区政府。",
         [("推进A", "市发改委", "市财政局", True), ("推进B", "市财政局", "各区政府", False)]),
        # …only before a unit's name: 牵头单位是第一责任人 is a sentence
        ("1.推进A。牵头单位是第一责任人，要抓好落实。（市发改委负责）", [("推进A", "市发改委", "", True)]),
    ],
)  # fmt: skip
def test_label_free_closing_bracket_and_labels_with_wei_or_shi(text, expected):
    r = parse_document(text)
    assert units(r) == expected


def test_the_issuers_name_closing_a_notice_is_no_unit_list():
    r = parse_document("1.推进A。（市发改委负责）\n2.推进B。\n特此通知。\n市人民政府办公室")
    assert units(r) == [("推进A", "市发改委", "", True), ("推进B", "", "", False)]


@pytest.mark.parametrize("rule", ["排序第一的单位为牵头单位", "首个单位为牵头单位", "排列第一位的为牵头部门"])
def test_more_wordings_of_the_first_listed_rule(rule):
    r = parse_document(f"注：{rule}。\n1.推进A。（区发改局、区财政局）\n2.推进B。（区财政局、区商务局，{rule}）")
    assert [(lead, sup, inf) for _, lead, sup, inf in units(r)] == [
        ("区发改局", "区财政局", False),
        ("区财政局", "区商务局", False),
    ]


def test_first_item_glued_to_its_heading_in_one_line_text_guoban():
    # The same excerpt stored as one line: （一） follows its heading with no full stop between them.
    one_line = GUOBAN_GROUP.replace("\n", "")
    assert "精准性(一)研究" in one_line
    assert units(parse_document(one_line)) == units(parse_document(GUOBAN_GROUP))
    assert parse_document(one_line).tasks.title[0].startswith("研究将财政资金直达机制")


# corpus/full/wuhan-caidian_2023_zhengfugongzuobaogao-fenjie.txt stored as one line without any separator: each label
# is glued to the target before it (…7%以上责任单位:…).
CAIDIAN_ONE_LINE = (
    "一、2023年全区经济社会发展的主要预期目标(一)地区生产总值增长7%以上责任单位:区发展和改革局(二)规上工业增加值增长12%以上"
    "责任单位:区科技和经信局(三)固定资产投资增长10%以上责任单位:区发展和改革局"
)


def test_a_label_glued_to_the_words_before_it_caidian():
    r = parse_document(CAIDIAN_ONE_LINE)
    assert [(t, lead) for t, lead, _, _ in units(r)] == [
        ("地区生产总值增长7%以上", "区发展和改革局"),
        ("规上工业增加值增长12%以上", "区科技和经信局"),
        ("固定资产投资增长10%以上", "区发展和改革局"),
    ]


# Ordinary sentences with a label word and a colon in them name no unit: the task keeps its whole title and is
# reported as naming none (the glued-label rule of the caidian one-line text above reads units only).
@pytest.mark.parametrize(
    "item",
    [
        "明确部门分工：各部门要各司其职，形成合力。",  # the division label is a heading's words here
        "细化任务分工：将任务分解到具体岗位。",
        "抓好督办落实，报送牵头单位：每月5日前报送进展。",  # no unit name after the colon
        "做好信息报送，反馈给牵头部门：按季度汇总后报市政府。",  # the label is the verb's object
    ],
)
def test_a_sentence_with_a_label_word_and_a_colon_names_no_unit(item):
    r = parse_document(f"1.推进A。（市发改委负责）\n2.{item}")
    assert units(r)[1] == (item.translate(str.maketrans("：，", ":,")).rstrip("。"), "", "", False)
    assert [w.task_id for w in r.warnings if w.kind == "no_units"] == [r.tasks.task_id[1]]


# A bracket glued to a title-only item (no full stop before it) lists units only when each name is a whole
# institution's: a document's status (暂行: 行 ends 银行 too) or a place word says what, not who.
@pytest.mark.parametrize(
    "item",
    ["出台项目管理办法（暂行）", "出台项目管理办法（试行）", "建设便民服务站（社区）", "设立服务专窗（各区）",
     "成立工作专班（领导小组）"],
)
def test_a_status_or_place_word_closing_a_title_is_no_unit_list(item):
    r = parse_document(f"1.推进A。（市发改委负责）\n2.{item}")
    assert units(r)[1] == (item.replace("（", "(").replace("）", ")"), "", "", False)
    assert [w.task_id for w in r.warnings if w.kind == "no_units"] == [r.tasks.task_id[1]]


def test_a_body_with_its_qualifier_closing_a_title_is_still_a_unit():
    r = parse_document("1.推进A。（市发改委负责）\n2.统筹河湖治理（市河长制领导小组）")
    assert units(r)[1] == ("统筹河湖治理", "市河长制领导小组", "", True)


def test_markers_inside_an_ordinary_heading_line_open_no_items():
    # The glued-marker rule of the guoban one-line text above is for text that lost its line breaks: on a heading
    # line of a line-broken document, （一）用地（二）资金 are its words, and only the real items below are tasks.
    r = parse_document(
        "一、强化要素保障主要包括（一）用地（二）资金两方面\n"
        "（一）保障用地。加强用地保障。（市自然资源局负责）\n"
        "（二）保障资金。加大资金投入。（市财政局负责）"
    )
    assert units(r) == [("保障用地", "市自然资源局", "", True), ("保障资金", "市财政局", "", True)]
    assert "no_units" not in kinds(r)


@pytest.mark.parametrize("item", ["直接责任单位：对照问题清单逐项整改到位。", "责任单位：要按时报送材料。"])
def test_a_label_followed_by_a_sentence_names_no_unit(item):
    # The item is a sentence about the units: it keeps its whole title and is reported as naming none.
    r = parse_document(f"1.推进A。（市发改委负责）\n2.{item}")
    assert units(r)[1] == (item.replace("：", ":").rstrip("。"), "", "", False)
    assert [w.task_id for w in r.warnings if w.kind == "no_units"] == [r.tasks.task_id[1]]


def test_a_label_over_unit_names_after_a_sentence_still_reads():
    r = parse_document("1.推进A。责任单位：市发改委、市财政局。\n2.推进B。责任单位：县住建、县城管。")
    assert units(r) == [("推进A", "市发改委", "市财政局", True), ("推进B", "县住建", "县城管", True)]


@pytest.mark.parametrize(
    "after",
    ["\n直接责任单位：对照问题清单逐项整改到位。", "\n责任单位：要按时报送材料。", "（责任单位：要按时报送材料）"],
)
def test_a_label_line_or_bracket_over_a_sentence_names_no_unit(after):
    r = parse_document(f"1.推进A。（市发改委负责）\n2.推进B。{after}")
    assert units(r)[1][1:3] == ("", "")
    assert [w.task_id for w in r.warnings if w.kind == "no_units"] == [r.tasks.task_id[1]]


def test_a_division_label_glued_on_in_one_line_text_reads_its_verbs_guangdong():
    # corpus/county/guangdong_2021_zhengfugongzuobaogao-fengongfangan.txt with its line breaks lost: the division
    # label is glued to the leader's name before it, and a unit with its verb follows (unlike 明确部门分工：各部门要…).
    r = parse_document(
        "1.地区生产总值增长6%以上。分管省领导:林克庆部门分工:省发展改革委牵头,各地、各部门配合。"
        "2.地方一般公共预算收入增长5%左右。分管省领导:林克庆部门分工:省财政厅牵头,各地、各部门配合。"
    )
    assert units(r) == [
        ("地区生产总值增长6%以上", "省发展改革委", "各地、各部门", False),
        ("地方一般公共预算收入增长5%左右", "省财政厅", "各地、各部门", False),
    ]


@pytest.mark.parametrize(
    ("item", "unit"),
    [("主要责任单位是各级政府，要切实履行职责。", "各级政府"), ("牵头部门为本级政府，负责统筹。", "本级政府")],
)
def test_a_label_with_wei_or_shi_lists_units_only_to_its_clause_end(item, unit):
    # The clause after the comma is what the unit does, not a second unit.
    r = parse_document(f"1.推进A。（市发改委负责）\n2.推进B。{item}")
    assert units(r)[1][1:3] == (unit, "")


def test_a_standing_note_in_a_bracket_names_no_unit_to_its_sentence_end():
    # corpus/unseen-lists-5/jiamusi_2018_shuiwuranfangzhi-zhongdiangongzuo.txt: the note after the units explains
    # itself over several clauses (区政府无相关职能的, 由市直部门负责相关工作); none of them is a unit.
    r = parse_document(
        "1.控制用水总量。严格用水管理。[市水务局牵头,市工信委配合,各县区政府负责落实。以下均需各县区政府落实,"
        "区政府无相关工作职能的,由市政府直属部门负责相关工作,不再列出)]\n2.推进节水。(市水务局负责)"
    )
    assert units(r)[0][1:3] == ("市水务局", "市工信委、各县区政府")


# guoban_2005_zhengfuwangzhan-tianandafu.txt (corpus/unseen-full-5): a reply letter whose measures name who acts as
# the sentence's subject, with 会同, 与…一起, 牵头 and a tense or time word before the verb; no bracket, no label.
REPLY_MEASURES = (
    "一、研究制定指导性文件。目前，国办已会同国务院信息办组织力量起草了意见。\n"
    "二、推进门户网站建设。国办正在牵头组织建设中央政府门户网站。\n"
    "三、加强绩效评估。国务院信息办连续四年组织了评估。国办将会同有关部门继续探索绩效评估问题。\n"
    "四、扩大互联网的普及应用。将由信息产业部牵头，抓紧研究制定相关政策措施。\n"
    "五、推进标准化体系建设。国办将与国家标准委、国务院信息办等单位一起，组织制定相关标准。\n"
    "六、关于水淹区问题。扶贫办已会同交通部、水利部等部门赴水淹区进行了实地调查。\n"
)


def test_a_reply_names_who_acts_in_its_sentences_tianandafu():
    r = parse_document(REPLY_MEASURES)
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("国办", "国务院信息办"),
        ("国办", ""),
        ("国办", "有关部门"),
        ("信息产业部", ""),
        ("国办", "国家标准委、国务院信息办"),
        ("扶贫办", "交通部、水利部"),
    ]


def test_a_bracket_plan_does_not_read_its_how_it_is_run_sentences_wufeichengshi():
    # guoban_2018_wufeichengshi.txt: the plan brackets its tasks' units; 组织实施's 生态环境部会同有关部门对…进行指导
    # says how the pilot is run, not a task.
    r = parse_document(
        "一、主要任务\n（一）强化顶层设计。建立指标体系。（生态环境部牵头，国家统计局参与）\n"
        "二、实施步骤\n（一）组织开展试点。生态环境部会同有关部门对试点工作进行指导和成效评估，发现问题及时调整。\n"
    )
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [("生态环境部", "国家统计局")]


def test_a_paragraph_assigns_by_you_with_its_supporting_clause_fujian():
    # corpus/unseen-lists-5/fujian_nd_canzhuowuran-shipinfangxin.txt: 由X承办，A、B协办 / 由X负责，A、B配合，….
    r = parse_document(
        "（一）由省经贸委承办，省农业厅、卫生厅协办。治理工作目标：定点屠宰率达85%以上。\n"
        "（二）由省农业厅负责，省环保局、省质监局配合，加快无公害基地建设。\n"
    )
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("省经贸委", "省农业厅、卫生厅"),
        ("省农业厅", "省环保局、省质监局"),
    ]


# corpus/unseen-lists-5/weizhi-shi_2018_penghuqu-gaizao-gongzuozhize-p5.txt: one duty line per unit, the unit heading
# it (UNIT:负责…), no bracket, no label; a collective with its own brackets stays whole.
DUTY_LINES = (
    "第二十六条 各有关部门根据分工认真履行职责。\n"
    "县(特区、区)人民政府(管委会):负责辖区内棚户区改造项目的入户摸底调查。\n"
    "市国土资源局:负责土地权属调查核实,\n依法及时供应土地。\n"
    "工作内容:负责日常调度。\n"
    "市财政局:配合相关部门争取资金。\n"
)


def test_duty_lines_headed_by_their_unit_weizhi():
    r = parse_document(DUTY_LINES)
    assert [(t[:8], lead) for t, lead, _, _ in units(r)] == [
        ("县(特区、区)人", "县(特区、区)人民政府(管委会)"),
        ("市国土资源局:负", "市国土资源局"),
        ("市财政局:配合相", "市财政局"),
    ]
    assert r.tasks.title[1].endswith("依法及时供应土地")  # the wrapped line continues its duty; 工作内容 is no unit
    assert "工作内容" not in set(r.units.unit)


def test_one_unit_headed_line_in_prose_is_no_list():
    with pytest.raises(DocumentError):
        parse_document("一、总体要求\n各级政府要高度重视。\n市财政局:负责安排资金。\n")


# corpus/unseen-lists-5/fujian_nd_canzhuowuran-shipinfangxin.txt: a section's paragraph assigns it (由X承办,A、B协办)
# over its measures; a measure's sentences each open with who does them: 由X负责,A配合,…; a unit the others name as
# the subject of a duty verb (省农业厅做好…); A、B负责,C配合,….
CANZHUO = (
    "一、治理畜牧业产品污染\n由省经贸委承办，省农业厅、卫生厅协办。治理工作目标：抽检合格率达95%以上。主要措施：\n"
    "（一）由省经贸委负责，省农业厅、环保局配合，加快省级无公害畜禽基地建设。省农业厅做好全省绿色食品基地建设，"
    "加快产地认定。省卫生厅加强宣传。福建出入境检验检疫局、厦门出入境检验检疫局负责，省农业厅配合，强化出口备案管理。\n"
)


def test_a_prose_measure_is_a_task_per_sentence_that_names_who_does_it_canzhuo():
    r = parse_document(CANZHUO)
    assert [(t[:9], lead, sup) for t, lead, sup, _ in units(r)] == [
        ("治理畜牧业产品污染", "省经贸委", "省农业厅、卫生厅"),
        ("由省经贸委负责,省", "省经贸委", "省农业厅、环保局"),
        ("省农业厅做好全省绿", "省农业厅", ""),
        ("福建出入境检验检疫", "福建出入境检验检疫局、厦门出入境检验检疫局", "省农业厅"),
    ]
    # 省卫生厅 is named by no other sentence: its sentence continues the one before, it is no task's unit.
    assert r.tasks.title[2].endswith("加快产地认定") and "省卫生厅加强宣传" in r.tasks.description[2]


def test_a_prose_measure_with_one_assigning_sentence_stays_one_task():
    r = parse_document("（一）加快基地建设。由省经贸委负责，省农业厅配合，加快建设。省农业厅做好认证工作。\n")
    assert units(r) == [("加快基地建设", "省经贸委", "省农业厅", False)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # corpus/unseen-tables-5/pingdingshan_2018_hezhangzhi-zhuyaorenwu-fenjie.txt: a place's bodies after 和.
        ("各县(市、区)党委和人民政府", ["各县(市、区)党委和人民政府"]),
        ("城乡一体化示范区、高新区党工委和管委会", ["城乡一体化示范区", "高新区党工委和管委会"]),
        ("区委和区政府", ["区委", "区政府"]),  # each with its place: two units
        ("市发改委和市财政局", ["市发改委", "市财政局"]),
    ],
)
def test_a_body_after_he_with_no_place_of_its_own_stays_with_the_name_before(text, names):
    assert split_span_units(text) == names


def test_a_prose_item_with_a_modal_word_before_hui_tong_names_both():
    # 要会同 reads as 会同 with a tense word (已会同, 将会同) in a plan with no bracket.
    r = parse_document("一、推进产地认定。市农业局要会同市市场监管局做好认定工作。\n二、强化宣传。各地负责组织实施宣传工作。\n")
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [("市农业局", "市市场监管局"), ("", "")]


def test_an_item_the_copy_left_out_is_no_task_liaoning():
    # corpus/unseen-full-1/guoban_2004_liaoning-banliqingkuang.txt: 五、…问题。（略） between the answered requests.
    r = parse_document(
        "四、关于地方电网建设资金问题。大连市请求加价。\n发展改革委意见：建议积极推进改革。\n"
        "五、关于大连新机场建设项目问题。（略）\n"
        "六、关于增设交易品种问题。大连市请求增设。\n证监会、发展改革委提出了以下意见：条件还不成熟。\n"
    )
    assert [(t, lead) for t, lead, _, _ in units(r)] == [
        ("关于地方电网建设资金问题", "发展改革委"),
        ("关于增设交易品种问题", "证监会"),
    ]


def test_duty_lines_take_a_duty_verb_other_than_a_role_word():
    r = parse_document("三、职责分工\n市发改委：牵头负责统筹协调。\n市财政局：做好资金保障。\n市审计局：负责审计监督。\n")
    assert [lead for _, lead, _, _ in units(r)] == ["市发改委", "市财政局", "市审计局"]


def test_a_prose_joint_sentence_with_lianhe_or_a_comma_after_the_names():
    # 联合 reads as 会同; the names after it may end at a comma; a subject that is no unit (这项工作) names nothing.
    r = parse_document(
        "一、加快建设。目前，市发改委已会同市财政局、市住建局，组织开展调研。\n"
        "二、强化保障。市市场监管局联合市公安局等部门开展专项整治。\n三、宣传。这项工作已会同有关部门推进。\n"
    )
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("市发改委", "市财政局、市住建局"),
        ("市市场监管局", "市公安局"),
        ("", ""),
    ]


def test_duty_lines_run_together_in_one_line_text_weizhi():
    # DUTY_LINES stored without its line breaks: each duty starts after a sentence end.
    r = parse_document(DUTY_LINES.replace("\n", ""))
    assert [lead for _, lead, _, _ in units(r)] == ["县(特区、区)人民政府(管委会)", "市国土资源局", "市财政局"]


def test_a_prose_joint_sentence_never_cuts_a_name_at_an_action_word():
    # 组织部 and 研究室 go on after 组织 / 研究: the names after 会同 end where the action begins, not inside a name.
    r = parse_document(
        "一、关于A问题。下一步，交通运输部将继续会同有关部门加大支持力度。\n"
        "二、关于B问题。市人社局已会同市委组织部研究制定了办法。\n"
        "三、关于C问题。市发改委已会同市政府研究室研究起草了意见。\n"
    )
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("交通运输部", "有关部门"),
        ("市人社局", "市委组织部"),
        ("市发改委", "市政府研究室"),
    ]


def test_a_heading_glued_to_its_assigning_paragraph_in_one_line_text_canzhuo():
    # CANZHUO stored without its line breaks: 治理畜牧业产品污染由省经贸委承办，A、B协办。 — the 由 clause with its
    # supporting clause opens the paragraph, so the heading ends before it.
    r = parse_document(CANZHUO.replace("\n", ""))
    assert [(t[:9], lead) for t, lead, _, _ in units(r)][:2] == [
        ("治理畜牧业产品污染", "省经贸委"),
        ("由省经贸委负责,省", "省经贸委"),
    ]


def test_a_heading_before_you_without_a_supporting_clause_stays_whole():
    # 建立由X牵头的机制 / a 由 clause with no supporting units: no heading is cut.
    with pytest.raises(DocumentError):
        parse_document("一、建立由市发改委牵头的联席会议制度。\n二、健全工作机制。\n")


def test_a_prose_lead_then_hui_tong_names_the_supporting_units():
    # X牵头，会同A、B等部门… and 由X牵头，会同Y…: the units after 会同 support; 建立由X牵头的机制 describes a body.
    r = parse_document(
        "（一）加强组织领导。市卫生健康委牵头，会同市发展改革委、市财政局等部门制定实施方案。\n"
        "（二）强化保障。由市财政局牵头，会同各区政府做好资金保障。\n（三）宣传。建立由市委宣传部牵头的工作机制。\n"
    )
    assert [(lead, sup) for _, lead, sup, _ in units(r)] == [
        ("市卫生健康委", "市发展改革委、市财政局"),
        ("市财政局", "各区政府"),
        ("", ""),
    ]


# --- running-text forms never invent units (a review's cases, 2026-12-03) -------------------------------------------

def _roles(text: str) -> list[tuple[str, str, str]]:
    return [(r.title, r.lead_units, r.support_units) for r in parse_document(text).tasks.itertuples()]


BRACKET_PLAN_WITH_DUTIES = """某县2024年安全生产专项整治工作方案
一、主要任务
1.开展重点行业领域隐患排查。（牵头单位：县应急管理局；责任单位：各乡镇人民政府）
2.加强危险化学品监管。（牵头单位：县应急管理局；配合单位：县公安局、县交通运输局）
二、职责分工
县应急管理局：负责专项整治的综合协调和督导检查。
县公安局：负责道路交通安全整治，配合做好危险化学品运输监管。
1.县商务局：负责招商引资项目的跟踪服务。
三、实施步骤
第一阶段（各乡镇）：制定方案，3月底前完成。
第二阶段（各乡镇）：推进整治，4月至10月。
四、工作要求
各环节：加强全过程监管。
所有项目：落实安全措施。
联系人：张三，电话：0551-1234567。
"""


def test_a_bracket_plans_duty_lines_and_step_headings_are_no_tasks():
    """Its 职责分工 lines are standing duties beside the bracketed tasks; 第一阶段（各乡镇）, 各环节, 所有项目 say when
    or what, not who."""
    assert _roles(BRACKET_PLAN_WITH_DUTIES) == [
        ("开展重点行业领域隐患排查", "县应急管理局", "各乡镇人民政府"),
        ("加强危险化学品监管", "县应急管理局", "县公安局、县交通运输局"),
    ]


def test_a_standing_note_ends_its_clause_not_the_bracket():
    text = "一、完善养老服务网络\n1.发展社区嵌入式养老服务。（市民政局牵头，下同；市财政局、市卫健委配合）\n"
    assert _roles(text) == [("发展社区嵌入式养老服务", "市民政局", "市财政局、市卫健委")]


PROSE_PLAN = """某市2024年乡村振兴重点工作安排
一、巩固拓展脱贫攻坚成果
由市乡村振兴局负责，市民政局、市人社局配合，健全防止返贫动态监测机制。由此产生的费用由项目单位负责。
二、加强燃煤污染控制
市发改委会同市生态环境局研究制定煤炭消费总量控制方案，6月底前报市政府。各县区要按照要求抓好落实。
三、开展村庄清洁行动
由市乡村振兴局负责，各乡镇配合，开展村庄清洁行动。各县区要认真负责。
"""


def test_a_prose_plans_sentences_about_others_name_no_unit():
    """由此产生的费用由项目单位负责, 各县区要按照要求抓好落实, 各县区要认真负责 are sentences, not who leads; a contact
    line (联系人：) does not make the plan a labelled one."""
    expected = [
        ("巩固拓展脱贫攻坚成果", "市乡村振兴局", "市民政局、市人社局"),
        ("加强燃煤污染控制", "市发改委", "市生态环境局"),
        ("开展村庄清洁行动", "市乡村振兴局", "各乡镇"),
    ]
    assert _roles(PROSE_PLAN) == expected
    assert _roles(PROSE_PLAN + "联系人：张三，电话：0551-1234567。\n") == expected


def test_a_prose_measures_later_sentences_are_numbered_after_it_in_its_section():
    """Four sentences of 一、 that each say who does them are 1.1–1.4; 二、 and 三、 stay 2.1 and 3.1."""
    measures = "。".join(f"由{u}负责，{s}配合，{w}" for u, s, w in (
        ("市乡村振兴局", "市民政局", "健全防止返贫动态监测机制"), ("市人社局", "市财政局", "开展就业帮扶"),
        ("市医保局", "市卫健委", "落实医疗保障"), ("市教育局", "市财政局", "落实教育资助")))
    text = (f"某市2024年乡村振兴重点工作安排\n一、巩固拓展脱贫攻坚成果\n{measures}。\n二、推进乡村产业发展\n"
            "由市农业农村局负责，市发改委配合，培育壮大特色产业。\n三、加强乡村建设\n由市住建局负责，市交通局配合，推进农村危房改造。\n")
    tasks = parse_document(text).tasks
    assert tasks[["task_id", "lead_units"]].values.tolist() == [
        ["1.1", "市乡村振兴局"], ["1.2", "市人社局"], ["1.3", "市医保局"], ["1.4", "市教育局"],
        ["2.1", "市农业农村局"], ["3.1", "市住建局"],
    ]
