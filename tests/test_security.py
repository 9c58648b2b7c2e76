"""Safe on a shared office server: data text shown literally, no HTML from data, spreadsheet-safe exports.

The hostile plan (tests/fixtures/hostile/) puts markup, Markdown and spreadsheet formulas in every text field.
The browser tests (tests/browser/test_hostile.py) check that nothing runs; these check the Markdown source and
the figure specs every page sends, the sources of views/ and lib/, and the bytes of the exports.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.data import load_dataset
from lib.exports import csv_bytes, excel_bytes, neutralise_cell, safe_frame, sheet_name
from lib.i18n import STRINGS
from lib.textsafe import md_escape, md_unescape
from tests.browser.conftest import app_pages
from tests.browser.payloads import BOLD, IMG, JS_LINK, RAW_MARKUP, RAW_TAG, SCRIPT
from tests.conftest import ROOT, run_app

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
PAGES = [p.name for p in app_pages()]


# ---------- the hostile fixture is a valid plan ----------

def test_hostile_fixture_loads_and_carries_every_payload():
    result = load_dataset(HOSTILE)
    assert result.dataset is not None, [p.message("en") for p in result.errors]
    ds = result.dataset
    units = set(ds.units["unit"])
    assert {IMG + "局", SCRIPT + "委", "[x](javascript:alert(1))区", BOLD, "# 标题局", "-1+1", "+cmd|' /C calc'!A0",
            '=HYPERLINK("http://evil.example")', "@SUM(1+1)*cmd|' /C calc'!A0", "🏛️市应急局🚒",
            "مكتب التخطيط العمراني"} <= units
    assert max(len(u) for u in units) > 300
    assert any(IMG in t for t in ds.tasks["title"]) and any(SCRIPT in d for d in ds.tasks["description"])
    assert any(JS_LINK in t for t in ds.tasks["section_title"])
    assert any(IMG in n for n in ds.phases["name"]) and any(SCRIPT in n for n in ds.phases["name"])
    assert IMG in ds.plan.title and SCRIPT in ds.plan.issuer
    # warnings whose messages carry a payload: an unknown category and a unit missing from units.csv
    codes = {p.code for p in result.warnings}
    assert {"category_unknown", "unit_not_listed", "lead_and_support"} <= codes


# ---------- md_escape ----------

def _unescaped(markdown: str) -> str:
    """The Markdown source with every backslash escape (and the word joiner) removed: what could still be syntax."""
    return re.sub(r"\\.", "", markdown.replace("\u2060", ""), flags=re.S)


@pytest.mark.parametrize("text", [IMG, SCRIPT, JS_LINK, BOLD, "# 标题", "1. 列表", "- 列表", "$x$", ":red[红]",
                                  ":material/home:", "&lt;b&gt;", "~~删~~", "| a |", "`代码`", "![i](x)"])
def test_md_escape_leaves_no_markdown_syntax(text):
    escaped = md_escape(text)
    assert escaped != text
    assert md_unescape(escaped) == text
    left = _unescaped(escaped)
    assert not re.search(r"[<>\[\]*`|~$]|:\w|&\w+;", left), left
    assert not re.match(r"[#\-+=]|\d+[.)]", escaped), escaped  # nothing starts a block


def test_md_escape_keeps_ordinary_text_unchanged():
    for text in ("任务 5.2：tasks.csv 第 21 行", "support_units", "2024-03-26", "市发改委", "A (B) C.", "12.5 x"):
        assert md_escape(text) == text


def test_md_escape_folds_line_breaks():
    assert md_escape("a\n# b\r\n\n    c") == "a # b c"  # "#" mid-line is not a heading
    assert md_escape(None) == ""


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_md_escape_round_trips_and_leaves_no_syntax(text):
    escaped = md_escape(text)
    folded = re.sub(r"\s*[\r\n\u2028\u2029\x85]+\s*", " ", text).strip()
    assert md_unescape(escaped) == folded
    assert "\n" not in escaped and "\r" not in escaped
    left = _unescaped(escaped)
    assert not re.search(r"[<>\[\]*`|~$!\\]", left)
    assert not re.match(r"[#\-+=]|\d+[.)](\s|$)", escaped)


# ---------- every page, on the hostile plan, through AppTest ----------

# Fields Streamlit shows as plain text (select options, state values, code); everything else is Markdown.
LITERAL_FIELDS = {
    ("MultiSelect", "options"), ("MultiSelect", "raw_values"), ("MultiSelect", "default"),
    ("Selectbox", "options"), ("Selectbox", "raw_value"), ("Radio", "raw_value"), ("ButtonGroup", "raw_values"),
    ("Metric", "body"), ("Metric", "delta"), ("Code", "code_text"), ("Text", "body"), ("Json", "body"),
    ("TextInput", "value"), ("TextInput", "default"), ("TextArea", "value"), ("TextArea", "default"),
    ("Dataframe", "column_order"), ("PlotlyChart", "config"), ("DownloadButton", "url"), ("Exception", "stack_trace"),
}


def _strings(msg, path: str):
    """(type.field path, value) for every string in a protobuf message, nested messages included."""
    for fd, value in msg.ListFields():
        values = list(value) if getattr(fd, "is_repeated", False) else [value]
        for v in values:
            if isinstance(v, str):
                yield type(msg).__name__, fd.name, f"{path}.{fd.name}", v
            elif hasattr(v, "ListFields"):
                yield from _strings(v, f"{path}.{fd.name}")


def _nodes(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _nodes(child)


def _json_strings(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _json_strings(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for v in obj:
            yield from _json_strings(v, f"{path}[]")
    elif isinstance(obj, str):
        yield path, obj


def _plotly_raw_markup(spec: str) -> list[str]:
    """Data strings in a figure that plotly would read as HTML (customdata only counts when a template shows it)."""
    fig = json.loads(spec)
    found = []
    for i, trace in enumerate(fig.get("data", [])):
        templated = "customdata" in json.dumps({k: v for k, v in trace.items() if "template" in k})
        for path, s in _json_strings(trace, f"data[{i}]"):
            if path.startswith(f"data[{i}].customdata") and not templated:
                continue
            if RAW_TAG.search(s):
                found.append(f"{path}: {s[:100]!r}")
    for path, s in _json_strings(fig.get("layout", {}), "layout"):
        if RAW_TAG.search(s):
            found.append(f"{path}: {s[:100]!r}")
    return found


def _data_markdown() -> re.Pattern:
    """Markdown written in the hostile plan (bold, links, code, math): seen unescaped, it would be rendered."""
    ds = load_dataset(HOSTILE).dataset
    texts = [str(v) for frame in (ds.units, ds.tasks, ds.phases) for v in frame.to_numpy().ravel()]
    found = {m for t in texts for m in re.findall(r"\*\*[^*]+\*\*|\[[^\]]+\]\(|`[^`]+`|\$[^$]+\$", t)}
    return re.compile("|".join(re.escape(m) for m in sorted(found)) + "|" + RAW_MARKUP.pattern, re.IGNORECASE)


DATA_MARKDOWN = _data_markdown()


def audit(at) -> list[str]:
    """Every place a page shows hostile data text as Markdown or plotly HTML without escaping it."""
    found = []
    for table in at.table:  # st.table renders its cells (and headers) as Markdown
        df = table.value
        for value in [*map(str, df.columns), *(str(v) for v in df.to_numpy().ravel() if isinstance(v, str))]:
            if DATA_MARKDOWN.search(_unescaped(value)):
                found.append(f"st.table cell: {value[:140]!r}")
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        for type_name, field, path, value in _strings(proto, type(proto).__name__):
            if (type_name, field) in LITERAL_FIELDS:
                continue
            if type_name == "PlotlyChart" and field == "spec":
                found += [f"plotly {x}" for x in _plotly_raw_markup(value)]
            elif type_name == "Dataframe" and field == "columns":
                for cpath, s in _json_strings(json.loads(value or "{}")):
                    if cpath.endswith(".help") and DATA_MARKDOWN.search(_unescaped(s)):
                        found.append(f"dataframe column help {cpath}: {s[:100]!r}")
            elif DATA_MARKDOWN.search(_unescaped(value)):
                found.append(f"{path}: {value[:140]!r}")
    return found


def open_expanders(at) -> None:
    """Open what a page draws only when asked (the timeline's table), so the audit sees it too."""
    at.session_state["tl_table_open"] = True
    at.run()


# Filters naming hostile units and areas: captions and briefing scope lines repeat them.
HOSTILE_FILTERS = {"section": "2", "unit": f"{IMG}局,{SCRIPT}委,[x](javascript:alert(1))区"}


@pytest.mark.parametrize("variant", ["zh", "en", "zh-filtered"])
@pytest.mark.parametrize("page", PAGES)
def test_page_shows_hostile_text_escaped(page, variant, monkeypatch):
    params = {"en": {"lang": "en"}, "zh-filtered": HOSTILE_FILTERS}.get(variant)
    at = run_app(None if page == PAGES[0] else page, params, HOSTILE, monkeypatch)
    open_expanders(at)
    if variant == "zh-filtered":
        assert len(at.multiselect(key="f_unit").value) == 3, "the URL's units were not taken"
    assert not at.exception, [e.value for e in at.exception]
    found = audit(at)
    assert not found, f"{page} ({variant}) shows data as Markdown/HTML:\n" + "\n".join(found)


def test_imported_hostile_plan_shows_escaped_on_every_page():
    """A plan pasted on the Import page (no file on the server) reaches every page escaped too."""
    text = (ROOT / "data" / "source" / "wuhan-2024-28.txt").read_text("utf-8")
    text = (text.replace("完善管理体制。", f"**加粗** {IMG}管理体制。", 1).replace("争取省级层面统筹支持", SCRIPT + JS_LINK, 1)
            .replace("市发改委", "[x](javascript:alert(1))局"))
    at = run_app("importer")
    at.text_area(key="im_text").set_value(text).run()
    assert not at.exception and not audit(at), audit(at)
    at.button(key="im_view").click().run()
    imported = at.session_state["fg_imported_dataset"].dataset
    assert IMG in imported.tasks["title"].iloc[0] and "[x](javascript:alert(1))局" in set(imported.units["unit"])
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        open_expanders(at)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not audit(at), (page, audit(at))


def test_overview_markdown_holds_the_escaped_data(monkeypatch):
    """The overview's title, document line, phase line and data notes carry md_escape'd data."""
    result = load_dataset(HOSTILE)
    plan = result.dataset.plan
    at = run_app(None, None, HOSTILE, monkeypatch)
    assert at.title[0].value == md_escape(plan.title)
    assert md_escape(plan.doc_number) in at.caption[0].value and md_escape(plan.issuer) in at.caption[0].value
    ongoing = result.dataset.phases.set_index("end").sort_index().iloc[-1]["name"]
    assert md_escape(ongoing) in at.success[0].value
    warnings = [w.value for w in at.warning]
    assert warnings == [md_escape(p.message("zh")) for p in result.warnings]
    assert any(md_escape(IMG) in w for w in warnings)


def test_blocking_errors_are_escaped(tmp_path, monkeypatch):
    """A folder that cannot load shows its errors (with data values) escaped."""
    (tmp_path / "units.csv").write_text("unit,full_name,name_en,category\nA,A,A,government\n", encoding="utf-8")
    (tmp_path / "tasks.csv").write_text(
        "task_id,section,section_title,title,description,lead_units,support_units\n"
        f'1.1,"{IMG.replace(chr(34), chr(34) * 2)}",t,t,d,A,\n', encoding="utf-8")
    at = run_app(None, None, tmp_path, monkeypatch)
    assert at.error, "the section error should stop the app"
    body = at.error[0].value
    assert md_escape(IMG) in body and not RAW_MARKUP.search(_unescaped(body))


# ---------- no HTML from data ----------

HTML_SINKS = ("unsafe_allow_html", "st.html", "components.html", "components.v1.html")
CSS_ONLY = re.compile(r"(\s*<style>[^<]*</style>\s*)+", re.S)  # one or more <style> blocks, nothing else


def _constant_values(node, consts: dict[str, list[str]]) -> list[str] | None:
    """Every string an expression can evaluate to if it is built only from constants; None if data can enter."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in consts:
        return consts[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _constant_values(node.left, consts), _constant_values(node.right, consts)
        if left is None or right is None:
            return None
        return [a + b for a in left for b in right]
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "t" and node.args and isinstance(node.args[0], ast.Constant):
        # an i18n string of a constant key, filled only with constants or UPPER_CASE names: text we wrote, both languages
        if all(isinstance(k.value, ast.Constant) or (isinstance(k.value, ast.Name) and k.value.id.isupper())
               for k in node.keywords):
            return list(STRINGS[node.args[0].value])
        return None
    if isinstance(node, ast.IfExp):  # the condition may use data; each branch must be constant
        body, orelse = _constant_values(node.body, consts), _constant_values(node.orelse, consts)
        return None if body is None or orelse is None else body + orelse
    return None


def _sources():
    for folder in ("views", "lib"):
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield ROOT / "app.py"


def _html_calls():
    """(file, line, call node, module constants) for every call that can put HTML on the page."""
    for path in _sources():
        tree = ast.parse(path.read_text("utf-8"))
        consts: dict[str, list[str]] = {}
        for node in tree.body:  # module-level string constants, in order
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                values = _constant_values(node.value, consts)
                if values is not None:
                    consts[node.targets[0].id] = values
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            html_kw = [k for k in node.keywords if k.arg == "unsafe_allow_html"]
            if html_kw and not (isinstance(html_kw[0].value, ast.Constant) and html_kw[0].value.value is False):
                yield path, node.lineno, node, consts
            elif name in ("st.html", "html", "components.html", "components.v1.html", "st.components.v1.html"):
                yield path, node.lineno, node, consts


def test_no_html_from_data_anywhere():
    """unsafe_allow_html / st.html / components.html only ever get constant CSS, never data."""
    bad = []
    for path, line, node, consts in _html_calls():
        where = f"{path.relative_to(ROOT)}:{line}"
        arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg in ("body", "html")), None)
        values = _constant_values(arg, consts) if arg is not None else None
        if values is None:
            bad.append(f"{where}: {ast.unparse(node)[:120]} (not a constant: data could reach the HTML)")
        elif not all(CSS_ONLY.fullmatch(v) for v in values):
            bad.append(f"{where}: constant HTML other than a <style> block")
    assert not bad, "\n".join(bad)


def test_html_audit_catches_data():
    tree = ast.parse('import streamlit as st\nCSS = "<style>a{}</style>"\nst.markdown(CSS, unsafe_allow_html=True)\n'
                     'st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)\n')
    consts = {"CSS": ["<style>a{}</style>"]}
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.keywords]
    assert _constant_values(calls[0].args[0], consts) == ["<style>a{}</style>"]
    assert _constant_values(calls[1].args[0], consts) is None
    by_key = ast.parse('t("im_upload_limit", lang, mb=MAX_MB)').body[0].value
    with_data = ast.parse('t("im_upload_limit", lang, mb=size)').body[0].value
    assert _constant_values(by_key, {}) == list(STRINGS["im_upload_limit"])
    assert _constant_values(with_data, {}) is None


# ---------- exports: CSV and Excel safe to open ----------

HOSTILE_CELLS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)", "\t=1+1",
                 "\r=1+1", "=1+1"]
PLAIN_CELLS = ["市发改委", "5.2", "-3", "-1.5", "+7", "a=b", "", "中文 (English)"]
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")  # a spreadsheet reads these as numbers


def _frame() -> pd.DataFrame:
    text = HOSTILE_CELLS + PLAIN_CELLS
    n = len(text)
    return pd.DataFrame({
        "text": text,
        "count": np.arange(n) - 3,  # -3 .. : real negative numbers
        "share": np.linspace(-1.5, 1.5, n),
        "units": [("=1+1", "市发改委")] * n,
        "=formula header": ["x"] * n,
    })


def test_neutralise_cell():
    for cell in HOSTILE_CELLS:
        assert neutralise_cell(cell) == "'" + cell
    for cell in PLAIN_CELLS:
        assert neutralise_cell(cell) == cell
    assert neutralise_cell(-3) == -3 and neutralise_cell(-1.5) == -1.5 and neutralise_cell(None) is None


def test_csv_bytes_is_utf8_bom_and_neutralised():
    df = _frame()
    raw = csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False, dtype={"text": str})
    assert len(back) == len(df)  # a lone CR in a cell does not split the row
    assert back["text"].tolist()[: len(HOSTILE_CELLS)] == ["'" + c for c in HOSTILE_CELLS]
    assert back["text"].tolist()[len(HOSTILE_CELLS):] == PLAIN_CELLS
    assert back["count"].tolist() == df["count"].tolist() and pd.api.types.is_integer_dtype(back["count"])
    assert back["share"].round(6).tolist() == df["share"].round(6).tolist()
    assert back["units"].iloc[0] == "'=1+1、市发改委"
    assert list(back.columns)[-1] == "'=formula header"
    for cell in back.astype(str).to_numpy().ravel():
        if not NUMBER.match(cell):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_excel_bytes_one_sheet_per_table_neutralised():
    df = _frame()
    raw = excel_bytes({"责任矩阵": df, "a/b:c*?[d]" + "x" * 40: df.head(2), "History": df.head(1),
                       "history": df.head(1)})
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert wb.sheetnames[0] == "责任矩阵"
    assert len(wb.sheetnames) == 4 and len({s.lower() for s in wb.sheetnames}) == 4
    for name in wb.sheetnames:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and name.lower() != "history"
    ws = wb["责任矩阵"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("text", "count", "share", "units", "'=formula header")
    body = rows[1:]
    assert [r[0] for r in body][: len(HOSTILE_CELLS)] == ["'" + c for c in HOSTILE_CELLS]
    assert [r[0] or "" for r in body][len(HOSTILE_CELLS):] == PLAIN_CELLS
    assert [r[1] for r in body] == df["count"].tolist() and all(isinstance(r[1], int) for r in body)
    assert [round(r[2], 6) for r in body] == df["share"].round(6).tolist() and body[0][2] == -1.5
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
            if isinstance(cell.value, str) and not NUMBER.match(cell.value):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value


def test_excel_bytes_handles_dataset_frames(ds):
    """The real tables export: tuples of units, dates, booleans, missing values."""
    raw = excel_bytes({"tasks": ds.tasks, "phases": ds.phases, "units": ds.units, "assignments": ds.assignments})
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["tasks", "phases", "units", "assignments"]
    tasks = list(wb["tasks"].iter_rows(values_only=True))
    header = tasks[0]
    row = dict(zip(header, tasks[1]))
    assert row["task_id"] == "1.1" and row["lead_units"] == "市发改委"
    assert row["support_units"] == "市自然资源和城乡建设局、市政府国资委、市委编办、东湖高新区"
    assert wb["assignments"].max_row == len(ds.assignments) + 1


def test_excel_bytes_hostile_plan_round_trip():
    ds = load_dataset(HOSTILE).dataset
    wb = openpyxl.load_workbook(io.BytesIO(excel_bytes({"units": ds.units, "tasks": ds.tasks})))
    units = [r[0] for r in wb["units"].iter_rows(min_row=2, values_only=True)]
    assert "'-1+1" in units and "'=HYPERLINK(\"http://evil.example\")" in units and IMG + "局" in units


def test_safe_frame_does_not_touch_input():
    df = _frame()
    before = df.copy()
    safe_frame(df)
    pd.testing.assert_frame_equal(df, before)


def test_sheet_name_rules():
    assert sheet_name("") == "Sheet"
    assert sheet_name("'quoted'") == "quoted"
    assert sheet_name("a" * 40) == "a" * 31
    assert sheet_name("a" * 40, {"a" * 31}) == "a" * 27 + " (2)"
    assert sheet_name("x[1]:y") == "x_1__y"


# ---------- the data folder: regular files inside it only (issue 15) ----------

SECRET = "root:x:0:0:SECRET-FIRST-LINE:/root:/bin/bash"


def _elements_text(at) -> str:
    parts = [e.value for kind in ("error", "warning", "markdown", "caption", "info", "title") for e in
             getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_tasks_csv_linked_outside_the_folder_is_not_read(data_copy, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\n", "utf-8")
    (data_copy / "tasks.csv").unlink()
    (data_copy / "tasks.csv").symlink_to(secret)
    result = load_dataset(data_copy)
    assert result.dataset is None
    (err,) = result.errors
    assert (err.code, err.file) == ("file_outside_folder", "tasks.csv")
    for lang in ("zh", "en"):
        assert SECRET not in err.message(lang) and "SECRET" not in err.message(lang)
    assert err.message("en") == f"tasks.csv is a link to a file outside the data folder {data_copy}; it was not read."


def test_link_inside_the_folder_still_loads(data_copy):
    (data_copy / "tasks-v2.csv").write_bytes((data_copy / "tasks.csv").read_bytes())
    (data_copy / "tasks.csv").unlink()
    (data_copy / "tasks.csv").symlink_to("tasks-v2.csv")
    assert load_dataset(data_copy).dataset is not None


def test_fifo_and_directory_refused_without_hanging(data_copy):
    from tests.conftest import no_hang

    (data_copy / "tasks.csv").unlink()
    os.mkfifo(data_copy / "tasks.csv")  # before: opening it waited for a writer forever
    with no_hang(20):
        result = load_dataset(data_copy)
    assert [(p.code, p.file) for p in result.errors] == [("file_not_regular", "tasks.csv")]
    (data_copy / "tasks.csv").unlink()
    (data_copy / "tasks.csv").mkdir()
    assert [(p.code, p.file) for p in load_dataset(data_copy).errors] == [("file_not_regular", "tasks.csv")]


def test_a_first_line_with_no_plan_column_is_not_echoed(data_copy):
    (data_copy / "tasks.csv").write_text(SECRET + "\nsecond\n", "utf-8")
    result = load_dataset(data_copy)
    messages = [p.message(lang) for p in result.errors for lang in ("zh", "en")]
    assert messages and not any("SECRET" in m for m in messages)
    assert result.errors[0].message("zh") == "tasks.csv 第 1 行不是表头：缺少列「task_id」（该行内容未显示）。"


def test_import_page_runs_when_the_data_folder_is_broken(data_copy, tmp_path, monkeypatch):
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\n", "utf-8")
    (data_copy / "tasks.csv").unlink()
    (data_copy / "tasks.csv").symlink_to(secret)
    at = run_app("importer", data_dir=data_copy, monkeypatch=monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    shown = _elements_text(at)
    assert "SECRET" not in shown
    assert "tasks.csv 是指向数据文件夹" in shown  # the problem is named above the page
    assert at.title[0].value == "导入" and len(at.text_area) >= 1  # and the importer is there to use
    # the other pages still stop with the message, and never print the linked file
    at = run_app("overview", data_dir=data_copy, monkeypatch=monkeypatch)
    assert "SECRET" not in _elements_text(at) and any("tasks.csv" in e.value for e in at.error)
