"""Data layer: read a plan folder (units.csv, tasks.csv; optional phases.csv, plan.csv, aliases.csv) into typed frames
and a list of problems; the same checks for tables made in memory (the importer's, load_frames).

Nothing here imports Streamlit: the loader is pure and returns problems instead of raising, so the app can
show every message and the tests can assert on each one.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from lib.decoding import Undecodable, decode_text
from lib.i18n import problem_text
from lib.textsafe import INVISIBLE, clean_text_name, restore_cell
from lib.vocabulary import (
    CATEGORIES,
    DEFAULT_CATEGORY,
    MAX_FILE_BYTES,
    PHASE_COLUMNS,
    PHASE_FRAME_COLUMNS,
    PHASE_KINDS,
    ROLE_COLUMNS,
    TASK_COLUMNS,
    TASK_OPTIONAL_COLUMNS,
    UNIT_COLUMNS,
    UNIT_SEPARATORS,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# the dates the loader accepts; outside them a date is refused (9999-12-31 would not fit pandas' nanosecond dates)
DATE_RANGE = (pd.Timestamp("1900-01-01"), pd.Timestamp("2199-12-31"))
# csv's default cell limit (131,072 characters) refuses a task listing ~15,000 units; a cell may be a whole file.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    level: str  # "error" stops the app, "warning" is shown and the app goes on
    code: str  # its message is lib.i18n key pb_<code>
    file: str
    row: int | None = None  # line number as a spreadsheet shows it: the header is row 1
    column: str | None = None
    value: str | None = None
    extra: str | None = None  # a second name the message needs (the other unit, the folder, ...)

    def message(self, lang: str = "zh") -> str:
        """The message in the given language, naming file, row, column and value."""
        return problem_text(self, lang)


@dataclass
class Plan:
    """Document facts shown on the overview; from plan.csv when present."""

    title: str = ""
    title_en: str = ""
    doc_number: str = ""
    issuer: str = ""
    issued: str = ""


@dataclass
class Dataset:
    """A loaded plan: units, tasks, phases and the long table of who does what."""

    units: pd.DataFrame
    tasks: pd.DataFrame
    phases: pd.DataFrame
    assignments: pd.DataFrame  # one row per (task, unit), lead wins over support; see build_assignments
    overlaps: pd.DataFrame  # (task_id, unit) pairs listed both as lead and as support
    plan: Plan = field(default_factory=Plan)
    source: str = ""  # the folder or upload it came from
    # Names this loaded object (not its content): caches key views and figures by it (lib.ui.cached). Frames
    # are never changed after loading, so one token stands for one content for the object's whole life.
    token: str = field(init=False, default_factory=lambda: uuid.uuid4().hex, compare=False, repr=False)


@dataclass
class LoadResult:
    """The dataset (None when an error stops loading) and every problem found."""

    dataset: Dataset | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def data_dir() -> Path:
    """The folder named by FENGONG_DATA_DIR, else the shipped data/."""
    env = os.environ.get("FENGONG_DATA_DIR", "").strip()
    return Path(env) if env else DEFAULT_DATA_DIR


def split_units(cell: str, known: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Unit names of one cell, in order, as written (separators 、 ， , ；).

    A name that itself holds a separator (the collective unit 各区、县级市) stays whole when it is a known unit.
    """
    pieces, seps, cur = [], [], []
    for ch in str(cell):
        if ch in UNIT_SEPARATORS:
            pieces.append("".join(cur).strip())
            seps.append(ch)
            cur = []
        else:
            cur.append(ch)
    pieces.append("".join(cur).strip())
    out, i = [], 0
    while i < len(pieces):
        j = i + 1
        if known:
            # the longest run of pieces that, joined with its own separators, is a known unit
            for end in range(len(pieces), i + 1, -1):
                joined = pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, end - 1))
                if joined in known:
                    out.append(joined)
                    j = end
                    break
            else:
                out.append(pieces[i])
        else:
            out.append(pieces[i])
        i = j
    return [u for u in out if u]


