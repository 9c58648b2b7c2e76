"""Task tables: rows of cells (from a .docx, a PDF or a table flattened into text) as task lines the parser reads.

Entry points: ``tasks_from_rows(rows)`` turns a table (list of rows, each a list of cell texts) into lines
``1.任务(牵头单位:X;责任单位:Y;完成时限:Z)`` under ``(一)领域`` headings, or None when the rows have no task-table
header; ``flatten_text_tables(text)`` finds tables flattened into text (a header row, then one cell per line, or
cells split by ``|``, tabs or wide spaces) and replaces each by those lines; ``flatten_tables(text)`` also gives,
for each line that came from a table, its source: the row as the document writes it. Columns are found by header
words; people columns (责任领导, 分管领导, 责任人) and notes are left out; an empty unit, area or title cell takes the
value above it (a merged cell spans the rows below it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

# Header words, checked in this order (a 牵头单位 column is lead even though 单位 would also say unit).
_HEAD = (
    # A schedule column (完成时限, 进度安排) before the skip words: its 进度 is the plan, not the progress made.
    ("deadline", re.compile(r"时限|期限|时间节点|完成时间|时间安排|进度安排|进度要求|时间进度|计划进度|进度计划")),
    (
        "skip",
        re.compile(
            r"领导|责任人|联系人|负责人|备注|说明|分值|得分|评分(?!部门|单位)|计分(?!部门|单位)|扣分|考核标准|考核方式"
            r"|完成情况|进展|范围|地区|区域|依据|来源|督办|督查|督导"
            r"|地点|地址|位置|金额|投资额|总投资|年度投资|计划投资"  # where it is built, what it costs: no unit
            r"|进度|情况$|是否|完成率"  # progress made (当前进度, 1-11月推进情况, 是否达序): never a unit or a deadline
            r"|姓名|职务|职称|电话|手机|性别|年龄|邮箱"  # a list of people (参会人员名单) is no task table
        ),
    ),
    ("number", re.compile(r"^(?:序号|编号|序|号|项次|项目编号|No\.?)$")),
    ("deadline", re.compile(r"时限|时间|节点|期限|完成时|日期|时序")),
    ("lead", re.compile(r"牵头|主责|主办|主抓")),
    ("support", re.compile(r"配合|协办|参与|协同|协助|参加|支持单位")),
    (
        "resp",
        re.compile(
            r"^[\u4e00-\u9fff]{0,4}(?:单位|部门|科室|处室|股室|机构)$"  # 责任单位, 负责考评部门 (督办单位: skip above)
            r"|^(?:责任|实施|落实)主体$|^部门分工$|^分工$|^责任(?:单位|部门)?及分工$"
            r"|^[\u4e00-\u9fff]{0,4}(?:区县|县区|县市区|乡镇|镇街)$"  # 责任区县: the places' governments
            r"|^[\u4e00-\u9fff]{0,4}主体$"  # 公开主体, 责任主体
        ),
    ),
    ("area", re.compile(r"领域|类别|方面|板块|类型|分类|专项|工作任务$|任务类别|重点领域")),
    ("task", re.compile(r"任务|内容|事项|措施|举措|工作|目标|要求|指标|项目|清单|要点|实事")),
)
_PERSON_HEAD = re.compile(r"领导|责任人|联系人|负责人")
_PERSON_COL = "skip_person"  # a skip column naming people
_SCORE_COL = "skip_score"  # a skip column of scores (分值, 得分) or scoring rules
_UNIT_SKIP = "skip_unit"  # a skip column of units that are not the task's (评分部门: the body that scores it)
_CHECK_BODY = re.compile(r"评分|计分|考核|考评|督查|督办|监督|验收|审核")
_TARGET_HEAD = re.compile(r"^(?:年度|全年|预期|阶段)目标(?:值)?$|^目标值$")
_HEAD_MAX = 14  # header cells are short
# A pinyin gloss a mirror site puts after a character (公開(kāi)內(nèi)容): no part of a header word.
_GLOSS = re.compile(r"[(（][a-zü\u00e0-\u01dc\u01f9\u1e3f]{1,7}[)）]")
_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+|[ \u3000]{2,}")
_NUMBER = re.compile(r"^\d{1,6}[.、*＊]?$")  # 1* marks a row the city leads (numbering restarts)
_SECTION_ROW = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.]")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、]\S)"
)
_DEADLINE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|年末|季度|长期|持续|常态|每年|每季|每月|立即|即时|适时|逐年|前$|底前|以前"
    r"|工作日|之日起|日内|及时|随时|实时"  # a publication deadline (信息形成之日起20个工作日内, 及时公开)
)
_UNIT_END = re.compile(
    r"(?:局|委|办|厅|部|署|中心|政府|管委会|街道|镇|乡|公司|集团|协会|联合会|团委|法院|检察院"
    r"|支队|大队|院|所|站|处|室|科|队|会|社|行|台|馆|校|园|组|区|县|市|州|办事处|分局|联|协|团|关)$"
)
_COLLECTIVE = re.compile(r"^各|有关|相关|成员单位$")
# A collective names bodies (各有关部门, 有关单位, 各地, 各县(市、区)), not things (各地配套政策法规文件, 相关文件).
_COLLECTIVE_END = re.compile(r"(?:部门|单位|机构|地|方|级|成员|地区|乡镇|镇街|街镇|[)）])$")
# A part that starts with a preposition (以街道党工委…名义印发的文件, 由…负责) is a phrase, not a name.
_PHRASE_START = re.compile(r"^(?:以|按|对|经|依|据|凡|将|把)")
# A unit cell may say the roles itself (县住建局牵头,县财政局配合): the verb after a name is no part of it.
_ROLE_TAIL = re.compile(r"(?:牵头|主抓|具体|共同)?(?:负责|落实|实施)?(?:牵头|配合|协助|协办|参与|参加|承办|落实|负责)$")
_CN = "一二三四五六七八九十"
_LABELS = (("lead", "牵头单位"), ("resp", "责任单位"), ("support", "配合单位"), ("deadline", "完成时限"))


def header_role(cell: str) -> str | None:
    """The role a header cell names (task, lead, resp, support, deadline, area, number, skip), or None."""
    text = _head_text(cell)
    if not text or len(text) > _HEAD_MAX:
        return None
    return next((role for role, rx in _HEAD if rx.search(text)), None)


def _head_text(cell: str) -> str:
    """A header cell as its role is read: no spaces, no bracketed gloss (责任单位（部门）), the first of two
    alternatives (责任单位/部门)."""
    text = _GLOSS.sub("", re.sub(r"\s+", "", cell))
    text = re.sub(r"[(（][^()（）]{1,20}[)）]$", "", text) or text  # 重点工作任务(杭州市2项配合工作)
    if re.fullmatch(r"[^/]{2,}/[^/]{2,}", text) and not _PERSON_HEAD.search(text):
        return text.split("/")[0]  # (牵头单位/责任人 names people too: a people column)
    return text


def header_columns(cells: list[str], data: list[list[str]] | None = None) -> dict[str, int] | None:
    """Column role → index from a header row; None unless it names a task column and a unit column.

    With data rows, a header without a unit column still counts when one unheaded column holds unit lists in most
    rows (a list at the end of a row with no label at all).
    """
    cols, tasks, measures, checks = _read_heads(cells)
    _place_unit_words(cols, measures, checks)
    _assign_task(cols, _title_columns(cells, cols, tasks))
    if "task" in cols and data and not _has_units(cols):
        _unheaded_unit_column(cols, cells, data)
    if "task" not in cols or not _has_units(cols):
        return None
    if "area" in cols and cols["area"] > cols["task"]:
        del cols["area"]
    return cols


def _has_units(cols: dict[str, int]) -> bool:
    return bool({"lead", "resp", "support"} & cols.keys())


def _read_heads(cells: list[str]) -> tuple[dict[str, int], list[int], list[int], list[int]]:
    """(columns named by their header word, task-like columns, columns headed 单位 alone, columns of a body that
    checks the task) from a header row; the last three are placed by the steps after."""
    cols: dict[str, int] = {}
    tasks: list[int] = []
    measures: list[int] = []  # 单位 alone: the unit of measure of a target (万亩, %), or the responsible unit
    checks: list[int] = []  # 评分部门, 考核单位: the body that scores the task, or the responsible one
    for j, raw in enumerate(cells):
        role = header_role(raw)
        head = _head_text(raw)
        if head in ("单位", "计量单位"):
            measures.append(j)
        elif role in ("lead", "resp", "support") and _CHECK_BODY.search(head):
            checks.append(j)
        elif role == "task" and tasks and _TARGET_HEAD.match(head):
            cols[f"skip{j}"] = j  # 年度目标 after the task's own column: the target, a note
        elif role == "task" or (role == "area" and "area" in cols and not tasks):
            tasks.append(j)  # (重点领域 | 工作任务: the later area-like column is the task)
        elif role == "skip":
            cols.setdefault(f"{_skip_kind(head)}{j}", j)
        elif role:
            cols.setdefault(role, j)
    return cols, tasks, measures, checks


def _skip_kind(head: str) -> str:
    """What a column left out holds: people (责任领导), units that are not the task's (督办单位), scores (分值), or a
    note."""
    if _PERSON_HEAD.search(head):
        return _PERSON_COL
    if re.search(r"(?:单位|部门|科室|处室)$", head):
        return _UNIT_SKIP
    return _SCORE_COL if "分" in head else "skip"


def _place_unit_words(cols: dict[str, int], measures: list[int], checks: list[int]) -> None:
    """Beside a named unit column, 单位 alone is a unit of measure and a checking body's column is not the task's
    units; without one, the first of them is the responsible unit."""
    if _has_units(cols):
        for j in measures:
            cols[f"skip{j}"] = j
        for j in checks:
            cols[f"{_UNIT_SKIP}{j}"] = j  # its cells are units, but not the task's
    elif checks or measures:
        first, *rest = checks or measures
        cols["resp"] = first
        for j in rest:
            cols[f"skip{j}"] = j


def _title_columns(cells: list[str], cols: dict[str, int], tasks: list[int]) -> list[int]:
    """The task-like columns that hold the task's words; the others become notes in cols."""
    # A column that names the task (任务名称, 项目名称) is its title; task-like columns after it (指标要求) are notes.
    named = [j for j in tasks if "名称" in _head_text(cells[j])]
    if named and named[0] != tasks[-1]:
        for j in [j for j in tasks if j > named[0]]:
            cols[f"skip{j}"] = j
        tasks = [j for j in tasks if j <= named[0]]
    if not tasks and "number" in cols and _plain_head(cells, cols["number"] + 1):
        tasks = [cols["number"] + 1]  # 序号 | 民生实事 | 责任单位: the column after the row number is the task
    # Task-like columns right of the unit columns (攻坚目标任务, 工作任务安排 after 责任科室) describe the targets
    # and plans of a task named left of the units: they are notes.
    unit_cols = [cols[r] for r in ("lead", "resp", "support") if r in cols]
    if unit_cols and any(j < min(unit_cols) for j in tasks):
        for j in [j for j in tasks if j > min(unit_cols)]:
            cols[f"skip{j}"] = j
        tasks = [j for j in tasks if j < min(unit_cols)]
    return tasks


