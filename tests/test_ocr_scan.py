"""A scanned page of a real plan reads through OCR (issue 13): the shipped document's first task group set as a
printed A4 page would be (serif type, lines wrapped at the page edge, unit lists broken across lines), then scanned
as an office scanner does it (200 dpi, slightly rotated, blurred, speckled, JPEG-compressed) into a picture-only
PDF. OCR must give back the four tasks with exactly the units data/tasks.csv has for them, each flagged for review."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pandas as pd
import pytest

from lib.importer import sandbox

ROOT = Path(__file__).resolve().parents[1]
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def _source_lines() -> list[str]:
    lines = (ROOT / "data" / "source" / "wuhan-2024-28.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index("二、工作任务")
    end = next(i for i, line in enumerate(lines) if line.startswith("(二)"))
    return lines[start:end]


def _scanned_pdf(paragraphs: list[str]) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    try:
        font = ImageFont.truetype(SERIF, 34)
    except OSError:
        pytest.skip("needs fonts-noto-cjk to print the page")
    width, height, margin = 1654, 2339, 150  # A4 at 200 dpi
    per_line = (width - 2 * margin) // 35
    page = Image.new("L", (width, height), 250)
    draw, y = ImageDraw.Draw(page), 180
    for i, para in enumerate(paragraphs):
        para = para if i == 0 else "\u3000\u3000" + para  # indented paragraphs, as printed
        for k in range(0, len(para), per_line):
            draw.text((margin, y), para[k:k + per_line], fill=20, font=font)
            y += 58
    page = page.rotate(0.6, fillcolor=250, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.6))
    pixels, rnd = page.load(), random.Random(1)
    for _ in range(40_000):  # scanner dust
        pixels[rnd.randrange(width), rnd.randrange(height)] = rnd.choice((40, 200))
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG", quality=55)
    pdf = io.BytesIO()
    Image.open(io.BytesIO(jpeg.getvalue())).save(pdf, "PDF", resolution=200)
    return pdf.getvalue()


def test_a_scanned_page_of_the_shipped_plan_reads_its_tasks_and_units_as_the_document_has_them():
    paragraphs = _source_lines()
    assert paragraphs[1].startswith("(一)") and len(paragraphs) == 6  # heading, group, four tasks
    reading, result = sandbox.import_document(_scanned_pdf(paragraphs), "扫描件.pdf")
    assert reading.ocr_pages == 1
    truth = pd.read_csv(ROOT / "data" / "tasks.csv", dtype=str).set_index("task_id")
    got = result.tasks.set_index("task_id")
    assert list(got.index) == ["1.1", "1.2", "1.3", "1.4"]
    for tid in got.index:
        assert got.at[tid, "title"] == truth.at[tid, "title"]
        assert got.at[tid, "lead_units"] == truth.at[tid, "lead_units"], tid
        assert got.at[tid, "support_units"] == truth.at[tid, "support_units"], tid
    assert sorted(w.task_id for w in result.warnings if w.kind == "ocr") == ["1.1", "1.2", "1.3", "1.4"]
