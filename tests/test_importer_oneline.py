"""A task table stored on one line (a page pasted into a research corpus, its lines joined by spaces, 　　 or |)."""

from __future__ import annotations

import pytest

from lib.importer.grammar import Numbering, split_running
from lib.importer.parse import parse_document
from lib.importer.tables_text import flatten_tables

CELLS = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限",
         "1", "建设城市更新示范片区，完成老旧小区改造20个", "市住建局", "市财政局、市自然资源局", "2025年底前",
         "2", "推进数字政府建设", "市大数据局", "市政府办公室", "2025年6月底前",
         "3", "完善养老服务体系", "市民政局", "市卫生健康委", "长期坚持"]


@pytest.mark.parametrize("sep", [" ", "\u3000\u3000", " | "])
def test_a_table_joined_onto_one_line_is_read_row_by_row(sep):
    doc = sep.join(["关于印发重点任务分解表的通知", *CELLS])
    r = parse_document(doc)
    assert r.tasks[["lead_units", "support_units"]].values.tolist() == [
        ["市住建局", "市财政局、市自然资源局"], ["市大数据局", "市政府办公室"], ["市民政局", "市卫生健康委"]]
    assert r.tasks["title"].tolist()[1:] == ["推进数字政府建设", "完善养老服务体系"]


def test_the_rows_start_where_the_numbers_count_up_not_at_any_number():
    # Cells split by | : a row starts at its number only, 5 inside a cell's text (row 2 comes next) is none.
    cells = ["序号", "重点任务", "牵头单位", "1", "建设城市更新示范片区,新建 5 个社区养老服务中心", "市住建局",
             "2", "推进数字政府建设,建成一体化政务服务平台", "市大数据局", "3", "完善养老服务体系", "市民政局"]
    flat, rows = flatten_tables(" | ".join(cells))
    assert len(rows) == 3 and "新建 5 个社区养老服务中心" in flat.splitlines()[0]
    assert rows[1] == "2 | 推进数字政府建设,建成一体化政务服务平台 | 市大数据局 |"
    prose = "一、加快建设。1.建设城市更新示范片区,完成老旧小区改造 2 个,由市住建局牵头负责,市财政局配合。" * 2
    assert flatten_tables(prose) == (prose, {})


def test_a_table_given_one_cell_per_line_and_joined_by_spaces_is_read_cell_by_cell():
    # A wrapped header cell (分管 / 领导 over two lines) and a people column: read as the one-cell-per-line table is.
    cells = ["序号", "重点工作", "分管", "领导", "牵头单位", "配合单位",
             "1", "推进数字政府建设", "张三", "市大数据局", "市政府办公室", "2", "完善养老服务体系", "李四", "市民政局", "市卫生健康委"]
    joined = parse_document("2024年重点工作责任分工 " + " ".join(cells))
    lines = parse_document("2024年重点工作责任分工\n" + "\n".join(cells))
    assert joined.tasks[["title", "lead_units", "support_units"]].values.tolist() == [
        ["推进数字政府建设", "市大数据局", "市政府办公室"], ["完善养老服务体系", "市民政局", "市卫生健康委"]]
    assert joined.tasks[["title", "lead_units", "support_units"]].equals(lines.tasks[["title", "lead_units", "support_units"]])


def test_a_joined_header_with_letter_spaced_cells_between_pipes_and_rows_counted_from_where_the_part_starts():
    # | bounds a letter-spaced header cell (任 务 名 称 | 牵 头 部 门 are two cells); the rows of a part of a table
    # count on from its first number (24, 25, 26).
    cells = ["序号", "任 务 名 称", "牵 头 部 门", "配 合 部 门",
             "24", "优化提升背街后巷交通组织", "区交通运输局", "区公安分局",
             "25", "新建城市口袋公园", "区住建局", "各街道办事处", "26", "完善社区养老服务", "区民政局", "区卫健局"]
    r = parse_document("2023年民生实事项目推进情况 " + " | ".join(cells))
    assert r.tasks[["title", "lead_units", "support_units"]].values.tolist() == [
        ["优化提升背街后巷交通组织", "区交通运输局", "区公安分局"], ["新建城市口袋公园", "区住建局", "各街道办事处"],
        ["完善社区养老服务", "区民政局", "区卫健局"]]


def test_a_short_word_before_a_header_word_is_a_wrapped_header_cell_of_a_joined_table():
    cells = ["序号", "重点工作", "市政府", "分管领导", "牵头单位", "配合单位",
             "1", "推进数字政府建设", "张三", "市大数据局", "市政府办公室", "2", "完善养老服务体系", "李四", "市民政局", "市卫生健康委"]
    r = parse_document("2021年重点工作责任分工 " + " ".join(cells))
    assert r.tasks[["lead_units", "support_units"]].values.tolist() == [
        ["市大数据局", "市政府办公室"], ["市民政局", "市卫生健康委"]]


