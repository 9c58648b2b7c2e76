"""Who may record progress on the ledger: a login, an editor key, or a local run."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import streamlit as st

EDITOR_OK_KEY = "_fg_editor_ok"  # this session gave the right editor key
KEY_ATTEMPTS_ALLOWED = 5  # wrong editor keys per client before it must wait
KEY_LOCKOUT_S = 60.0
_KEY_FAILURES: dict[str, list[float]] = {}  # client → times of recent wrong keys (all sessions of this process)
_KEY_LOCK = threading.Lock()
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


@dataclass(frozen=True)
class WriteAccess:
    """Whether this session may record progress, how it was decided, and the name a login gives."""

    allowed: bool
    mode: str  # "local", "key", "login", "off"
    reason: str  # i18n key saying why (shown on the page)
    who: str | None = None  # the signed-in user's e-mail or name (mode "login"); else the form asks


def _secret(section: str, name: str | None = None):
    """A value of .streamlit/secrets.toml, or None when there is no file or no such entry."""
    try:
        value = st.secrets.get(section)
        return value.get(name) if (name and value is not None) else value
    except Exception:  # no secrets.toml at all raises; that simply means "not configured"
        return None


def _request_is_local() -> bool:
    """The browser is on this machine: the connection comes from loopback and the address typed is localhost
    (a reverse proxy on the same machine connects from loopback too, but under the public host name)."""
    ip = st.context.ip_address
    if isinstance(ip, str) and ip:  # None on loopback (AppTest's stand-in client is no address either)
        return False
    url = st.context.url
    if not url:  # no browser request (AppTest, bare mode): a run on this machine
        return True
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") in _LOOPBACK


def _client_id() -> str:
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else "local"


def key_attempts_left(now: float | None = None) -> tuple[int, float]:
    """(wrong keys this client may still try, seconds until it may try again when none are left)."""
    import time

    now = time.monotonic() if now is None else now
    with _KEY_LOCK:
        recent = [t0 for t0 in _KEY_FAILURES.get(_client_id(), []) if now - t0 < KEY_LOCKOUT_S]
        _KEY_FAILURES[_client_id()] = recent
    left = KEY_ATTEMPTS_ALLOWED - len(recent)
    return max(left, 0), (KEY_LOCKOUT_S - (now - recent[0]) if left <= 0 else 0.0)


def check_editor_key(given: str) -> bool:
    """Compare a typed editor key with the configured one in constant time; wrong keys are counted per client and
    refused without comparing once KEY_ATTEMPTS_ALLOWED of them fall within KEY_LOCKOUT_S."""
    import hmac
    import time

    expected = _secret("ledger", "editor_key")
    if not expected or not given or key_attempts_left()[0] <= 0:
        return False
    if hmac.compare_digest(str(given).encode(), str(expected).encode()):
        st.session_state[EDITOR_OK_KEY] = True
        return True
    with _KEY_LOCK:
        _KEY_FAILURES.setdefault(_client_id(), []).append(time.monotonic())
    return False


def write_access() -> WriteAccess:
    """Who may record progress: a signed-in user when [auth] is configured, a session that gave the editor key
    ([ledger] editor_key in secrets.toml), anyone on a local run with neither configured; otherwise no one."""
    auth = _secret("auth") is not None
    if auth and getattr(st.user, "is_logged_in", False):
        who = st.user.get("email") or st.user.get("name") or "?"
        return WriteAccess(True, "login", "pg_write_login", who=str(who))
    if _secret("ledger", "editor_key"):
        if st.session_state.get(EDITOR_OK_KEY):
            return WriteAccess(True, "key", "pg_write_key")
        return WriteAccess(False, "key", "pg_write_need_key")
    if auth:
        return WriteAccess(False, "login", "pg_write_need_login")
    if _request_is_local():
        return WriteAccess(True, "local", "pg_write_local")
    return WriteAccess(False, "off", "pg_write_off")


