"""The briefing (lib.briefing): the views' figures as the pages draw them, the written summary, the self-contained
HTML file and the PPTX deck read back with python-pptx (slides rendered by kaleido), the SVG under every chart."""

from __future__ import annotations

import datetime as dt
import io
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from bench.generate import generate, write
from lib import briefing, network, transforms
from lib.charts import images
from lib.data import load_dataset
from lib.scenes import defaults, meeting
from lib.scenes import matrix as mx_scene
from lib.scenes import network as nw_scene
from lib.transforms import Filters, apply_filters
from tests.browser.payloads import IMG, SCRIPT, SVG
from tests.conftest import DATA, ROOT, run_app

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
TITLE = "市政协十四届三次会议1号建议案办理工作方案"
DOC = "武政办〔2024〕28号"
IN_PLAN = dt.date(2024, 6, 1)  # inside 办理落实阶段


@pytest.fixture(scope="module")
def shipped():
    result = load_dataset(DATA)
    ds = result.dataset
    return ds, apply_filters(ds, Filters()), [p.message("zh") for p in result.warnings]


@pytest.fixture(scope="module")
def brief(shipped):
    ds, view, notes = shipped
    return meeting.build_briefing(ds, view, Filters(), "zh", today=IN_PLAN, notes=notes)


@pytest.fixture(scope="module")
def html(brief) -> str:
    return briefing.briefing_html(brief).decode("utf-8")


@pytest.fixture(scope="module")
def kaleido_ready():
    """kaleido drives a headless Chromium: skip without one (fail under CI, as the browser tests)."""
    from tests.browser.conftest import require_browser

    require_browser()


# ---------- the figures, shared with the pages ----------

def test_matrix_chart_is_the_matrix_page_figure(shipped):
    _, view, _ = shipped
    chart = mx_scene.matrix_chart(view, "zh")
    assert not chart.summary
    assert chart.cells.shape == (29, 24)
    assert chart.cells.loc["东湖高新区", "1.1"] == "support" and chart.cells.loc["市发改委", "1.1"] == "lead"
    assert chart.fig.data[0].type == "heatmap"


def test_large_plan_matrix_sums_per_area_and_keeps_40_units(tmp_path):
    ds = load_dataset(write(generate(5), tmp_path / "scale-5")).dataset
    view = apply_filters(ds, Filters())
    assert len(view.tasks) > 60 and len(view.units) > 60
    assert mx_scene.matrix_chart(view, "zh").summary
    figs = meeting.build_figures(ds, view, "zh", today=IN_PLAN)
    assert list(figs) == list(meeting.VIEWS)
    assert len(figs["matrix"].data[0].y) == defaults.MATRIX_TOP_UNITS
    b = meeting.build_briefing(ds, view, Filters(), "zh", today=IN_PLAN)
    assert "共 " in b.caption("matrix")  # says the matrix shows the top 40 of all units


def test_network_scene_as_the_network_page(shipped):
    _, view, _ = shipped
    scene = nw_scene.build_scene(view)
    shared = network.shared_task_graph(view.assignments, view.units)
    assert network.edge_key(scene.shared) == network.edge_key(shared)
    assert scene.graph is scene.shared
    fig, min_weight, drawn = scene.chart("zh", requested=3)
    assert min_weight == 3 and all(w >= 3 for _, _, w in drawn.edges(data="weight"))
    assert drawn.number_of_nodes() == 29
    directed = nw_scene.build_scene(view, directed=True)
    assert directed.graph.is_directed() and network.edge_key(directed.shared) == network.edge_key(shared)
    # the directed view built on the undirected scene takes its graph, measures and layout as they are
    on_base = nw_scene.build_scene(view, directed=True, base=scene)
    assert on_base.shared is scene.shared and on_base.measures is scene.measures and on_base.pos is scene.pos
    assert network.edge_key(on_base.graph) == network.edge_key(directed.graph)
    assert on_base.nodes.equals(directed.nodes)


def test_build_figures_every_view(shipped):
    ds, view, _ = shipped
    figs = meeting.build_figures(ds, view, "zh", today=IN_PLAN)
    assert list(figs) == list(meeting.VIEWS)
    # the overview page's top 10 by weighted load, ties at the 10th kept (市人才工作局 and 市水务局 both weigh 3)
    top = transforms.head_with_ties(transforms.workload(view.assignments, view.units), 10, "weighted")
    assert len(figs["overview"].data[0].y) == len(top) == 11
    assert len(figs["workload"].data[0].y) == 29
    assert list(figs["overview"].data[0].y)[-1] == "东湖高新区"  # heaviest at the top (drawn last)
    slide = meeting.build_figures(ds, view, "zh", today=IN_PLAN, workload_top=15, font_size=16, fit_height=610)
    assert len(slide["workload"].data[0].y) == 15
    assert slide["matrix"].layout.font.size < 16  # fitted so every unit's row keeps its label
    empty = apply_filters(ds, Filters(units=("市发改委",), roles=("support",), sections=(1,)))
    assert list(meeting.build_figures(ds, empty, "zh")) == ["timeline"]


