"""Checks on an uploaded file before it is read: its size, and a clear word when it is a picture or an archive.

The type is judged by content (lib.importer.readers.read_document); a PNG renamed to .txt is refused by what it
is, not by its name.
"""

from __future__ import annotations

import re

from lib.importer.errors import DocumentError
from lib.importer.readers import read_document

MAX_UPLOAD_MB = 5  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
NAME_MAX = 80

# Leading bytes of common files people upload by mistake: (offset, signature, 中文, English).
_SIGNATURES = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG 图片", "a PNG image"),
    (0, b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (0, b"GIF87a", "GIF 图片", "a GIF image"),
    (0, b"GIF89a", "GIF 图片", "a GIF image"),
    (0, b"II*\x00", "TIFF 图片", "a TIFF image"),
    (0, b"MM\x00*", "TIFF 图片", "a TIFF image"),
    (8, b"WEBP", "WebP 图片", "a WebP image"),
    (4, b"ftyp", "视频或 HEIC 图片", "a video or HEIC image"),
    (0, b"ID3", "音频", "an audio file"),
    (0, b"OggS", "音频或视频", "an audio or video file"),
    (0, b"\x1f\x8b", "gzip 压缩包", "a gzip archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (0, b"Rar!\x1a\x07", "RAR 压缩包", "a RAR archive"),
    (0, b"\x7fELF", "程序文件", "a program"),
    (0, b"MZ", "程序文件", "a program"),
)


def display_name(name: str | None) -> str:
    """The file name as shown in messages: no folders, no line breaks, not endless."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", base).strip() or "document"
    return base if len(base) <= NAME_MAX else base[: NAME_MAX - 1] + "…"


def _sniff(data: bytes) -> tuple[str, str] | None:
    for offset, sig, zh, en in _SIGNATURES:
        if data[offset : offset + len(sig)] == sig:
            # "MZ" also starts plain text now and then; a real program has NUL bytes right after.
            if sig == b"MZ" and b"\x00" not in data[:64]:
                continue
            return zh, en
    return None


def accept_upload(name: str | None, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The text of an uploaded document (txt/docx/pdf judged by content), or DocumentError naming the file."""
    shown = display_name(name)
    size = len(data)
    if size > max_bytes:
        limit = max_bytes / (1024 * 1024)
        raise DocumentError(
            f"{shown}：文件过大（{size / (1024 * 1024):.1f} MB，上限 {limit:g} MB）",
            f"{shown}: the file is too large ({size / (1024 * 1024):.1f} MB; the limit is {limit:g} MB)",
        )
    kind = _sniff(bytes(data[:64]))
    if kind is not None:
        raise DocumentError(
            f"{shown}：不是文本、Word 或 PDF 文档（看起来是{kind[0]}）",
            f"{shown}: not a text, Word or PDF document (it looks like {kind[1]})",
        )
    return read_document(data, shown)