def _assign_task(cols: dict[str, int], tasks: list[int]) -> None:
    """The task column: the last task-like column; of two, the first names the area (工作任务 | 具体要求), or the
    task's title when an area column is named already (类别 | 主要任务 | 细化措施). With none, an area column beside
    a unit column (工作任务 alone)."""
    if tasks:
        cols["task"] = tasks[-1]
        if len(tasks) > 1 and "area" in cols:
            cols["title"] = tasks[-2]
        elif len(tasks) > 1:
            cols["area"] = tasks[0]
    elif "area" in cols and _has_units(cols):
        cols["task"] = cols.pop("area")


def _unheaded_unit_column(cols: dict[str, int], cells: list[str], data: list[list[str]]) -> None:
    """The rightmost column no header names whose cells are unit lists in most rows becomes the responsible unit."""
    taken = set(cols.values())
    width = max(len(cells), *(len(r) for r in data))
    for j in range(width - 1, -1, -1):
        filled = [r[j] for r in data if j < len(r) and r[j].strip()]
        if j not in taken and len(filled) >= 2 and sum(map(_is_unitlike, filled)) >= 0.8 * len(filled):
            cols["resp"] = j
            return


def _plain_head(cells: list[str], j: int) -> bool:
    """cells[j] is a header cell no header word names: a few characters of words, nothing else."""
    text = re.sub(r"\s+", "", cells[j]) if j < len(cells) else ""
    return 2 <= len(text) <= 8 and header_role(text) is None and bool(re.fullmatch(r"[\u4e00-\u9fff]+", text))


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(min(n, 99), 10)
    return (_CN[tens - 1] if tens > 1 else "") + "十" + (_CN[ones - 1] if ones else "")


def _is_unitlike(cell: str) -> bool:
    parts = [p for p in re.split(r"[、,，;；\s]+", cell) if p]
    return (
        bool(parts)
        and not re.search(r"[■□☑☐√✓✔]", cell)  # checkbox cells (■政府网站 □政府公报) name channels
        and len(cell) <= 200
        and all(
            (
                _UNIT_END.search(re.sub(r"[(（].*?[)）]$|等$", "", _ROLE_TAIL.sub("", p)))
                or (_COLLECTIVE.search(p) and _collective(p))
            )
            and not _PHRASE_START.match(p)
            and len(p) <= 30
            for p in parts
        )
    )


def _collective(part: str) -> bool:
    """A part with 各/有关/相关 names bodies (各有关部门, 各地, 各乡镇抓好落实), not things (各地配套政策法规文件)."""
    bare = re.sub(r"等$", "", _ROLE_TAIL.sub("", part))
    return bool(
        re.fullmatch(r"各.{1,3}", bare)
        or _COLLECTIVE_END.search(bare)
        or re.match(
            r"^各[^、]{0,6}?(?:部门|单位|乡镇|街道|地|县|区)(?:抓好|做好|具体|分别|共同)?(?:落实|负责|实施|配合)", part
        )
    )


def _fits(role: str, cell: str) -> bool:
    if role in ("lead", "resp", "support"):
        return _is_unitlike(cell)
    if role == "deadline":
        return len(cell) <= 40 and bool(_DEADLINE.search(cell))
    if role.startswith("skip"):
        return len(cell) <= 30 and "。" not in cell
    return True


def _line(n: int, row: dict[str, str]) -> str:
    task = re.sub(r"\s*\n\s*", "", row.get("task", "")).strip()
    parts = [f"{label}:{row[key]}" for key, label in _LABELS if row.get(key)]
    gap = " " if task[:1].isdigit() else ""  # 4. 2024年…: the row number, not a decimal 4.2024
    return f"{n}.{gap}{task}" + (f"({';'.join(parts)})" if parts else "")


def _titles_from_areas(records: list[dict[str, str]]) -> None:
    """Two task-like columns whose first differs on every row (考核项目 | 考核指标) are the task's title and its
    text, not an area over the rows: the first cell becomes the task's first sentence."""
    rows = [r for r in records if r.get("task", "").strip() and not r.get("own")]  # not a section row's task
    areas = [r["area"] for r in rows if r.get("area")]
    if len(rows) < 3 or len(areas) < 0.8 * len(rows) or len(set(areas)) < 0.8 * len(areas):
        return
    for r in rows:
        area = r.pop("area", "")
        if area:
            r["task"] = area + ("" if area.endswith(("。", ".", ";", ";")) else "。") + r["task"]


# Lines from a table, each with its source: the row as the document writes it, or the line itself where that is
# not known (a heading, a table given as cells).
_Sourced = list[tuple[str, str]]


def _emit(records: list[dict[str, str]]) -> _Sourced:
    """Task lines from row records, with (一)… headings where the area changes; merged cells carried down. A
    record's source (its row as written) goes with its line."""
    _title_column_into_task(records)
    if not any(r.get("task", "").strip() for r in records):
        for r in records:  # the later of two task-like columns has no cell in any row: the first is the task
            if r.get("area"):
                r["task"] = r.pop("area")
    _titles_from_areas(records)
    _split_glued(records)
    out: _Sourced = []
    area, areas, n = None, 0, 0
    carried: dict[str, str] = {}
    for rec in records:
        if rec.get("section"):
            out.append((rec["section"], rec["section"]))
            area, areas, n = None, 0, 0
        if not rec.get("task", "").strip():
            continue
        units = [k for k in ("lead", "resp", "support") if rec.get(k)]
        if not units:  # a merged unit cell spans this row
            for k in ("lead", "resp", "support"):
                if carried.get(k):
                    rec[k] = carried[k]
        else:
            carried = {k: rec.get(k, "") for k in ("lead", "resp", "support")}
        a = rec.get("area") or area
        if a and a != area:
            areas += 1
            heading = f"({_cn(areas)}){a}"
            out.append((heading, heading))
            n = 0
        area = a
        n += 1
        line = _line(n, rec)
        out.append((line, rec.get("source") or line))
    return out


