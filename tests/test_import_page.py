"""The 导入 Import page through AppTest on the real app: paste or upload a plan, the review tables, warnings, unit
renames that merge, the zip, "View in dashboard", and state that survives page switches. Plus the pure upload and
review helpers the page relies on."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest

from lib.importer import DEFAULT_ALIASES, DocumentError, load_aliases, parse_document, read_document
from lib.importer.review import apply_unit_edits, renames, units_table
from lib.importer.upload import accept_upload, display_name
from tests.conftest import ROOT, run_app

SAMPLE = ROOT / "data" / "source" / "wuhan-2024-28.txt"
REVIEW = ROOT / "tests" / "fixtures" / "import" / "review.txt"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
IMPORTED_KEY = "fg_imported_dataset"  # lib.ui.IMPORTED_KEY


def frame_with(at, column: str) -> pd.DataFrame:
    """The table (st.dataframe / st.data_editor) that has this column."""
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert found, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def paste(at, path) -> None:
    at.text_area(key="im_text").set_value(path.read_text(encoding="utf-8")).run()
    assert not at.exception, [e.value for e in at.exception]


def zip_tasks(captured) -> pd.DataFrame:
    data = [d for d, mime, _ in captured if mime == "application/zip"][-1]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return pd.read_csv(io.BytesIO(zf.read("tasks.csv")), dtype=str, keep_default_na=False, encoding="utf-8-sig")


# --- the page ------------------------------------------------------------------------------------------------


def test_empty_page_invites_an_upload_or_the_sample():
    at = run_app("importer")
    assert not at.exception
    assert at.title[0].value == "导入"
    # scans too since OCR (issue 13): pictures of a plan are read, not refused
    assert at.file_uploader(key="im_upload").allowed_type == [".txt", ".docx", ".pdf", ".png", ".jpg", ".jpeg"]
    assert any("载入示例" in i.value for i in at.info)
    assert not at.metric


def test_pasting_the_sample_shows_its_24_tasks_with_units_and_source():
    at = run_app("importer")
    paste(at, SAMPLE)
    assert metrics(at) == {"任务": "24", "单位": "29", "阶段": "3", "时间节点": "4", "待核对": "0"}
    tasks = frame_with(at, "原文")
    assert list(tasks.columns) == ["编号", "任务", "牵头单位", "责任单位", "待核对", "原文"]
    assert len(tasks) == 24
    first = tasks.iloc[0]
    assert (first["编号"], first["任务"], first["牵头单位"]) == ("1.1", "完善管理体制", "市发改委")
    assert first["责任单位"] == "市自然资源和城乡建设局、市政府国资委、市委编办、东湖高新区"
    assert first["原文"].startswith("1.完善管理体制。") and first["原文"].endswith("东湖高新区)")
    # the first task's source shown whole beside its units
    assert any(t.value.startswith("1.完善管理体制。") for t in at.text)
    schedule = frame_with(at, "责任主体")
    ms = schedule[schedule["类型"] == "时间节点"]
    assert list(zip(ms["开始"], ms["结束"], ms["责任主体"])) == [
        ("2024-04-08", "2024-04-08", "各责任单位"), ("2024-05-31", "2024-05-31", "各牵头单位"),
        ("2024-06-01", "2024-06-10", ""), ("2024-11-01", "2024-11-10", "各牵头单位")]
    assert any("wuhan" not in c.value and "粘贴的文本" in c.value for c in at.caption)


def test_sample_button_fills_the_text_box():
    at = run_app("importer")
    at.button(key="im_sample").click().run()
    assert at.text_area(key="im_text").value == SAMPLE.read_text(encoding="utf-8")
    assert metrics(at)["任务"] == "24"
    assert any("wuhan-2024-28.txt" in c.value for c in at.caption)


def test_warnings_per_task_for_a_variant_name_an_inferred_lead_no_unit_and_a_collective():
    at = run_app("importer")
    paste(at, REVIEW)
    assert metrics(at)["待核对"] == "4"
    assert any("4 处需要核对" in w.value for w in at.warning)
    warnings = frame_with(at, "说明")
    got = dict(zip(warnings["编号"], warnings["类型"]))
    assert got == {"1.1": "集合单位", "1.3": "推定牵头", "1.4": "疑似别称", "1.5": "未标注单位"}
    variant = warnings[warnings["编号"] == "1.4"]["说明"].iloc[0]
    assert "市城管执法局" in variant and "市城管执法委" in variant
    tasks = frame_with(at, "原文").set_index("编号")
    assert tasks.loc["1.3", "牵头单位"] == "市应急管理局（推定）"
    assert tasks.loc["1.5", "牵头单位"] == "" and tasks.loc["1.5", "待核对"] == "⚠ 1"
    # the detail beside the table opens on the first task with something to check
    assert any(t.value.startswith("1.开展燃气安全排查") for t in at.text)


def test_english_labels_and_messages():
    at = run_app("importer", params={"lang": "en"})
    paste(at, REVIEW)
    assert at.title[0].value == "Import"
    assert metrics(at)["To check"] == "4"
    warnings = frame_with(at, "Note")
    assert "Inferred lead" in set(warnings["Kind"])
    assert any("looks like a variant of 市城管执法委" in n for n in warnings["Note"])
    assert frame_with(at, "Source text")["Lead unit"].tolist()[2] == "市应急管理局 (inferred)"
    # the dashboard opens in the same language
    at.button(key="im_view").click().run()
    assert at.radio(key="lang").value == "en"
    assert metrics(at)["Tasks"] == "5"


def test_renaming_a_unit_merges_it_in_the_tables_and_the_zip(captured_media):
    at = run_app("importer")
    paste(at, REVIEW)
    # the editor's table (AppTest shows its data with the frame's own column names, before edits)
    editor = frame_with(at, "rename_to")
    assert list(editor.columns) == ["unit", "tasks", "rename_to", "category", "full_name", "name_en"]
    row = editor["unit"].tolist().index("市城管执法局")
    at.session_state["im_units_editor"] = {
        "edited_rows": {row: {"rename_to": "市城管执法委"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert metrics(at)["单位"] == "8" and metrics(at)["待核对"] == "3"  # the variant warning is settled
    assert "疑似别称" not in set(frame_with(at, "说明")["类型"])
    tasks = frame_with(at, "原文").set_index("编号")
    assert tasks.loc["1.4", "责任单位"] == "市城管执法委、市园林林业局"
    assert any("已合并 1 个名称" in c.value for c in at.caption)
    zipped = zip_tasks(captured_media).set_index("task_id")
    assert zipped.loc["1.4", "support_units"] == "市城管执法委、市园林林业局"
    assert "市城管执法局" not in "".join(zipped["support_units"])


def test_view_in_dashboard_shows_the_imported_plan_everywhere_and_survives_page_switches():
    at = run_app("importer")
    paste(at, REVIEW)
    row = frame_with(at, "rename_to")["unit"].tolist().index("市城管执法局")
    at.session_state["im_units_editor"] = {
        "edited_rows": {row: {"rename_to": "市城管执法委"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="im_view").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # now on the overview, which counts the imported plan: 5 tasks (1.5 has no unit), 8 units after the merge
    ov = metrics(at)
    assert (ov["任务"], ov["单位"], ov["牵头分工"], ov["责任分工"]) == ("5", "8", "4", "7")
    assert at.session_state[IMPORTED_KEY].dataset.source == "粘贴的文本"
    assert any("导入的方案" in i.value for i in at.sidebar.info)
    # another page, then the overview again: still the imported plan
    at.switch_page("views/matrix.py").run()
    assert not at.exception
    at.switch_page("views/overview.py").run()
    assert metrics(at)["任务"] == "5"
    # back on the import page: the text, the parse and the rename are all still there
    at.switch_page("views/importer.py").run()
    assert at.text_area(key="im_text").value == REVIEW.read_text(encoding="utf-8")
    assert frame_with(at, "rename_to").set_index("unit").loc["市城管执法局", "rename_to"] == "市城管执法委"
    assert metrics(at)["单位"] == "8"
    assert frame_with(at, "原文").set_index("编号").loc["1.4", "责任单位"] == "市城管执法委、市园林林业局"
    assert any("看板当前显示的是导入的方案" in i.value for i in at.info)
    # and the sidebar's way back to the shipped plan
    at.sidebar.button(key="fg_back_to_shipped").click().run()
    at.switch_page("views/overview.py").run()
    assert metrics(at)["任务"] == "24"


def test_a_picture_renamed_txt_is_refused_by_content_and_the_imported_plan_stays():
    at = run_app("importer")
    paste(at, SAMPLE)
    at.button(key="im_view").click().run()
    imported = at.session_state[IMPORTED_KEY]
    at.switch_page("views/importer.py").run()
    at.file_uploader(key="im_upload").set_value(("方案.txt", PNG, "text/plain")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert "方案.txt" in errors[0] and "不是文本、Word 或 PDF 文档" in errors[0] and "PNG" in errors[0]
    assert at.session_state[IMPORTED_KEY] is imported  # the plan in view is untouched
    assert at.text_area(key="im_text").value == SAMPLE.read_text(encoding="utf-8")  # so is the text
    assert metrics(at)["任务"] == "24"


def test_too_large_and_undecodable_uploads_give_a_message_naming_the_file():
    at = run_app("importer")
    at.file_uploader(key="im_upload").set_value(("big.txt", b"a" * (5 * 1024 * 1024 + 1), "text/plain")).run()
    assert any("big.txt" in e.value and "文件过大" in e.value for e in at.error)
    at.file_uploader(key="im_upload").set_value(("noise.pdf", b"%PDF-1.4 garbage", "application/pdf")).run()
    assert any("noise.pdf" in e.value and "PDF" in e.value for e in at.error)
    assert at.text_area(key="im_text").value == ""
    assert not at.metric


def test_a_good_upload_fills_the_text_box_gbk_included():
    at = run_app("importer")
    data = SAMPLE.read_text(encoding="utf-8").encode("gb18030")
    at.file_uploader(key="im_upload").set_value(("计划.txt", data, "text/plain")).run()
    assert not at.error
    assert at.text_area(key="im_text").value.startswith("武政办〔2024〕28号")
    assert metrics(at)["任务"] == "24"
    assert any("计划.txt" in c.value for c in at.caption)


def test_hostile_file_name_is_shown_as_text():
    at = run_app("importer")
    at.file_uploader(key="im_upload").set_value(("<img src=x onerror=alert(1)>**b**.txt", PNG, "text/plain")).run()
    (error,) = [e.value for e in at.error]
    assert "\\<img" in error and "\\*\\*b\\*\\*" in error
    assert not re.search(r"(?<!\\)[<*]", error)  # every < and * escaped


def test_text_without_tasks_says_so():
    at = run_app("importer")
    at.text_area(key="im_text").set_value("会议纪要\n大家讨论了明年的工作。").run()
    assert any("未识别到任何任务" in e.value for e in at.error)


# --- the pure helpers ------------------------------------------------------------------------------------------


def test_accept_upload_checks_size_then_content():
    assert accept_upload("a.txt", "一、任务".encode()) == "一、任务"
    with pytest.raises(DocumentError) as err:
        accept_upload("a.txt", b"x" * 11, max_bytes=10)
    assert "a.txt" in err.value.message_zh and "too large" in err.value.message_en
    for data, word in [(PNG, "PNG"), (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"), (b"\x1f\x8b\x08" + bytes(50), "gzip")]:
        with pytest.raises(DocumentError) as err:
            accept_upload("plan.txt", data)
        assert "not a text, Word or PDF document" in err.value.message_en and word in err.value.message_en
    with pytest.raises(DocumentError):
        accept_upload("x.txt", bytes(range(256)) * 8)  # unknown binary: refused by read_document


def test_display_name_drops_folders_and_line_breaks():
    assert display_name("C:\\Users\\a\\方案.docx") == "方案.docx"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("a\nb.txt") == "a b.txt"
    assert display_name("") == "document"
    assert len(display_name("x" * 500)) == 80


def test_apply_unit_edits_merges_renames_attributes_and_chains():
    result = parse_document(read_document(REVIEW.read_bytes(), REVIEW.name), load_aliases(DEFAULT_ALIASES))
    table = units_table(result)
    assert list(table.columns) == ["unit", "tasks", "rename_to", "category", "full_name", "name_en"]
    assert dict(zip(table.unit, table.tasks))["市城管执法委"] == 2
    table.loc[table.unit == "市城管执法局", ["rename_to", "name_en"]] = ["市城管执法委", "Urban Management"]
    table.loc[table.unit == "市公安局", "rename_to"] = "市公安局"  # the same name: no rename
    assert renames(table) == {"市城管执法局": "市城管执法委"}
    out = apply_unit_edits(result, table)
    units = out.units.set_index("unit")
    assert "市城管执法局" not in units.index
    # the target's own values first, then the renamed row's for what it left blank
    assert units.loc["市城管执法委", "full_name"] == "武汉市城市管理执法委员会"
    assert units.loc["市城管执法委", "name_en"] == "Urban Management"
    assert [w.kind for w in out.warnings] == ["collective", "inferred_lead", "no_units"]
    assert result.units.unit.tolist().count("市城管执法局") == 1  # the input is not changed
    # A → B and B → C: A ends at C; a rename into a task's lead drops the same unit from its supports
    table = units_table(result)
    table.loc[table.unit == "市城管执法局", "rename_to"] = "市水务局临时"
    table.loc[table.unit == "市水务局", "rename_to"] = "市水务局临时"
    table.loc[table.unit == "市园林林业局", "rename_to"] = "市城管执法局"
    out = apply_unit_edits(result, table)
    assert renames(table)["市园林林业局"] == "市水务局临时"
    row = out.tasks.set_index("task_id").loc["1.4"]
    assert (row.lead_units, row.support_units) == ("市水务局临时", "")


def test_an_upload_error_goes_once_the_file_is_removed():
    at = run_app("importer")
    at.file_uploader(key="im_upload").set_value(("photo.txt", PNG, "text/plain")).run()
    assert len(at.error) == 1
    at.file_uploader(key="im_upload").clear().run()
    assert not at.error


def test_imported_milestones_reach_the_timeline_and_data_folder_is_untouched():
    from lib.data import folder_signature

    before = folder_signature(ROOT / "data")
    at = run_app("importer")
    paste(at, ROOT / "tests" / "fixtures" / "import" / "milestones.txt")
    at.button(key="im_view").click().run()
    at.switch_page("views/timeline.py").run()
    assert not at.exception
    at.session_state["tl_table_open"] = True  # the table is drawn when its expander is opened
    at.run()
    (table,) = [tb.value for tb in at.table]
    assert len(table) == 8  # 3 phases and 5 milestones (the shipped plan has 8 rows too: the names tell them apart)
    cells = {str(v) for v in table.to_numpy().ravel()}
    assert any("组织开展中期评估" in c for c in cells) and not any("动员部署阶段" in c for c in cells)
    assert folder_signature(ROOT / "data") == before


def test_the_alias_switch_and_merge_ticks_survive_a_page_switch_and_a_new_parse_clears_the_ticks():
    at = run_app("importer")
    at.button(key="im_sample").click().run()
    at.toggle(key="im_aliases").set_value(True).run()
    at.switch_page("views/matrix.py").run()
    at.switch_page("views/importer.py").run()
    assert not at.exception
    assert at.toggle(key="im_aliases").value is True
    assert at.text_area(key="im_text").value == SAMPLE.read_text(encoding="utf-8")

    variants = ("一、重点任务\n1.推进项目建设。(牵头单位:市发展改革委;责任单位:市财政局)\n"
                "2.优化营商环境。(牵头单位:市发改委;责任单位:市财政局)\n")
    at.text_area(key="im_text").set_value(variants).run()
    (box,) = [c for c in at.checkbox if c.key.startswith("im_merge_")]
    box.check().run()
    assert metrics(at)["单位"] == "2"
    at.switch_page("views/matrix.py").run()
    at.switch_page("views/importer.py").run()
    (box,) = [c for c in at.checkbox if c.key.startswith("im_merge_")]
    assert box.value is True and metrics(at)["单位"] == "2"
    # another text with the same pair is a new parse: nothing is merged until ticked again
    at.text_area(key="im_text").set_value(variants + "3.强化督办。(牵头单位:市财政局)\n").run()
    (box,) = [c for c in at.checkbox if c.key.startswith("im_merge_")]
    assert box.value is False and metrics(at)["单位"] == "3"
