"""The coordination-meeting briefing packaged: one self-contained HTML file and a 16:9 PPTX deck. No Streamlit here.

What the briefing shows (the views' figures, the written summary) is built in lib.scenes.meeting from the same
scene builders as the pages; this module only packages it.

Static images (PPTX slides) come from lib.charts.images (kaleido).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from collections.abc import Sequence

import plotly.graph_objects as go

from lib.charts.base import toolbar_config
from lib.charts.images import render_images
from lib.data import Dataset
from lib.i18n import t
from lib.scenes.defaults import BRIEFING_PRINT_PX
from lib.scenes.meeting import HEADLINE_COUNTS, ISO, Briefing, build_briefing
from lib.theme import ACCENT, FONT_FAMILY, ROLE_COLORS
from lib.transforms import Filters, View

# ---------- HTML ----------

# Nothing may leave the file: styles inline, images from data:/blob: (plotly's own), no fonts, no connections, no
# forms; and only the scripts written here run (by their SHA-256), so no event handler or injected <script> could.
# Data text is escaped on top of this; the policy is the second lock.
_CSP = ("default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: blob:; "
        "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "base-uri 'none'; form-action 'none'")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)


def _script_hashes(markup: str) -> str:
    """CSP source list allowing exactly the inline scripts of `markup`."""
    digests = dict.fromkeys(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _SCRIPT.findall(markup))
    return " ".join(digests) or "'none'"

_CSS = """
:root {--ink: #1F2328; --muted: #5A6068; --rule: #E6E3DF; --accent: %(accent)s;}
* {box-sizing: border-box;}
html, body {margin: 0; background: #fff; color: var(--ink);
  font-family: %(font)s; font-size: 16px; line-height: 1.6;}
header.cover {border-top: 8px solid var(--accent); padding: 28px 0 16px; }
.wrap {max-width: 1000px; margin: 0 auto; padding: 0 24px;}
.kicker {color: var(--accent); font-weight: 700; letter-spacing: .08em; margin: 0 0 6px;}
h1 {font-size: 28px; line-height: 1.35; margin: 0 0 8px;}
h2 {font-size: 22px; margin: 0 0 4px; padding-top: 8px;}
.meta {color: var(--muted); margin: 2px 0;}
.counts {display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin: 16px 0;}
.count {border: 1px solid var(--rule); border-left: 4px solid var(--accent); padding: 8px 12px;}
.count b {display: block; font-size: 28px; line-height: 1.2;}
.count span {color: var(--muted); font-size: 14px;}
ul.points {padding-left: 1.2em; margin: 8px 0;}
ul.points li {margin: 4px 0;}
.notes {background: #FBF6EC; border-left: 4px solid %(support)s; padding: 8px 14px; margin: 12px 0;}
.notes h3 {font-size: 16px; margin: 0 0 4px;}
.notes ul {margin: 0; padding-left: 1.2em;}
nav.toc {margin: 12px 0 4px; color: var(--muted);}
nav.toc a {color: var(--ink); margin-right: 14px; text-decoration: none; border-bottom: 1px solid var(--rule);}
section.view {margin: 28px 0 12px; padding-top: 12px; border-top: 1px solid var(--rule);}
.cap {color: var(--muted); margin: 0 0 8px;}
.chart {width: 100%%;}
footer {color: var(--muted); font-size: 13px; margin: 28px 0; border-top: 1px solid var(--rule); padding-top: 8px;}
@page {size: A4 landscape; margin: 12mm;}
@media print {
  header.cover {padding-top: 0;}
  .wrap {max-width: none; padding: 0;}
  nav.toc, footer, .modebar-container {display: none !important;}
  section.view {break-before: page; border-top: none; margin: 0; padding: 0;}
  .chart {zoom: var(--print-zoom, 1);}
  .count, li {break-inside: avoid;}
}
"""


def _e(text) -> str:
    """Data text for HTML: every <, >, &, quote escaped."""
    return html.escape(str(text), quote=True)


def chart_config(filename: str) -> dict:
    """Plotly's toolbar as on the pages (lib.charts.base.toolbar_config), the chart following the page's width."""
    return {**toolbar_config(filename), "responsive": True}


def briefing_html(b: Briefing) -> bytes:
    """One self-contained HTML file (UTF-8): the summary, then every view with its chart, plotly.js embedded once.

    It opens offline, from a USB stick: no CDN, no MathJax, no web font, and a Content-Security-Policy that forbids
    any request. All data text is HTML-escaped. Prints as A4 landscape, one view per page.
    """
    lang, s = b.lang, b.summary
    stamp = s.generated.strftime(ISO)
    sections, divs = _view_sections(b, stamp)
    doc = f"""<!DOCTYPE html>
<html lang="{'en' if lang == 'en' else 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP.format(hashes=_script_hashes("".join(divs)))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Fengong 分工">
<title>{_e(s.title)} · {_e(t("br_kicker", lang))}</title>
<style>{_CSS % {"accent": ACCENT, "support": ROLE_COLORS["support"], "font": FONT_FAMILY}}</style>
</head>
<body>
{_cover_html(b, stamp)}
<main class="wrap">
{_summary_html(b)}
{''.join(sections)}
<footer>{_e(t("br_footer", lang, date=stamp))}</footer>
</main>
</body>
</html>
"""
    return doc.encode("utf-8")


def _cover_html(b: Briefing, stamp: str) -> str:
    """The cover: kicker, the plan's title, its document line, the date and the filters."""
    lang, s = b.lang, b.summary
    meta = s.meta_line(lang)
    return f"""<header class="cover"><div class="wrap">
<p class="kicker">{_e(t("br_kicker", lang))}</p>
<h1>{_e(s.title)}</h1>
{f'<p class="meta">{_e(meta)}</p>' if meta else ''}
<p class="meta">{_e(t("br_generated", lang, date=stamp))} · {_e(t("br_scope", lang))}{_e(s.scope_text(lang))}</p>
</div></header>"""


def _summary_html(b: Briefing) -> str:
    """The summary section: the headline counts, the written points, data-quality notes and the views' contents."""
    lang, s = b.lang, b.summary
    counts = "".join(f'<div class="count"><b>{int(s.counts[k])}</b><span>{_e(t(label, lang))}</span></div>'
                     for k, label in HEADLINE_COUNTS.items())
    points = "".join(f"<li>{_e(line)}</li>" for line in s.lines)
    notes = ""
    if s.notes:
        notes = (f'<div class="notes"><h3>{_e(t("ov_quality", lang))}</h3><ul>'
                 + "".join(f"<li>{_e(n)}</li>" for n in s.notes) + "</ul></div>")
    toc = " ".join(f'<a href="#view-{v}">{_e(b.heading(v))}</a>' for v in b.figures)
    return f"""<section class="summary" id="summary">
<h2>{_e(t("br_summary", lang))}</h2>
<div class="counts">{counts}</div>
<ul class="points">{points}</ul>
{notes}
<nav class="toc">{toc}</nav>
</section>"""


def _view_sections(b: Briefing, stamp: str) -> tuple[list[str], list[str]]:
    """One section per view (heading, caption, chart) and the charts' own markup, the only scripts allowed to run;
    plotly.js goes in with the first chart."""
    from lib.exports import file_stem

    sections, divs = [], []
    for i, (view, fig) in enumerate(b.figures.items()):
        height = float(fig.layout.height or 500)
        zoom = min(1.0, BRIEFING_PRINT_PX / height)
        div = fig.to_html(full_html=False, include_plotlyjs=(i == 0), include_mathjax=False,
                          div_id=f"fg-chart-{view}", default_width="100%",
                          config=chart_config(file_stem(view, stamp)))
        divs.append(div)
        sections.append(
            f'<section class="view" id="view-{view}"><h2>{_e(b.heading(view))}</h2>'
            f'<p class="cap">{_e(b.caption(view))}</p>'
            f'<div class="chart" style="--print-zoom:{zoom:.3f}">{div}</div></section>')
    return sections, divs


# static images (render_images, svg_bytes) live in lib.charts.images


# ---------- PPTX ----------

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.45
IMAGE_TOP_IN = 1.35
IMAGE_BOTTOM_IN = 7.0
SLIDE_FONT = "Microsoft YaHei"  # 微软雅黑 on Windows; PowerPoint substitutes its own CJK face elsewhere
SLIDE_PX_PER_IN = 108  # render so that chart text of 16 px reads as ~11 pt on the slide
SLIDE_SCALE = 2
SLIDE_FONT_SIZE = 16
SLIDE_WORKLOAD_TOP = 15


def _rgb(hex_color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _set_font(run, size: float, *, bold: bool = False, color: str = "#1F2328") -> None:
    """Size, weight, colour, and the typeface for Latin and East Asian text (python-pptx only sets Latin)."""
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(color)
    rpr = run._r.get_or_add_rPr()
    latin = rpr.get_or_add_latin()
    latin.set("typeface", SLIDE_FONT)
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)
    ea.set("typeface", SLIDE_FONT)


def _text(slide, left: float, top: float, width: float, height: float, paragraphs: Sequence[str], *,
          size: float = 16, bold: bool = False, color: str = "#1F2328", align: str = "left",
          bullet: bool = False, space_after: float = 4):
    """A text box (inches) holding one paragraph per string, words wrapped."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.TOP
    for margin in ("margin_left", "margin_right"):
        setattr(tf, margin, Inches(0.05))
    for i, text in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
        p.space_after = Pt(space_after)
        if bullet:
            _bullet(p, size)
        run = p.add_run()
        run.text = str(text)
        _set_font(run, size, bold=bold, color=color)
    return box


def _bullet(paragraph, size: float) -> None:
    """A real bullet with a hanging indent, so wrapped lines align with the text, not the bullet."""
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(int(Pt(size * 1.2))))
    ppr.set("indent", str(-int(Pt(size * 1.2))))
    for tag, attrs in (("a:buFont", {"typeface": "Arial"}), ("a:buChar", {"char": "•"})):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(k, v)
        ppr.append(el)


def _rect(slide, left: float, top: float, width: float, height: float, color: str):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(color)
    shape.line.fill.background()
    return shape


def _footer(slide, b: Briefing, n: int, total: int) -> None:
    s = b.summary
    left = " · ".join(x for x in (s.title, s.doc_number) if x)
    _text(slide, MARGIN_IN, 7.08, 10.5, 0.32, [left], size=9, color="#7F8A93")
    _text(slide, SLIDE_W_IN - MARGIN_IN - 1.5, 7.08, 1.5, 0.32, [f"{n} / {total}"], size=9, color="#7F8A93",
          align="right")


def slide_figure(fig: go.Figure) -> go.Figure:
    """A copy of the figure sized to the slides' picture area (slide_area_px)."""
    w, h = slide_area_px()
    out = go.Figure(fig)
    out.update_layout(width=w, height=h)
    return out


def briefing_pptx(b: Briefing, *, images: Sequence[bytes] | None = None) -> bytes:
    """A 16:9 deck: title slide (plan, document number, date, filters), one slide per view with its chart as a PNG
    rendered by kaleido, and a summary slide. `images` (PNG bytes in figure order) skips the rendering."""
    from pptx import Presentation
    from pptx.util import Inches

    views = list(b.figures)
    if images is None:
        images = render_images([slide_figure(f) for f in b.figures.values()], "png", scale=SLIDE_SCALE)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    blank = prs.slide_layouts[6]
    total = len(views) + 2
    _title_slide(prs.slides.add_slide(blank), b)
    for n, (view, png) in enumerate(zip(views, images), start=2):
        slide = prs.slides.add_slide(blank)
        _view_slide(slide, b, view, png)
        _footer(slide, b, n, total)
    slide = prs.slides.add_slide(blank)
    _summary_slide(slide, b)
    _footer(slide, b, total, total)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _title_slide(slide, b: Briefing) -> None:
    """The kicker, the plan's title, its document line, the date and the filters."""
    lang, s = b.lang, b.summary
    stamp = s.generated.strftime(ISO)
    _rect(slide, 0, 0, SLIDE_W_IN, 0.18, ACCENT)
    _text(slide, 0.9, 1.55, SLIDE_W_IN - 1.8, 0.5, [t("br_kicker", lang)], size=18, bold=True, color=ACCENT)
    _text(slide, 0.9, 2.15, SLIDE_W_IN - 1.8, 1.9, [s.title], size=34 if len(s.title) <= 40 else 26, bold=True)
    meta = [x for x in (s.meta_line(lang),) if x]
    meta += [t("br_generated", lang, date=stamp), t("br_scope", lang) + s.scope_text(lang)]
    _text(slide, 0.9, 4.35, SLIDE_W_IN - 1.8, 1.8, meta, size=18, color="#5A6068", space_after=6)
    _rect(slide, 0.9, 4.2, 1.2, 0.05, ACCENT)


def _view_slide(slide, b: Briefing, view: str, png: bytes) -> None:
    """A view's heading and caption over its chart (the caption also in the speaker notes)."""
    _rect(slide, 0, 0, 0.16, SLIDE_H_IN, ACCENT)
    _text(slide, MARGIN_IN, 0.28, SLIDE_W_IN - 2 * MARGIN_IN, 0.6, [b.heading(view)], size=26, bold=True)
    _text(slide, MARGIN_IN, 0.86, SLIDE_W_IN - 2 * MARGIN_IN, 0.45, [b.caption(view)], size=13, color="#5A6068")
    if view == "overview":  # the headline counts, beside the heading
        counts = {k: int(b.summary.counts[k]) for k in HEADLINE_COUNTS}
        _text(slide, SLIDE_W_IN / 2, 0.4, SLIDE_W_IN / 2 - MARGIN_IN, 0.45, [t("br_strip", b.lang, **counts)],
              size=15, bold=True, color=ACCENT, align="right")
    _picture(slide, png)
    slide.notes_slide.notes_text_frame.text = b.caption(view)


def _summary_slide(slide, b: Briefing) -> None:
    """The written summary as bullets, and up to three data-quality notes under it."""
    lang, s = b.lang, b.summary
    _rect(slide, 0, 0, 0.16, SLIDE_H_IN, ACCENT)
    _text(slide, MARGIN_IN, 0.28, SLIDE_W_IN - 2 * MARGIN_IN, 0.6, [t("br_summary", lang)], size=26, bold=True)
    points = list(s.lines)
    size = 17 if sum(len(p) for p in points) < 520 else 14
    _text(slide, MARGIN_IN, 1.05, SLIDE_W_IN - 2 * MARGIN_IN, 4.5, points, size=size, bullet=True, space_after=8)
    if s.notes:
        _text(slide, MARGIN_IN, 5.5, SLIDE_W_IN - 2 * MARGIN_IN, 0.35, [t("ov_quality", lang)], size=13, bold=True,
              color="#5A6068")
        _text(slide, MARGIN_IN, 5.85, SLIDE_W_IN - 2 * MARGIN_IN, 1.1, list(s.notes[:3]), size=12,
              color="#5A6068", bullet=True, space_after=2)


def slide_area_px() -> tuple[int, int]:
    """Width and height in px of the slides' picture area at SLIDE_PX_PER_IN."""
    return (round((SLIDE_W_IN - 2 * MARGIN_IN) * SLIDE_PX_PER_IN),
            round((IMAGE_BOTTOM_IN - IMAGE_TOP_IN) * SLIDE_PX_PER_IN))


def make_html(ds: Dataset, view: View, filters: Filters, lang: str = "zh", **kw) -> bytes:
    """The HTML briefing of a view (build_briefing's keywords: today, lead_weight, notes)."""
    return briefing_html(build_briefing(ds, view, filters, lang, **kw))


def make_pptx(ds: Dataset, view: View, filters: Filters, lang: str = "zh", **kw) -> bytes:
    """The PPTX briefing of a view: figures sized for the slides (larger type, workload cut to the top 15, matrix
    type fitted to its rows), rendered by kaleido."""
    b = build_briefing(ds, view, filters, lang, font_size=SLIDE_FONT_SIZE, workload_top=SLIDE_WORKLOAD_TOP,
                       fit_height=slide_area_px()[1], **kw)
    return briefing_pptx(b)


def _picture(slide, png: bytes) -> None:
    """The chart image centred in the picture area, as large as fits, aspect kept."""
    from PIL import Image
    from pptx.util import Inches

    w_px, h_px = Image.open(io.BytesIO(png)).size
    area_w = SLIDE_W_IN - 2 * MARGIN_IN
    area_h = IMAGE_BOTTOM_IN - IMAGE_TOP_IN
    k = min(area_w / w_px, area_h / h_px)
    w, h = w_px * k, h_px * k
    slide.shapes.add_picture(io.BytesIO(png), Inches(MARGIN_IN + (area_w - w) / 2), Inches(IMAGE_TOP_IN),
                             Inches(w), Inches(h))