def _title_column_into_task(records: list[dict[str, str]]) -> None:
    """A task's title in a column of its own before its text (主要任务 | 细化措施) opens the task's text; an empty
    title cell under a merged one takes the title above it, within the same area."""
    title, area = "", None
    for r in records:
        if r.get("section") or (r.get("area") and r["area"] != area):
            title = ""
        area = r.get("area") or area
        own = r.pop("title", "").strip()
        title = own or title
        if title and r.get("task", "").strip():
            r["task"] = _joined([title, r["task"]])
        elif own:
            r["task"] = own


_GLUE_END = re.compile(r"(?:所|站|局|办|院|队|中心)$")


def _split_glued(records: list[dict[str, str]]) -> None:
    """Two names glued without their space in a cell of space-separated units (文化站 派出所工商质监所): split where
    the rest is a unit the table names alone elsewhere (工商质监所) and the first part ends as an office does (所,
    站, 局, 办, 院, 队, 中心). A name that opens with its level (县公安局交警大队, 市卫健委疾控中心) is a body and its
    sub-unit: it stays whole."""
    cells = [r[k] for r in records for k in _UNIT_ROLES if r.get(k)]
    spaced = [c for c in cells if " " in c.strip() and not re.search(r"[、,，;；]", c)]
    if not spaced:
        return
    named = Counter(p for c in cells for p in re.split(r"[\s、,，;；]+", c) if p)
    for r in records:
        for k in _UNIT_ROLES:
            if r.get(k) not in spaced:
                continue
            parts = []
            for p in r[k].split():
                cut = None
                if named[p] == 1 and not re.match(r"[省市县区州镇乡]", p):  # (one given twice is one name)
                    cut = next((i for i in range(3, len(p) - 1) if named[p[i:]] and _GLUE_END.search(p[:i])), None)
                parts += [p[:cut], p[cut:]] if cut else [p]
            r[k] = " ".join(parts)


def tasks_from_rows(rows: list[list[str]]) -> list[str] | None:
    """Task lines from a table given as rows of cells (header within the first five rows); None if no header."""
    found = _row_lines(rows)
    return None if found is None else [line for line, _ in found]


