"""Import safety and honesty (issues 13 and 15): every CSV written neutralised by one function, encodings that
used to be refused, names kept as written unless an alias table is chosen, look-alike names offered (not merged),
bounded rendering, the upload limit agreeing with Streamlit's, and an imported plan that survives a reload."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from lib.exports import neutralise_cell
from lib.importer import parse_document, read_document, to_zip_bytes, write_dataset
from lib.importer.upload import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    UPLOADER_MB,
    browser_limit_bytes,
    check_upload,
    server_upload_mb,
)
from tests.conftest import ROOT, run_app

REVIEW = ROOT / "tests" / "fixtures" / "import" / "review.txt"
SAMPLE = ROOT / "data" / "source" / "wuhan-2024-28.txt"
FORMULAS = ("=cmd|' /C calc'!A0", "=1+1", "@SUM(1)局")
HOSTILE = (
    "一、重点任务\n"
    "1.=1+1。推进工作。(牵头单位:@SUM(1)局;责任单位:市财政局)\n"
    "2.=cmd|' /C calc'!A0。(牵头单位:市发改委;责任单位:@SUM(1)局)\n"
)
VARIANTS = (
    "一、重点任务\n"
    "1.推进项目建设。(牵头单位:市发展改革委;责任单位:市财政局)\n"
    "2.优化营商环境。(牵头单位:市发改委;责任单位:市财政局)\n"
    "3.加强要素保障。(牵头单位:市发改委;责任单位:市人力资源和社会保障局)\n"
)


@pytest.fixture(autouse=True)
def imports_dir(tmp_path, monkeypatch):
    """Kept plans go to a temporary folder, never the project's var/."""
    monkeypatch.setenv("FENGONG_IMPORTS_DIR", str(tmp_path / "imports"))
    return tmp_path / "imports"


def _cells(data: bytes) -> list[str]:
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return [*frame.columns, *frame.to_numpy().ravel().tolist()]


def _assert_neutral(cells: list[str], where: str) -> None:
    raw = [c for c in cells if c.startswith(("=", "+", "@")) and neutralise_cell(c) != c]
    assert not raw, (where, raw)


# --- one neutraliser for every CSV ------------------------------------------------------------------------------


def test_every_csv_the_importer_writes_is_neutralised(tmp_path):
    result = parse_document(HOSTILE)
    # the folder (CLI), the zip (Import page)
    write_dataset(result, tmp_path / "out")
    folder = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.csv")}
    with zipfile.ZipFile(io.BytesIO(to_zip_bytes(result))) as zf:
        zipped = {n: zf.read(n) for n in zf.namelist()}
    for where, files in (("folder", folder), ("zip", zipped)):
        seen = []
        for name, data in files.items():
            cells = _cells(data)
            _assert_neutral(cells, f"{where}/{name}")
            seen += cells
        # the cells are there, quoted the way lib.exports quotes every dashboard download
        for value in FORMULAS:
            assert "'" + value in seen, (where, value)


