"""Imported plans kept on the server, so a reload (F5) or a second tab with the same link shows the same plan.

A plan viewed from the Import page is written as its CSV files under var/imports/<id>/, where id is a hash of
those files (the same plan always gets the same id; ids cannot be guessed from anything but the plan itself). The
link carries ?plan=<id>; lib.ui.load_current reads it back on a session's first run. The folder holds at most
MAX_PLANS plans, the least recently saved dropped first.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
MAX_PLANS = 200
STALE_TMP_S = 3600  # a temporary folder this old belongs to a save that died half-way
_ID = re.compile(r"[0-9a-f]{32}")
_FILES = ("tasks.csv", "units.csv", "phases.csv", "plan.csv")
_SOURCE = "source.txt"


def imports_dir() -> Path:
    """var/imports under the project, or FENGONG_IMPORTS_DIR (tests point it at a temporary folder)."""
    env = os.environ.get("FENGONG_IMPORTS_DIR", "").strip()
    return Path(env) if env else ROOT / "var" / "imports"


def _texts(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    return {name: frames[name].to_csv(index=False, lineterminator="\n") for name in _FILES if name in frames}


def plan_id(frames: dict[str, pd.DataFrame], source: str = "") -> str:
    """The id a plan is kept under: a hash of its CSV files and its source name."""
    h = hashlib.sha256(source.encode("utf-8", "surrogatepass"))
    for name, text in _texts(frames).items():
        h.update(b"\x00" + name.encode() + b"\x00" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def save(frames: dict[str, pd.DataFrame], source: str = "") -> str:
    """Write a plan's CSV files (as the loader reads them) under its id; returns the id."""
    pid = plan_id(frames, source)
    base = imports_dir()
    folder = base / pid
    if not folder.is_dir():
        base.mkdir(parents=True, exist_ok=True)
        # a folder of its own per save (sessions saving the same plan at once each write their own copy)
        tmp = Path(tempfile.mkdtemp(prefix=f".{pid}.", suffix=".tmp", dir=base))
        try:
            for name, text in _texts(frames).items():
                (tmp / name).write_text(text, encoding="utf-8", newline="")
            (tmp / _SOURCE).write_text(source, encoding="utf-8")
            tmp.rename(folder)  # whole or not at all: a reader never sees half a plan
        except OSError:
            if not folder.is_dir():
                raise
            # another session saved the same plan first: its copy is the same files
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    touch(pid)
    _prune(base)
    return pid


def touch(pid: str) -> None:
    """Mark a kept plan as just used, so pruning drops plans nobody opens first (a no-op for an unknown id)."""
    if isinstance(pid, str) and _ID.fullmatch(pid):
        try:
            os.utime(imports_dir() / pid)
        except OSError:
            pass  # pruned meanwhile by another session


def _prune(base: Path) -> None:
    plans, now = [], time.time()
    for p in base.iterdir():
        try:
            mtime = p.lstat().st_mtime
        except OSError:
            continue  # removed meanwhile
        if _ID.fullmatch(p.name):
            plans.append((mtime, p))
        elif p.name.startswith(".") and p.name.endswith(".tmp") and now - mtime > STALE_TMP_S:
            shutil.rmtree(p, ignore_errors=True)
    for _, old in sorted(plans)[:-MAX_PLANS]:
        shutil.rmtree(old, ignore_errors=True)


def _regular_text(path: Path) -> str:
    """A file's text if it is a regular file (not a symlink, FIFO or device), else ""."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return ""
        return f.read().decode("utf-8", "replace")


def load(pid: str):
    """The kept plan as a LoadResult (validated like any folder), or None for an unknown or malformed id."""
    from lib.data import load_frames

    if not isinstance(pid, str) or not _ID.fullmatch(pid):
        return None
    folder = imports_dir() / pid
    if not folder.is_dir() or folder.is_symlink():
        return None
    frames = {}
    for name in _FILES:
        path = folder / name
        if path.is_file() and not path.is_symlink():
            frames[name] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    source = _regular_text(folder / _SOURCE)
    result = load_frames(frames, source=source)
    return result if result.dataset is not None else None
