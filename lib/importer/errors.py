"""The one exception the importer raises for bad input."""

from __future__ import annotations

from lib.i18n import both


class DocumentError(ValueError):
    """A document that cannot be imported; str() is one line, Chinese then English."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        # One line always: callers print it to stderr or show it in the app as-is.
        text = f"{message_zh} / {message_en}".replace("\n", " ").replace("\r", " ")
        super().__init__(text)

    @classmethod
    def from_key(cls, key: str, **fields) -> DocumentError:
        """The error whose message is lib.i18n's key in both languages, formatted with fields (name=the file …)."""
        return cls(*both(key, **fields))