def test_the_cli_writes_neutralised_csvs(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "lib.importer", str(src), "--out", str(tmp_path / "o")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    tasks = pd.read_csv(tmp_path / "o" / "tasks.csv", dtype=str, keep_default_na=False)
    units = pd.read_csv(tmp_path / "o" / "units.csv", dtype=str, keep_default_na=False)
    assert tasks.title.tolist() == ["'=1+1", "'=cmd|' /C calc'!A0"]
    assert tasks.lead_units.tolist() == ["'@SUM(1)局", "市发改委"]
    assert "'@SUM(1)局" in units.unit.tolist()


def _last_zip(captured) -> bytes:
    """The last zip among the captured downloads (tests.conftest.captured_media)."""
    return [data for data, mime, _ in captured if mime == "application/zip"][-1]


def test_the_import_pages_zip_is_neutralised(captured_media):
    at = run_app("importer")
    at.text_area(key="im_text").set_value(HOSTILE).run()
    assert not at.exception
    with zipfile.ZipFile(io.BytesIO(_last_zip(captured_media))) as zf:
        names = zf.namelist()
        assert {"tasks.csv", "units.csv", "sources.csv"} <= set(names)
        for name in names:
            _assert_neutral(_cells(zf.read(name)), name)


# --- encodings -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_decodes(encoding):
    text = "一、重点任务\n1.推进项目建设。（牵头单位：市发改委；责任单位：市财政局）\n"
    assert read_document(text.encode(encoding), "plan.txt") == text


def test_utf8_with_a_few_nul_bytes_decodes():
    text = SAMPLE.read_text(encoding="utf-8")
    data = text.encode("utf-8")
    damaged = data[:100] + b"\x00" + data[100:2000] + b"\x00\x00" + data[2000:]
    assert read_document(damaged, "plan.txt") == text


# --- names as written --------------------------------------------------------------------------------------------


def test_cli_keeps_names_as_written_unless_aliases_are_given(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text(VARIANTS, encoding="utf-8")

    def leads(*extra):
        out = tmp_path / f"o{len(extra)}"
        proc = subprocess.run([sys.executable, "-m", "lib.importer", str(src), "--out", str(out), *extra],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return pd.read_csv(out / "tasks.csv", dtype=str, keep_default_na=False)

    plain = leads()
    assert plain.lead_units.tolist() == ["市发展改革委", "市发改委", "市发改委"]
    assert plain.support_units.tolist()[2] == "市人力资源和社会保障局"
    aliased = leads("--aliases", str(ROOT / "data" / "aliases.csv"))
    assert aliased.lead_units.tolist() == ["市发改委", "市发改委", "市发改委"]


def test_import_page_keeps_names_and_offers_a_merge_it_does_not_make():
    at = run_app("importer")
    at.text_area(key="im_text").set_value(VARIANTS).run()
    assert not at.exception
    toggle = at.toggle(key="im_aliases")
    assert toggle.value is False and toggle.disabled  # not the shipped plan: its alias table is not offered
    units = {m.label: m.value for m in at.metric}["单位"]
    assert units == "4"  # 市发展改革委 and 市发改委 both kept
    (box,) = [c for c in at.checkbox if c.key.startswith("im_merge_")]
    assert box.label == "把「市发展改革委」合并为「市发改委」" and box.value is False
    box.check().run()
    assert {m.label: m.value for m in at.metric}["单位"] == "3"
    editor_rows = at.session_state["im_saved"]["units"]
    assert "市发展改革委" in editor_rows["unit"].tolist()  # the table still shows the name as found


def test_the_shipped_plans_alias_table_is_offered_for_the_shipped_plan_only_and_off_by_default():
    at = run_app("importer")
    at.button(key="im_sample").click().run()
    toggle = at.toggle(key="im_aliases")
    assert toggle.value is False and not toggle.disabled
    assert any("未使用别名表" in c.value for c in at.caption)


# --- bounded rendering -------------------------------------------------------------------------------------------


def test_a_huge_task_is_shown_cut_and_downloaded_whole(captured_media):
    long = "推进" * 150_000  # 300,000 characters on one line, no line break
    text = f"一、重点任务\n1.建设项目。{long}(牵头单位:市发改委;责任单位:市财政局)"
    at = run_app("importer")
    at.text_area(key="im_text").set_value(text).run()
    assert not at.exception
    tasks = [df.value for df in at.dataframe if "原文" in df.value.columns][0]
    assert tasks["原文"].str.len().max() <= 300 and tasks["原文"].iloc[0].endswith("…")
    assert max(len(t.value) for t in at.text) <= 4000
    assert any("原文共 300,0" in c.value for c in at.caption)
    with zipfile.ZipFile(io.BytesIO(_last_zip(captured_media))) as zf:
        sources = pd.read_csv(io.BytesIO(zf.read("sources.csv")), dtype=str, encoding="utf-8-sig")
    assert long in sources.source.iloc[0]


def test_an_upload_too_long_for_the_text_box_is_read_but_not_put_in_it():
    text = "一、重点任务\n1.建设项目。" + "推进" * 120_000 + "(牵头单位:市发改委;责任单位:市财政局)"
    at = run_app("importer")
    at.file_uploader(key="im_upload").set_value(("long.txt", text.encode(), "text/plain")).run()
    assert not at.exception
    assert at.text_area(key="im_text").value == ""
    assert any("过长，不在此框中显示" in i.value for i in at.info)
    assert {m.label: m.value for m in at.metric}["任务"] == "1"


# --- the upload limit ---------------------------------------------------------------------------------------------


def test_the_upload_limit_agrees_with_streamlits_and_admits_5_0_to_5_24_mb():
    assert server_upload_mb() == UPLOADER_MB
    # Streamlit's browser counts MB as 1000² bytes (1024² on Windows); neither may refuse what the limit admits
    for windows in (False, True):
        assert browser_limit_bytes(UPLOADER_MB, windows) >= MAX_UPLOAD_BYTES
    assert server_upload_mb() * 1024 * 1024 >= MAX_UPLOAD_BYTES + 64 * 1024  # multipart framing on top
    for size in (5_000_000, 5_200_000, 5 * 1024 * 1024):
        assert check_upload("plan.txt", b"a" * size) == "plan.txt"
    with pytest.raises(Exception, match=f"the limit is {MAX_UPLOAD_MB} MB"):
        check_upload("plan.txt", b"a" * (MAX_UPLOAD_BYTES + 1))
    at = run_app("importer")
    assert at.file_uploader(key="im_upload").proto.max_upload_size_mb == UPLOADER_MB


# --- kept across a reload and a second tab -------------------------------------------------------------------------


def test_an_imported_plan_survives_a_reload_and_opens_in_a_second_tab(imports_dir):
    at = run_app("importer")
    at.text_area(key="im_text").set_value(REVIEW.read_text(encoding="utf-8")).run()
    at.button(key="im_view").click().run()
    assert not at.exception
    pid = at.query_params["plan"]
    assert (imports_dir / str(pid) / "tasks.csv").is_file()
    # a new session with the same link (F5, or the link in another tab): the imported plan, not the shipped one
    again = run_app(params={"plan": pid})
    assert not again.exception
    metrics = {m.label: m.value for m in again.metric}
    assert metrics["任务"] == "5"
    assert any("导入的方案" in i.value for i in again.sidebar.info)
    # the sidebar's way back still leads to the shipped plan, and the link drops the plan
    again.sidebar.button(key="fg_back_to_shipped").click().run()
    again.run()
    assert {m.label: m.value for m in again.metric}["任务"] == "24"
    assert "plan" not in again.query_params


def test_a_malformed_or_unknown_plan_id_shows_the_shipped_plan():
    for pid in ("../../data", "0" * 32, "x"):
        at = run_app(params={"plan": pid})
        assert not at.exception
        assert {m.label: m.value for m in at.metric}["任务"] == "24"


# --- low-confidence reads marked ------------------------------------------------------------------------------------


def test_low_confidence_reads_are_found_and_marked_beside_the_source():
    from lib.importer.confidence import low_confidence
    from lib.importer.ocr import mark_ocr

    text = ("一、重点任务\n1.推进项目建设。(牵头单位:市发改委;责任单位:市财政局)\n"
            "2.优化营商环境。(责任单位:市商务局、市市场监管局)\n")
    result = parse_document(text)
    # a list given by the names alone (as a table row or a label-free line reads)
    result.tasks.loc[0, ["lead_units", "support_units"]] = ["市发改委", "市财政局"]
    result.sources["1.1"] = "1.推进项目建设。市发改委、市财政局"
    mark_ocr(result, "2.优化营商环境。(责任单位:市商务局、市市场监管局)")
    assert low_confidence(result) == {"1.1": ["label_free"], "1.2": ["ocr", "inferred_lead"]}
    # on the page: the inferred lead of REVIEW's 1.3 is marked at the head of its source, the others not
    at = run_app("importer")
    at.text_area(key="im_text").set_value(REVIEW.read_text(encoding="utf-8")).run()
    tasks = [df.value for df in at.dataframe if "原文" in df.value.columns][0].set_index("编号")
    assert tasks.loc["1.3", "原文"].startswith("〔推定牵头〕")
    assert not tasks.loc["1.2", "原文"].startswith("〔")


def test_a_5_mb_upload_without_line_breaks_renders_a_bounded_page():
    """Issue 15: one giant task in a 5 MB file froze the browser; the page now sends a bounded amount of text."""
    body = "推进" * ((5 * 1024 * 1024 - 200) // 6)
    data = ("1.建设项目。" + body + "(牵头单位:市发改委;责任单位:市财政局)").encode()
    assert 5_000_000 < len(data) <= 5 * 1024 * 1024
    at = run_app("importer")
    at.file_uploader(key="im_upload").set_value(("一行.txt", data, "text/plain")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert {m.label: m.value for m in at.metric}["任务"] == "1"
    shown = [at.text_area(key="im_text").value, *(t.value for t in at.text), *(m.value for m in at.markdown)]
    for df in at.dataframe:
        shown += [str(v) for v in df.value.to_numpy().ravel()]
    assert sum(len(s) for s in shown) < 20_000
