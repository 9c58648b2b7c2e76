"""The one exception the importer raises for bad input."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document that cannot be imported; str() is one line, Chinese then English."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        # One line always: callers print it to stderr or show it in the app as-is.
        text = f"{message_zh} / {message_en}".replace("\n", " ").replace("\r", " ")
        super().__init__(text)
