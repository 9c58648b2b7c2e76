"""Tables in .docx and text PDFs become tasks (a merged cell applies to every row it spans); scanned pages and
pictures are read by OCR (RapidOCR's shipped Chinese models, offline) and their tasks flagged for review."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from lib.importer import parse_document, sandbox
from lib.importer.readers import read_document, read_upload

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PLAN = [
    "一、重点任务",
    "1.完善管理体制。建立联席会议制度。(牵头单位:市发改委;责任单位:市财政局、市教育局)",
    "2.推进产业发展。(牵头单位:市经信局;责任单位:东湖高新区)",
]


def rows(result) -> list[tuple[str, str, str, str]]:
    t = result.tasks
    return list(zip(t.task_id, t.title, t.lead_units, t.support_units, strict=True))


# --- .docx tables -------------------------------------------------------------------------------------------


def _docx_table(build) -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("附件：重点任务分工表")
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_merged_cells_apply_to_every_row_and_column_they_span():
    def build(doc):
        t = doc.add_table(rows=5, cols=4)
        for j, head in enumerate(["序号", "重点任务", "牵头单位", "责任单位"]):
            t.cell(0, j).text = head
        # a heading row merged across the whole table: the area, not a task
        t.cell(1, 0).merge(t.cell(1, 3)).text = "产业发展"
        for i, (task, support) in enumerate([("做优光电子信息产业。", "东湖高新区"), ("做大生命健康产业。", "市卫健委")], 2):
            t.cell(i, 0).text, t.cell(i, 1).text, t.cell(i, 3).text = str(i - 1), task, support
        t.cell(2, 2).merge(t.cell(3, 2)).text = "市经信局"  # one lead for both rows
        t.cell(4, 0).merge(t.cell(4, 1)).text = "支持实验室建设。"  # number and task merged: still the task
        t.cell(4, 2).text, t.cell(4, 3).text = "市科技创新局", "市财政局"

    r = parse_document(read_document(_docx_table(build), "table.docx"))
    assert rows(r) == [
        ("1.1", "做优光电子信息产业", "市经信局", "东湖高新区"),
        ("1.2", "做大生命健康产业", "市经信局", "市卫健委"),
        ("1.3", "支持实验室建设", "市科技创新局", "市财政局"),
    ]


# --- PDF tables (pdfplumber) --------------------------------------------------------------------------------

_TABLE_HTML = """<html><head><meta charset="utf-8"><style>
table {border-collapse: collapse} td, th {border: 1px solid #000; padding: 4px; font-family: "Noto Sans CJK SC"}
</style></head><body><p>附件：重点任务分工表</p>
<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>责任单位</th></tr>
<tr><td>1</td><td>完善管理体制。建立联席会议制度。</td><td rowspan="2">市发改委</td><td>市财政局、市教育局</td></tr>
<tr><td>2</td><td>推进产业发展。</td><td>东湖高新区</td></tr>
<tr><td>3</td><td>强化人才保障。</td><td>市人才工作局</td><td>市科技创新局</td></tr>
</table><p>以上任务年底前完成。</p></body></html>"""


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory) -> bytes:
    """A text PDF with a ruled table, printed by Chromium (real fonts, real ruling lines)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("needs Debian's chromium to print the table PDF")
    folder = tmp_path_factory.mktemp("pdf")
    (folder / "t.html").write_text(_TABLE_HTML, encoding="utf-8")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={folder / 't.pdf'}", str(folder / "t.html")],
                   capture_output=True, timeout=120, check=True)
    return (folder / "t.pdf").read_bytes()


def test_pdf_table_rows_become_tasks_and_a_merged_lead_cell_spans_its_rows(table_pdf):
    reading = read_upload(table_pdf, "table.pdf", ocr=False)
    assert reading.tables[0][0] == ["序号", "重点任务", "牵头单位", "责任单位"]
    r = parse_document(reading.text)
    assert rows(r) == [
        ("1.1", "完善管理体制", "市发改委", "市财政局、市教育局"),
        ("1.2", "推进产业发展", "市发改委", "东湖高新区"),  # 工 and 高 as written, not the font's radicals
        ("1.3", "强化人才保障", "市人才工作局", "市科技创新局"),
    ]
    assert "以上任务年底前完成" in reading.text  # text around the table kept


# --- OCR ----------------------------------------------------------------------------------------------------


def _page_image(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype(FONT, 30)
    except OSError:
        pytest.skip("needs fonts-noto-cjk to draw the scanned page")
    img = Image.new("RGB", (1500, 80 + 64 * len(lines)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 30 + 64 * i), line, fill="black", font=font)
    return img


def _expected_ocr(result) -> None:
    assert rows(result) == [
        ("1.1", "完善管理体制", "市发改委", "市财政局、市教育局"),
        ("1.2", "推进产业发展", "市经信局", "东湖高新区"),
    ]
    assert [(w.task_id, w.kind) for w in result.warnings if w.kind == "ocr"] == [("1.1", "ocr"), ("1.2", "ocr")]


def test_a_scanned_pdf_page_is_read_by_ocr_with_progress_and_its_tasks_flagged():
    buf = io.BytesIO()
    _page_image(PLAN).save(buf, "PDF", resolution=150)  # a PDF holding only a picture of the page
    seen: list[tuple[int, int]] = []
    reading, result = sandbox.import_document(buf.getvalue(), "scan.pdf", on_progress=lambda d, n: seen.append((d, n)))
    assert reading.ocr_pages == 1 and seen[-1] == (1, 1)
    _expected_ocr(result)


def test_a_png_picture_of_a_plan_is_read_by_ocr():
    buf = io.BytesIO()
    _page_image(PLAN).save(buf, "PNG")
    reading, result = sandbox.import_document(buf.getvalue(), "photo.png")
    assert reading.ocr_text == reading.text
    _expected_ocr(result)


def test_without_ocr_a_scan_is_still_refused_with_the_scan_message():
    buf = io.BytesIO()
    _page_image(PLAN[:1]).save(buf, "PDF")
    with pytest.raises(Exception, match="no extractable text"):
        read_document(buf.getvalue(), "scan.pdf")


def test_the_import_page_reads_a_scan_and_marks_its_tasks_ocr():
    from tests.conftest import run_app

    buf = io.BytesIO()
    _page_image(PLAN).save(buf, "PNG")
    at = run_app("importer")
    at.file_uploader(key="im_upload").set_value(("扫描件.png", buf.getvalue(), "image/png")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert {m.label: m.value for m in at.metric}["任务"] == "2"
    assert any("1 页扫描件由文字识别（OCR）读取" in w.value for w in at.warning)
    tasks = [df.value for df in at.dataframe if "原文" in df.value.columns][0]
    assert all(s.startswith("〔OCR〕") for s in tasks["原文"])
    assert tasks["牵头单位"].tolist() == ["市发改委", "市经信局"]
    kinds = [df.value for df in at.dataframe if "说明" in df.value.columns][0]["类型"].tolist()
    assert kinds.count("OCR 识别") == 2
