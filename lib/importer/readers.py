"""Turn uploaded bytes (.txt in any common Chinese encoding, .docx, .pdf, PNG/JPEG scans) into plain text.

The type is read from the content, not the file name: uploads are often renamed, and a .txt that is really a
.docx should still import. Every failure becomes a DocumentError with a one-line bilingual reason. Archives and
PDFs are checked against size limits before and while they are unpacked; the whole read runs in a limited child
process when it comes from an upload or the CLI (lib.importer.sandbox).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from lib.decoding import Undecodable, decode_text
from lib.i18n import Term
from lib.importer.errors import DocumentError
from lib.vocabulary import MAX_FILE_BYTES

MAX_BYTES = MAX_FILE_BYTES  # bigger than any real plan; refusing early keeps the app responsive
# A .docx whose parts unpack to more than this is a zip bomb, not a plan (a real plan's document.xml is a few MB;
# lxml needs ~15× the XML's size in memory, so 200 MB of XML took 3 GB).
MAX_UNZIPPED = 64 * 1024 * 1024
MAX_XML_PART = 24 * 1024 * 1024  # one XML part (word/document.xml) unpacked
MAX_PARTS = 5000  # parts in a .docx; a long real plan has a few dozen
MAX_PDF_PAGES = 2000  # declared page count; the longest real plans run to a few hundred pages
MAX_OCR_PAGES = 30  # text-less pages read by OCR in one document
MAX_IMAGE_PIXELS = 40_000_000  # an A4 page scanned at 600 dpi is ~35 MP
_CHUNK = 1024 * 1024

Progress = Callable[[int, int], None]


@dataclass
class Reading:
    """What a document gave: its text, the part of it read by OCR, and its tables as rows of cell texts."""

    text: str
    ocr_text: str = ""
    ocr_pages: int = 0
    tables: list[list[list[str]]] = field(default_factory=list)


def read_document(data: bytes, filename: str = "") -> str:
    """Decode an uploaded document (txt/docx/pdf, detected by content) to text or raise DocumentError."""
    return read_upload(data, filename, ocr=False).text


def read_upload(data: bytes, filename: str = "", *, ocr: bool = True, progress: Progress | None = None) -> Reading:
    """Read a document (txt/docx/pdf/PNG/JPEG by content) as a Reading; text-less pages and images by OCR."""
    name = filename or "document"
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DocumentError.from_key("imp_err_not_bytes", name=name)
    data = bytes(data)
    if not data.strip():
        raise DocumentError.from_key("imp_err_empty", name=name)
    if len(data) > MAX_BYTES:
        raise DocumentError.from_key("imp_err_too_big", name=name, mb=MAX_BYTES // (1024 * 1024))
    head = data[:1024]
    if b"%PDF" in head:
        reading = _read_pdf(data, name, ocr, progress)
    elif data.startswith(b"PK\x03\x04"):
        reading = _read_docx(data, name)
    elif ocr and data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        reading = _read_image(data, name, progress)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError.from_key("imp_err_doc", name=name)
    elif data.lstrip().startswith(b"{\\rtf"):
        raise DocumentError.from_key("imp_err_rtf", name=name)
    else:
        reading = Reading(_decode_text(data, name))
    reading.text = reading.text.replace("\x00", "")
    if not reading.text.strip():
        raise DocumentError.from_key("imp_err_no_text", name=name)
    return reading


def _decode_text(data: bytes, name: str) -> str:
    """Plain text as lib.decoding reads a document (BOM, UTF-8 with a few stray NULs, GB18030 or UTF-16)."""
    try:
        return decode_text(data, tolerant=True)
    except Undecodable as err:
        if err.reason == "bom":
            raise DocumentError.from_key("imp_err_bom", name=name, enc=err.encoding.upper()) from None
        raise DocumentError.from_key("imp_err_binary" if err.reason == "binary" else "imp_err_encoding",
                                     name=name) from None


def _read_pdf(data: bytes, name: str, ocr: bool = False, progress: Progress | None = None) -> Reading:
    """Text of every page (pypdf), tables by pdfplumber; text-less pages by OCR when ocr, else refused."""
    pages, tables = _pdf_tables(data, _pdf_page_texts(data, name))
    reading = Reading("", tables=tables)
    blank = [i for i, p in enumerate(pages) if not p.strip()]
    if ocr and blank:
        from lib.importer import ocr as ocr_mod

        if len(blank) > MAX_OCR_PAGES:
            raise DocumentError.from_key("imp_err_ocr_pages", name=name, n=len(blank), limit=MAX_OCR_PAGES)
        read = ocr_mod.pdf_pages_text(data, blank, progress, name=name)
        for i, page_text in zip(blank, read):
            pages[i] = page_text
        reading.ocr_text = "\n".join(read)
        reading.ocr_pages = len(blank)
    text = _unspace_cjk("\n".join(pages)).translate(_RADICALS)
    if not text.strip() and reading.ocr_pages:
        raise DocumentError.from_key("imp_err_ocr_nothing", name=name, n=reading.ocr_pages)
    if not text.strip():
        raise DocumentError.from_key("imp_err_pdf_no_text", name=name)
    reading.text = text
    return reading


def _pdf_page_texts(data: bytes, name: str) -> list[str]:
    """Each page's text as pypdf extracts it, within the page limits; a damaged, encrypted or bomb PDF refused."""
    # pypdf logs every repair it makes; a damaged upload should yield our one-line reason, not a log spill.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        from pypdf import PdfReader
        from pypdf.errors import LimitReachedError

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError.from_key("imp_err_pdf_encrypted", name=name)
        # The declared count, read before pypdf walks the page tree: a tree that repeats one node a thousand
        # times a level is a few KB and millions of pages.
        try:
            declared = int(reader.trailer["/Root"]["/Pages"].get("/Count", 0))
        except Exception:
            declared = 0
        if declared > MAX_PDF_PAGES:
            raise DocumentError.from_key("imp_err_pdf_pages_declared", name=name, n=declared, limit=MAX_PDF_PAGES)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError.from_key("imp_err_pdf_pages", name=name, limit=MAX_PDF_PAGES)
        pages = []
        for page in reader.pages:
            # extract_text swallows pypdf's inflate limit and returns ""; reading the stream first makes a deflate
            # bomb a LimitReachedError here instead of a blank page handed to OCR
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
            pages.append(page.extract_text() or "")
    except DocumentError:
        raise
    except MemoryError:
        raise
    except LimitReachedError:
        raise DocumentError.from_key("imp_err_pdf_bomb", name=name) from None
    except Exception as exc:  # pypdf raises many types on damaged files; all mean "cannot read"
        raise DocumentError.from_key("imp_err_pdf_unreadable", name=name, error=type(exc).__name__) from None
    finally:
        log.setLevel(level)
    return pages