def decode_bytes(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    """Text of a CSV file (lib.decoding: a BOM's encoding, UTF-8 or GBK/GB18030); None, with a problem, if it is not
    text."""
    if not raw.strip():
        problems.append(Problem("error", "file_empty", name))
        return None
    try:
        return decode_text(raw)
    except Undecodable:
        problems.append(Problem("error", "file_binary", name))
        return None


def read_csv_text(text: str, name: str, required: tuple[str, ...], problems: list[Problem]) -> pd.DataFrame | None:
    """A frame of strings from CSV text; None (with a problem) when it cannot be parsed or lacks columns."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.append(Problem("error", "csv_unreadable", name, value=str(exc)))
        return None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        problems.append(Problem("error", "file_empty", name))
        return None
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    # The header is echoed only when it is a plan table's: a first line with none of the columns may be another
    # file's content (a password file, a key) and is not shown to visitors.
    shown_header = ",".join(header)[:120] if any(col in header for col in required) else None
    for col in required:
        if col not in header:
            problems.append(Problem("error", "missing_column", name, row=1, column=col, value=shown_header))
    if any(p.level == "error" and p.file == name for p in problems):
        return None
    width = len(header)
    body = []
    for r in rows[1:]:
        r = [restore_cell(c.strip()) for c in r[:width]] + [""] * max(0, width - len(r))
        body.append(r)
    df = pd.DataFrame(body, columns=header, dtype=str)
    df = df.loc[:, ~df.columns.duplicated()]
    df = df.drop(columns=[c for c in df.columns if c == "_row"])  # the name is ours: where each row stood
    # Keep where each row stood in the file, so messages can name it (header is row 1).
    line_numbers = [i + 2 for i in range(len(body))]
    df.insert(0, "_row", line_numbers)
    return df


def _open_regular(folder: Path, fname: str, problems: list[Problem], optional: bool) -> bytes | None:
    """The bytes of folder/fname if it is a regular file inside the folder (a symlink may point within the folder
    only; a FIFO, device or directory is refused without being opened for reading a line of it)."""
    path = folder / fname
    level = "warning" if optional else "error"
    try:
        os.lstat(path)
    except FileNotFoundError:
        problems.append(Problem(level, "file_missing", fname, extra=str(folder)))
        return None
    except OSError as exc:
        problems.append(Problem("error", "file_unreadable", fname, value=exc.strerror or str(exc)))
        return None
    real, root = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([real, root]) != root:
        problems.append(Problem("error", "file_outside_folder", fname, extra=str(folder)))
        return None
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat of what was opened decides, so a swap
        # between the checks above and the open cannot slip another kind of file in
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        problems.append(Problem("error", "file_unreadable", fname, value=exc.strerror or str(exc)))
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        problems.append(Problem("error", "file_not_regular", fname, extra=str(folder)))
        return None
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > MAX_FILE_BYTES:
            problems.append(Problem("error", "file_too_large", fname, value=f"{info.st_size // 1_000_000} MB"))
            return None
        try:
            return fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            problems.append(Problem("error", "file_unreadable", fname, value=exc.strerror or str(exc)))
            return None


def _read_file(folder: Path, fname: str, required: tuple[str, ...], problems: list[Problem], optional=False):
    raw = _open_regular(folder, fname, problems, optional)
    if raw is None:
        return None
    text = decode_bytes(raw, fname, problems)
    return None if text is None else read_csv_text(text, fname, required, problems)


def _read_optional(folder: Path, fname: str, required: tuple[str, ...], problems: list[Problem]):
    """An optional file: absent is fine; one that cannot be read is a warning and the app goes on without it."""
    if not os.path.lexists(folder / fname):
        return None
    found: list[Problem] = []
    df = _read_file(folder, fname, required, found)
    problems.extend(replace(p, level="warning") for p in found)
    return df


def _aliases_from(df: pd.DataFrame | None) -> dict[str, str]:
    """alias → unit from an aliases.csv frame."""
    if df is None:
        return {}
    return {a: u for a, u in zip(df["alias"], df["unit"]) if a and u and a != u}


def load_dataset(folder: str | Path | None = None) -> LoadResult:
    """Load and validate a plan folder; never raises for bad content."""
    folder = Path(folder) if folder is not None else data_dir()
    problems: list[Problem] = []
    if not folder.is_dir():
        problems.append(Problem("error", "folder_missing", str(folder)))
        return LoadResult(None, problems)
    units = _read_file(folder, "units.csv", UNIT_COLUMNS, problems)
    tasks = _read_file(folder, "tasks.csv", TASK_COLUMNS, problems)
    phases = _read_file(folder, "phases.csv", PHASE_COLUMNS, problems, optional=True)
    plan_df = _read_optional(folder, "plan.csv", ("field", "value"), problems)
    aliases = _aliases_from(_read_optional(folder, "aliases.csv", ("alias", "unit"), problems))
    if units is None or tasks is None or any(p.level == "error" for p in problems):
        return LoadResult(None, problems)
    return build_dataset(units, tasks, phases, plan_df, problems, aliases, source=str(folder))


def load_frames(frames: dict[str, pd.DataFrame], source: str = "", aliases: dict[str, str] | None = None
                ) -> LoadResult:
    """Validate in-memory tables (as the importer makes them, keyed by file name) exactly like a folder."""
    problems: list[Problem] = []
    texts = {name: df.to_csv(index=False) for name, df in frames.items() if df is not None}
    required = {"units.csv": UNIT_COLUMNS, "tasks.csv": TASK_COLUMNS, "phases.csv": PHASE_COLUMNS,
                "plan.csv": ("field", "value")}
    parsed = {}
    for name, cols in required.items():
        if name in texts and (name != "phases.csv" or len(frames[name])):
            parsed[name] = read_csv_text(texts[name], name, cols, problems)
        elif name in ("units.csv", "tasks.csv"):
            problems.append(Problem("error", "file_missing", name, extra=source or "import"))
    if parsed.get("units.csv") is None or parsed.get("tasks.csv") is None or any(
            p.level == "error" for p in problems):
        return LoadResult(None, problems)
    return build_dataset(parsed["units.csv"], parsed["tasks.csv"], parsed.get("phases.csv"), parsed.get("plan.csv"),
                         problems, aliases or {}, source=source)


def build_dataset(units, tasks, phases, plan_df, problems, aliases=None, source="") -> LoadResult:
    """Validate raw string frames (with a _row column) and assemble a Dataset."""
    aliases = {clean_text_name(a): clean_text_name(u) for a, u in (aliases or {}).items()}
    aliases = {a: u for a, u in aliases.items() if a and u and a != u}
    units = _clean_units(units, problems)
    # only names that hold a separator matter when splitting cells
    known = frozenset(u for u in [*units["unit"], *aliases] if any(c in UNIT_SEPARATORS for c in u))
    tasks = _clean_tasks(tasks, problems, aliases, known)
    phases = _clean_phases(phases, problems)
    if any(p.level == "error" for p in problems):
        return LoadResult(None, problems)
    units = _add_unlisted_units(units, tasks, problems)
    assignments, overlaps = build_assignments(tasks, problems)
    plan = _plan_from(plan_df)
    ds = Dataset(units=units, tasks=tasks, phases=phases, assignments=assignments, overlaps=overlaps,
                 plan=plan, source=source)
    return LoadResult(ds, problems)


def _invisible(raw: str) -> str:
    """The invisible and direction characters of a name, as code points ("U+202E")."""
    return " ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in raw if INVISIBLE.fullmatch(ch)))


def _clean_name(raw: str, file: str, row: int, column: str, problems: list[Problem]) -> str:
    """clean_text_name, with a warning naming the cell when it removed something (市\u202e委改发 would show as
    市发改委; 市发改委\u202e would be a second 市发改委)."""
    name = clean_text_name(raw)
    if name != raw.strip():
        problems.append(Problem("warning", "name_invisible", file, row, column, name, _invisible(raw)))
    return name


def _clean_units(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    keep, seen = [], set()
    for rec in df.to_dict("records"):
        name = _clean_name(rec["unit"], "units.csv", rec["_row"], "unit", problems)
        rec = {**rec, "full_name": clean_text_name(rec["full_name"]), "name_en": clean_text_name(rec["name_en"])}
        if not name:
            problems.append(Problem("warning", "unit_blank", "units.csv", rec["_row"], "unit"))
            continue
        if name in seen:
            problems.append(Problem("warning", "unit_duplicate", "units.csv", rec["_row"], "unit", name))
            continue
        cat = rec["category"].lower()
        if cat not in CATEGORIES:
            problems.append(Problem("warning", "category_unknown", "units.csv", rec["_row"], "category", rec["category"]))
            cat = DEFAULT_CATEGORY
        seen.add(name)
        keep.append({"unit": name, "full_name": rec["full_name"] or name, "name_en": rec["name_en"] or name,
                     "category": cat, "listed": True})
    return pd.DataFrame(keep, columns=[*UNIT_COLUMNS, "listed"])


def _clean_tasks(df: pd.DataFrame, problems: list[Problem], aliases: dict[str, str],
                 known: frozenset[str] = frozenset()) -> pd.DataFrame:
    out, seen = [], set()
    for rec in df.to_dict("records"):
        row = rec["_row"]
        tid = rec["task_id"]
        if not tid:
            problems.append(Problem("warning", "task_id_blank", "tasks.csv", row, "task_id"))
            continue
        if tid in seen:
            problems.append(Problem("warning", "task_duplicate", "tasks.csv", row, "task_id", tid))
            continue
        try:
            number = float(rec["section"])
            section = int(number)
        except (ValueError, OverflowError):  # "二", "nan", "inf"
            problems.append(Problem("error", "section_not_number", "tasks.csv", row, "section", rec["section"]))
            continue
        if number != section:
            problems.append(Problem("warning", "section_not_whole", "tasks.csv", row, "section", rec["section"],
                                    str(section)))
        if tid.split(".")[0] != str(section):
            problems.append(Problem("warning", "task_id_section", "tasks.csv", row, "task_id", tid, str(section)))
        names = {col: [n for n in (_clean_name(u, "tasks.csv", row, col, problems)
                                   for u in split_units(rec[col], known)) if n]
                 for col in ROLE_COLUMNS.values()}
        lead = [aliases.get(u, u) for u in names["lead_units"]]
        support = [aliases.get(u, u) for u in names["support_units"]]
        for col, cell in names.items():
            for u in cell:
                if u in aliases:
                    problems.append(Problem("warning", "alias_applied", "tasks.csv", row, col, u, aliases[u]))
        if not lead:
            problems.append(Problem("warning", "task_no_lead", "tasks.csv", row, "lead_units", tid))
        seen.add(tid)
        inferred = str(rec.get("lead_inferred", "")).strip().lower() in ("true", "1", "yes")
        out.append({"task_id": tid, "section": section, "section_title": rec["section_title"],
                    "title": rec["title"], "description": rec["description"],
                    "lead_units": tuple(lead), "support_units": tuple(support), "lead_inferred": inferred,
                    "deadline_text": str(rec.get("deadline_text", "") or ""),
                    "deadline": _task_deadline(str(rec.get("deadline", "") or "").strip(), row, problems),
                    "order": len(out), "_row": row})
    cols = [*TASK_COLUMNS, "lead_inferred", *TASK_OPTIONAL_COLUMNS, "order", "_row"]
    return pd.DataFrame(out, columns=cols).astype({"deadline": "datetime64[ns]"})


def _task_deadline(value: str, row: int, problems: list[Problem]):
    """An optional task deadline (ISO date, as the importer writes it); unreadable is a warning, the task stays."""
    if not value:
        return pd.NaT
    ts = pd.to_datetime(value, errors="coerce", format="ISO8601")
    if pd.isna(ts) or not DATE_RANGE[0] <= ts.tz_localize(None) <= DATE_RANGE[1]:
        problems.append(Problem("warning", "deadline_unparseable", "tasks.csv", row, "deadline", value))
        return pd.NaT
    return ts.tz_localize(None).normalize()


def _parse_date(value: str, row: int, col: str, problems: list[Problem]):
    ts = pd.to_datetime(value, errors="coerce", format="ISO8601") if value else pd.NaT
    if pd.isna(ts):
        problems.append(Problem("error", "date_unparseable", "phases.csv", row, col, value))
        return pd.NaT
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    if not DATE_RANGE[0] <= ts <= DATE_RANGE[1]:
        problems.append(Problem("error", "date_out_of_range", "phases.csv", row, col, value))
        return pd.NaT
    return ts.normalize()


def _parse_dates(values: list[str], rows: list[int], col: str, problems: list[Problem]) -> pd.Series:
    """_parse_date over a column at once (a million milestones parse in seconds, not minutes); the rows it cannot
    read go through _parse_date one by one for their messages, in file order."""
    try:
        ts = pd.to_datetime(pd.Series([v or None for v in values], dtype=object), errors="coerce", format="ISO8601")
        if getattr(ts.dt, "tz", None) is not None:
            ts = ts.dt.tz_localize(None)
        if not pd.api.types.is_datetime64_dtype(ts):
            raise TypeError("not one datetime column")
    except (ValueError, TypeError, OverflowError):  # mixed UTC offsets and the like: row by row
        return pd.Series([_parse_date(v, r, col, problems) for v, r in zip(values, rows)], dtype="datetime64[ns]")
    bad = (ts.isna() | (ts < DATE_RANGE[0]) | (ts > DATE_RANGE[1])).to_numpy()
    ts = ts.mask(bad).astype("datetime64[ns]")  # out of range first: 9999-12-31 does not fit nanoseconds
    for i in bad.nonzero()[0]:
        value = _parse_date(values[i], rows[i], col, problems)  # its message, or the date read one by one
        if not pd.isna(value):
            ts.iloc[i] = value
    return ts.dt.normalize()


def _clean_phases(df: pd.DataFrame | None, problems: list[Problem]) -> pd.DataFrame:
    cols = list(PHASE_FRAME_COLUMNS)
    if df is None:
        return pd.DataFrame(columns=cols).astype({"start": "datetime64[ns]", "end": "datetime64[ns]"})
    rows = df["_row"].tolist()
    start_raw, end_raw = df["start"].tolist(), df["end"].tolist()
    starts = _parse_dates(start_raw, rows, "start", problems)
    given = [i for i, v in enumerate(end_raw) if v]
    ends = starts.copy()
    if given:
        ends.iloc[given] = _parse_dates([end_raw[i] for i in given], [rows[i] for i in given], "end",
                                        problems).to_numpy()
    kind_raw = df["kind"].tolist()
    kinds = [k.lower() or "phase" for k in kind_raw]
    same_day = (starts == ends).to_numpy()
    for i, kind in enumerate(kinds):
        if kind not in PHASE_KINDS:
            problems.append(Problem("warning", "phase_kind_unknown", "phases.csv", rows[i], "kind", kind_raw[i]))
            kinds[i] = "milestone" if same_day[i] else "phase"
    for i in (ends < starts).to_numpy().nonzero()[0]:  # NaT compares False: only dates read on both sides
        problems.append(Problem("error", "end_before_start", "phases.csv", rows[i], "end", end_raw[i], start_raw[i]))
    frame = pd.DataFrame({
        "name": df["name"].tolist(), "name_en": [e or n for e, n in zip(df["name_en"], df["name"])], "kind": kinds,
        "start": starts.to_numpy(), "end": ends.to_numpy(),
        "owner": df["owner"].tolist() if "owner" in df.columns else [""] * len(df),
        "description": df["description"].tolist()}, columns=cols)
    return frame.astype({"start": "datetime64[ns]", "end": "datetime64[ns]"})


def _add_unlisted_units(units: pd.DataFrame, tasks: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Units named in tasks but missing from units.csv are kept (as category other) and reported."""
    known = set(units["unit"])
    extra = []
    for rec in tasks.to_dict("records"):
        for col in ROLE_COLUMNS.values():
            for u in rec[col]:
                if u not in known:
                    known.add(u)
                    problems.append(Problem("warning", "unit_not_listed", "tasks.csv", _row_of(rec), col, u))
                    extra.append({"unit": u, "full_name": u, "name_en": u, "category": DEFAULT_CATEGORY, "listed": False})
    if not extra:
        return units.reset_index(drop=True)
    return pd.concat([units, pd.DataFrame(extra)], ignore_index=True)


def _row_of(rec: dict) -> int:
    """The file row of a task record; tasks built in memory count from row 2 like a file would."""
    row = rec.get("_row")
    return int(row) if row is not None and not pd.isna(row) else int(rec.get("order", 0)) + 2


def build_assignments(tasks: pd.DataFrame, problems: list[Problem] | None = None):
    """Long table task × unit with role; a unit listed as lead and support counts once, as lead."""
    rows, overlaps = [], []
    for rec in tasks.to_dict("records"):
        tid = rec["task_id"]
        leads = list(dict.fromkeys(rec["lead_units"]))
        for u in leads:
            rows.append((tid, rec["section"], u, "lead"))
        seen = set(leads)
        for u in rec["support_units"]:
            if u in seen:
                if u in leads:
                    overlaps.append((tid, u))
                    if problems is not None:
                        problems.append(Problem("warning", "lead_and_support", "tasks.csv", _row_of(rec),
                                                "support_units", u, tid))
                continue
            seen.add(u)
            rows.append((tid, rec["section"], u, "support"))
    assignments = pd.DataFrame(rows, columns=["task_id", "section", "unit", "role"])
    return assignments, pd.DataFrame(overlaps, columns=["task_id", "unit"])


def _plan_from(df: pd.DataFrame | None) -> Plan:
    if df is None:
        return Plan()
    values = {k: v for k, v in zip(df["field"], df["value"])}
    return Plan(**{k: values.get(k, "") for k in Plan.__dataclass_fields__})


def folder_signature(folder: str | Path) -> tuple:
    """Modification times and sizes of the files a plan folder holds; the cache key for loading it."""
    folder = Path(folder)
    sig = []
    for name in ("units.csv", "tasks.csv", "phases.csv", "plan.csv", "aliases.csv"):
        p = folder / name
        try:
            st = p.stat()
            sig.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            sig.append((name, None, None))
    return tuple(sig)
