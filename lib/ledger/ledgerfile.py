"""A ledger a unit sends (Excel or CSV, Chinese headers) read row by row and matched to the plan's tasks.

Nothing is written here: `check_ledger` returns the updates a good file makes and a problem for every cell that does
not fit, naming file, row, column and value. The page writes the updates only when there is no problem, in one
transaction (Store.add_updates), so a bad file leaves the ledger as it was.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from lib.data import Dataset, decode_bytes, split_units
from lib.i18n import t
from lib.ledger.status import units_of as task_units
from lib.ledger.store import MAX_TEXT, Update
from lib.vocabulary import MAX_UPLOAD_MB, SEP

MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # the app's upload limit (Streamlit's maxUploadSize is 1 MB above it)
HEADER_SEARCH_ROWS = 10  # ledgers often open with a title row or two above the header

# field → headers it is found under (compared without spaces and without a bracketed unit such as （%）)
HEADERS = {
    "seq": ("序号", "编号", "任务编号", "no", "no.", "taskid", "task_id"),
    "task": ("任务", "任务名称", "工作任务", "重点任务", "任务内容", "具体任务", "task"),
    "unit": ("牵头单位", "责任单位", "填报单位", "单位", "unit"),
    "note": ("进展情况", "工作进展", "推进情况", "进展", "完成情况说明", "progress", "note"),
    "status": ("状态", "推进状态", "完成状态", "完成情况", "status"),
    "due": ("完成时间", "完成时限", "计划完成时间", "时间节点", "due", "duedate"),
    "percent": ("完成进度", "进度", "完成比例", "完成率", "percent"),
    "as_of": ("填报日期", "截至日期", "截止日期", "报送日期", "asof"),
    "who": ("填报人", "联系人", "recordedby"),
}
# words a ledger writes for each status (the labels of lib.i18n included), compared without spaces
STATUS_WORDS = {
    "not_started": ("未启动", "未开始", "尚未启动", "notstarted"),
    "in_progress": ("推进中", "进行中", "正在推进", "在办", "办理中", "有序推进", "inprogress"),
    "done": ("已完成", "完成", "已办结", "办结", "done", "completed"),
    "late": ("滞后", "进度滞后", "延期", "late", "behindschedule", "behind"),
    "blocked": ("受阻", "推进受阻", "blocked"),
}
_STATUS_LOOKUP = {w: code for code, words in STATUS_WORDS.items() for w in words}
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def _norm(text) -> str:
    """A cell compared loosely: no spaces (full-width included), no bracketed suffix, lower case."""
    return _BRACKETED.sub("", re.sub(r"[\s\u3000]+", "", str(text))).lower()


@dataclass(frozen=True)
class LedgerProblem:
    """One cell (or the whole file) that does not fit, located as a spreadsheet shows it (the header is its row)."""

    code: str  # message key in lib.i18n: lg_imp_<code>
    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    extra: str | None = None

    def message(self, lang: str = "zh") -> str:
        fields = {k: ("" if v is None else v) for k, v in vars(self).items() if k != "code"}
        return t(f"lg_imp_{self.code}", lang, **fields)


@dataclass
class LedgerCheck:
    """What a ledger file gives: the updates of its good rows and the problems of the others."""

    file: str
    updates: list[Update] = field(default_factory=list)
    problems: list[LedgerProblem] = field(default_factory=list)
    rows_read: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # field → the header found for it

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.updates)


def _rows(raw: bytes, name: str, problems: list[LedgerProblem]) -> list[list[str]] | None:
    """The file's cells as text, row by row as the spreadsheet numbers them (blank rows kept, for numbering)."""
    if raw[:4] == b"PK\x03\x04":  # xlsx is a zip: judged by content, not by name
        try:
            df = pd.read_excel(io.BytesIO(raw), header=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a damaged file; all mean "cannot read it"
            problems.append(LedgerProblem("unreadable", name, value=f"{type(exc).__name__}: {exc}"[:200]))
            return None
        return [[_cell(v) for v in row] for row in df.itertuples(index=False)]
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        problems.append(LedgerProblem("old_excel", name))
        return None
    found = []
    text = decode_bytes(raw, name, found)
    if text is None:
        problems.append(LedgerProblem("empty" if found and found[0].code == "file_empty" else "not_table", name))
        return None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.append(LedgerProblem("unreadable", name, value=str(exc)))
        return None


def _cell(value) -> str:
    """An Excel cell as text: dates as ISO dates, whole numbers without .0, empty for nothing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(row index, field → column index, field → header text) of the first row naming a task and a status."""
    lookup = {_norm(h): f for f, names in HEADERS.items() for h in names}
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cols, names = {}, {}
        for j, cell in enumerate(row):
            f = lookup.get(_norm(cell))
            if f and f not in cols:
                cols[f], names[f] = j, str(cell).strip()
        if ("task" in cols or "seq" in cols) and len(cols) >= 2:
            return i, cols, names
    return None


_ISO = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月(底|末|初|上旬|中旬|下旬)?(前|之前|以前)?$")


def parse_date(text: str) -> dt.date | None:
    """A date as ledgers write it: 2024-05-31, 2024/5/31, 2024年5月31日, 2024年5月底 (the month's last day),
    2024年6月上旬 / 中旬 / 下旬 / 初 (the part's last day: 10, 20, the month's end; 初 is 上旬); None if unreadable."""
    s = re.sub(r"\s+", "", str(text))
    m = _ISO.match(s)
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _MONTH.match(s)
        if m:
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            day = {"上旬": 10, "初": 10, "中旬": 20}.get(m[3] or "", last)
            return dt.date(year, month, day)
    except ValueError:  # 2024-02-30
        return None
    return None


def parse_percent(text: str) -> int | None | str:
    """0–100 from 60, 60%, 60％ or 0.6 (a fraction as Excel stores a percent cell); "bad" when unreadable."""
    s = str(text).strip().rstrip("%％").strip()
    try:
        value = float(s)
    except ValueError:
        return "bad"
    if 0 < value < 1 and "." in s and not str(text).strip().endswith(("%", "％")):
        value *= 100
    if not 0 <= value <= 100:
        return "bad"
    return round(value)


def _task_index(ds: Dataset) -> tuple[dict[str, str], dict[str, list[str]]]:
    ids = {str(tid): str(title) for tid, title in zip(ds.tasks["task_id"], ds.tasks["title"])}
    by_title: dict[str, list[str]] = {}
    for tid, title in ids.items():
        by_title.setdefault(_norm(title), []).append(tid)
    return ids, by_title


def match_task(ds: Dataset, seq: str, task_text: str) -> tuple[str | None, str | None, str | None]:
    """(task_id, problem code, extra) for a row's 序号 and 任务 cells. 序号 counts only when it is a task number
    of the plan (1.1); 任务 matches a task's title exactly, or contains it, or is a part of it, when one task fits."""
    ids, by_title = _task_index(ds)
    seq = str(seq).strip().replace("．", ".")
    by_seq = seq if seq in ids else None
    text = _norm(task_text)
    by_text = None
    if str(task_text).strip() in ids:  # the task column holding the number itself
        by_text = str(task_text).strip()
    elif text:
        exact = by_title.get(text, [])
        if len(exact) == 1:
            by_text = exact[0]
        else:
            fits = [tid for tid, title in ids.items()
                    if _norm(title) and (_norm(title) in text or (len(text) >= 4 and text in _norm(title)))]
            if len(fits) == 1:
                by_text = fits[0]
            elif len(fits) > 1 and by_seq is None:
                return None, "task_ambiguous", SEP.join(fits[:6])
    if by_seq and by_text and by_seq != by_text:
        return None, "task_conflict", f"{by_seq} {ids[by_seq]}"
    if by_seq or by_text:
        return by_seq or by_text, None, None
    return None, "task_unmatched", None


def check_ledger(raw: bytes, name: str, ds: Dataset, plan_key: str, *, as_of: dt.date, recorded_by: str) -> LedgerCheck:
    """Read a ledger file and check every row against the plan; the updates it would add and every problem.

    Each update's idempotency key is made of the plan, the file's content and the row, so importing the same file
    twice adds nothing the second time.
    """
    out = LedgerCheck(file=name)
    sheet = _sheet(raw, name, out)
    if sheet is None:
        return out
    rows, h, cols = sheet
    digest = hashlib.sha256(raw).hexdigest()[:16]
    plan = _PlanUnits({r.task_id: (task_units(r.lead_units), task_units(r.support_units))
                       for r in ds.tasks.itertuples()}, frozenset(ds.units["unit"]))
    for i in range(h + 1, len(rows)):
        row, rownum = rows[i], i + 1
        cells = {f: str(row[j]).strip() if j < len(row) else "" for f, j in cols.items()}
        if not any(cells.get(f) for f in ("task", "status", "note", "unit", "percent", "due")):
            continue  # a blank row, one with only its 序号, or one holding a footnote in another column
        out.rows_read += 1
        problems, got = _check_row(ds, plan, cells, out.columns, name, rownum, as_of)
        out.problems.extend(problems)
        if problems:
            continue
        who = cells.get("who") or recorded_by
        for u in got["units"]:
            key = hashlib.sha256(f"{plan_key}|{digest}|{rownum}|{u}".encode()).hexdigest()[:40]
            out.updates.append(Update(idem_key=f"file:{key}", plan_key=plan_key, task_id=got["task_id"], unit=u,
                                      status=got["status"], as_of=got["as_of"], recorded_by=who,
                                      percent=got["percent"], due_date=got["due"], note=got["note"],
                                      source=f"file:{name}"[:300]))
    if out.rows_read == 0:
        out.problems.append(LedgerProblem("no_rows", name, row=h + 1))
    return out


@dataclass(frozen=True)
class _PlanUnits:
    """What a row's units are checked against: each task's (leads, supports), and every unit of the plan."""

    by_task: dict[str, tuple[list[str], list[str]]]
    known: frozenset[str]


def _sheet(raw: bytes, name: str, out: LedgerCheck) -> tuple[list[list[str]], int, dict[str, int]] | None:
    """(rows, the header's index, field → column) of a file small enough, readable, with a header and a status
    column; None with the problem in out otherwise. out.columns gets the headers found."""
    if len(raw) > MAX_BYTES:
        out.problems.append(LedgerProblem("too_large", name, value=f"{len(raw) / 1024 / 1024:.1f} MB",
                                          extra=str(MAX_UPLOAD_MB)))
        return None
    rows = _rows(raw, name, out.problems)
    if rows is None:
        return None
    header = _find_header(rows)
    if header is None:
        first = next((r for r in rows if any(str(c).strip() for c in r)), [])
        out.problems.append(LedgerProblem("no_header", name, value=SEP.join(str(c) for c in first if str(c).strip())[:200]))
        return None
    h, cols, names = header
    out.columns = names
    if "status" not in cols:
        out.problems.append(LedgerProblem("no_status_column", name, row=h + 1, value=SEP.join(names.values())))
        return None
    return rows, h, cols


def _check_row(ds: Dataset, plan: _PlanUnits, cells: dict[str, str], names: dict[str, str], name: str, rownum: int,
               as_of: dt.date) -> tuple[list[LedgerProblem], dict]:
    """A row's problems (in column order: task, status, percent, dates, note, units) and what it says."""
    problems: list[LedgerProblem] = []

    def problem(code: str, field: str | None, value, extra=None) -> None:
        problems.append(LedgerProblem(code, name, rownum, names.get(field) if field else None, value, extra))

    cell = cells.get
    task_id, code, extra = match_task(ds, cell("seq", ""), cell("task", ""))
    if code:
        problems.append(LedgerProblem(code, name, rownum, names.get("task") or names.get("seq"),
                                      cell("task") or cell("seq", ""), extra))
    status_text = cell("status", "")
    status = _STATUS_LOOKUP.get(_norm(status_text))
    if status is None:
        problem("bad_status" if status_text else "no_status", "status", status_text)
    percent = None
    if cell("percent"):
        percent = parse_percent(cell("percent"))
        if percent == "bad":
            problem("bad_percent", "percent", cell("percent"))
    due = None
    if cell("due"):
        due = parse_date(cell("due"))
        if due is None:
            problem("bad_date", "due", cell("due"))
    row_as_of = as_of
    if cell("as_of"):
        row_as_of = parse_date(cell("as_of"))
        if row_as_of is None:
            problem("bad_date", "as_of", cell("as_of"))
    note = cell("note", "")
    if len(note) > MAX_TEXT:
        problem("note_too_long", "note", note[:40] + "…", str(MAX_TEXT))
    units: list[str] = []
    if task_id is not None:
        leads, supports = plan.by_task[task_id]
        units = split_units(cell("unit", ""), plan.known) or leads
        for u in units:
            if u not in leads and u not in supports:
                problem("unit_not_in_task", "unit", u, f"{task_id}（{SEP.join(leads)}）")
    return problems, {"task_id": task_id, "status": status, "percent": percent, "due": due, "as_of": row_as_of,
                      "note": note, "units": units}


def template_frame() -> pd.DataFrame:
    """An empty ledger with the headers this reader looks for (a unit can fill it in and send it back)."""
    return pd.DataFrame(columns=["序号", "任务", "牵头单位", "进展情况", "状态", "完成进度", "完成时间", "填报日期", "填报人"])