def test_briefing_overview_is_the_pages_bars(shipped, monkeypatch):
    """The briefing's overview bars are the overview page's: the same units, and the same cap on tied units."""
    from lib.scenes import overview as ov_scene

    ds, view, _ = shipped
    page = ov_scene.overview(ds, view, "zh", IN_PLAN, 14)
    figs = meeting.build_figures(ds, view, "zh", today=IN_PLAN)
    assert list(figs["overview"].data[0].y) == list(page.top_chart.data[0].y)
    monkeypatch.setattr(ov_scene, "OVERVIEW_MAX_BARS", 5)  # 11 units are the top 10 with ties
    capped = meeting.build_figures(ds, view, "zh", today=IN_PLAN)
    assert len(capped["overview"].data[0].y) == 5


def test_matrix_font_fits_rows():
    assert mx_scene.matrix_font_size(5, 610, 16) == 16
    fs = mx_scene.matrix_font_size(29, 610, 16)
    assert fs < 16 and (fs - 1) * 1.35 <= (610 - 4 * fs - 68) / 29
    assert mx_scene.matrix_font_size(400, 610, 16) == 9


# ---------- the summary ----------

def test_summary_in_words(brief):
    s = brief.summary
    assert s.title == TITLE and s.doc_number == DOC and s.issued == "2024-03-26"
    text = "\n".join(s.lines)
    assert "6 个工作领域、24 项任务、29 个单位；牵头分工 24 条，责任分工 93 条" in text
    assert "按文件所列 94 条" in text
    assert "东湖高新区（牵头 3、责任 21，加权 27）" in text
    assert "办理落实阶段 2024-04-11 至 2024-10-31" in text
    assert "今天（2024-06-01）处于「办理落实阶段」" in text
    assert s.filters == [] and s.scope_text("zh") == "全部任务（未筛选）"
    assert len(s.notes) == 1 and "5.2" in s.notes[0] and "市文旅局" in s.notes[0]


def test_summary_follows_filters_and_language(shipped):
    ds, _, _ = shipped
    f = Filters(sections=(2,), units=("市经信局",))
    s = meeting.summarise(ds, apply_filters(ds, f), f, "en", today=dt.date(2026, 1, 1))
    assert s.filters[0].startswith("Area of work: （二）")
    assert s.filters[1] == "Units: Economy and Information Technology Bureau"
    text = " ".join(s.lines)
    assert "Areas: 1; tasks: 6; units: 1; lead assignments: 4; support assignments: 2." in text
    assert "after the plan ended on 2024-12-31" in text
    assert s.title.startswith("Work Plan for Handling Proposal No. 1")


# ---------- HTML ----------

def test_html_is_self_contained(html, brief):
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("Plotly.newPlot(") == len(brief.figures) == 5
    assert len(re.findall(r"\*\s*plotly\.js v\d", html)) == 1  # plotly.js embedded once
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)  # no external script
    assert not re.search(r"<link\b|@import|@font-face|url\(", html.split("<script", 1)[0], re.I)
    assert "mathjax" not in html.lower().split("<body", 1)[0]  # (plotly.js names its CDN for maps: not used)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # only the scripts written by plotly run, by hash: no inline handler, no injected <script>
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', html).group(1)
    script_src = re.search(r"script-src ([^;]*);", policy).group(1).split()
    assert script_src and all(s.startswith("'sha256-") for s in script_src)
    assert len(script_src) == len(set(re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)))
    assert "Noto Sans CJK SC" in html and "Microsoft YaHei" in html
    # the toolbar's PNG: 2×, named 责任矩阵-matrix-<date> (the JSON writes the Chinese as \u escapes)
    assert '"scale": 2, "filename": "\\u8d23\\u4efb\\u77e9\\u9635-matrix-2024-06-01"' in html


def test_html_summary_and_sections(html):
    head = html.split("<script", 1)[0]
    body = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert f"<h1>{TITLE}</h1>" in head and DOC in head
    for n, label in ((6, "工作领域"), (24, "任务"), (29, "单位"), (24, "牵头分工"), (93, "责任分工")):
        assert f"<b>{n}</b><span>{label}</span>" in body
    assert "「市文旅局」既是牵头单位又列在责任单位中" in body
    for view in meeting.VIEWS:
        assert f'id="view-{view}"' in body and f'id="fg-chart-{view}"' in html
    assert "范围：全部任务（未筛选）" in body


