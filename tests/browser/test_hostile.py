"""Hostile text never runs: the app on tests/fixtures/hostile in a real browser, every page, both languages.

The plan's names hold <img onerror>, <script>, javascript: links, Markdown, spreadsheet formulas, RTL and emoji.
A payload that ran would set window.__pwned or open a dialog; one turned into markup would leave an element in
the DOM (and a 404 for src=x in the console). Each must instead be readable as the text it is.
"""

from __future__ import annotations

import re

import pytest

from lib.textsafe import md_escape
from tests.browser.conftest import (
    ARTIFACTS,
    HOSTILE,
    ROOT,
    Watch,
    app_pages,
    click_nav,
    drawn_charts,
    exceptions_on,
    expected_charts,
    launch,
    running,
    screenshot,
    wait_for_app,
    wait_for_charts,
)
from tests.browser.payloads import IMG, MD_SAMPLES, SCRIPT, VISIBLE_LITERALLY

pytestmark = pytest.mark.browser

PAGES = app_pages()

# Elements a payload would leave behind had it been read as HTML or Markdown, in any frame.
INJECTED_JS = r"""() => {
  const hits = [];
  for (const el of document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:" i]'))
    hits.push(el.outerHTML.slice(0, 120));
  for (const s of document.querySelectorAll('script'))  // a payload that became a script element of its own
    if (/^\s*(window\.__pwned|alert\()/.test(s.textContent)) hits.push(s.outerHTML.slice(0, 120));
  return hits;
}"""
# Markdown the data would produce if it were read as Markdown: formatting elements whose text is a data fragment.
FORMATTED_JS = """(words) => {
  const hits = [];
  const sel = ':is(strong, em, del, code, a, h1, h2, h3, h4, h5, h6, li, blockquote, table)';
  for (const el of document.querySelectorAll(
      `[data-testid="stMarkdownContainer"] ${sel}, [data-testid="stCaptionContainer"] ${sel}`))
    if (words.includes(el.textContent.trim())) hits.push(el.outerHTML.slice(0, 120));
  for (const el of document.querySelectorAll('.katex')) hits.push('math: ' + el.textContent.slice(0, 60));
  return hits;
}"""


def _markdown_fragments() -> list[str]:
    """Texts that Markdown in the hostile plan would turn into bold, links, headings, code..."""
    from dataclasses import astuple

    from lib.data import load_dataset

    ds = load_dataset(HOSTILE).dataset
    texts = [str(v) for frame in (ds.units, ds.tasks, ds.phases) for v in frame.to_numpy().ravel()]
    texts += [str(v) for v in astuple(ds.plan)]
    patterns = (r"\*\*(.+?)\*\*", r"\[([^\]]+)\]\(", r"(?m)^\s*#+ (.+)$", r"`(.+?)`", r"(?<!\w)_(.+?)_(?!\w)",
                r"~~(.+?)~~")
    return sorted({m.strip() for t in texts for pat in patterns for m in re.findall(pat, t) if m.strip()})


# Plotly charts drawn in a plain HTML file (no Streamlit wrapper).
DRAWN_PLOTS_JS = "() => document.querySelectorAll('.js-plotly-plot .main-svg').length"
# Everything a reader can read: rendered text plus the text of SVG charts (plotly labels).
VISIBLE_TEXT_JS = """() => [document.body.innerText,
  ...Array.from(document.querySelectorAll('svg text')).map(t => t.textContent)].join('\\n')"""


MARKDOWN_FRAGMENTS = _markdown_fragments()


def _check_page(page, watch, label: str, expected: int) -> list[str]:
    problems = []
    if watch.dialogs:
        problems.append(f"{label}: dialog opened: {watch.dialogs}")
    for frame in page.frames:
        if frame.evaluate("() => window.__pwned") is not None:
            problems.append(f"{label}: window.__pwned set in frame {frame.url}")
        if hits := frame.evaluate(INJECTED_JS):
            problems.append(f"{label}: injected markup in {frame.url}: {hits}")
    if formatted := page.evaluate(FORMATTED_JS, MARKDOWN_FRAGMENTS):
        problems.append(f"{label}: data read as Markdown: {formatted}")
    if exc := exceptions_on(page):
        problems.append(f"{label}: exception shown: {exc}")
    if drawn_charts(page) < expected:
        problems.append(f"{label}: {drawn_charts(page)} of {expected} charts drawn")
    if errors := watch.take():
        problems.append(f"{label}: console errors: {errors}")
    return problems


