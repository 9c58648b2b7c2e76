"""Turn uploaded bytes (.txt in any common Chinese encoding, .docx, .pdf) into plain text.

The type is read from the content, not the file name: uploads are often renamed, and a .txt that is really a
.docx should still import. Every failure becomes a DocumentError with a one-line bilingual reason.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import zipfile

from lib.importer.errors import DocumentError

# Bigger than any real plan; refusing early keeps the app responsive.
MAX_BYTES = 50 * 1024 * 1024
# A .docx holding more than this uncompressed is a zip bomb, not a plan.
MAX_UNZIPPED = 200 * 1024 * 1024

_CN_DIGITS = "一二三四五六七八九十"


def read_document(data: bytes, filename: str = "") -> str:
    """Decode an uploaded document (txt/docx/pdf, detected by content) to text or raise DocumentError."""
    name = filename or "document"
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DocumentError(f"{name}：不是文件内容", f"{name}: not file content")
    data = bytes(data)
    if not data.strip():
        raise DocumentError(f"{name}：文件为空", f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name}：文件过大（超过 50 MB）", f"{name}: the file is larger than 50 MB")
    head = data[:1024]
    if b"%PDF" in head:
        text = _read_pdf(data, name)
    elif data.startswith(b"PK\x03\x04"):
        text = _read_docx(data, name)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(
            f"{name}：不支持旧版 Word（.doc）格式，请另存为 .docx",
            f"{name}: legacy Word .doc is not supported; save it as .docx",
        )
    elif data.lstrip().startswith(b"{\\rtf"):
        raise DocumentError(
            f"{name}：不支持 RTF 格式，请另存为 .docx 或 .txt",
            f"{name}: RTF is not supported; save it as .docx or .txt",
        )
    else:
        text = _decode_text(data, name)
    text = text.replace("\x00", "")
    if not text.strip():
        raise DocumentError(f"{name}：文件中没有可读取的文字", f"{name}: no readable text in the file")
    return text


def _decode_text(data: bytes, name: str) -> str:
    """Plain text: BOM first, then strict UTF-8, then GB18030 (a superset of GBK and GB2312)."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(enc), name)
            except UnicodeDecodeError:
                raise DocumentError(
                    f"{name}：文件声明为 {enc.upper()} 但内容无法解码",
                    f"{name}: the file has a {enc.upper()} mark but does not decode",
                ) from None
    candidates = ["utf-8", "gb18030"]
    if b"\x00" in data:
        # NUL bytes in text only happen in UTF-16 without a BOM; anything else with NULs is binary.
        candidates = _utf16_guess(data)
    for enc in candidates:
        try:
            return _check_text(data.decode(enc), name)
        except UnicodeDecodeError:
            continue
    raise DocumentError(
        f"{name}：无法识别文件编码（不是 UTF-8、GBK 或 UTF-16 文本，也不是 .docx/.pdf）",
        f"{name}: cannot decode the file (not UTF-8, GBK or UTF-16 text, nor .docx/.pdf)",
    )


def _utf16_guess(data: bytes) -> list[str]:
    """UTF-16 without BOM: ASCII-heavy text has NULs on one side; otherwise give up."""
    if len(data) % 2:
        return []
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return ["utf-16-le"]
    if even > half * 0.3 and odd < half * 0.05:
        return ["utf-16-be"]
    return []


def _check_text(text: str, name: str) -> str:
    """Reject decodes that are really binary: control characters are rare in any real document."""
    sample = text[:200_000]
    bad = sum(1 for ch in sample if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in ("Cc", "Cs", "Co"))
    if sample and bad / len(sample) > 0.02:
        raise DocumentError(
            f"{name}：看起来是二进制文件，不是文本", f"{name}: looks like a binary file, not text"
        )
    return text


def _read_pdf(data: bytes, name: str) -> str:
    """Text of every page; scanned PDFs (images only) have none and are refused."""
    # pypdf logs every repair it makes; a damaged upload should yield our one-line reason, not a log spill.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name}：PDF 已加密", f"{name}: the PDF is encrypted")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files; all mean "cannot read"
        raise DocumentError(
            f"{name}：PDF 无法读取（{type(exc).__name__}）",
            f"{name}: cannot read the PDF ({type(exc).__name__})",
        ) from None
    finally:
        log.setLevel(level)
    text = _unspace_cjk("\n".join(pages))
    if not text.strip():
        raise DocumentError(
            f"{name}：PDF 中没有可提取的文字（可能是扫描件）",
            f"{name}: the PDF has no extractable text (a scan?)",
        )
    return text


