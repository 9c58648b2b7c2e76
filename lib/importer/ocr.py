"""Read scanned pages and pictures by OCR: RapidOCR (PP-OCRv4 Chinese models shipped in its wheel, run by
onnxruntime on the CPU, offline) and pypdfium2 to render PDF pages. Runs inside the limited child process
(lib.importer.sandbox); tasks whose text came from here are flagged for review (mark_ocr).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from lib.importer.errors import DocumentError

RENDER_SCALE = 2.0  # 144 dpi: small type on an A4 scan still reads; 3.0 costs twice the time for no gain seen
MIN_SCORE = 0.5  # boxes the recogniser is less sure of than this are noise (stamps, lines, specks)
_engine = None


def _get_engine():
    """The OCR engine, loaded once per process (~0.4 s; models come from the installed wheel)."""
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise DocumentError(
                "OCR 组件未安装（rapidocr-onnxruntime），无法识别扫描件",
                "OCR is not installed (rapidocr-onnxruntime); scans cannot be read",
            ) from None
        _engine = RapidOCR()
    return _engine


def _lines(boxes) -> list[str]:
    """OCR boxes ([corners, text, score]) as lines in reading order: top to bottom, left to right in a line."""
    items = []
    for corners, text, score in boxes or []:
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        ys = [p[1] for p in corners]
        xs = [p[0] for p in corners]
        items.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), str(text)))
    items.sort()
    lines: list[list[tuple]] = []
    for item in items:
        # a box whose middle lies within half a line height of the line's first box belongs to that line
        if lines and abs(item[0] - lines[-1][0][0]) <= max(item[1], lines[-1][0][1]) / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    return ["".join(i[3] for i in sorted(line, key=lambda i: i[2])) for line in lines]


def image_text(img, progress: Callable[[int, int], None] | None = None) -> str:
    """The text of one picture (a PIL image), line by line."""
    import numpy as np

    if progress:
        progress(0, 1)
    result, _ = _get_engine()(np.asarray(img.convert("RGB")))
    if progress:
        progress(1, 1)
    return "\n".join(_lines(result))


def pdf_pages_text(data: bytes, pages: list[int], progress: Callable[[int, int], None] | None = None) -> list[str]:
    """The text of the given (0-based) pages of a PDF, each rendered by pdfium and read by OCR."""
    import numpy as np
    import pypdfium2 as pdfium

    engine = _get_engine()
    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for n, i in enumerate(pages):
            if progress:
                progress(n, len(pages))
            bitmap = pdf[i].render(scale=RENDER_SCALE)
            result, _ = engine(np.asarray(bitmap.to_pil().convert("RGB")))
            out.append("\n".join(_lines(result)))
        if progress:
            progress(len(pages), len(pages))
    finally:
        pdf.close()
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def mark_ocr(result, ocr_text: str):
    """The result with one 'ocr' warning per task whose source text was read by OCR (to be checked by eye)."""
    if not ocr_text.strip():
        return result
    from lib.importer.parse import ImportWarning

    seen = _norm(ocr_text)
    for task_id, source in result.sources.items():
        probe = _norm(source)[:24]
        if probe and probe in seen:
            result.warnings.append(ImportWarning(
                task_id, "ocr",
                f"任务 {task_id} 的文字由扫描件识别（OCR）得到，请对照原件核对单位名称",
                f"Task {task_id} was read from a scan (OCR); check its unit names against the original",
            ))
    return result