def test_html_escapes_hostile_text():
    result = load_dataset(HOSTILE)
    ds = result.dataset
    b = meeting.build_briefing(ds, apply_filters(ds, Filters()), Filters(), "zh", today=IN_PLAN,
                                notes=[p.message("zh") for p in result.warnings])
    html = briefing.briefing_html(b).decode("utf-8")
    for payload in (IMG, SCRIPT, SVG, "<img src=x onerror=alert(1)>"):
        assert payload not in html  # neither in the page nor in the charts' JSON (written \u003c)
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html  # shown as text
    assert "=HYPERLINK" in html  # the document number, as written


def test_html_english(shipped):
    ds, view, _ = shipped
    html = briefing.make_html(ds, view, Filters(), "en", today=IN_PLAN).decode("utf-8")
    assert '<html lang="en">' in html and "Key points" in html and "Responsibility matrix" in html
    assert "Areas: 6; tasks: 24; units: 29; lead assignments: 24; support assignments: 93 (94 as written" in html


# ---------- PPTX (kaleido) ----------

def _pictures(slide):
    return [sh for sh in slide.shapes if sh.shape_type == 13]


def _slide_text(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


@pytest.fixture(scope="module")
def deck(shipped, kaleido_ready):
    from pptx import Presentation

    ds, view, notes = shipped
    return Presentation(io.BytesIO(briefing.make_pptx(ds, view, Filters(), "zh", today=IN_PLAN, notes=notes)))


def test_pptx_slides(deck):
    from pptx.util import Inches

    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    slides = list(deck.slides)
    assert len(slides) == 1 + len(meeting.VIEWS) + 1
    title = _slide_text(slides[0])
    assert TITLE in title and DOC in title and "2024-06-01" in title and "全部任务（未筛选）" in title
    assert not _pictures(slides[0])
    for slide, heading in zip(slides[1:-1], ["概览", "责任矩阵", "工作量", "时间线", "协同网络"]):
        assert heading in _slide_text(slide)
        assert len(_pictures(slide)) == 1
    assert "6 个工作领域、24 项任务、29 个单位" in _slide_text(slides[-1])
    assert "5.2" in _slide_text(slides[-1])
    # East Asian typeface set on the runs (python-pptx sets only Latin by itself)
    xml = slides[0].shapes[2].text_frame._txBody.xml
    assert 'a:ea typeface="Microsoft YaHei"' in xml


def test_pptx_images_are_drawn(deck):
    for slide in list(deck.slides)[1:-1]:
        img = Image.open(io.BytesIO(_pictures(slide)[0].image.blob)).convert("RGB")
        w, h = img.size
        assert w >= 2000 and 1.8 < w / h < 2.6  # rendered at 2× for the slide's picture area
        colours = img.getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50  # not blank, not a single colour
        assert np.asarray(img).std() > 10


def _title_band(png: bytes) -> np.ndarray:
    img = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    return img[: img.shape[0] // 4]


def test_kaleido_renders_chinese(kaleido_ready):
    def fig(title: str) -> go.Figure:
        f = go.Figure(go.Bar(x=["甲", "乙"], y=[1, 2]))
        return f.update_layout(title=title, width=400, height=300, font_family="Noto Sans CJK SC")

    blank, chinese, other = images.render_images([fig(""), fig("工作量分工"), fig("协同网络图")], "png")
    assert np.abs(_title_band(chinese) - _title_band(blank)).sum() > 1000  # the title is drawn
    # glyphs, not "tofu": two different Chinese titles of the same length look different
    assert np.abs(_title_band(chinese) - _title_band(other)).sum() > 1000


def test_svg_of_a_chart(shipped, kaleido_ready):
    ds, view, _ = shipped
    figs = meeting.build_figures(ds, view, "zh", today=IN_PLAN)
    svg = images.svg_bytes(figs["overview"]).decode("utf-8")
    assert svg.startswith("<svg") and 'width="1200"' in svg
    assert "东湖高新区" in svg  # text stays text in the vector file


# ---------- ui.chart on the pages ----------

def test_every_chart_saves_png_at_2x_with_a_named_file_and_offers_svg():
    import json

    at = run_app("workload")
    configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    today = f"{dt.date.today():%Y-%m-%d}"
    assert [c["toImageButtonOptions"] for c in configs] == [
        {"format": "png", "scale": 2, "filename": f"工作量-workload-{today}"},
        {"format": "png", "scale": 2, "filename": f"单位类别工作量-workload-category-{today}"}]
    assert all(c["displaylogo"] is False for c in configs)
    ids = [b.proto.id for b in at.get("download_button")]
    assert any(i.endswith("-wl_chart_svg") for i in ids) and any(i.endswith("-wl_cat_chart_svg") for i in ids)
    at = run_app("network")
    assert json.loads(at.get("plotly_chart")[0].proto.config)["scrollZoom"] is True  # page options kept


def test_presentation_mode_has_no_svg_buttons():
    at = run_app(params={"present": "1"})
    assert at.get("plotly_chart")
    assert not [b for b in at.get("download_button") if b.proto.id.endswith("_svg")]