def _row_lines(rows: list[list[str]], raws: list[str] | None = None) -> _Sourced | None:
    """tasks_from_rows, each line with its source: raws[i] is row i as the document writes it (when known)."""
    found = _find_header(rows)
    if found is None:
        return _rows_by_unit_cell(rows, raws)
    i, cols = found
    by_index = {j: role for role, j in cols.items()}
    roles = [by_index.get(j) for j in range(len(rows[i]))]
    records = []
    for n, row in enumerate(rows[i + 1 :], i + 1):
        if all(re.fullmatch(r"[-:：=+\s]*", c) for c in row):
            continue  # a markdown table's rule under the header (|---|---|)
        if not records and "number" in cols and all(len(c.strip()) <= 4 and not _NUMBER.match(c.strip()) for c in row):
            continue  # a second header row of sub-columns (一级 | 二级) under a spanning header cell
        rec = _row_record(row, cols, roles)
        if rec.get("number") and not (rec.get("task") or rec.get("title")) and len(row) < len(by_index):
            continue
        if raws:
            rec["source"] = raws[n]
        records.append(rec)
    return _emit(records)


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(index, columns) of the header among the first five rows: by its header words, else by a unit column
    without a header word, recognised by its cells in the rows below."""
    found = next(((i, c) for i, c in enumerate(map(header_columns, rows[:5])) if c is not None), None)
    if found is None:
        found = next(
            (
                (i, c)
                for i, row in enumerate(rows[:5])
                if not (row and _NUMBER.match(row[0].strip()))  # (a numbered row is a row, never the header)
                and (c := header_columns(row, rows[i + 1 : i + 40]))
            ),
            None,
        )
    return found


def _row_record(row: list[str], cols: dict[str, int], roles: list[str | None]) -> dict[str, str]:
    """A row's cells by column role: by place, or by kind when the row has fewer cells than the header; a numbered
    row whose cells name no unit in the unit column is read again by kind (sub-columns, cells left out)."""
    by_index = {j: role for role, j in cols.items()}
    if len(row) < len(roles):
        rec = _short_row(row, cols, roles)
    else:
        cells = _spanned_cells(row, cols, len(roles))
        rec = {by_index[j]: c.strip() for j, c in enumerate(cells) if j in by_index and c and c.strip()}
    if not any(r in rec for r in _UNIT_ROLES) and row and _NUMBER.match(row[0].strip()) and cols.get("number") == 0:
        kind = _fill_by_kind([c.strip() for c in row[1:] if c.strip()], roles[1:])
        if kind:
            rec = {k: v for k, v in {"number": row[0].strip(), **kind[0]}.items() if k in cols}
    return rec


def _short_row(row: list[str], cols: dict[str, int], roles: list[str | None]) -> dict[str, str]:
    """A row with fewer cells than the header (a text row whose empty or merged cells left no mark): each cell goes
    to the column of its kind, in order, not to the column at its place; a row that starts with its number has no
    cells for the columns left of the number (a merged area cell)."""
    rec: dict[str, str] = {}
    cells = [c.strip() for c in row if c.strip()]
    start = cols["number"] if cols.get("number") and cells and _NUMBER.match(cells[0]) else 0
    _fill_row(rec, cells, roles[start:])
    return {k: v for k, v in rec.items() if k in cols}


def _spanned_cells(row: list[str], cols: dict[str, int], width: int) -> list[str]:
    """A row with more cells than the header, where a header cell spans sub-columns (类别 over 一级 | 二级), as
    one cell per header cell: the columns from the task on take the row's last cells, the cells between go to the
    column before the task. Other rows as they are."""
    t = cols.get("task", 0)
    if (
        len(row) > width
        and max(cols.values()) < width  # (not a unit column found by its cells right of the header)
        and 0 < t
        and not any(_NUMBER.match(c) for c in row[1:t])
    ):
        right = width - t
        return [*row[: t - 1], "".join(row[t - 1 : len(row) - right]), *row[len(row) - right :]]
    return row


def _rows_by_unit_cell(rows: list[list[str]], raws: list[str] | None = None) -> _Sourced | None:
    """Task lines from a numbered table whose header names no unit column, yet whose rows name their unit in a
    cell of its own before the task's text (an unheaded sub-column under a spanning header cell: 考核项目 over
    重点考核部门 | 县委农工部); None unless three rows do.

    A row under a merged unit cell (its number, category and unit cells left out) keeps the unit above; a section
    row (二、…) ends it. Number cells (scores) are left out; the first text cell is the task, the others its text;
    the cells between the row number and the unit cell (重点考核部门) are the area over the rows.
    """
    at = next((i for i, r in enumerate(rows[:5]) if r and header_role(r[0]) == "number"), None)
    if at is None or not any(header_role(c) == "task" for c in rows[at]):
        return None
    if any(re.search(r"地点|地址|位置|地区|区域|范围|地域", _head_text(c)) for c in rows[at]):
        return None  # a column of places (建设地点: 纸坊街道, 谢村镇), whose cells read as unit names
    records: list[dict[str, str]] = []
    unit, area, hits = "", "", 0
    for n, row in enumerate(rows[at + 1 :], at + 1):
        cells = [c.strip() for c in row if c.strip()]
        if not cells:
            continue
        if _SECTION_ROW.match(cells[0]):
            unit, area = "", ""
            title = cells[1] if len(cells) > 1 and not _NUMBER.match(cells[1]) else ""
            # A heading, not a task: its bracket note (（全部责任单位）: which units it applies to) is no unit bracket.
            records.append({"section": cells[0] + re.sub(r"[(（][^()（）]*[)）]$", "", title)})
            continue
        k = 1 if _NUMBER.match(cells[0]) else 0
        u = next(
            (j for j in range(k, min(k + 2, len(cells) - 1)) if _unit_cell(cells[j]) and len(cells[j]) <= 30), None
        )
        if u is not None:
            hits += 1
            unit, area = cells[u], "".join(cells[k:u]) or area
            rest = cells[u + 1 :]
        elif unit:
            rest = cells[k:]  # under a merged unit cell: a number first is the row's score
        else:
            continue
        texts = [c for c in rest if not _NUMBER.match(c) and not _SCORE.match(c)]
        if not texts:
            continue
        source = {"source": raws[n]} if raws else {}
        records.append({"task": _joined(texts), "resp": unit, **({"area": area} if area else {}), **source})
    return _emit(records) if hits >= 3 else None


def _cells_rows(
    cells: list[str], cols: dict[str, int], width: int, raws: list[str] | None = None
) -> tuple[list[dict[str, str]], int]:
    """Rows from a flat list of cells cut at the running row numbers (1, 2, 3 …), and how many cells they use;
    with raws (each cell's line as written), a row's source is its cells' lines.

    Cells before a row number fill the columns left of it (a merged area cell is missing and carries down);
    cells after it fill the columns right of it in order, a unit or deadline column only with a cell that looks
    like one (a merged unit cell is missing: the unit above carries down). A section row (一、…) between rows heads
    the rows below it; one that holds its own unit cell is a task of its own.
    """
    roles: list[str | None] = [None] * width
    for role, j in cols.items():
        if j < width:
            roles[j] = role
    split = cols["number"] if "number" in cols else cols["task"]
    pre = [r for r in roles[:split] if r is not None and r != "number"]
    post = roles[split + 1 :] if "number" in cols else roles[split:]
    anchors = _row_anchors(cells, post, width, len(pre))
    if not anchors:
        return _rows_unnumbered(cells, post) if "number" not in cols and not pre else ([], 0)
    records: list[dict[str, str]] = []
    pending = cells[: anchors[0]]
    used = 0
    for a, nxt in zip(anchors, [*anchors[1:], len(cells)]):
        seg = cells[a + 1 : nxt]
        section, pending = _section_rows(pending, post, records)
        rec = dict(zip(reversed(pre), reversed(pending))) if pre else {}
        first = max(a - len(rec), used)  # (the cells left of the number stand before it)
        if section:
            rec["section"] = section
        kind = _fill_by_kind(seg, post)
        if kind:
            rec.update(kind[0])
            k = kind[1]
        else:
            k = _fill_row(rec, seg, post)
        pending = seg[k:]
        used = a + 1 + k
        if raws:
            rec["source"] = "\n".join(raws[first:used])
        records.append(rec)
    # Section rows after the last numbered row that hold their own units are its last tasks.
    section, rest = _section_rows(pending, post, records, tail=True)
    return records, used + len(pending) - len(rest)


_SCORE = re.compile(r"^\d{1,3}(?:\.\d)?\s*分?$")


def _row_anchors(cells: list[str], post: list[str | None], width: int, pre: int = 0) -> list[int]:
    """Indexes of the cells that are running row numbers: 1, 2, 3 …, or from any number when it is the first cell
    of the rows (after the pre cells left of the number column): a page of a longer table (24, 25, 26)."""
    limit = width + 10  # a row never holds more cells than the header, plus some for cells wrapped over lines
    anchors: list[int] = []
    expect = 1
    for k, c in enumerate(cells):
        if anchors and k - anchors[-1] > limit:
            break
        if not anchors and k > limit:
            break
        if not _NUMBER.match(c):
            continue
        n = int(c.rstrip(".、*＊"))
        if not anchors and n != expect and not any(_NUMBER.match(x) for x in cells[:k]):
            # Section rows (三、营商环境, or 三、 and its title) may stand before the page's first row.
            heads = [j for j, x in enumerate(cells[:k]) if _SECTION_ROW.match(x)]
            titled = sum(1 for j in heads if not _SECTION_ROW.sub("", cells[j]).strip() and j + 1 < k)
            if k - len(heads) - titled <= pre:
                expect = n  # the table's first row on this page
        # The next row number, or a later one where the source left rows out (本文有删减) once the row is full.
        if n == expect or (anchors and expect < n <= expect + 50 and k - anchors[-1] > len(post)):
            if anchors and _score_cell(cells, k, post, k - anchors[-1] - 1):
                continue
            if n != expect and (
                str(expect) in cells[k + 1 : anchors[-1] + limit + 1]
                or (
                    any(_SECTION_ROW.match(c) for c in cells[max(0, k - 2) : k])
                    # (only a table with a score column has scores: else it is the first row under the section
                    # rows, 四、…（共6项） then 五、…（共3项） then 21)
                    and any((r or "").startswith(_SCORE_COL) for r in post)
                )
            ):
                continue  # a score (a section row's own); the row number expected comes a few cells later
            anchors.append(k)
            expect = n + 1
    return anchors


def _section_rows(
    pending: list[str], post: list[str | None], records: list[dict[str, str]], tail: bool = False
) -> tuple[str, list[str]]:
    """(heading of the rows below, cells left) from the cells between two rows: section rows (一、 and its title,
    its score) are taken out; a section row holding its own unit cell becomes a task record of its own (appended
    to records). tail: cells after the last row, where only section rows with units are taken and the first other
    cell ends the table."""
    starts = [i for i, c in enumerate(pending) if _SECTION_ROW.match(c)]
    if not starts:
        return "", pending
    left = pending[: starts[0]] if not tail else []
    unit_role = next((r for r in post if r in ("lead", "resp", "support")), "resp")
    heading = ""
    for n, i in enumerate(starts):
        group = pending[i : starts[n + 1] if n + 1 < len(starts) else len(pending)]
        head, rest = group[0], group[1:]
        if not _SECTION_ROW.sub("", head).strip() and rest and not _NUMBER.match(rest[0]):
            head, rest = head + rest[0], rest[1:]  # 一、 on its line, its title on the next
        rest = [c for c in rest if not _SCORE.match(c)]
        units = [j for j, c in enumerate(rest) if _is_unitlike(c)]
        if units and units[-1] == len(rest) - 1 and len(rest) <= 12:
            first = units[0]
            while first and units and first - 1 in units:
                first -= 1
            title = _SECTION_ROW.sub("", head).strip()
            body = "".join(rest[:first])
            text = title + ("" if not body or title.endswith("。") else "。") + body
            records.append({"section": head, "task": text, unit_role: "、".join(rest[first:]), "own": "1"})
            heading = ""
            continue
        if tail:
            return "", pending[i:]
        heading = head
        left += rest if not tail else []
    return heading, [] if tail else left


def _fill_row(rec: dict[str, str], seg: list[str], post: list[str | None]) -> int:
    """Fill rec from a row's cells in column order; how many cells the row used.

    A unit or deadline column takes only a cell that looks like one (a merged cell is missing); a wrapped task or
    note cell runs on until the next column's kind of cell; a unit cell may hold one unit per line.
    """
    k = 0
    text = False  # a task or area cell of this row is taken
    for n_role, role in enumerate(post):
        if k >= len(seg):
            break
        after = post[n_role + 1] if n_role + 1 < len(post) else None
        short = len(seg) - k < len(post) - n_role  # fewer cells left than columns: some column has none
        if _column_left_blank(role, after, seg[k], text, short):
            continue  # a column with no cell in this row (全年目标任务 left blank): the cell is the next column's
        if role in _TEXT_ROLES:
            text = True
        skip = role is None or role.startswith("skip")
        if skip:
            k += 1
        elif role == "task" or _fits(role, seg[k]):
            rec[role] = seg[k]
            k = _unit_lines(rec, role, seg, k + 1, post[n_role + 1 :])
        if role == "task" or skip:
            k = _wrapped_pieces(rec, None if skip else role, seg, k, after)
    return k


def _column_left_blank(role: str | None, after: str | None, cell: str, text: bool, short: bool) -> bool:
    """The column has no cell in this row: the cell is clearly the next column's kind and not this one's, and this
    column is a second text column (text: one is taken), a people column, or a note where cells are short."""
    return (
        bool(after)
        and (
            (role in _TEXT_ROLES and text)
            or (role or "").startswith(_PERSON_COL)
            or (short and (role is None or role.startswith("skip")))
        )
        and not _kind_of(role, cell)
        and _kind_of(after, cell)
    )


def _unit_lines(rec: dict[str, str], role: str, seg: list[str], k: int, later: list[str | None]) -> int:
    """A unit cell holding one unit per line: the next lines from k are more units of it, unless a unit column
    follows (then they are that column's cell); the index after them."""
    while (
        role in ("lead", "resp", "support")
        and k < len(seg)
        and _is_unitlike(seg[k])
        and not re.search(r"[:：]", seg[k])  # 省牵头单位:X under the cell is a note on another level's lead
        and not {"lead", "resp", "support"} & set(later)
    ):
        rec[role] += "、" + seg[k]
        k += 1
    return k


def _wrapped_pieces(rec: dict[str, str], role: str | None, seg: list[str], k: int, nxt: str | None) -> int:
    """A task (or note) cell wrapped over several lines: its pieces from k run until the next column's kind of
    cell, joined onto the task (role) or dropped (a note, role None); the index after them."""
    while (
        nxt in ("lead", "resp", "support")
        and k < len(seg)
        and not _fits(nxt, seg[k])
        and any(_fits(nxt, c) for c in seg[k + 1 : k + 12])
    ):
        if role:
            rec[role] += seg[k]
        k += 1
    return k


_UNIT_ROLES = ("lead", "resp", "support")
_TEXT_ROLES = ("task", "area", "title")  # columns of words: the task's text, its area, its title
_MARKS = re.compile(r"[√✓✔×■□☑☐○●\s]+")


def _unit_cell(cell: str) -> bool:
    """A cell of a unit column: a unit list, not a label line (省牵头单位:X)."""
    return _is_unitlike(cell) and not re.search(r"[:：]", cell)


def _fill_by_kind(seg: list[str], post: list[str | None]) -> tuple[dict[str, str], int] | None:
    """(record, cells used) from a row's cells read by their kind, not their place; None without a unit cell.

    For rows whose cells do not line up with the header: a header cell over sub-columns (公开事项 over 一级事项 |
    二级事项), a merged cell shown only in its first row, an empty cell left out. The unit cells are found by what
    they are; the cells before them fill the columns left of the unit column from the right (a deadline column only
    with a deadline, a note column only with a cell to spare for the task), the leftmost text column taking what is
    left; several unit cells share the unit columns in order, the first column taking the extra lines.
    """
    units = [n for n, r in enumerate(post) if _is_unit_col(r)]
    if not units or not any(post[n] in _UNIT_ROLES for n in units):
        return None
    left = post[: units[0]]
    textcols = [n for n, r in enumerate(left) if r in _TEXT_ROLES or r is None]
    if not textcols:
        return None
    start = _first_unit_cell(seg, post, units[0])
    if start is None:
        return None
    rec: dict[str, str] = {}
    read = _left_by_place if start == len(left) and len(seg) == len(post) else _left_from_right
    picked = read(list(seg[:start]), left, textcols, rec)
    if not _task_from_texts(rec, picked, left, textcols):
        return None
    i = _units_by_kind(rec, seg, post, start, units)
    if not any(r in rec for r in _UNIT_ROLES):
        return None
    return rec, min(i, len(seg))


def _is_unit_col(role: str | None) -> bool:
    """A column of unit cells: the task's units, or a body's that is not the task's (评分部门)."""
    return role in _UNIT_ROLES or (role or "").startswith(_UNIT_SKIP)


def _first_unit_cell(seg: list[str], post: list[str | None], first_unit: int) -> int | None:
    """Where a row's unit cells start: its first unit cell after the first cell, or the unit column itself in a row
    that lines up (a place in its note column, 建设地点: 纸坊街道, is no unit cell)."""
    start = next((i for i in range(1, len(seg)) if _unit_cell(seg[i])), None)
    if (
        start is not None
        and len(seg) == len(post)
        and start + 1 < first_unit  # (other cells between: not a run of unit cells shifted by a missing cell)
        and (post[start] or "").startswith("skip")
        and _unit_cell(seg[first_unit])
        and not any(_unit_cell(c) for c in seg[start + 1 : first_unit])
    ):
        return first_unit
    return start


def _left_by_place(
    cells: list[str], left: list[str | None], textcols: list[int], rec: dict[str, str]
) -> dict[int, str]:
    """Text cells by column of a row that lines up with the header, its unit cell in the unit column: the cells
    before it are read by place (a year in a 建设时间 column is no deadline, yet it is that column's cell, not the
    task's)."""
    picked: dict[int, str] = {}
    for n, role in enumerate(left):
        if n in textcols:
            picked[n] = cells[n]
        elif role == "deadline" and _fits("deadline", cells[n]):
            rec["deadline"] = cells[n]
    return picked


def _left_from_right(
    cells: list[str], left: list[str | None], textcols: list[int], rec: dict[str, str]
) -> dict[int, str]:
    """Text cells by column from the cells before a row's unit cells, taken from the right: a deadline column
    takes only a deadline (into rec), a people column only names, a note column only a cell to spare for the task;
    the leftmost text column takes what is left."""
    picked: dict[int, str] = {}
    for n in range(len(left) - 1, -1, -1):
        if not cells:
            break
        role = left[n]
        if n == textcols[0]:
            if role == "area" and len(cells) > 1 and len(textcols) > 1 and textcols[1] in picked:
                # An area column over sub-columns (一级事项 | 二级事项): its first cell is the area, the others
                # (a second-level item, a cell wrapped over lines) open the task's text.
                nxt = textcols[1]
                picked[nxt] = "".join(cells[1:]) + "。" + picked[nxt]
                cells = cells[:1]
            picked[n] = "".join(cells)
            cells = []
        elif n in textcols:
            picked[n] = cells.pop()
        elif role == "deadline":
            if _fits("deadline", cells[-1]):
                rec["deadline"] = cells.pop()
        elif (role or "").startswith(_PERSON_COL):
            if _is_person(cells[-1]):
                cells.pop()
        elif len(cells) > 1:
            cells.pop()  # a note (依据, 单位 of measure, 目标) with a cell to spare for the task
            if (role or "").startswith(_SCORE_COL):
                _drop_wrapped_rule(cells, len([t for t in textcols if t < n]))
    return picked


def _drop_wrapped_rule(cells: list[str], texts_left: int) -> None:
    """A scoring rule wrapped over lines (…达95%以上 / 得满分，每降低1个百分点扣0.5分。): its first pieces end
    without a stop, and they are more cells than the text columns left of it (texts_left)."""
    while (
        len(cells) > texts_left
        and len(cells) > 1
        and not re.search(r"[。；;!！?？]$", cells[-1])
        and not re.search(r"[。；;]$", cells[-2])
    ):
        cells.pop()


def _joined(texts: list[str]) -> str:
    """Cells of one text run together, each closed with 。 unless it ends a sentence itself or is the last."""
    return "".join(t + ("" if t.endswith(("。", ";", "；", ".")) or t is texts[-1] else "。") for t in texts)


def _task_from_texts(rec: dict[str, str], picked: dict[int, str], left: list[str | None], textcols: list[int]) -> bool:
    """The area and the task's text into rec from the text cells picked; False when no text is left for the task."""
    texts = [picked[n] for n in sorted(picked) if left[n] != "area" and picked[n].strip()]
    if picked.get(next((n for n in textcols if left[n] == "area"), -1)):
        rec["area"] = picked[next(n for n in textcols if left[n] == "area")]
    if not texts:
        return False
    rec["task"] = _joined(texts)
    return True


def _units_by_kind(rec: dict[str, str], seg: list[str], post: list[str | None], start: int, units: list[int]) -> int:
    """Fill rec's unit and deadline columns from the cells from start on; the index after the cells used."""
    i = start
    for n in range(units[0], len(post)):
        if i >= len(seg):
            break
        role = post[n]
        if _is_unit_col(role):
            i += _take_units(rec, seg, i, post, n)
        elif role == "deadline":
            if _fits("deadline", seg[i]):
                rec.setdefault("deadline", seg[i])
                i += 1
        elif n > units[-1]:
            i += 1  # a column after the units (公开渠道, 备注): its cell, if any, belongs to this row
        elif not _unit_cell(seg[i]):
            i += 1  # a column between two unit columns (责任领导)
    return i


def _take_units(rec: dict[str, str], seg: list[str], i: int, post: list[str | None], n: int) -> int:
    """How many of the unit cells from i the unit column n takes (into rec when it is one of the task's): one,
    unless it is the last column of the task's units (牵头 one, 配合 the rest; 责任部门 the rest before a 评分部门)."""
    run = 0
    while i + run < len(seg) and _unit_cell(seg[i + run]):
        run += 1
    after = 0
    while n + 1 + after < len(post) and _is_unit_col(post[n + 1 + after]):
        after += 1
    real = [m for m in range(n + 1, n + 1 + after) if post[m] in _UNIT_ROLES]
    take = (1 if real else max(1, run - after)) if run else 0
    if take and post[n] in _UNIT_ROLES and post[n] not in rec:
        rec[post[n]] = "、".join(seg[i : i + take])
    return take


def _is_person(cell: str) -> bool:
    """A cell naming people (徐国江, 王 东, 张三、李四): short names of characters, no institution ending."""
    text = re.sub(r"\s+", "", cell)
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,4}(?:[、,，][\u4e00-\u9fff]{2,4})*", text)) and not _is_unitlike(text)


def _kind_of(role: str | None, cell: str) -> bool:
    """The cell is clearly of the kind the column holds (a unit list, a deadline, people's names); text columns
    and notes hold anything, so never clearly."""
    if role in ("lead", "resp", "support", "deadline"):
        return _fits(role, cell)
    return bool(role) and role.startswith(_PERSON_COL) and _is_person(cell)


def _rows_unnumbered(cells: list[str], post: list[str | None]) -> tuple[list[dict[str, str]], int]:
    """Rows of a table without a row-number column: filled one after another; a row without a unit cell ends it."""
    records: list[dict[str, str]] = []
    used = 0
    while used < len(cells) and len(records) < 2000:
        rec: dict[str, str] = {}
        k = _fill_row(rec, cells[used : used + len(post) + 3], post)
        if not k or not ({"lead", "resp", "support"} & rec.keys()):
            break
        records.append(rec)
        used += k
    return records, used


def _score_cell(cells: list[str], k: int, post: list[str | None], offset: int = -1) -> bool:
    """The number at k is a cell of the row (a score, 分值 2), not the next row's number.

    A row number is followed by the row's task cell; a score is followed by the row's unit cell or by the real row
    number (the same number again), or stands where the row's score column is (offset: its place in the row).
    """
    after = cells[k + 1] if k + 1 < len(cells) else ""
    if after == cells[k]:
        return True
    units = [j for j, r in enumerate(post) if r in ("lead", "resp", "support")]
    if 0 < offset < len(post) and (post[offset] or "").startswith("skip") and units and offset < units[-1]:
        return True  # a row number comes after the row's unit cells, not where its score column stands
    scored = any((r or "").startswith(_SCORE_COL) for r in post)  # (a task may end in 镇 too: 美丽城镇)
    return scored and post[0] == "task" and bool(after) and _is_unitlike(after)


def flatten_text_tables(text: str) -> str:
    """The text with every task table flattened into it (header row, then cells) replaced by task lines."""
    return flatten_tables(text)[0]


def flatten_tables(text: str) -> tuple[str, dict[int, str]]:
    """flatten_text_tables, and the lines that came from a table by number, each with its source (the row as the
    document writes it, where the table gave its rows as lines; else the line itself): each is one table row (or
    section row) whose cells may hold numbered points of their own (1.… 2.…), so it is never split at them."""
    lines = [piece for line in text.splitlines() for piece in _unjoined(line)]
    head = re.sub(r"[ \u3000\t]+", "", text[:200_000])  # letter-spaced header words (牵 头 单 位) too
    if len(lines) < 2 or not re.search(r"牵头|责任|配合|单位|部门|科室|序号|任务|事项", head):
        return text, {}
    out: list[str] = []
    rows: dict[int, str] = {}
    i = 0
    n = len(lines)
    while i < n:
        found = _record_at(lines, i) or _table_at(lines, i)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        end, table_lines = found
        for line, source in table_lines:
            rows[len(out)] = source
            out.append(line)
        i = end
    return "\n".join(out), rows


_JOIN_SEP = re.compile(r"[ \u3000\t|]+")
_MIN_JOINED_ROWS = 2  # a header and one number after it is no table stored on one line
_JOINED_HEAD_MAX = 12  # header cells of a joined table (a 序号 in running text has none after it)


def _joined_head(words: list[tuple[int, str, bool]], h: int) -> tuple[list[str], int] | None:
    """(header cells, index of the word after them) when words[h] is the number column's header of a table whose
    cells were joined by spaces, or None; each word is (offset, word, whether a | stands before it). Header words
    split by spaces are joined back as a single-space header's are (序 号, 任 务 名 称, 牵头 单位, 分管 领导), never
    across a |; a short word no header word names may stand before one that is (市政府 分管领导, as a wrapped cell);
    the header ends before the first other word, and must name the task (or area) column and one more."""
    out: list[str] = []
    first: list[int] = []  # the word index each cell starts at
    letters = False
    k = h
    while k < len(words) and len(out) <= _JOINED_HEAD_MAX:
        _, w, pipe = words[k]
        single = bool(_LETTER.fullmatch(w))
        if single and letters and not pipe:
            out[-1] += w
        elif out and not pipe and _HEAD_PREFIX.match(out[-1]) and _HEAD_SUFFIX.match(w):
            out[-1] += w
        else:
            if out and header_role(out[-1]) is None and not _plain_before_head(out[-1], w):
                break
            out.append(w)
            first.append(k)
        letters = single
        k += 1
    if out and header_role(out[-1]) is None:
        k = first.pop()
        out.pop()
    roles = [header_role(c) for c in out]
    if len(out) < 3 or roles[0] != "number" or "number" in roles[1:]:
        return None
    if not any(r in ("task", "area") for r in roles[1:]):
        return None
    return out, k


def _plain_before_head(cell: str, nxt: str) -> bool:
    """A short word in letters that no header word names, before one that is (市政府 分管领导)."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,6}", cell)) and header_role(nxt) is not None


_ROW_START_WITHIN = 40  # words between the header and the first row's number (a second header row, a section row)


def _joined_rows(line: str) -> list[str] | None:
    """A table stored on one line (a page pasted by a research corpus: its lines joined by spaces), or None: the
    line cut into the text before the table, the header and the rows, after a header that starts with the number
    column (序号 重点任务 牵头单位 …) and has a task column, where the rows' numbers count up from the first one
    after the header (1, 2, 3 …, or 24, 25 … in a part of a table). Cells split by | give one row per line (a row
    starts at its number); cells split by spaces (a table given one cell per line) give one cell per line again,
    for the one-cell-per-line reader."""
    if len(line) < 80 or not re.search(r"序\s?号|编\s?号|项\s?次", line):
        return None
    words, end = [], 0
    for m in re.finditer(r"[^ \u3000\t|]+", line):
        words.append((m.start(), m.group(), "|" in line[end : m.start()]))
        end = m.end()
    for h in range(len(words)):
        if words[h][1][0] not in "序编项":
            continue
        got = _joined_head(words, h)
        if got is None:
            continue
        cells, k = got
        near = [int(w) for _, w, _ in words[k : k + _ROW_START_WITHIN] if re.fullmatch(r"\d{1,4}", w)]
        if not near:
            continue
        first = 1 if 1 in near else near[0]  # (总分 100 before row 1 is a total, not a row)
        starts, want = [], first
        for at2, w2, _ in words[k:]:
            if w2.rstrip(".、") == str(want):
                starts.append(at2)
                want += 1
        if len(starts) < _MIN_JOINED_ROWS:
            continue
        at = words[h][0]
        before = line[:at].strip()
        by_cells = [*([before] if before else []), *cells, *(w for _, w, _ in words[k:])]
        if "|" not in line[at : starts[0]]:
            # Each word a cell on its line again (the header's as joined): the one-cell-per-line reader finds the
            # rows (a row number, a unit cell).
            return by_cells
        cuts = [at, starts[0], *starts[1:]]
        rows = [*([before] if before else []), line[at : starts[0]].strip()]
        rows += [line[a:b].strip() for a, b in zip(cuts[1:], [*cuts[2:], len(line)])]
        # Cells split by |: one row per line, unless no table is read so (a table given one cell per line, each
        # cell ending in |: 序号 | ⏎ 主要任务 | …), then one cell per line.
        return rows if _table_at(rows, len(rows) - len(starts) - 1) else by_cells
    return None


def _unjoined(line: str) -> list[str]:
    """A line as its lines were before a research corpus joined them, where it holds a table or records."""
    return _joined_rows(line) or _joined_pipe_rows(line) or _joined_records(line) or [line]


def _joined_pipe_rows(line: str) -> list[str] | None:
    """A table without a number column stored on one line, its cells split by | (专项整治行业名称 | 时间安排 |
    责任单位 | 烟花爆竹 | 1月份 | 安监站 |), or None: after a header of header words (a task column and a unit
    column among them) the cells are taken as rows of the header's width, up to the text after the last |; kept
    only when every row's unit cells hold units and a table is read from them."""
    if len(line) < 80 or line.count("|") < 6:
        return None
    parts = line.split("|")
    for i in range(len(parts) - 2):
        lead = parts[i].split()
        if not lead:
            continue
        head = [lead[-1]]
        j = i + 1
        while j < len(parts) - 1 and header_role(parts[j].strip()) is not None and len(head) < _JOINED_HEAD_MAX:
            head.append(parts[j].strip())
            j += 1
        cols = header_columns(head) if len(head) >= 2 and header_role(head[0]) is not None else None
        if not cols or not _has_units(cols) or not ({"task", "area"} & set(cols)):
            continue
        cells = [c.strip() for c in parts[j:-1] if c.strip()]
        width = len(head)
        if len(cells) < 2 * width:
            continue
        groups = [cells[k : k + width] for k in range(0, len(cells) - len(cells) % width, width)]
        units = [cols[r] for r in _UNIT_ROLES if r in cols]
        if not all(_is_unitlike(g[u]) for g in groups for u in units):
            continue  # a row that does not fill the header's width (a merged cell, a second header row)
        before = parts[i].rstrip()[: -len(lead[-1])].strip()
        rows = [" | ".join(g) + " |" for g in groups]
        rest = " | ".join(cells[len(cells) - len(cells) % width :])
        out = [*([before] if before else []), " | ".join(head) + " |", *rows]
        after = (rest + " " + parts[-1]).strip() if rest else parts[-1].strip()
        out += [after] if after else []
        return out if _table_at(out, 1 if before else 0) else None
    return None


# A key of a key-value line run into the next on one line: a few letters and a colon after a space or | (or at the
# start), never the end of a sentence (现将有关事项通知如下:).
_JOINED_KEY = re.compile(r"(?:(?<=[\s|])|^)([\u4e00-\u9fff]{2,12})\s*[:：]")


def _joined_records(line: str) -> list[str] | None:
    """Key-value records stored on one line (重点工作:… 牵头单位:… 完成时限:…), or None: the line cut before each
    key from the first task key on, when a unit key (牵头单位, 责任单位 …) follows it, for the record reader."""
    if len(line) < 80:
        return None
    keys = [m for m in _JOINED_KEY.finditer(line)]
    start = next((i for i, m in enumerate(keys) if _RECORD_TASK.match(m.group(1))), None)
    if start is None or not any(header_role(m.group(1)) in _UNIT_ROLES for m in keys[start + 1 :]):
        return None
    cuts = [m.start() for m in keys[start:]]
    before = line[: cuts[0]].strip()
    pieces = [line[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(line)])]
    return [*([before] if before else []), *pieces]


