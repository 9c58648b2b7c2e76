"""Checks on an uploaded file before it is read: its size, and a clear word when it is an archive or a program.

The type is judged by content (lib.importer.readers); a GIF renamed to .txt is refused by what it is, not by its
name. PNG and JPEG pictures are read by OCR. The reading itself runs in a limited child (lib.importer.sandbox).

The size limit: MAX_UPLOAD_MB is what the page says, counted as Streamlit's server counts server.maxUploadSize
(MB of 1024 × 1024 bytes). Streamlit's browser side counts MB of 1000 × 1000 bytes except on Windows, so the
uploader widget and server.maxUploadSize get one MB more (UPLOADER_MB): a file of 5.0–5.24 MB (decimal) that the
limit admits is never refused by the browser first, and this module's check gives the one message.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from lib.i18n import Term
from lib.importer.errors import DocumentError
from lib.importer.readers import Reading
from lib.vocabulary import MAX_UPLOAD_MB

MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOADER_MB = MAX_UPLOAD_MB + 1  # server.maxUploadSize in .streamlit/config.toml (tests check they agree)
CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
NAME_MAX = 80


def server_upload_mb() -> int | None:
    """server.maxUploadSize as .streamlit/config.toml sets it (None when unset)."""
    try:
        return tomllib.loads(CONFIG.read_text(encoding="utf-8")).get("server", {}).get("maxUploadSize")
    except (OSError, tomllib.TOMLDecodeError):
        return None


def browser_limit_bytes(mb: int, windows: bool) -> int:
    """The largest file Streamlit's uploader accepts in the browser for max_upload_size=mb (its own rule)."""
    return mb * (1024 * 1024 if windows else 1000 * 1000)

# Leading bytes of common files people upload by mistake: (offset, signature, what it is: a lib.i18n key).
_SIGNATURES = (
    (0, b"\x89PNG\r\n\x1a\n", "imp_kind_png"),
    (0, b"\xff\xd8\xff", "imp_kind_jpeg"),
    (0, b"GIF87a", "imp_kind_gif"),
    (0, b"GIF89a", "imp_kind_gif"),
    (0, b"II*\x00", "imp_kind_tiff"),
    (0, b"MM\x00*", "imp_kind_tiff"),
    (8, b"WEBP", "imp_kind_webp"),
    (4, b"ftyp", "imp_kind_heic"),
    (0, b"ID3", "imp_kind_audio"),
    (0, b"OggS", "imp_kind_media"),
    (0, b"\x1f\x8b", "imp_kind_gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "imp_kind_7z"),
    (0, b"Rar!\x1a\x07", "imp_kind_rar"),
    (0, b"\x7fELF", "imp_kind_program"),
    (0, b"MZ", "imp_kind_program"),
)
_OCR_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def display_name(name: str | None) -> str:
    """The file name as shown in messages: no folders, no line breaks, not endless."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", base).strip() or "document"
    return base if len(base) <= NAME_MAX else base[: NAME_MAX - 1] + "…"


def _sniff(data: bytes) -> Term | None:
    for offset, sig, kind in _SIGNATURES:
        if sig in _OCR_SIGNATURES:
            continue  # pictures of a plan are read by OCR
        if data[offset : offset + len(sig)] == sig:
            # "MZ" also starts plain text now and then; a real program has NUL bytes right after.
            if sig == b"MZ" and b"\x00" not in data[:64]:
                continue
            return Term(kind)
    return None


def check_upload(name: str | None, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The name to show, after the checks that need no reading: size, and files that are no document at all."""
    shown = display_name(name)
    size = len(data)
    if size > max_bytes:
        limit = max_bytes / (1024 * 1024)
        raise DocumentError.from_key("imp_err_upload_size", name=shown, size=size / (1024 * 1024), limit=limit)
    kind = _sniff(bytes(data[:64]))
    if kind is not None:
        raise DocumentError.from_key("imp_err_not_document", name=shown, kind=kind)
    return shown


def accept_reading(name: str | None, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES, on_progress=None,
                   **limits) -> Reading:
    """An uploaded document read in a limited child process (lib.importer.sandbox): text, OCR'd part, tables."""
    from lib.importer import sandbox

    shown = check_upload(name, data, max_bytes)
    return sandbox.read_upload(bytes(data), shown, on_progress=on_progress, **limits)


def accept_upload(name: str | None, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The text of an uploaded document (txt/docx/pdf/picture judged by content), or DocumentError naming it."""
    return accept_reading(name, data, max_bytes).text