_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def _unspace_cjk(text: str) -> str:
    """Undo PDF extraction that puts a space between every Chinese character (牵 头 单 位 ：)."""
    gaps = len(_CJK_GAP.findall(text))
    cjk = len(re.findall(rf"[{_CJK}]", text))
    # Only when most characters are spaced out: a few real spaces (between unit names) must survive.
    return _CJK_GAP.sub("", text) if cjk and gaps > 0.3 * cjk else text


def _read_docx(data: bytes, name: str) -> str:
    """Paragraphs and tables of a .docx in body order; tables become numbered task lines."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if sum(info.file_size for info in zf.infolist()) > MAX_UNZIPPED:
                raise DocumentError(f"{name}：压缩内容过大", f"{name}: the archive unpacks too large")
    except DocumentError:
        raise
    except Exception:
        raise DocumentError(
            f"{name}：文件已损坏（ZIP 结构无法读取）", f"{name}: the file is damaged (unreadable ZIP)"
        ) from None
    if "word/document.xml" not in names:
        raise DocumentError(
            f"{name}：不支持的压缩文件（不是 Word .docx）", f"{name}: unsupported ZIP file (not a Word .docx)"
        )
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for child in doc.element.body.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(Paragraph(child, doc).text)
            elif child.tag == qn("w:tbl"):
                lines.extend(table_lines(_table_rows(Table(child, doc))))
    except Exception as exc:  # python-docx / lxml errors on malformed parts
        raise DocumentError(
            f"{name}：Word 文件无法读取（{type(exc).__name__}）",
            f"{name}: cannot read the Word file ({type(exc).__name__})",
        ) from None
    return "\n".join(lines)


def _table_rows(table) -> list[list[str]]:
    """Cell texts per row; a merged cell repeats in python-docx, so repeats of the same cell are dropped."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            key = id(cell._tc)
            if key in seen:
                continue
            seen.add(key)
            cells.append(cell.text.strip())
        rows.append(cells)
    return rows


_HEAD_LEAD = re.compile(r"牵头|主责|主办")
_HEAD_RESP = re.compile(r"责任|落实|实施|承办")
_HEAD_SUPPORT = re.compile(r"配合|协办|参与|协同|协助")
_HEAD_TASK = re.compile(r"任务|内容|事项|措施|举措|工作")
_HEAD_AREA = re.compile(r"领域|类别|方面|板块|重点|类型|分类")
_HEAD_SKIP = re.compile(r"序号|编号|时限|时间|领导|责任人|备注|进度|节点")


def table_lines(rows: list[list[str]]) -> list[str]:
    """A task-division table (任务 | 牵头单位 | 责任单位 …) as lines in the bracket form the parser reads."""
    header_at, cols = None, {}
    for i, row in enumerate(rows[:5]):
        cols = _table_columns(row)
        if "task" in cols and ({"lead", "resp", "support"} & cols.keys()):
            header_at = i
            break
    if header_at is None:
        return ["  ".join(c.replace("\n", " ") for c in row if c) for row in rows]
    out: list[str] = []
    area, areas, n = None, 0, 0
    for row in rows[header_at + 1 :]:

        def cell(key: str, row: list[str] = row) -> str:
            j = cols.get(key)
            return row[j].replace("\n", "").strip() if j is not None and j < len(row) else ""

        task = cell("task")
        if not task:
            continue
        if "area" in cols and cell("area") and cell("area") != area:
            area = cell("area")
            areas += 1
            out.append(f"({_cn_number(areas)}){area}")
            n = 0
        n += 1
        parts = [
            f"{label}:{cell(key)}"
            for key, label in (("lead", "牵头单位"), ("resp", "责任单位"), ("support", "配合单位"))
            if cell(key)
        ]
        out.append(f"{n}.{task}" + (f"({';'.join(parts)})" if parts else ""))
    return out


def _table_columns(row: list[str]) -> dict[str, int]:
    """Which header cell is which column; the first match wins."""
    cols: dict[str, int] = {}
    for j, text in enumerate(row):
        text = text.replace("\n", "")
        if not text or len(text) > 20:
            continue
        if _HEAD_LEAD.search(text):
            key = "lead"
        elif _HEAD_SUPPORT.search(text):
            key = "support"
        elif _HEAD_RESP.search(text) and ("单位" in text or "部门" in text):
            key = "resp"
        elif _HEAD_SKIP.search(text):
            continue
        elif _HEAD_AREA.search(text) and "任务" not in text[-2:]:
            key = "area"
        elif _HEAD_TASK.search(text):
            key = "task"
        else:
            continue
        cols.setdefault(key, j)
    return cols


def _cn_number(n: int) -> str:
    """1..99 as Chinese numerals, for synthesised （一） headings (larger counts repeat 九十九)."""
    n = max(1, min(n, 99))
    if n <= 10:
        return _CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens - 1] if tens > 1 else "") + "十" + (_CN_DIGITS[ones - 1] if ones else "")