# A key-value row of a one-task record: `工作项目: | … |`, `| 牵头单位 | … |`, `牵头单位：…`.
_KEY_VALUE = re.compile(r"^\|?\s*([^\s:：|]{2,12})\s*(?:[:：]\s*\|?|\|)\s*(.*?)\s*\|?\s*$")


# The key that names a record's task (工作项目, 重点任务, 任务名称); 工作要求 / 工作目标 lines are prose.
_RECORD_TASK = re.compile(r"^(?:工作|重点|主要|具体|年度)?(?:项目|任务|工作|事项)(?:名称|内容|事项)?$")


def _record_at(lines: list[str], i: int) -> tuple[int, _Sourced] | None:
    """(index after the records, task lines) when line i opens tasks given as key-value records: a task key
    (工作项目, 工作任务 …) first, then a unit key (牵头单位, 责任单位 …) whose value is a unit list, one key per line;
    the task key again opens the next record. Other keys (工作计划, 落实情况) are left out. A task's source is its
    record's lines as written."""
    m = _KEY_VALUE.match(lines[i].strip())
    if not m or not _RECORD_TASK.match(m.group(1)) or not m.group(2):
        return None
    records: list[dict[str, str]] = []
    rec: dict[str, str] = {}
    k, end, start = i, i, i  # (start: the line that opened rec)
    while k < len(lines):
        s = lines[k].strip()
        if not s:
            k += 1
            continue
        m = _KEY_VALUE.match(s)
        role = header_role(m.group(1)) if m else None
        if not m or (role is None and not re.fullmatch(r"[\u4e00-\u9fff]{2,8}", m.group(1))):
            break  # not a key-value row (a key is a header word, or a few words no header list knows)
        value = m.group(2)
        if role in ("task", "area") and (k == i or rec.get("_units")) and value:
            if rec:  # the task key after a record's units opens the next record; before them (工作计划) it is text
                records.append(_with_source(rec, lines[start:k]))
            rec, start = {"task": value}, k
        elif role in ("lead", "resp", "support") and role not in rec and _is_unitlike(value):
            rec[role] = value
            rec["_units"] = "1"
        elif role == "deadline" and "deadline" not in rec and _fits("deadline", value):
            rec["deadline"] = value
        k += 1
        end = k
    if rec:
        records.append(_with_source(rec, lines[start:end]))
    records = [r for r in records if r.pop("_units", "")]
    if not records:
        return None
    return end, _emit(records)


