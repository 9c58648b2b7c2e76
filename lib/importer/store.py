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
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
MAX_PLANS = 200
_ID = re.compile(r"^[0-9a-f]{32}$")
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
        tmp = base / f".{pid}.tmp{os.getpid()}"
        tmp.mkdir(parents=True, exist_ok=True)
        for name, text in _texts(frames).items():
            (tmp / name).write_text(text, encoding="utf-8", newline="")
        (tmp / _SOURCE).write_text(source, encoding="utf-8")
        try:
            tmp.rename(folder)  # whole or not at all: a reader never sees half a plan
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another session saved the same plan first
    os.utime(folder)
    _prune(base)
    return pid


def _prune(base: Path) -> None:
    plans = sorted((p for p in base.iterdir() if _ID.match(p.name)), key=lambda p: p.stat().st_mtime)
    for old in plans[:-MAX_PLANS]:
        shutil.rmtree(old, ignore_errors=True)


def load(pid: str):
    """The kept plan as a LoadResult (validated like any folder), or None for an unknown or malformed id."""
    from lib.data import load_frames

    if not isinstance(pid, str) or not _ID.match(pid):
        return None
    folder = imports_dir() / pid
    if not folder.is_dir() or folder.is_symlink():
        return None
    frames = {}
    for name in _FILES:
        path = folder / name
        if path.is_file() and not path.is_symlink():
            frames[name] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    try:
        source = (folder / _SOURCE).read_text(encoding="utf-8")
    except OSError:
        source = ""
    result = load_frames(frames, source=source)
    return result if result.dataset is not None else None
