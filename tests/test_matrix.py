"""责任矩阵: the builder on the shipped plan (cells, shape, document order, the 5.2 overlap, legend, escaping), the
large-plan fallback, and the page through AppTest (filters by widget and URL, task detail, English)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib.charts.matrix import ROLE_SCALE, area_heatmap, clicked_task, matrix_figure
from lib.data import load_dataset
from lib.theme import EMPTY_CELL, ROLE_COLORS
from lib.transforms import (
    ROLE_CODES,
    Filters,
    apply_filters,
    matrix_frame,
    restrict_units,
    section_roles,
    section_spans,
    section_titles,
    task_units,
)
from tests.conftest import DATA, run_app

CODE_ROLE = {v: k for k, v in ROLE_CODES.items()}


def _figure(ds, lang="zh", sort="load"):
    view = apply_filters(ds, Filters())
    return matrix_figure(matrix_frame(view, sort), view.tasks, view.units, lang, sort=sort)


def _heatmap(fig):
    (hm,) = [tr for tr in fig.data if tr.type == "heatmap"]
    return hm


def _cell(fig, y_label, task_id):
    hm = _heatmap(fig)
    return CODE_ROLE[hm.z[list(hm.y).index(y_label)][list(hm.x).index(task_id)]]


def _spec_traces(at, key):
    """The traces of one st.plotly_chart element of an AppTest run, by its key."""
    charts = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-" + key)]
    assert charts, [c.proto.id for c in at.get("plotly_chart")]
    return json.loads(charts[0].proto.spec)["data"]


def _table(at, column):
    """The first st.dataframe of an AppTest run that has the given column (dataframes carry no key)."""
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, [list(d.value.columns) for d in at.dataframe]
    return frames[0]


# ---------- the builder on the shipped plan ----------

def test_cells_follow_the_document(ds):
    fig = _figure(ds)
    assert _cell(fig, "东湖高新区", "1.1") == "support"
    assert _cell(fig, "市发改委", "1.1") == "lead"
    assert _cell(fig, "市财政局", "1.3") == "lead"
    assert _cell(fig, "洪山区", "1.1") == ""
    assert _cell(fig, "市消防救援支队", "5.1") == "support"


def test_shape_is_29_units_by_24_tasks(ds):
    hm = _heatmap(_figure(ds))
    assert len(hm.y) == 29 and len(set(hm.y)) == 29
    assert len(hm.x) == 24
    assert len(hm.z) == 29 and all(len(row) == 24 for row in hm.z)


def test_columns_in_document_order_grouped_by_area(ds):
    fig = _figure(ds)
    csv = pd.read_csv(DATA / "tasks.csv", dtype=str)
    assert list(_heatmap(fig).x) == csv["task_id"].tolist()
    sections = [int(tid.split(".")[0]) for tid in _heatmap(fig).x]
    assert sections == sorted(sections)  # each area's columns stand together
    # one header per area along the top, （一）…（六）, centred over its columns, and a separator between areas
    heads = [a.text.split("<br>")[0] for a in fig.layout.annotations]
    assert heads == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    centres = [a.x for a in fig.layout.annotations]
    assert centres == [1.5, 6.5, 11.5, 15.5, 19.0, 22.0]
    assert sorted(s.x0 for s in fig.layout.shapes) == [3.5, 9.5, 13.5, 17.5, 20.5]
    assert all("<br>" in a.text for a in fig.layout.annotations)  # short area titles fit at this size
    assert "创新体制机制" in fig.layout.annotations[0].text


def test_overlap_in_5_2_counts_once_as_lead(ds):
    fig = _figure(ds)
    assert _cell(fig, "市文旅局", "5.2") == "lead"
    hm = _heatmap(fig)
    j = list(hm.x).index("5.2")
    column = [CODE_ROLE[row[j]] for row in hm.z]
    assert column.count("lead") == 1
    assert column.count("support") == 7  # 8 supporting units as written, one of them the lead itself
    codes = [c for row in hm.z for c in row]
    assert codes.count(ROLE_CODES["lead"]) == 24 and codes.count(ROLE_CODES["support"]) == 93


def test_task_units_flags_the_lead_listed_as_support(ds):
    members = task_units(ds, "5.2")
    assert members["unit"].tolist()[0] == "市文旅局"
    assert members.loc[members["also_support"], "unit"].tolist() == ["市文旅局"]
    assert (members["role"] == "support").sum() == 7 and not members["unit"].duplicated().any()
    assert not task_units(ds, "1.1")["also_support"].any()
    assert task_units(ds, "1.1")["unit"].tolist() == ["市发改委", "市自然资源和城乡建设局", "市政府国资委", "市委编办",
                                                        "东湖高新区"]


def test_discrete_role_colours_and_legend(ds):
    fig = _figure(ds)
    hm = _heatmap(fig)
    assert hm.zmin == 0 and hm.zmax == 2 and hm.showscale is False
    colours = {c for _, c in ROLE_SCALE}
    assert colours == {EMPTY_CELL, ROLE_COLORS["lead"], ROLE_COLORS["support"]}
    assert [list(p) for p in hm.colorscale] == [list(p) for p in ROLE_SCALE]
    legend = [tr for tr in fig.data if tr.showlegend]
    assert [tr.name for tr in legend] == ["牵头", "责任"]
    assert [tr.marker.color for tr in legend] == [ROLE_COLORS["lead"], ROLE_COLORS["support"]]
    assert fig.layout.legend.traceorder == "normal"


def test_hover_gives_task_title_full_name_and_role(ds):
    fig = _figure(ds)
    cells, empty = (next(tr for tr in fig.data if tr.name == name) for name in ("cells", "empty cells"))
    hover = dict(zip(zip(cells.x, cells.y), cells.hovertext))
    text = hover[("1.1", "东湖高新区")]
    assert "完善管理体制" in text and "武汉东湖新技术开发区" in text and "角色：责任" in text
    assert "角色：牵头" in hover[("5.2", "市文旅局")] and "武汉市文化和旅游局" in hover[("5.2", "市文旅局")]
    # the 117 assignments as written (5.2's lead listed again as support counts once) carry their task id
    assert len(cells.x) == 117 and list(cells.customdata) == list(cells.x)
    # an empty cell names its task and unit from the axes, and says the unit takes no part
    assert ("1.1", "洪山区") in set(zip(empty.x, empty.y)) and ("1.1", "洪山区") not in hover
    assert empty.hovertemplate.startswith("<b>%{x}</b> · %{y}") and "未参与" in empty.hovertemplate
    # every cell can be clicked: one marker per cell, the two layers together
    assert sorted(zip([*cells.x, *empty.x], [*cells.y, *empty.y])) == sorted(
        (tid, unit) for tid in ds.tasks["task_id"] for unit in _heatmap(fig).y)


@pytest.mark.parametrize("sort", ["load", "category", "name"])
def test_row_order(ds, sort):
    view = apply_filters(ds, Filters())
    rows = list(_heatmap(_figure(ds, sort=sort)).y)
    cats = dict(zip(ds.units["unit"], ds.units["category"]))
    if sort == "load":
        assert rows[:3] == ["东湖高新区", "市经信局", "市发改委"]
    elif sort == "name":
        assert rows == sorted(rows)
    else:
        order = ["government", "party", "district", "other"]
        seq = [order.index(cats[u]) for u in rows]
        assert seq == sorted(seq)
        assert rows[0] == "市经信局"  # the heaviest government unit first
        assert len(_figure(ds, sort=sort).layout.shapes) == 5 + 3  # area separators + 3 category breaks
    assert set(rows) == set(view.units["unit"])


def test_english_rows_show_english_names(ds):
    fig = _figure(ds, "en")
    rows = list(_heatmap(fig).y)
    assert "Development and Reform Commission" in rows and "Hongshan District" in rows
    assert not any("局" in r for r in rows)
    assert [a.text for a in fig.layout.annotations][:2] == ["Area 1", "Area 2"]
    assert [tr.name for tr in fig.data if tr.showlegend] == ["Lead", "Support"]
    cells = next(tr for tr in fig.data if tr.name == "cells")
    assert any("武汉市发展和改革委员会" in h for h in cells.hovertext)  # the Chinese name on hover


def test_hostile_names_are_escaped(data_copy):
    bad = "<img src=x onerror=alert(1)>"
    for name in ("units.csv", "tasks.csv"):
        path = data_copy / name
        path.write_text(path.read_text("utf-8").replace("市文旅局", bad), "utf-8")
    ds = load_dataset(data_copy).dataset
    fig = _figure(ds)
    rows = list(_heatmap(fig).y)
    assert "&lt;img src=x onerror=alert(1)&gt;" in rows and bad not in rows
    cells = next(tr for tr in fig.data if tr.name == "cells")
    assert not any("<img" in h for h in cells.hovertext)
    empty = next(tr for tr in fig.data if tr.name == "empty cells")  # its hover shows the (escaped) axis labels
    assert bad not in empty.y


def test_hostile_task_id_is_escaped_and_still_clicks(data_copy):
    """A task id is free text after its area number: the column labels (and the empty cells' hover, which shows
    them) get it escaped, and a click on either kind of cell still gives the id as written."""
    bad = "1.<b onmouseover=x>1</b>"
    path = data_copy / "tasks.csv"
    path.write_text(path.read_text("utf-8").replace("\n1.1,", f"\n\"{bad}\",", 1), "utf-8")
    ds = load_dataset(data_copy).dataset
    assert bad in set(ds.tasks["task_id"])
    fig = _figure(ds)
    shown = "1.&lt;b onmouseover=x&gt;1&lt;/b&gt;"
    assert shown in list(_heatmap(fig).x) and bad not in list(_heatmap(fig).x)
    cells, empty = (next(tr for tr in fig.data if tr.name == n) for n in ("cells", "empty cells"))
    assert bad not in [*cells.x, *empty.x]
    assert clicked_task({"x": shown}) == bad  # an empty cell: its column label, unescaped
    filled = next(i for i, x in enumerate(cells.x) if x == shown)
    assert clicked_task({"x": shown, "customdata": cells.customdata[filled]}) == bad


def test_section_spans_and_area_counts(ds):
    view = apply_filters(ds, Filters())
    spans = section_spans(view.tasks)
    assert spans[["section", "first", "last", "n"]].values.tolist() == [
        [1, 0, 3, 4], [2, 4, 9, 6], [3, 10, 13, 4], [4, 14, 17, 4], [5, 18, 20, 3], [6, 21, 23, 3]]
    lead, support = section_roles(view)
    assert int(lead.values.sum()) == 24 and int(support.values.sum()) == 93
    assert lead.loc["市经信局"].tolist() == [0, 4, 0, 0, 0, 0]
    assert (lead + support).loc["东湖高新区"].tolist() == [4, 6, 4, 4, 3, 3]
    fig = area_heatmap(lead, support, view.units, section_titles(view.tasks))
    assert fig.data[0].type == "heatmap" and list(fig.data[0].x) == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]


def test_restrict_units_keeps_every_task_column(ds):
    view = apply_filters(ds, Filters())
    top = restrict_units(view, ["东湖高新区", "市经信局"])
    m = matrix_frame(top)
    assert m.shape == (2, 24) and list(m.index) == ["东湖高新区", "市经信局"]


# ---------- the page ----------

def test_page_renders_heatmap_with_all_cells():
    at = run_app("matrix")
    assert not at.exception and not at.error
    assert at.title[0].value == "责任矩阵"
    traces = _spec_traces(at, "mx_chart")
    assert {tr["type"] for tr in traces} >= {"heatmap", "scatter"}
    (hm,) = [tr for tr in traces if tr["type"] == "heatmap"]
    assert len(hm["x"]) == 24 and len(hm["y"]) == 29
    assert at.radio(key="mx_sort").value == "load"
    # the unit × area table beside it: 29 units, six areas and the total
    table = _table(at, "（一）")
    assert len(table) == 29 and list(table.columns)[1:] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "合计"]
    assert table.iloc[0].tolist()[0] == "东湖高新区" and table.iloc[0]["合计"] == 24


def test_section_widget_shrinks_matrix_to_six_columns():
    at = run_app("matrix")
    at.multiselect(key="f_section").set_value([2]).run()
    (hm,) = [tr for tr in _spec_traces(at, "mx_chart") if tr["type"] == "heatmap"]
    assert hm["x"] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    # in area 二 市经信局 leads 4 and supports 2 (load 10), 市发改委 2 + 4 (8), 东湖高新区 supports all 6 (6)
    assert hm["y"][:3] == ["市经信局", "市发改委", "东湖高新区"]


def test_url_filters_reach_the_matrix():
    at = run_app("matrix", params={"section": "2", "unit": "市经信局"})
    (hm,) = [tr for tr in _spec_traces(at, "mx_chart") if tr["type"] == "heatmap"]
    assert hm["y"] == ["市经信局"] and len(hm["x"]) == 6


def test_sort_widget_reorders_rows():
    at = run_app("matrix")
    at.radio(key="mx_sort").set_value("name").run()
    (hm,) = [tr for tr in _spec_traces(at, "mx_chart") if tr["type"] == "heatmap"]
    assert hm["y"] == sorted(hm["y"])


def test_task_picker_shows_text_units_and_the_5_2_note():
    at = run_app("matrix")
    assert at.selectbox(key="mx_task").value == "1.1"
    at.selectbox(key="mx_task").set_value("5.2").run()
    assert not at.exception
    assert any("加快塑造城市品牌" in m.value for m in at.markdown)
    assert any("培育特色创新文化" in m.value for m in at.markdown)  # the full text
    units = _table(at, "全称")
    assert units.iloc[:, 1].tolist()[0] == "市文旅局" and len(units) == 8
    assert units.iloc[:, 0].tolist().count("牵头") == 1 and units.iloc[:, 0].tolist().count("责任") == 7
    notes = [w.value for w in at.warning]
    assert len(notes) == 1 and "市文旅局" in notes[0] and "5.2" in notes[0]
    at.selectbox(key="mx_task").set_value("1.1").run()
    assert not at.warning  # the note belongs to 5.2 only


def test_english_page_labels():
    at = run_app("matrix", params={"lang": "en"})
    assert at.title[0].value == "Responsibility matrix"
    traces = _spec_traces(at, "mx_chart")
    (hm,) = [tr for tr in traces if tr["type"] == "heatmap"]
    assert "Development and Reform Commission" in hm["y"]
    assert [tr["name"] for tr in traces if tr.get("showlegend")] == ["Lead", "Support"]
    table = _table(at, "Area 1")
    assert list(table.columns)[:2] == ["Unit", "Area 1"]
    assert "Development and Reform Commission" in table["Unit"].tolist()


# ---------- a plan 100× the document ----------

@pytest.fixture(scope="module")
def big_plan(tmp_path_factory):
    from bench.generate import generate, write

    return write(generate(100, seed=1), tmp_path_factory.mktemp("big") / "plan")


def test_large_plan_is_summed_per_area_and_capped(big_plan, monkeypatch):
    ds = load_dataset(big_plan).dataset
    assert len(ds.tasks) == 2400 and len(ds.units) > 250
    at = run_app("matrix", data_dir=big_plan, monkeypatch=monkeypatch)
    assert not at.exception and not at.error
    assert "mx_chart" not in " ".join(c.proto.id for c in at.get("plotly_chart"))
    (hm,) = _spec_traces(at, "mx_areas_chart")
    assert hm["type"] == "heatmap"
    assert len(hm["y"]) == 40  # the 40 most-loaded units by default
    assert len(hm["x"]) == ds.tasks["section"].nunique()
    assert at.number_input(key="mx_top").value == 40
    assert any("2400" in i.value for i in at.info)
    at.number_input(key="mx_top").set_value(20).run()
    (hm,) = _spec_traces(at, "mx_areas_chart")
    assert len(hm["y"]) == 20


def test_large_plan_filtered_to_few_tasks_shows_single_tasks(big_plan, monkeypatch):
    from lib.transforms import workload

    ds = load_dataset(big_plan).dataset
    wl = workload(ds.assignments, ds.units)
    light = wl.iloc[-1]  # the lightest unit: a handful of tasks
    at = run_app("matrix", data_dir=big_plan, monkeypatch=monkeypatch)
    at.multiselect(key="f_unit").set_value([light["unit"]]).run()
    (hm,) = [tr for tr in _spec_traces(at, "mx_chart") if tr["type"] == "heatmap"]
    assert hm["y"] == [light["unit"]] and len(hm["x"]) == light["total"]


# ---------- a click in a real browser ----------

CELL_CENTRE_JS = """([task, unit]) => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
    const hm = gd.data.find(t => t.type === 'heatmap');
    return [r.left + xa._offset + xa.l2p(hm.x.indexOf(task)), r.top + ya._offset + ya.l2p(hm.y.indexOf(unit))];
}"""


@pytest.mark.browser
def test_click_on_a_cell_opens_its_task():
    """Heatmap clicks never reach on_select; the marker layer over the cells must. Only a browser can tell."""
    b = pytest.importorskip("tests.browser.conftest")
    b.require_browser()
    from playwright.sync_api import sync_playwright

    with b.running(b.launch("matrix-click")) as (server,), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(b.CHROMIUM), args=b.CHROMIUM_ARGS)
        page = browser.new_context(viewport=b.VIEWPORT, locale="zh-CN").new_page()
        page.set_default_timeout(b.APP_RUN_MS)
        page.goto(server.url + "/matrix")
        b.wait_for_app(page)
        b.wait_for_charts(page, 1)
        picker = page.get_by_role("combobox", name="选择任务")
        assert picker.input_value() == "1.1 完善管理体制"
        x, y = page.evaluate(CELL_CENTRE_JS, ["5.2", "市文旅局"])
        page.mouse.move(x, y)
        page.wait_for_selector(".hoverlayer .hovertext")
        hover = page.text_content(".hoverlayer")
        assert "5.2 加快塑造城市品牌" in hover and "武汉市文化和旅游局" in hover and "牵头" in hover
        page.mouse.click(x, y)
        page.wait_for_function("() => document.body.innerText.includes('既是任务 5.2 的牵头单位')")
        b.wait_for_app(page)
        assert picker.input_value() == "5.2 加快塑造城市品牌"
        b.screenshot(page, "matrix-click-5.2")
        # an empty cell: its hover names task and unit, and a click opens that task too
        x, y = page.evaluate(CELL_CENTRE_JS, ["1.3", "市经信局"])
        page.mouse.move(x, y)
        page.wait_for_function("() => (document.querySelector('.hoverlayer') || {}).textContent?.includes('未参与')")
        assert "1.3" in page.text_content(".hoverlayer") and "市经信局" in page.text_content(".hoverlayer")
        page.mouse.click(x, y)
        page.wait_for_function("() => document.body.innerText.includes('1.3 ')")
        b.wait_for_app(page)
        assert picker.input_value().startswith("1.3 ")
        browser.close()


def test_sort_by_name_in_english_is_alphabetical_by_english_name():
    at = run_app("matrix", params={"lang": "en"})
    at.radio(key="mx_sort").set_value("name").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat = next(tr for tr in spec["data"] if tr["type"] == "heatmap")
    rows = list(heat["y"])
    shown = rows if rows[0] <= rows[-1] else rows[::-1]
    assert shown == sorted(shown, key=str.casefold)