def _with_source(rec: dict[str, str], lines: list[str]) -> dict[str, str]:
    """rec with its source: its non-empty lines as written."""
    rec["source"] = "\n".join(s for s in (line.strip() for line in lines) if s)
    return rec


def _cells_of(line: str) -> list[str]:
    """A row's cells: split at | when the line has pipes, else at tabs when it has tabs (a cell may hold double
    spaces then: ■政府网站  □政府公报), else at tabs or wide spaces."""
    line = line.strip()
    split = re.compile(r"\s*\|\s*") if line.count("|") >= 2 else re.compile(r"\t+") if "\t" in line else _CELL_SPLIT
    return [c.strip() for c in split.split(line) if c.strip()]


_LETTER = re.compile(r"[\u4e00-\u9fff]")
# A header word split by an inner space (牵头 单位, 分管 领导): a role word, then a bare column word.
_HEAD_PREFIX = re.compile(
    r"^(?:牵头|配合|责任|协办|主责|主办|分管|完成|参与|协同|负责|实施|落实|承办|具体|重点|主要|工作)$"
)
_HEAD_SUFFIX = re.compile(r"^(?:单位|部门|领导|时限|时间|任务|事项|内容|措施|科室|处室|主体)$")


def _spaced_header(line: str) -> list[str] | None:
    """The header cells of a header row whose cells are split by single spaces, or None: letter-spaced words
    (工 作 任 务) and words split by an inner space (牵头 单位) are joined; every cell must be a header word, one
    of them the task or row-number column, and at least three of them."""
    out: list[str] = []
    letters = False  # out[-1] is a run of single letters
    for w in line.split():
        single = len(w) == 1 and bool(_LETTER.fullmatch(w))
        if single and letters:
            out[-1] += w
        elif out and _HEAD_PREFIX.match(out[-1]) and _HEAD_SUFFIX.match(w):
            out[-1] += w
        else:
            out.append(w)
        letters = single
    if len(out) < 3 or not all(header_role(w) for w in out):
        return None
    return out if any(header_role(w) in ("task", "number") for w in out) else None