# Fonts often map a glyph to a Kangxi radical or a compatibility ideograph (⼯ U+2F2F for 工): the document wrote
# the ordinary character, so it is read back as that.
_RADICALS = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for cp in [*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)]
    if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}
_TABLE_HINT = re.compile(r"牵头|责任单位|责任部门|配合单位|协办|主办")


def _pdf_tables(data: bytes, pages: list[str]) -> tuple[list[str], list[list[list[str]]]]:
    """Pages with a ruled task table (pdfplumber) get their text rebuilt as text above, table lines, text below.

    Rows of a table continued on the next pages (no header of its own, same number of columns) join the first
    table, so numbering runs on. A merged cell (None in pdfplumber's rows) takes the text of the cell above.
    """
    hinted = [i for i, text in enumerate(pages) if _TABLE_HINT.search(text)]
    if not hinted:
        return pages, []
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # one warning per glyph on fonts without a FontBBox
    try:
        import pdfplumber
    except ImportError:  # pdfplumber is in requirements.txt; without it tables read as pypdf's text
        return pages, []
    pages = list(pages)
    tables: list[list[list[str]]] = []
    open_table: list[list[str]] | None = None  # the task table rows are being added to
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in hinted:
                page = pdf.pages[i]
                found = page.find_tables()
                if not found:
                    open_table = None
                    continue
                pages[i], open_table = _page_with_tables(page, found, tables, open_table)
    except MemoryError:
        raise
    except Exception:  # pdfminer is stricter than pypdf on damaged files: keep pypdf's text then
        return list(pages), []
    # Task tables are written out once all their continued rows are in.
    task_tables = iter([rows for rows in tables if _header_at(rows) is not None])
    for i, text in enumerate(pages):
        while "\x00TABLE\x00" in text:
            text = text.replace("\x00TABLE\x00", "\n".join(task_lines(next(task_tables))), 1)
        pages[i] = text
    return pages, tables


