"""Hostile documents built on the fly (shared by tests/test_import_sandbox.py and bench/hostile.py): a .docx whose
XML unpacks to ~200 MB, the same with sizes that lie, a PDF declaring a million pages, a PDF with a deflate bomb."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_PARA = "<w:p><w:r><w:t>1.推进工作。(牵头单位:市发改委)</w:t></w:r></w:p>".encode()


def docx_bomb(unpacked_mb: int = 200) -> bytes:
    """A .docx whose word/document.xml unpacks to about unpacked_mb MB (written in chunks: little memory here)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'.encode())
            chunk = _PARA * (1024 * 1024 // len(_PARA))
            for _ in range(unpacked_mb):
                f.write(chunk)
            f.write(b"</w:body></w:document>")
    return buf.getvalue()


def docx_bomb_lying(unpacked_mb: int = 200) -> bytes:
    """docx_bomb with document.xml's sizes in the local and central headers rewritten to 1 KB."""
    data = bytearray(docx_bomb(unpacked_mb))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    # zip64 extra fields carry the real sizes; rewrite both the 32-bit fields and the zip64 ones
    name = b"word/document.xml"
    pos = 0
    while (pos := data.find(name, pos)) != -1:
        sig_at = pos - 30 if data[pos - 30 : pos - 26] == b"PK\x03\x04" else pos - 46
        if data[sig_at : sig_at + 4] == b"PK\x01\x02":
            size_at = sig_at + 24
            extra_len = struct.unpack("<H", data[sig_at + 30 : sig_at + 32])[0]
            extra_at = pos + len(name)
        elif data[sig_at : sig_at + 4] == b"PK\x03\x04":
            size_at = sig_at + 22
            extra_len = struct.unpack("<H", data[sig_at + 28 : sig_at + 30])[0]
            extra_at = pos + len(name)
        else:
            pos += 1
            continue
        if struct.unpack("<I", data[size_at : size_at + 4])[0] != 0xFFFFFFFF:
            data[size_at : size_at + 4] = struct.pack("<I", 1024)
        extra = data[extra_at : extra_at + extra_len]
        i = 0
        while i + 4 <= len(extra):
            tag, ln = struct.unpack("<HH", extra[i : i + 4])
            if tag == 1 and ln >= 8:
                # the first zip64 value is the uncompressed size
                data[extra_at + i + 4 : extra_at + i + 12] = struct.pack("<Q", 1024)
            i += 4 + ln
        pos += len(name)
    assert info.file_size > 100 * 1024 * 1024
    return bytes(data)


def pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1-based), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_million_pages() -> bytes:
    """A 20 KB PDF whose page tree repeats one node 1,000 times on two levels: a million pages."""
    kids2 = b" ".join([b"3 0 R"] * 1000)
    kids3 = b" ".join([b"4 0 R"] * 1000)
    content = b"BT /F1 12 Tf 72 720 Td (1. task) Tj ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids2 + b"] /Count 1000000 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [" + kids3 + b"] /Count 1000 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdf_deflate_bomb(unpacked_mb: int = 200) -> bytes:
    """A one-page PDF whose content stream inflates to unpacked_mb MB of drawing operators."""
    comp = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * (1024 * 1024 // 14)
    body = b"".join(comp.compress(chunk) for _ in range(unpacked_mb)) + comp.flush()
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ])