def _spaced_row(head: list[str]) -> Callable[[str], list[str]]:
    """A splitter for the rows of a single-space header: one word per column, an empty cell where two spaces
    stand together (a merged cell left empty: 2  严守…); beyond the header's width, a lone character after a word
    in the columns up to the task's is the end of that word wrapped by a narrow column (加强水资源保 护), and the
    other words beyond (spaces inside the task's text) are joined back into the task cell."""
    roles = [header_role(w) for w in head]
    task = next((j for j, r in enumerate(roles) if r == "task"), None)
    if task is None:
        task = next((j for j, r in enumerate(roles) if r == "area"), 1 if len(head) > 1 else 0)
    right = len(head) - task - 1

    def split(line: str) -> list[str]:
        words = re.split(r"[ \u3000]", line.strip()) if re.search(r"\S[ \u3000]{2,}\S", line) else line.split()
        if len(words) <= len(head):
            return words
        j = 2
        while len(words) > len(head) and j < len(words) - right:
            if _LETTER.fullmatch(words[j]) and words[j - 1] and not _NUMBER.match(words[j - 1]):
                words[j - 1 : j + 1] = [words[j - 1] + " " + words[j]]
            else:
                j += 1
        end = len(words) - right
        return [*words[:task], " ".join(words[task:end]), *words[end:]]

    return split


