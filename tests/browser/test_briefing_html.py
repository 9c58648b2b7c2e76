"""The HTML briefing in a real browser, opened from file:// as from a USB stick: no network request at all, every
chart drawn, the summary readable, hostile names shown as text and never run, A4 landscape print one view a page.
And the app's own pages printed to A4 landscape: no sidebar or buttons, every chart whole on one page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lib import briefing
from lib.data import load_dataset
from lib.scenes import meeting
from lib.transforms import Filters, apply_filters
from tests.browser.conftest import (
    DATA,
    HOSTILE,
    SHOTS,
    VIEWPORT,
    expected_charts,
    wait_for_app,
    wait_for_charts,
)
from tests.browser.payloads import IMG, SCRIPT

pytestmark = pytest.mark.browser

TODAY = dt.date(2024, 6, 1)


def _write(folder, tmp_path, name: str):
    result = load_dataset(folder)
    ds = result.dataset
    b = briefing.build_briefing(ds, apply_filters(ds, Filters()), Filters(), "zh", today=TODAY,
                                notes=[p.message("zh") for p in result.warnings])
    path = tmp_path / name
    path.write_bytes(briefing.briefing_html(b))
    return path, b


class Opened:
    """A briefing file opened in a fresh browser context, with every request, console error and dialog recorded."""

    def __init__(self, browser, path):
        self.url = path.as_uri()
        self.context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=60_000)
        self.page.wait_for_timeout(500)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        """Anything but the file itself and data:/blob: URLs plotly makes in memory."""
        return [u for u in self.requests if u != self.url and not u.startswith(("data:", "blob:"))]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def opened(browser, tmp_path):
    path, b = _write(DATA, tmp_path, "汇报-briefing.html")
    o = Opened(browser, path)
    yield o, b
    o.close()


def test_briefing_opens_offline_with_every_chart(opened):
    o, b = opened
    assert o.foreign_requests() == [], o.foreign_requests()
    assert o.requests[0] == o.url
    plots = o.page.locator(".js-plotly-plot")
    assert plots.count() == len(b.figures) == len(meeting.VIEWS)
    drawn = o.page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .map(p => p.querySelectorAll('svg.main-svg').length > 0 && p.querySelector('.cartesianlayer') !== null
                  && p.getBoundingClientRect().height > 200)""")
    assert drawn == [True] * len(meeting.VIEWS)
    # real marks in each chart: bars, heatmap cells, lines and markers
    marks = o.page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .map(p => p.querySelectorAll('.point, .hm image, .scatterlayer path').length)""")
    assert all(n > 0 for n in marks), marks
    summary = o.page.locator("#summary").inner_text()
    assert "24" in summary and "29" in summary and "93" in summary
    assert "武政办〔2024〕28号" in o.page.locator("header").inner_text()
    assert "市政协十四届三次会议1号建议案办理工作方案" in o.page.locator("h1").inner_text()
    assert "今天（2024-06-01）处于「办理落实阶段」" in summary
    assert "5.2" in summary and "市文旅局" in summary
    # the Chinese font stack is the one in use
    family = o.page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"')
    assert not o.errors, o.errors
    assert not o.dialogs
    SHOTS.mkdir(parents=True, exist_ok=True)
    o.page.screenshot(path=str(SHOTS / "briefing-html.png"))


def test_briefing_prints_one_view_per_a4_landscape_page(opened):
    o, b = opened
    pdf = o.page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages == 1 + len(b.figures)  # the cover with the summary, then a page per view
    assert o.foreign_requests() == []


def test_hostile_names_show_as_text_and_never_run(browser, tmp_path):
    path, _ = _write(HOSTILE, tmp_path, "hostile.html")
    o = Opened(browser, path)
    try:
        o.page.mouse.move(700, 500)
        for plot in o.page.locator(".js-plotly-plot").all():  # hover texts are drawn on demand
            plot.scroll_into_view_if_needed()
            box = plot.bounding_box()
            o.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            o.page.wait_for_timeout(150)
        assert o.page.evaluate("() => window.__pwned") is None
        assert not o.dialogs
        injected = o.page.evaluate("""() => Array.from(document.querySelectorAll(
            'img[src="x"], [onerror], [onload], a[href^="javascript:" i]')).map(e => e.outerHTML.slice(0, 80))""")
        assert injected == []
        scripts = o.page.evaluate("""() => Array.from(document.scripts)
            .filter(s => s.textContent.includes('window.__pwned=1</')).length""")
        assert scripts == 0
        title = o.page.locator("h1").inner_text()
        assert IMG in title and SCRIPT in title  # shown literally
        assert IMG in o.page.locator("#view-overview").inner_text()  # in the chart's axis labels, as text
        assert o.foreign_requests() == []  # src=x was never requested
    finally:
        o.close()


# The printable height of A4 landscape with the app's 12 mm margins (186 mm), in CSS px (96 per inch).
PRINT_H = round(186 / 25.4 * 96)


@pytest.mark.parametrize("path", ["matrix", "workload", "network"])
def test_app_page_prints_to_a4_landscape(page, server, path):
    """What the browser's print dialog gets: chrome and buttons hidden, each chart no taller than a page."""
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    wait_for_charts(page, expected_charts(path))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['stSidebar', 'stHeader', 'stDownloadButton']
        .flatMap(id => Array.from(document.querySelectorAll(`[data-testid="${id}"]`)))
        .map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    charts = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        .map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert charts and all(h <= PRINT_H for _, h in charts), charts
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) >= 1