def _page_with_tables(page, found, tables: list, open_table: list[list[str]] | None):
    """(a page's text rebuilt around its tables, the task table rows are being added to after it). A task table
    (with a header) is left as a TABLE mark to be written out once its continued rows are in; rows without a header
    under no text continue the open table; any other table becomes its lines at once. tables gets each new table."""
    pieces: list[str] = []
    top = 0.0
    for table in sorted(found, key=lambda tb: tb.bbox[1]):
        rows = _fill_merged(table)
        if not rows:
            continue
        x0, t0, x1, b0 = table.bbox
        above = page.crop((0, top, page.width, max(top, t0))).extract_text() or ""
        pieces.append(above)
        if _header_at(rows) is not None:
            open_table = rows
            tables.append(rows)
            pieces.append("\x00TABLE\x00")
        elif open_table is not None and len(rows[0]) == len(open_table[0]) and not above.strip():
            open_table.extend(rows)  # continued from the page before
        else:
            open_table = None
            tables.append(rows)
            pieces.append("\n".join(task_lines(rows)))
        top = b0
    below = page.crop((0, top, page.width, page.height)).extract_text() or ""
    if below.strip():
        open_table = None
    pieces.append(below)
    return "\n".join(pieces), open_table


def _fill_merged(table) -> list[list[str]]:
    """A pdfplumber table's rows as text. A cell merged over several rows applies to every row it spans; one
    merged across columns stays in its first column (the others are blank), so the header's columns still line up."""
    texts = table.extract()
    rows, cols = table.rows, table.columns
    boxes: dict[tuple, str] = {}
    for r, row in enumerate(rows):
        for j, box in enumerate(row.cells):
            if box is not None and r < len(texts) and j < len(texts[r]):
                boxes[box] = texts[r][j] or ""
    out: list[list[str]] = []
    for r, row in enumerate(rows):
        if r >= len(texts):
            break
        top, bottom = row.bbox[1], row.bbox[3]
        cells: list[str] = []
        for j, cell in enumerate(texts[r]):
            if cell is None and j < len(cols):
                left = cols[j].bbox[0]
                cx, cy = (left + cols[j].bbox[2]) / 2, (top + bottom) / 2
                cover = next((b for b in boxes if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)
                # from a row above, starting in this column: a vertical merge; else part of a horizontal span
                if cover is not None and cover[1] < top - 0.5 and abs(cover[0] - left) < 1.5:
                    cell = boxes[cover]
            cells.append(str(cell or "").strip())
        if any(cells):
            out.append(cells)
    return out


_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def _unspace_cjk(text: str) -> str:
    """Undo PDF extraction that puts a space between every Chinese character (牵 头 单 位 ：)."""
    gaps = len(_CJK_GAP.findall(text))
    cjk = len(re.findall(rf"[{_CJK}]", text))
    # Only when most characters are spaced out: a few real spaces (between unit names) must survive.
    return _CJK_GAP.sub("", text) if cjk and gaps > 0.3 * cjk else text


def _unpacked_docx(data: bytes, name: str) -> bytes:
    """The .docx re-packed from parts read under the size limits (declared sizes first, then while inflating).

    Declared sizes can lie; each part is inflated a megabyte at a time and counted, and python-docx then reads the
    re-packed copy, so it never inflates more than was counted.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:
        raise DocumentError.from_key("imp_err_zip_damaged", name=name) from None
    with zf:
        if "word/document.xml" not in {i.filename for i in infos}:
            raise DocumentError.from_key("imp_err_zip_not_word", name=name)
        too_big = DocumentError.from_key("imp_err_zip_too_big", name=name, mb=MAX_UNZIPPED // (1024 * 1024))
        if len(infos) > MAX_PARTS:
            raise DocumentError.from_key("imp_err_zip_parts", name=name, n=len(infos), limit=MAX_PARTS)
        if sum(i.file_size for i in infos) > MAX_UNZIPPED:
            raise too_big
        if any(i.file_size > MAX_XML_PART for i in infos if i.filename.endswith((".xml", ".rels"))):
            raise too_big
        out = io.BytesIO()
        total = 0
        try:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
                for info in infos:
                    if info.is_dir():
                        continue
                    cap = MAX_XML_PART if info.filename.endswith((".xml", ".rels")) else MAX_UNZIPPED
                    parts, size = [], 0
                    with zf.open(info) as src:
                        while chunk := src.read(_CHUNK):
                            size += len(chunk)
                            total += len(chunk)
                            if size > cap or total > MAX_UNZIPPED:
                                raise too_big
                            parts.append(chunk)
                    dst.writestr(info.filename, b"".join(parts))
        except DocumentError:
            raise
        except MemoryError:
            raise
        except Exception:
            raise DocumentError.from_key("imp_err_zip_damaged", name=name) from None
    return out.getvalue()


def _read_docx(data: bytes, name: str) -> Reading:
    """Paragraphs and tables of a .docx in body order; tables become numbered task lines."""
    packed = _unpacked_docx(data, name)
    tables: list[list[list[str]]] = []
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = docx.Document(io.BytesIO(packed))
        lines: list[str] = []
        for child in doc.element.body.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(Paragraph(child, doc).text)
            elif child.tag == qn("w:tbl"):
                rows = _table_rows(Table(child, doc))
                tables.append(rows)
                lines.extend(task_lines(rows))
    except MemoryError:
        raise
    except Exception as exc:  # python-docx / lxml errors on malformed parts
        raise DocumentError.from_key("imp_err_docx_unreadable", name=name, error=type(exc).__name__) from None
    return Reading("\n".join(lines), tables=tables)


def _table_rows(table) -> list[list[str]]:
    """Cell texts per row, one per grid column. python-docx repeats a merged cell in every grid position it
    covers: a cell merged down applies to every row it spans, and so does one merged across (序号 and 任务 merged
    still fill the task column); a cell spanning the whole row is a heading and stays in its first column."""
    rows = []
    for row in table.rows:
        cells = row.cells
        tcs = [c._tc for c in cells]
        if len(cells) > 1 and all(tc is tcs[0] for tc in tcs):
            rows.append([cells[0].text.strip()] + [""] * (len(cells) - 1))
        else:
            rows.append([c.text.strip() for c in cells])
    return rows


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR or a JPEG's SOF marker, or None when the header is not found."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 33:
        if zlib.crc32(data[12:29]) != int.from_bytes(data[29:33], "big"):
            return None  # not a real header: Pillow judges the file
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    i = 2
    while data.startswith(b"\xff\xd8") and i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        i += 2 + length
    return None


def _read_image(data: bytes, name: str, progress: Progress | None) -> Reading:
    """A PNG or JPEG scan read by OCR; a damaged picture is refused as a picture."""
    kind = Term("imp_kind_png" if data.startswith(b"\x89PNG") else "imp_kind_jpeg")
    mp = MAX_IMAGE_PIXELS // 1_000_000

    def too_big(w: int, h: int) -> DocumentError:
        return DocumentError.from_key("imp_err_image_pixels", name=name, w=w, h=h, mp=mp)

    # the size from the file's header, before Pillow: its own bomb guard would refuse a huge one in its words
    size = _image_size(data)
    if size and size[0] * size[1] > MAX_IMAGE_PIXELS:
        raise too_big(*size)
    try:
        from PIL import Image

        try:
            img = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            raise DocumentError.from_key("imp_err_image_bomb", name=name, mp=mp) from None
        w, h = img.size
        if w * h > MAX_IMAGE_PIXELS:
            raise too_big(w, h)
        img.load()
    except DocumentError:
        raise
    except MemoryError:
        raise
    except Exception:
        raise DocumentError.from_key("imp_err_image_unreadable", name=name, kind=kind) from None
    from lib.importer import ocr as ocr_mod

    text = ocr_mod.image_text(img, progress)
    if not text.strip():
        raise DocumentError.from_key("imp_err_image_no_text", name=name)
    return Reading(text, ocr_text=text, ocr_pages=1)


def _header_at(rows: list[list[str]]) -> int | None:
    """The index of a task table's header row among the first five, or None: the one header reader
    (lib.importer.tables_text.header_columns — header words, or a unit column known by its cells)."""
    from lib.importer.tables_text import header_columns

    for i, row in enumerate(rows[:5]):
        if header_columns(row) is not None or header_columns(row, rows[i + 1 : i + 40]) is not None:
            return i
    return None


def task_lines(rows: list[list[str]]) -> list[str]:
    """A table as lines the parser reads: by the text-table reader (lib.importer.tables_text.tasks_from_rows, the
    same header words, people and note columns and merged cells as a table pasted as text), else its cells joined."""
    from lib.importer.tables_text import tasks_from_rows

    lines = tasks_from_rows(rows)
    return lines if lines is not None else ["  ".join(c.replace("\n", " ") for c in row if c) for row in rows]