def _visible(page) -> str:
    return "\n".join(frame.evaluate(VISIBLE_TEXT_JS) for frame in page.frames).replace("\u2060", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_plan_every_page(page, hostile_server, lang):
    """Open the app (English through ?lang=en, which shows name_en), then click through every page."""
    from lib.data import load_dataset

    plan = load_dataset(HOSTILE).dataset.plan
    watch = Watch(page, hostile_server.url)
    page.goto(hostile_server.url + "/" + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page)
    # The overview's title is the plan title, shown as written.
    title = plan.title_en if lang == "en" else plan.title
    assert page.locator("h1").first.inner_text().replace("\u2060", "").strip() == title
    problems, seen = [], []
    for p in PAGES:
        click_nav(page, p.title(lang))
        page.wait_for_url(lambda url, p=p: url.split("?")[0].rstrip("/") == p.url(hostile_server.url).rstrip("/"))
        wait_for_app(page)
        expected = expected_charts(p.name, HOSTILE, (("lang", "en"),) if lang == "en" else ())
        wait_for_charts(page, expected)
        screenshot(page, f"hostile-{lang}-{p.name}")
        problems += _check_page(page, watch, f"{lang}/{p.name} (server log {hostile_server.log_path.name})", expected)
        seen.append(_visible(page))
    assert not problems, "\n".join(problems)
    text = "\n".join(seen)
    literally = VISIBLE_LITERALLY if lang == "zh" else (IMG + " Bureau", SCRIPT + " Commission",
                                                        "[click](javascript:alert(1)) District")
    missing = [s for s in literally if s not in text]
    assert not missing, f"payloads not shown literally anywhere: {missing}"


@pytest.fixture(scope="module")
def md_probe_server(browser_ready):
    with running(launch("md-probe", None, ROOT / "tests" / "browser" / "md_probe.py")) as (s,):
        yield s


def test_md_escape_renders_every_sample_literally(page, md_probe_server):
    """Through Streamlit's own Markdown renderer, md_escape(x) reads exactly as x (line breaks as spaces)."""
    watch = Watch(page, md_probe_server.url)
    page.goto(md_probe_server.url + "/")
    wait_for_app(page)
    problems = []
    for i, sample in enumerate(MD_SAMPLES):
        want = re.sub(r"\s*\n\s*", " ", sample).strip()
        box = page.locator(f".st-key-probe_{i}")
        shown = {
            "markdown": box.locator('[data-testid="stMarkdown"] [data-testid="stMarkdownContainer"]').first,
            "caption": box.locator('[data-testid="stCaptionContainer"]').first,
            "warning": box.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]').first,
        }
        for kind, container in shown.items():
            got = container.inner_text().replace("\u2060", "").strip()
            want_here = want
            if kind == "warning":
                # st.warning turns a leading emoji of its text into the alert's icon: read icon and text together.
                alert = box.locator('[data-testid="stAlert"]').first
                got, want_here = (re.sub(r"\s+", "", x) for x in (alert.inner_text().replace("\u2060", ""), want))
            if got != want_here:
                problems.append(f"{kind} {sample!r}: shows {got!r}")
            tags = set(container.evaluate("el => Array.from(el.querySelectorAll('*')).map(e => e.tagName.toLowerCase())"))
            if tags - {"p"}:  # a paragraph of plain text; any other element is interpreted markup
                problems.append(f"{kind} {sample!r}: rendered as {sorted(tags)}: {container.inner_html()[:200]}")
    assert page.locator("h1").first.inner_text().replace("\u2060", "").strip() == MD_SAMPLES[0]
    assert md_escape(MD_SAMPLES[0]) != MD_SAMPLES[0]
    screenshot(page, "md-probe")
    assert not problems, "\n".join(problems)
    assert not watch.take() and not watch.dialogs
    assert page.evaluate("() => window.__pwned") is None


@pytest.mark.parametrize("lang", ["en"])  # Chinese: tests/browser/test_briefing_html.py
def test_briefing_html_of_hostile_plan_runs_nothing(page, lang):
    """The offline briefing (Export page) is HTML built from data: opened in a browser, nothing in it runs."""
    from lib import briefing
    from lib.data import load_dataset
    from lib.transforms import Filters, apply_filters

    ds = load_dataset(HOSTILE).dataset
    path = ARTIFACTS / f"briefing-hostile-{lang}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(briefing.make_html(ds, apply_filters(ds, Filters()), Filters(), lang))
    watch = Watch(page, "file://")
    page.goto(path.as_uri())
    page.wait_for_function(f"n => ({DRAWN_PLOTS_JS})() >= n", arg=1, polling=250)
    page.wait_for_timeout(500)
    problems = []
    if watch.dialogs:
        problems.append(f"dialog opened: {watch.dialogs}")
    if page.evaluate("() => window.__pwned") is not None:
        problems.append("window.__pwned set")
    if hits := page.evaluate(INJECTED_JS):
        problems.append(f"injected markup: {hits}")
    if errors := watch.take():
        problems.append(f"console errors: {errors}")
    assert not problems, "\n".join(problems)
    text = _visible(page)
    title = ds.plan.title_en if lang == "en" else ds.plan.title
    assert title in text and IMG + (" Bureau" if lang == "en" else "局") in text
