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
# OCR work grows with the pixels it is handed, so every picture is bounded, not only the page count: at most an
# A3 page (842 × 1191 pt) at RENDER_SCALE (~4 MP) per page; bigger pages are rendered smaller, down to MIN_SCALE
# (36 dpi: a poster's headline type still reads); a page that would need less is refused.
PAGE_PIXELS = int(842 * RENDER_SCALE * 1191 * RENDER_SCALE)
MIN_SCALE = 0.5
MAX_DOC_PIXELS = 30 * 1190 * 1684  # the whole document: thirty A4 pages at 144 dpi
MIN_SCORE = 0.5  # boxes the recogniser is less sure of than this are noise (stamps, lines, specks)
_engine = None


def _get_engine():
    """The OCR engine, loaded once per process (~0.4 s; models come from the installed wheel)."""
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            missing = _missing_library(exc)
            if missing:  # OpenCV needs libGL.so.1 (Debian: libgl1) and libgthread (libglib2.0-0)
                raise DocumentError.from_key("imp_err_ocr_lib_missing", lib=missing) from None
            raise DocumentError.from_key("imp_err_ocr_missing") from None
        # one compute thread: the sandbox runs one child per core, and its CPU limit assumes one thread
        _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    return _engine


def _missing_library(exc: ImportError) -> str:
    """The shared library an ImportError says could not be loaded (libGL.so.1), or "" for a missing module."""
    found = re.search(r"([\w.+-]+\.so[\w.]*): cannot open shared object file", str(exc))
    return found.group(1) if found else ""


def page_scale(width_pt: float, height_pt: float) -> float:
    """The render scale for a page of this size: RENDER_SCALE, or less so the picture stays within PAGE_PIXELS."""
    import math

    w, h = max(width_pt, 1.0), max(height_pt, 1.0)
    scale = min(RENDER_SCALE, (PAGE_PIXELS / (w * h)) ** 0.5)
    while math.ceil(w * scale) * math.ceil(h * scale) > PAGE_PIXELS:  # pdfium rounds the bitmap's size up
        scale *= 0.999
    return scale


def _page_too_large(name: str, number: int, w_pt: float, h_pt: float) -> DocumentError:
    mm = 25.4 / 72
    size = f"{w_pt * mm:.0f}×{h_pt * mm:.0f} mm"
    limit = f"{PAGE_PIXELS / MIN_SCALE ** 2 * mm * mm / 1e6:.1f} m²"
    return DocumentError.from_key("imp_err_ocr_page_large", name=name, number=number, size=size, limit=limit)


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
    w, h = img.size
    if w * h > PAGE_PIXELS:  # a 40 MP photo is read as well at 4 MP, in a tenth of the time
        k = (PAGE_PIXELS / (w * h)) ** 0.5
        img = img.resize((max(1, int(w * k)), max(1, int(h * k))))
    result, _ = _get_engine()(np.asarray(img.convert("RGB")))
    if progress:
        progress(1, 1)
    return "\n".join(_lines(result))


def pdf_pages_text(data: bytes, pages: list[int], progress: Callable[[int, int], None] | None = None,
                   name: str = "document") -> list[str]:
    """The text of the given (0-based) pages of a PDF, each rendered by pdfium within PAGE_PIXELS and read by OCR;
    a page too large even at MIN_SCALE, or more than MAX_DOC_PIXELS in all, is refused before anything renders."""
    import math

    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        scales, pixels = [], 0
        for i in pages:
            w_pt, h_pt = pdf[i].get_size()
            scale = page_scale(w_pt, h_pt)
            if scale < MIN_SCALE:
                raise _page_too_large(name, i + 1, w_pt, h_pt)
            scales.append(scale)
            pixels += math.ceil(w_pt * scale) * math.ceil(h_pt * scale)
        if pixels > MAX_DOC_PIXELS:
            raise DocumentError.from_key("imp_err_ocr_area", name=name, mp=pixels / 1e6, limit=MAX_DOC_PIXELS / 1e6)
        engine = _get_engine()
        for n, (i, scale) in enumerate(zip(pages, scales)):
            if progress:
                progress(n, len(pages))
            bitmap = pdf[i].render(scale=scale)
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