@pytest.mark.parametrize("sep", [" ", "\u3000\u3000", " | "])
def test_key_value_records_run_together_on_one_line_are_read_as_the_line_broken_copy_is(sep):
    lines = ["任务12", "重点工作:推进更高层次的区域协同发展,强化都市圈建设。", "牵头单位:市发展改革委",
             "年度阶段性工作目标:", "第一季度:制定年度重点工作计划。", "第二季度:印发实施年度重点工作计划。"]
    joined = parse_document(sep.join(lines))
    broken = parse_document("\n".join(lines))
    assert joined.tasks[["title", "lead_units"]].values.tolist() == broken.tasks[["title", "lead_units"]].values.tolist()
    assert joined.tasks["lead_units"].tolist() == ["市发展改革委"]


def test_a_sentence_ending_in_a_colon_is_no_key_of_a_joined_record():
    text = "现将有关事项通知如下: 一、加快建设新城。各区要高度重视,抓紧研究制定工作方案,健全工作机制,层层落实责任。" * 2
    assert flatten_tables(text) == (text, {})


def test_a_table_given_one_cell_per_line_each_ending_in_a_pipe_and_joined_is_read_cell_by_cell():
    # Its rows leave a cell out (no 全年目标任务): read one row per line they would not fit the header; one cell per
    # line, as the document gave them, they are read by the kind of each cell, as the line-broken copy is.
    cells = ["序号", "主要任务", "全年目标任务", "分管 领导", "牵头 单位", "责任主体与协同单位", "1-10月推进情况", "是否达序",
             "1", "优化提升背街后巷交通组织。", "王五", "城管局", "市政局、相关街道", "已进场施工,完成30%。", "是",
             "2", "新建建筑垃圾中转站8个。", "王五", "城管局", "相关街道", "已建成3个。", "否"]
    lines = "2023年民生实事项目推进情况\n" + "\n".join(c + " |" for c in cells)
    broken = parse_document(lines)
    joined = parse_document(lines.replace("\n", " "))
    assert joined.tasks[["lead_units", "support_units"]].values.tolist() == [
        ["城管局", "市政局、相关街道"], ["城管局", "相关街道"]]
    assert joined.tasks["title"].tolist() == broken.tasks["title"].tolist()


def test_a_table_without_a_number_column_joined_onto_one_line_is_read_by_the_headers_width():
    rows = [["专项整治行业名称", "时间安排", "责任单位"], ["烟花爆竹", "1月份", "安监站 安监所"], ["危险化学品", "2月份", "安监站"],
            ["电力设施", "3月份", "电管所"], ["养老机构", "4月份", "民政所"]]
    lines = ["一、专项整治安排表", *(" | ".join(r) + " |" for r in rows), "二、工作要求", "(一)各有关责任单位要按照时间安排,制定方案。"]
    broken = parse_document("\n".join(lines))
    joined = parse_document(" ".join(lines))
    assert joined.tasks[["title", "lead_units", "support_units"]].values.tolist() == [
        ["烟花爆竹", "安监站", "安监所"], ["危险化学品", "安监站", ""], ["电力设施", "电管所", ""], ["养老机构", "民政所", ""]]
    assert joined.tasks["lead_units"].tolist() == broken.tasks["lead_units"].tolist()


def test_joined_cells_that_do_not_fill_the_headers_width_are_left_as_text():
    # The second row has lost its unit cell: grouped by three, a deadline would stand in the unit column.
    text = "工作任务 | 完成时限 | 责任单位 | 清理规范性文件 | 6月底前 | 办公室 | 做好政策解读 | 持续推进 | 信息公开 | 各科室 | 长期 | 尾"
    assert flatten_tables(text) == (text, {})


def test_the_first_heading_of_a_document_stored_as_one_line_may_be_glued_to_the_page_header_before_it():
    # No full stop before 一、 (信息来源: 某市人民政府一、…, 责任分解方案一、2023年…): taken because its first item
    # (1.) follows, or its 二、; a 一、 inside a word with neither after it (统一、规范) stays text.
    head = "当前位置:首页>>专题专栏 时间:2023-07-11 17:01 信息来源: 某市人民政府"
    body = ("一、2023年主要预期目标1.生产总值增长6%以上,高质量前提下能快则快。责任单位:市发改委"
            "2.规上工业增加值增长8%。责任单位:市经信局3.研发投入强度达到2.3%。责任单位:市科技局"
            "二、重点工作4.推进数字政府建设。责任单位:市大数据局")
    joined = parse_document(head + body)
    assert joined.tasks["lead_units"].tolist() == ["市发改委", "市经信局", "市科技局", "市大数据局"]
    assert joined.tasks["section"].nunique() == 2
    assert joined.tasks["lead_units"].tolist() == parse_document(head + "\n" + body).tasks["lead_units"].tolist()
    word = "要建立统一、规范的工作机制,加强管理,形成合力,确保各项任务落到实处。" * 3
    assert split_running(word, Numbering(), flat=True) == []


def test_an_item_numbered_with_a_comma_glued_to_the_unit_list_before_it_opens_the_next_item():
    text = ("一、民生实事1、建设第二水源净水厂。责任单位:市住建委、水务集团。2、改建火车站站前广场。"
            "责任单位:市住建委、交发集团3、建设创业大道南延线。责任单位:市住建委、城投集团")
    r = parse_document(text)
    assert r.tasks["support_units"].tolist() == ["水务集团", "交发集团", "城投集团"]
