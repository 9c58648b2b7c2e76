"""The loader on the shipped data (facts from the document) and on every kind of broken or Excel-made folder."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.data import load_dataset, split_units
from tests.conftest import ROOT as ROOT_DIR


def _units_of(ds, task_id, role):
    a = ds.assignments
    return a[(a.task_id == task_id) & (a.role == role)]["unit"].tolist()


# ---------- the shipped document ----------

def test_shipped_plan_has_document_shape(ds):
    assert len(ds.tasks) == 24
    assert len(ds.units) == 29
    assert ds.tasks["section"].nunique() == 6
    assert ds.tasks.groupby("section").size().to_dict() == {1: 4, 2: 6, 3: 4, 4: 4, 5: 3, 6: 3}
    assert ds.units["listed"].all()


def test_assignment_counts_as_written_and_counted_once(ds):
    from lib.scenes.overview import overview
    from lib.transforms import Filters, apply_filters

    # as the overview shows them: 24 leads, 93 supports, the support metric's help says 94 as written, 1 overlap
    counts = overview(ds, apply_filters(ds, Filters()), "zh", dt.date(2025, 6, 1), 14).counts
    assert (counts["lead"], counts["support"], counts["support_raw"], counts["overlap"]) == (24, 93, 94, 1)
    assert (ds.assignments.role == "lead").sum() == 24
    assert (ds.assignments.role == "support").sum() == 93
    assert not ds.assignments.duplicated(["task_id", "unit"]).any()


def test_donghu_leads_three_supports_twentyone(ds):
    a = ds.assignments[ds.assignments.unit == "东湖高新区"]
    assert sorted(a[a.role == "lead"].task_id) == ["3.1", "4.2", "5.1"]
    assert (a.role == "support").sum() == 21


def test_task_units_in_document_order(ds):
    t = ds.tasks.set_index("task_id")
    assert t.loc["1.1", "lead_units"] == ("市发改委",)
    assert t.loc["1.1", "support_units"] == ("市自然资源和城乡建设局", "市政府国资委", "市委编办", "东湖高新区")
    assert t.loc["2.3", "title"] == "做大生命健康产业"
    assert t.loc["5.1", "support_units"][-1] == "市消防救援支队"
    assert len(t.loc["5.1", "support_units"]) == 11
    assert _units_of(ds, "4.4", "support") == ["东湖高新区", "市委外办", "市交通运输局", "市科技创新局", "市经信局",
                                               "市体育局"]


def test_overlap_in_5_2_kept_as_written_and_reported(ds):
    t = ds.tasks.set_index("task_id")
    assert t.loc["5.2", "lead_units"] == ("市文旅局",)
    assert "市文旅局" in t.loc["5.2", "support_units"]  # the data stays faithful to the document
    assert ds.overlaps.values.tolist() == [["5.2", "市文旅局"]]
    assert _units_of(ds, "5.2", "lead") == ["市文旅局"]
    assert "市文旅局" not in _units_of(ds, "5.2", "support")


def test_shipped_load_reports_only_the_overlap():
    result = load_dataset("data")
    assert result.errors == []
    assert [p.code for p in result.warnings] == ["lead_and_support"]
    msg = result.warnings[0].message("zh")
    assert "5.2" in msg and "市文旅局" in msg and "tasks.csv" in msg and "21" in msg


def test_unit_categories(ds):
    cat = dict(zip(ds.units.unit, ds.units.category))
    assert {u for u, c in cat.items() if c == "party"} == {"市委编办", "市委外办", "市委宣传部", "市人才工作局"}
    assert {u for u, c in cat.items() if c == "district"} == {"东湖高新区", "洪山区", "江夏区"}
    assert {u for u, c in cat.items() if c == "other"} == {"市消防救援支队"}


def test_phases_and_milestones(ds):
    ph = ds.phases.set_index("name")
    assert ph.loc["动员部署阶段", ["start", "end"]].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-04-10")]
    assert ph.loc["办理落实阶段", ["start", "end"]].tolist() == [pd.Timestamp("2024-04-11"), pd.Timestamp("2024-10-31")]
    assert ph.loc["总结汇总阶段", ["start", "end"]].tolist() == [pd.Timestamp("2024-11-01"), pd.Timestamp("2024-12-31")]
    ms = ds.phases[ds.phases.kind == "milestone"]
    assert pd.Timestamp("2024-03-26") in set(ms.start)  # the document's issue date
    assert pd.Timestamp("2024-04-08") in set(ms.end)  # specific plans filed by 4月8日
    assert pd.Timestamp("2024-05-31") in set(ms.end)  # stage summaries by the end of May
    june = ms[ms.start == pd.Timestamp("2024-06-01")]
    assert june.end.tolist() == [pd.Timestamp("2024-06-10")]  # 6月上旬 spans days 1-10
    assert ds.plan.doc_number == "武政办〔2024〕28号"


def test_split_units_accepts_every_separator():
    assert split_units("甲、乙，丙,丁；戊") == ["甲", "乙", "丙", "丁", "戊"]
    assert split_units(" 、 ") == []


# ---------- errors: the app stops with a message naming the problem ----------
def _set_cell(folder, name: str, index: int, column: str, value: str) -> None:
    """Change one cell of a data file in place (index counts data rows from 0), as a user editing it would."""
    df = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    df.loc[index, column] = value
    df.to_csv(folder / name, index=False)


def _codes(result, level):
    return [p.code for p in result.problems if p.level == level]


def test_missing_folder(tmp_path):
    result = load_dataset(tmp_path / "nope")
    assert result.dataset is None
    assert _codes(result, "error") == ["folder_missing"]
    assert "nope" in result.errors[0].message("zh")


def test_missing_file(data_copy):
    (data_copy / "tasks.csv").unlink()
    result = load_dataset(data_copy)
    assert result.dataset is None
    assert result.errors[0].code == "file_missing"
    assert "tasks.csv" in result.errors[0].message("zh")


def test_empty_file(data_copy):
    (data_copy / "units.csv").write_bytes(b"")
    result = load_dataset(data_copy)
    assert result.dataset is None
    assert result.errors[0].code == "file_empty"
    assert "units.csv" in result.errors[0].message("en")


def test_binary_file(data_copy):
    (data_copy / "tasks.csv").write_bytes(bytes(range(256)) * 10)
    result = load_dataset(data_copy)
    assert result.dataset is None
    assert result.errors[0].code == "file_binary"
    assert "tasks.csv" in result.errors[0].message("zh")


def test_missing_column(data_copy):
    df = pd.read_csv(data_copy / "tasks.csv", dtype=str).drop(columns=["lead_units"])
    df.to_csv(data_copy / "tasks.csv", index=False)
    result = load_dataset(data_copy)
    assert result.dataset is None
    err = result.errors[0]
    assert (err.code, err.file, err.column) == ("missing_column", "tasks.csv", "lead_units")
    assert "lead_units" in err.message("zh") and "tasks.csv" in err.message("zh")


def test_unparseable_date_names_row_column_value(data_copy):
    _set_cell(data_copy, "phases.csv", 1, "start", "2024年4月中旬")
    result = load_dataset(data_copy)
    assert result.dataset is None
    err = result.errors[0]
    assert (err.code, err.row, err.column, err.value) == ("date_unparseable", 3, "start", "2024年4月中旬")
    assert err.message("zh") == "phases.csv 第 3 行「start」列的日期「2024年4月中旬」无法识别（应为 2024-03-26 格式）。"


def test_end_before_start(data_copy):
    _set_cell(data_copy, "phases.csv", 0, "end", "2024-01-15")
    result = load_dataset(data_copy)
    assert result.dataset is None
    err = result.errors[0]
    assert (err.code, err.row, err.value, err.extra) == ("end_before_start", 2, "2024-01-15", "2024-02-01")
    assert "2024-01-15" in err.message("en") and "row 2" in err.message("en")


def test_section_not_a_number(data_copy):
    _set_cell(data_copy, "tasks.csv", 4, "section", "二")
    result = load_dataset(data_copy)
    assert result.dataset is None
    assert (result.errors[0].code, result.errors[0].row, result.errors[0].value) == ("section_not_number", 6, "二")


# ---------- warnings: reported, and the app goes on ----------

def test_unit_missing_from_units_csv_is_warned_and_kept(data_copy):
    df = pd.read_csv(data_copy / "units.csv", dtype=str)
    df[df.unit != "市数据局"].to_csv(data_copy / "units.csv", index=False)
    result = load_dataset(data_copy)
    assert result.dataset is not None
    w = [p for p in result.warnings if p.code == "unit_not_listed"]
    assert [(p.value, p.row, p.column) for p in w] == [("市数据局", 21, "support_units")]
    assert "市数据局" in w[0].message("zh")
    assert "市数据局" in set(result.dataset.units.unit)
    assert len(result.dataset.units) == 29


def test_duplicate_task_id_keeps_first(data_copy):
    df = pd.read_csv(data_copy / "tasks.csv", dtype=str)
    df = pd.concat([df, df.iloc[[0]]], ignore_index=True)
    df.to_csv(data_copy / "tasks.csv", index=False)
    result = load_dataset(data_copy)
    assert result.dataset is not None
    assert len(result.dataset.tasks) == 24
    dup = [p for p in result.warnings if p.code == "task_duplicate"]
    assert [(p.value, p.row) for p in dup] == [("1.1", 26)]


def test_lead_and_support_of_same_task_warned(ds):
    result = load_dataset("data")
    assert any(p.code == "lead_and_support" and p.value == "市文旅局" and p.extra == "5.2" for p in result.warnings)


# ---------- Excel-made files ----------

def test_gbk_files_load(data_copy):
    for name in ("units.csv", "tasks.csv", "phases.csv"):
        text = (data_copy / name).read_text("utf-8")
        (data_copy / name).write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    result = load_dataset(data_copy)
    assert result.errors == []
    assert len(result.dataset.tasks) == 24
    assert result.dataset.tasks.set_index("task_id").loc["1.1", "lead_units"] == ("市发改委",)


def test_bom_crlf_files_load(data_copy):
    for name in ("units.csv", "tasks.csv", "phases.csv"):
        text = (data_copy / name).read_text("utf-8")
        (data_copy / name).write_bytes(text.replace("\n", "\r\n").encode("utf-8-sig"))
    result = load_dataset(data_copy)
    assert result.errors == []
    assert list(result.dataset.units.columns[:4]) == ["unit", "full_name", "name_en", "category"]
    assert (result.dataset.assignments.role == "support").sum() == 93


def test_excel_saved_units_with_blank_trailing_rows(data_copy):
    text = (data_copy / "units.csv").read_text("utf-8")
    (data_copy / "units.csv").write_text(text + ",,,\n,,,\n", "utf-8")
    result = load_dataset(data_copy)
    assert result.errors == []
    assert len(result.dataset.units) == 29


@pytest.mark.parametrize("payload", [b"\xff\xfe", b"unit\n\x00\x00", "单位".encode("utf-16")])
def test_odd_bytes_never_raise(data_copy, payload):
    (data_copy / "units.csv").write_bytes(payload)
    result = load_dataset(data_copy)
    assert result.dataset is None
    assert result.errors and "units.csv" in result.errors[0].message("zh")


def test_collective_unit_with_separator_stays_whole_when_known():
    known = {"各区、县级市"}
    assert split_units("市发改委、各区、县级市、市财政局", known) == ["市发改委", "各区、县级市", "市财政局"]
    assert split_units("市发改委、各区、县级市", set()) == ["市发改委", "各区", "县级市"]


def test_loader_keeps_collective_unit_listed_in_units_csv(data_copy):
    units = pd.read_csv(data_copy / "units.csv", dtype=str)
    units.loc[len(units)] = ["各区、县级市", "", "", "collective"]
    units.to_csv(data_copy / "units.csv", index=False)
    tasks = pd.read_csv(data_copy / "tasks.csv", dtype=str)
    tasks.loc[0, "support_units"] += "、各区、县级市"
    tasks.to_csv(data_copy / "tasks.csv", index=False)
    result = load_dataset(data_copy)
    assert [p.code for p in result.warnings] == ["lead_and_support"]
    t = result.dataset.tasks.set_index("task_id")
    assert t.loc["1.1", "support_units"][-1] == "各区、县级市"
    assert len(t.loc["1.1", "support_units"]) == 5


def test_load_frames_validates_like_a_folder(ds):
    from lib.data import load_frames

    units = pd.read_csv("data/units.csv", dtype=str, keep_default_na=False)
    tasks = pd.read_csv("data/tasks.csv", dtype=str, keep_default_na=False)
    result = load_frames({"units.csv": units, "tasks.csv": tasks}, source="upload")
    assert result.dataset is not None and len(result.dataset.tasks) == 24
    assert (result.dataset.assignments.role == "support").sum() == 93
    broken = load_frames({"units.csv": units, "tasks.csv": tasks.drop(columns=["title"])}, source="upload")
    assert broken.dataset is None and broken.errors[0].column == "title"


def test_a_column_named_like_our_row_marker_is_ignored(data_copy):
    text = (data_copy / "units.csv").read_text("utf-8").replace("category\n", "category,_row\n", 1)
    (data_copy / "units.csv").write_text(text, "utf-8")
    result = load_dataset(data_copy)
    assert result.errors == [] and len(result.dataset.units) == 29


@pytest.mark.parametrize(("value", "code"), [("9999-12-31", "date_out_of_range"), ("0001-01-01", "date_out_of_range"),
                                             ("2024-02-30", "date_unparseable")])
def test_impossible_dates_named(data_copy, value, code):
    _set_cell(data_copy, "phases.csv", 0, "end", value)
    result = load_dataset(data_copy)
    assert result.dataset is None
    assert (result.errors[0].code, result.errors[0].row, result.errors[0].value) == (code, 2, value)
    assert value in result.errors[0].message("en")


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_non_finite_section_is_an_error(data_copy, value):
    _set_cell(data_copy, "tasks.csv", 0, "section", value)
    result = load_dataset(data_copy)
    assert result.dataset is None and result.errors[0].code == "section_not_number"


def test_every_phase_description_is_quoted_from_the_document(ds):
    source = (ROOT_DIR / "data" / "source" / "wuhan-2024-28.txt").read_text("utf-8")
    for text in ds.phases["description"]:
        assert text and text in source, text


def test_broken_optional_files_warn_and_the_plan_loads(data_copy):
    (data_copy / "plan.csv").write_bytes(b"\x00\x01\x02binary")
    (data_copy / "aliases.csv").write_text("name,other\n甲,乙\n", "utf-8")
    result = load_dataset(data_copy)
    assert result.dataset is not None and result.errors == []
    found = {(p.code, p.file) for p in result.warnings}
    assert ("file_binary", "plan.csv") in found
    assert ("missing_column", "aliases.csv") in found


def test_aliases_csv_applies_on_load_and_says_so(data_copy):
    (data_copy / "aliases.csv").write_text("alias,unit\n市发展改革委,市发改委\n", "utf-8")
    tasks = pd.read_csv(data_copy / "tasks.csv", dtype=str)
    tasks.loc[0, "lead_units"] = "市发展改革委"
    tasks.to_csv(data_copy / "tasks.csv", index=False)
    result = load_dataset(data_copy)
    assert result.dataset.tasks.set_index("task_id").loc["1.1", "lead_units"] == ("市发改委",)
    notes = [p for p in result.warnings if p.code == "alias_applied"]
    assert [(p.row, p.value, p.extra) for p in notes] == [(2, "市发展改革委", "市发改委")]


def test_fractional_section_and_mismatched_task_id_are_warned(data_copy):
    tasks = pd.read_csv(data_copy / "tasks.csv", dtype=str)
    tasks.loc[0, "section"] = "1.7"
    tasks.loc[5, "task_id"] = "9.9"
    tasks.to_csv(data_copy / "tasks.csv", index=False)
    result = load_dataset(data_copy)
    found = {(p.code, p.row, p.value) for p in result.warnings}
    assert ("section_not_whole", 2, "1.7") in found
    assert ("task_id_section", 7, "9.9") in found
    assert "9.9" in next(p for p in result.warnings if p.code == "task_id_section").message("zh")


def test_optional_deadline_columns(data_copy):
    tasks = pd.read_csv(data_copy / "tasks.csv", dtype=str, keep_default_na=False)
    tasks["deadline_text"] = ""
    tasks["deadline"] = ""
    tasks.loc[0, ["deadline_text", "deadline"]] = ["2024年6月底前", "2024-06-30"]
    tasks.loc[1, ["deadline_text", "deadline"]] = ["长期坚持", ""]
    tasks.loc[2, ["deadline_text", "deadline"]] = ["年底前", "2024-13-45"]
    tasks.to_csv(data_copy / "tasks.csv", index=False)
    result = load_dataset(data_copy)
    ds = result.dataset
    assert ds is not None and len(ds.tasks) == 24  # an unreadable deadline drops no task
    first, second, third = (ds.tasks.iloc[i] for i in range(3))
    assert (first["deadline_text"], first["deadline"]) == ("2024年6月底前", pd.Timestamp("2024-06-30"))
    assert second["deadline_text"] == "长期坚持" and pd.isna(second["deadline"])
    assert third["deadline_text"] == "年底前" and pd.isna(third["deadline"])
    (warn,) = [p for p in result.warnings if p.code == "deadline_unparseable"]
    assert (warn.file, warn.row, warn.column, warn.value) == ("tasks.csv", 4, "deadline", "2024-13-45")
    assert warn.message("zh").startswith("tasks.csv 第 4 行「deadline」列的完成时限「2024-13-45」无法识别")


def test_deadline_columns_absent_are_empty(ds):
    assert (ds.tasks["deadline_text"] == "").all() and ds.tasks["deadline"].isna().all()


def test_invisible_and_direction_characters_in_names(data_copy):
    tasks = pd.read_csv(data_copy / "tasks.csv", dtype=str, keep_default_na=False)
    assert tasks.loc[0, "lead_units"] == "市发改委"
    tasks.loc[0, "lead_units"] = "市发改委\u202e"  # looks the same as 市发改委
    tasks.loc[1, "support_units"] = "市\u202e委改发、" + tasks.loc[1, "support_units"]  # shows as 市发改委
    tasks.loc[2, "support_units"] = "\u2066市财政局\u2069\u200f、\u061c"
    tasks.to_csv(data_copy / "tasks.csv", index=False)
    result = load_dataset(data_copy)
    ds = result.dataset
    assert ds.tasks.loc[0, "lead_units"] == ("市发改委",)  # the same unit, not a second one
    assert ds.tasks.loc[1, "support_units"][0] == "市委改发"  # as written, no longer drawn as 市发改委
    assert ds.tasks.loc[2, "support_units"] == ("市财政局",)
    units = set(ds.units["unit"])
    assert not any(ch in u for u in units for ch in "\u202e\u2066\u2069\u200f\u061c")
    found = {(p.row, p.column, p.value, p.extra) for p in result.warnings if p.code == "name_invisible"}
    assert found == {(2, "lead_units", "市发改委", "U+202E"), (3, "support_units", "市委改发", "U+202E"),
                     (4, "support_units", "市财政局", "U+2066 U+2069 U+200F"), (4, "support_units", "", "U+061C")}
    assert [p for p in result.warnings if p.code == "name_invisible"][0].message("zh") == (
        "tasks.csv 第 2 行「lead_units」列的名称含不可见或方向控制字符（U+202E），已去除，读作「市发改委」。")


def test_invisible_characters_in_units_csv(data_copy):
    units = pd.read_csv(data_copy / "units.csv", dtype=str, keep_default_na=False)
    units.loc[0, "unit"] = units.loc[0, "unit"] + "\u200b\u202c"
    units.to_csv(data_copy / "units.csv", index=False)
    result = load_dataset(data_copy)
    assert result.dataset is not None and len(result.dataset.units) == 29  # no unlisted twin
    assert [(p.file, p.row, p.column) for p in result.warnings if p.code == "name_invisible"] == [
        ("units.csv", 2, "unit")]