def _table_at(lines: list[str], i: int) -> tuple[int, _Sourced] | None:
    """(index after the table, task lines) when a task-table header starts at line i."""
    first = lines[i].strip()
    if not first or len(first) > 120:
        return None
    cells, split, numbered = _header_row(first)
    if len(cells) > 1 and _NUMBER.match(cells[0]):
        return None  # a row of a table (1 | 重点考核部门 | 县委农工部 | …), never its header
    if _is_row_header(cells):
        return _row_table(lines, i, cells, split, numbered)
    return _cell_table(lines, i)


def _header_row(first: str) -> tuple[list[str], Callable[[str], list[str]], bool]:
    """(header cells, the splitter of its rows, whether the rows start with their number) of a header line."""
    cells = _cells_of(first)
    words = _spaced_header(first) if len(cells) == 1 else None
    if words:
        # A header of header words split by single spaces: its rows are split so too, each row's extra words
        # (spaces inside the task's text) kept in the task cell.
        return words, _spaced_row(words), header_role(words[0]) == "number"
    return cells, _cells_of, False


def _is_row_header(cells: list[str]) -> bool:
    """The header of a table with one row per line: it names the task or row-number column, or, with three cells
    or more, is a whole task-table header (the task column may be named by an area word alone: 专项整治行业名称 |
    时间安排 | 责任单位)."""
    return len(cells) >= 2 and bool(
        any(header_role(c) in ("task", "number") for c in cells) or (len(cells) >= 3 and header_columns(cells))
    )


def _row_table(
    lines: list[str], i: int, cells: list[str], split: Callable[[str], list[str]], numbered: bool
) -> tuple[int, _Sourced] | None:
    """A table with one row per line under the header at line i, cells split by | / tabs / wide spaces; each
    task's source is its row's lines as written."""
    rows: list[list[str]] = []
    raws: list[str] = []  # each row's lines as written
    k = i + 1
    while k < len(lines):
        raw = lines[k].strip()
        row = split(raw)
        if not row or all(_MARKS.fullmatch(c) for c in row):
            k += 1  # (| √ |: the check marks of a row's last columns, wrapped onto lines of their own)
            continue
        if rows and _runs_on(rows[-1], row, raw, len(cells)):
            _run_on(rows[-1], row, raw)
            raws[-1] += "\n" + raw
            k += 1
            continue
        if len(row) < 2 or (numbered and not _NUMBER.match(row[0])):
            break  # a line of text after the table (a spaced table's rows each start with their number)
        rows.append(row)
        raws.append(raw)
        k += 1
    result = _row_lines([cells, *rows], [lines[i].strip(), *raws]) if rows else None
    return (k, result) if result else None


def _runs_on(last: list[str], row: list[str], raw: str, width: int) -> bool:
    """The line continues the row above, broken over lines by a cell holding a line break: it is no new numbered
    row, and the row above has fewer cells than the header and has not reached its unit cell yet."""
    return (
        "|" in raw
        and not _NUMBER.match(row[0])
        and bool(_NUMBER.match(last[0]))
        and len(last) < width
        and len(last) + len(row) <= width + 1
        and not any(_unit_cell(c) for c in last[1:])
        and not _HEADING.match(row[0])
    )


def _run_on(last: list[str], row: list[str], raw: str) -> None:
    """Join a row's continuation line onto it: a line opening with | starts a new cell, else its first piece ends
    the row's last cell."""
    if raw.startswith("|"):
        last.extend(row)
    else:
        last[-1] += row[0]
        last.extend(row[1:])


def _cell_table(lines: list[str], i: int) -> tuple[int, _Sourced] | None:
    """A table with one cell per line: header cells from line i, then the cells until 附件N or the next table's
    header; the row numbers decide where rows start and the last row where the table ends (text follows)."""
    head, k = _cell_header(lines, i)
    if len(head) < 2:
        return None
    cols = header_columns(head)
    if cols is None:
        return None
    cells = _cells_after(lines, k)
    head, cols = _number_first(head, cols)
    records, used = _cells_rows([c for _, c in cells], cols, len(head), [lines[m].strip() for m, _ in cells])
    emitted = _emit(records)
    if not emitted:
        return None
    end = cells[used - 1][0] + 1 if used else k
    return end, emitted


def _cell_header(lines: list[str], i: int) -> tuple[list[str], int]:
    """(header cells, index after them) of a header given one cell per line from line i: short lines, skipping
    blank and "|" lines, until a line that is no header cell."""
    head: list[str] = []
    k = i
    while k < len(lines) and len(head) < 20:
        s = lines[k].strip()
        if not s or s == "|" or set(s) <= {"|", "-", " ", "+"}:
            k += 1
            continue
        if len(_head_text(s.strip("| "))) > _HEAD_MAX or _NUMBER.match(s) or _HEADING.match(s):
            break  # 二、任务分工 above a table is the document's heading, not a header cell
        if header_role(s.strip("| ")) is not None:
            head.append(s.strip("| "))
            k += 1
            continue
        found = _unnamed_head_cell(lines, k, head)
        if found is None:
            break
        cell, k = found
        head.append(cell)
    return head, k


def _unnamed_head_cell(lines: list[str], k: int, head: list[str]) -> tuple[str, int] | None:
    """(header cell, index after it) for a line k no header word names, or None where the header ends: the task
    column's header after 序号 (民生实事), a cell wrapped by a narrow column (责任 / 单位) read as one word over two
    lines, or a column no header word names between two that do (年度投资金额)."""
    s = lines[k].strip()
    if head and header_role(head[-1]) == "number" and _plain_head([s], 0):
        return s, k + 1
    k2 = next((j for j in range(k + 1, min(k + 3, len(lines))) if lines[j].strip() not in ("", "|")), None)
    after = lines[k2].strip().strip("| ") if k2 is not None else ""
    word = s.strip("| ") + after
    # Two whole cells (建设地点 / 建设时间), not one wrapped (市政府 / 分管领导, 责任 / 单位).
    whole = header_role(after) is not None and min(len(_head_text(after)), len(_head_text(s))) >= 4
    if k2 is not None and len(_head_text(word)) <= 8 and len(_head_text(s)) <= 4 and head and header_role(word):
        if not whole:
            return word, k2 + 1
    if head and whole and _plain_cell(s) and not _NUMBER.match(after) and not _HEADING.match(after):
        return s.strip("| "), k + 1
    return None


def _cells_after(lines: list[str], k: int) -> list[tuple[int, str]]:
    """(line index, cell) of the cells from line k until 附件N or the next table's header."""
    cells: list[tuple[int, str]] = []
    for m in range(k, len(lines)):
        s = lines[m].strip().strip("|").strip()
        if s and (re.match(r"^附件\s*\d", s) or (len(s) <= _HEAD_MAX and _next_is_header(lines, m))):
            break
        if s:
            cells.append((m, s))
    return cells


def _number_first(head: list[str], cols: dict[str, int]) -> tuple[list[str], dict[str, int]]:
    """A row number's header cell stored after the unit column (a header cell spanning two header rows, read with
    the second row) is put first again: the rows still start with their number."""
    units = [cols[r] for r in _UNIT_ROLES if r in cols]
    if cols.get("number", 0) <= min(units):
        return head, cols
    j = cols["number"]
    head = [head[j], *head[:j], *head[j + 1 :]]
    return head, header_columns(head) or cols


def _plain_cell(cell: str) -> bool:
    """A short header cell in words (年度投资金额 (万元)): no sentence, no number of a row."""
    text = _head_text(cell.strip("| "))
    return 2 <= len(text) <= 10 and not re.search(r"[。;；,，:：]", text) and not _NUMBER.match(text)


def _next_is_header(lines: list[str], m: int) -> bool:
    """A header cell here starts a new table (several header cells in a row)."""
    got = []
    for s in lines[m : m + 12]:
        s = s.strip().strip("|").strip()
        if not s:
            continue
        if header_role(s) is None:
            break
        got.append(s)
    return len(got) >= 2 and header_columns(got) is not None
