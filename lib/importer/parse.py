"""Parse the text of a task-division plan (任务分工方案) into tasks, units, phases and review warnings.

The text is read line by line. Every line that starts with a list marker (一、 （一） 1. （1） ①) opens a
block; the marker kind that most often carries a unit bracket is the task level, the nearest heading above a task is
its area, and only top-level sections that contain unit brackets yield tasks (目标, 安排, 保障 do not).
All patterns are linear (no nested quantifiers), so megabytes of text parse quickly and never hang.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from lib import vocabulary
from lib.i18n import both
from lib.importer.deadlines import deadline_iso, is_deadline
from lib.importer.errors import DocumentError
from lib.importer.grammar import RANK, Numbering, lost_breaks, match_marker, paragraph_gaps, split_running
from lib.importer.milestones import Block, document_year, find_milestones
from lib.importer.phases import PHASE_COLUMNS, find_phases
from lib.importer.plan import plan_facts
from lib.importer.script import Restorer, simplified_copy, without_glosses
from lib.importer.tables_text import flatten_tables
from lib.importer.units import (
    _BOILERPLATE_RE,
    _PAIR,
    _STRIP,
    CLOSE,
    LEAD_RULE,
    OPEN,
    category,
    clean_unit,
    find_variants,
    is_collective,
    resolve,
    split_span_units,
)
from lib.textsafe import INVISIBLE

TASK_COLUMNS = [*vocabulary.TASK_COLUMNS, "lead_inferred"]  # lead_inferred: written only when some lead is
# Optional task columns: the deadline as written and, where it is a date, as YYYY-MM-DD (empty otherwise).
DEADLINE_COLUMNS = list(vocabulary.TASK_OPTIONAL_COLUMNS)
UNIT_COLUMNS = list(vocabulary.UNIT_COLUMNS)
WARNING_KINDS = ("no_units", "variant_name", "inferred_lead", "collective", "units_outside_tasks")
SEP = vocabulary.SEP


@dataclass
class ImportWarning:
    """Something a person should check before using the imported data."""

    task_id: str
    kind: str
    message_zh: str
    message_en: str
    value: str = ""


@dataclass
class ImportResult:
    """Tasks, units and phases frames (dataset columns) plus warnings and each task's source text.

    phases holds the dated phases (kind phase); milestones the dated steps of the schedule and follow-up sections
    (kind milestone, same columns). phases.csv is both, phases first (see lib.importer.output.dataset_frames).
    """

    tasks: pd.DataFrame
    units: pd.DataFrame
    phases: pd.DataFrame
    warnings: list[ImportWarning] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    milestones: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PHASE_COLUMNS))
    plan: dict[str, str] = field(default_factory=dict)  # title, doc_number, issuer, issued (plan.csv)
    # task_id, deadline_text (as written), deadline (YYYY-MM-DD or ""): one row per task that states a deadline
    deadlines: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["task_id", *DEADLINE_COLUMNS]))


def tasks_with_deadlines(result: ImportResult) -> pd.DataFrame:
    """result.tasks with the optional deadline_text and deadline columns, or unchanged when no task has one."""
    if result.deadlines is None or not len(result.deadlines):
        return result.tasks
    extra = result.deadlines.set_index("task_id")
    out = result.tasks.copy()
    for col in DEADLINE_COLUMNS:
        out[col] = out["task_id"].map(extra[col]).fillna("")
    return out


# --- text normalisation -------------------------------------------------------------------------------------

# Full-width ASCII (（ ）：；，１．) becomes half-width so both forms of a document give identical output; the
# shipped dataset uses half-width. 、 。 “ ” 〔 〕 are not in that block and stay as they are.
_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF.update(
    {
        0x3000: " ",
        0xA0: " ",
        # Small form variants (﹒ ﹐ ﹔ ﹕ ﹙ ﹚ …), which some sites print for the ordinary marks: 1﹒ is a list marker.
        0xFE50: ",",
        0xFE51: "、",
        0xFE52: ".",
        0xFE54: ";",
        0xFE55: ":",
        0xFE56: "?",
        0xFE57: "!",
        0xFE59: "(",
        0xFE5A: ")",
        0xFE5D: "〔",
        0xFE5E: "〕",
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0xFEFF: None,
        0x2060: None,
    }
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PAGE_NUMBER = re.compile(r"[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?")

# Marker kinds, their nesting and how running text splits into segments live in lib.importer.grammar.
_RANK = RANK
_OPEN_OF = {c: o for o, c in zip(OPEN, CLOSE)}
# Zero-width and direction controls are removed before anything else (names must not hide characters); the
# loader applies the same rule (lib.textsafe.clean_text_name).
_INVISIBLE = INVISIBLE

# --- unit labels ----------------------------------------------------------------------------------------

_ROLE_WORD = vocabulary.ending_pattern(vocabulary.LEAD_WORDS, vocabulary.SUPPORT_WORDS, vocabulary.RESP_WORDS)
_ROLE_LABEL = rf"(?:具体|主要|其他|共同|相关|直接)?{_ROLE_WORD}{{1,2}}(?:单位|部门)"
# The last character of a unit's name (…市发改委责任单位: — a label may follow it directly).
_END_CHAR = vocabulary.ending_chars(vocabulary.INSTITUTION_ENDINGS, vocabulary.PLACE_ENDINGS)
_SKIP_LABEL = (
    r"(?:责任|牵头|分管|联系|包保)?领导|责任人|联系人|完成(?:时限|时间)|时间(?:节点|要求|安排)"
    r"|时限(?:要求)?|工作时限|完成期限|办结时限|进度(?:安排|要求)|督办(?:单位|部门)"
    r"|(?:适用|实施|推广|试点)范围|备注|说明|考核方式|分值|资金来源|数据来源|工作目标|预期成效"
)
# A label follows a separator, or directly a unit name's last character (…市发改委责任单位:); never the
# middle of a name, so 各项目牵头单位 is a unit, not a label.
# 部门分工: X牵头,各地、各部门配合 — a label whose list says the roles with verbs.
_DIVISION_LABEL = r"(?:部门|责任|职责|任务)分工"
# A label naming units and people together (责任单位及责任人, 责任领导和责任单位): its list's units count, its people
# (张三, 局长 李四, 市发改委(张三)) do not.
_PEOPLE_WORD = r"(?:(?:责任|牵头|分管|联系|包保)?领导|责任人|负责人|联系人)"
_MIXED_LABEL = rf"(?:{_PEOPLE_WORD}(?:及|和|与|/|、){_ROLE_LABEL}|{_ROLE_LABEL}(?:及|和|与|/|、)(?:其)?{_PEOPLE_WORD})"
_NAME_END = vocabulary.ending_pattern(vocabulary.INSTITUTION_ENDINGS, vocabulary.PLACE_ENDINGS, vocabulary.GROUP_ENDINGS)
_LABELS = rf"(?:{_MIXED_LABEL}|{_ROLE_LABEL}|{_DIVISION_LABEL}|{_SKIP_LABEL})"
# What follows a label's colon when it lists units: a first name ending as a unit's does, then a separator, a
# bracket (the next item's marker), another label or the end (…责任单位:区发展和改革局(二)…).
_NAMES_NEXT = rf"\s*[^,。;:、()]{{1,24}}?{_NAME_END}(?:[、,。;()]|$|{_LABELS})"
# The division label glued on (…林克庆部门分工:省发展改革委牵头,…) needs a unit and its role's verb after it: 明确部门
# 分工:各部门要各司其职 is a heading's words.
_DIVISION_NEXT = rf"\s*[^,。;:、()]{{1,24}}?{_NAME_END}(?:牵头|负责|主抓|配合)"
# A label glued to a verb is the verb's object, no label (报送牵头单位:每月…, 反馈给牵头部门:按季度…, 上报, 提交).
_OBJECT_VERB = "报送交给向至馈"
# …or anywhere with its colon, in text that lost its line breaks (…增长7%以上责任单位:区发展和改革局), when unit
# names follow it. The division label (明确部门分工:各部门要…) is a heading's words there, never glued.
_LABEL_RE = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[{_END_CHAR}])|(?<![{_OBJECT_VERB}])(?=(?:{_MIXED_LABEL}|{_ROLE_LABEL})\s*:{_NAMES_NEXT})"
    rf"|(?<![{_OBJECT_VERB}])(?={_DIVISION_LABEL}\s*:{_DIVISION_NEXT})|(?={_SKIP_LABEL}\s*:))"
    rf"(?P<label>{_MIXED_LABEL}|{_ROLE_LABEL}|{_DIVISION_LABEL}|{_SKIP_LABEL})"
    rf"(?:\s*:|(?<=单位|部门)(?:为|是)(?=[^,。;:、()]{{1,24}}?{_NAME_END}(?:[、,。;)]|$)))"
)  # 责任单位为X、Y。 / 牵头单位是X,配合单位是Y: a unit label with 为 or 是 in place of the colon, before a unit's name
_UNIT_LABEL = re.compile(rf"(?:{_MIXED_LABEL}|{_ROLE_LABEL}|{_DIVISION_LABEL})\s*:")  # a label naming units
_LABEL_LINE = re.compile(rf"[(\[【]?\s*(?:{_MIXED_LABEL}|{_ROLE_LABEL}|{_DIVISION_LABEL}|{_SKIP_LABEL})\s*:")
_VERB_END = re.compile(
    r"(?:牵头负责|牵头落实|牵头|主抓|共同负责|具体负责|负责落实|负责实施|负责|组织实施|指导落实|督促指导|指导"
    r"|抓好落实|具体落实|落实|承办|配合落实|配合|参与|协同|协助|协办|参加)$"
)
# A standing note inside a bracket (以下均需试点城市政府落实,不再列出) names no unit of this task.
_STANDING_NOTE = re.compile(
    r"^(?:以下|以上|下同|上述|此后|后同|具体任务|各项任务|所有任务|本方案各项)"
    r"|不再(?:逐项|一一|重复|单独|另行|分别)?(?:列出|列明|标注|注明|做分工|分工|列举|罗列)"
)
# After 按职责分工 whatever short word follows is the verb, also where a mirror's synonym spinner replaced 负责.
_DUTY_VERB = re.compile(
    r"(?:按照|按|根据|依据)(?:各自)?(?:职责分工|职能分工|职责|职能)(?:分别)?(?:负责|落实|抓好落实|组织实施|[\u4e00-\u9fff]{1,2})$"
)
# A role word damaged or replaced by a synonym (牵头卖力 for 牵头负责; 市发改委卖力 for 市发改委负责): a known verb
# with a short word after it, or a short word right after an institution's ending that no name continues with.
_SPUN_VERB = re.compile(
    r"(?:牵头|负责|配合|参与|协助|协办|协同|落实)[\u4e00-\u9fff]{1,2}$"
    r"|(?:(?<=[局委厅院府])|(?<=中心)|(?<=办公室))(?![部单机系企学医等各有相及和与直属下所分科处室中站队组团])"
    r"[\u4e00-\u9fff]{2}$"
)
_LEAD_VERB = vocabulary.LEAD_WORDS
_SUPPORT_VERB = vocabulary.SUPPORT_WORDS
_INSTITUTION_END = re.compile(vocabulary.ending_pattern(vocabulary.INSTITUTION_ENDINGS) + "$")
_UNIT_END = re.compile(vocabulary.ending_pattern(vocabulary.INSTITUTION_ENDINGS, vocabulary.PLACE_ENDINGS) + "$")
# A collective read from running text must also end as one (各乡镇, 各有关部门, 所有成员单位): 各环节, 所有项目,
# 各项工作 say where or what, not who.
_COLLECTIVE_TAIL = re.compile(r"(?:部门|单位|机构|政府|管委会|党委|党工委|办事处|企业|组织|[县区市州镇乡]|乡镇|街道|[局委办厅])$")
# A clause of a sentence, not a name: its words say what is done (各县区要按照要求, 此产生的费用由项目单位).
_SENTENCE_WORDS = re.compile(r"的|(?<!自)由|要|须|应当|必须|按照|认真|抓紧")
_NOT_UNITS = re.compile(r"(?:含|包括|不含|即|如|例如|简称|以下简称|下称|详见|见|其中|主要|包含|注)")
# Headings that only hold tasks (二、重点任务) rather than name an area of them.
_GENERIC_AREAS = set(
    "工作任务 主要任务 重点任务 任务分工 具体任务 工作措施 主要措施 具体措施 重点工作 主要工作 任务清单 "
    "工作任务及分工 重点任务及分工 主要任务及分工 任务及分工 责任分工 工作分工 职责分工 重点工作任务 "
    "主要工作任务 重点任务分工 主要任务分工 工作举措 主要举措".split()
)

Entry = tuple[str, str, bool]  # (role: lead | resp | support, unit name, carried a （牵头） mark)


@dataclass
class _Block:
    kind: str | None
    head: str  # first line after the marker, half-width
    line: str  # first line with the marker
    lines: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    orig: list[str] = field(default_factory=list)
    closed: bool = False
    task_id: str = ""  # the id of the task this block begins, once read
    piece_of: _Block | None = None  # a prose measure's later sentence cut from this block: numbered after it


def _join(parts: list[str]) -> str:
    """Concatenate wrapped lines: Chinese needs no space, but two Latin words do."""
    out = ""
    for p in parts:
        if out and p and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


def _marker(line: str) -> tuple[str | None, int]:
    return match_marker(line, 0)


# Markdown decoration of text kept in notes or research corpora: a bullet or heading mark before a line's marker
# (- **(一) 标题**), and bold marks anywhere. Plans themselves never write them.
_MARKDOWN = re.compile(r"^\s*(?:[-*+•]\s+|#{1,6}\s+|>\s+)+|\*\*")


def _segments(text: str, whole: Mapping[int, str] = MappingProxyType({})):
    """(half-width line, original text) per segment: lines, split again at paragraph gaps and running markers.

    Lines numbered in whole (table rows) are one segment each, their original text the row as the document writes
    it (whole[n], from tables_text.flatten_tables)."""
    numbering = Numbering()
    length = len(text.strip())
    for n, raw in enumerate(text.splitlines()):
        raw = _MARKDOWN.sub("", _INVISIBLE.sub("", raw))
        line = raw.translate(_HALF)  # same length as raw: the characters _HALF deletes are gone already
        if len(line) != len(raw) or n in whole:  # never expected / a table row; the line as a whole
            split_running(line, numbering)  # its own marker still counts in the numbering
            yield line.strip(), whole.get(n, raw).strip()
            continue
        bounds = [0]
        for s, e in paragraph_gaps(line):
            bounds += [s, e]
        bounds.append(len(line))
        flat = lost_breaks(line, length)
        for i in range(0, len(bounds), 2):
            a, b = bounds[i], bounds[i + 1]
            piece = line[a:b]
            cuts = [0, *split_running(piece, numbering, flat), len(piece)]
            for c0, c1 in zip(cuts, cuts[1:]):
                seg = piece[c0:c1].strip()
                if seg:
                    yield seg, raw[a + c0 : a + c1].strip()


def _blocks(text: str, whole: Mapping[int, str] = MappingProxyType({})) -> tuple[list[_Block], list[tuple[str, str]]]:
    """Marker blocks of the text, and every (head, continuation) pair for the phase finder; lines in whole are
    never split (table rows)."""
    blocks: list[_Block] = [_Block(None, "", "")]
    # Paragraphs after a closed task: closing remarks, or (when they end in a unit bracket of their own) an
    # unnumbered task of the same level, as plans list further measures under one numbered item.
    pending: list[tuple[str, str]] = []
    label_open = False
    for line, orig in _segments(text, whole):
        if not line or _PAGE_NUMBER.fullmatch(line):
            continue
        kind, end = _marker(line)
        was_label, label_open = label_open, False
        cur = blocks[-1]
        if kind is not None:
            pending = []
            cur = _Block(kind, line[end:].strip(), line, orig=[orig])
            blocks.append(cur)
            check = cur.head
        elif _LABEL_LINE.match(line):
            pending = []
            cur.labels.append(line)
            cur.orig.append(orig)
            cur.closed = True
            label_open = True
            continue
        elif was_label and _wrapped_label(cur.labels[-1], line):
            cur.labels[-1] += line  # a label line wrapped by the page width (PDF text)
            cur.orig[-1] += orig
            label_open = True
            continue
        elif cur.closed:
            if cur.kind is not None:
                pending.append((line, orig))
                if _unnumbered_item(blocks, cur.kind, pending):
                    pending = []
            continue
        else:
            cur.lines.append(line)
            cur.orig.append(orig)
            # A bracket wrapped over lines (PDF text) closes on this line; a few lines back is enough to see it.
            check = _join([cur.head, *cur.lines[-4:]][-4:])
        # A line ending in a unit bracket ends the task: prose after it (closing remarks) is not description.
        if check.endswith((")", "]", "】", ")。", "]。", "】。")) and _trailing_units(check.rstrip("。")):
            cur.closed = True
    phase_lines = [(b.head, _join(b.lines)) for b in blocks]
    return blocks, phase_lines


_OPEN_LABEL = re.compile(rf"[(\[【〔]\s*(?:{_ROLE_LABEL})\s*:[^()\[\]【】〔〕]{{2,200}}$")


def _lost_close(text: str) -> bool:
    """text ends in a unit label bracket whose closing bracket was lost ((责任单位:区国资委、区财政局 …)."""
    m = _OPEN_LABEL.search(text[-260:])
    return m is not None and _parse_labeled(m.group()[1:]) is not None


def _unnumbered_item(blocks: list[_Block], kind: str, pending: list[tuple[str, str]]) -> bool:
    """Paragraphs after a closed task that end in a unit bracket of their own (or one that lost its closing
    bracket) are an unnumbered task of the same level: appended to blocks, True."""
    check = _join([p for p, _ in pending[-4:]])
    closes = check.endswith((")", "]", "】", "〕", ")。", "]。", "】。", "〕。")) and _trailing_units(check.rstrip("。"))
    if not (closes or _lost_close(check)):
        return False
    head, *more = pending
    blocks.append(_Block(kind, head[0], head[0], [p for p, _ in more], orig=[o for _, o in pending], closed=True))
    return True


def _wrapped_label(label: str, line: str) -> bool:
    """line continues a label line cut by the page width: the label ended mid-list, the line is a list's end."""
    if label.endswith(("。", ")", "]", "】", ";")) or len(label) < 16 or len(line) > 60 or "。" in line[:-1]:
        return False
    return label.endswith(("、", ",")) or line.startswith(("、", ",")) or bool(_LIST_TAIL.match(line))


def _trailing_units(line: str) -> bool:
    groups = _bracket_groups(line)
    if not groups:
        return False
    s, e = groups[-1]
    inner = line[s + 1 : e - 1] if line[e - 1] in CLOSE else line[s + 1 : e]
    if _parse_labeled(inner) is not None or _parse_verbs(inner) is not None:
        return True
    # A bare list closes a task where _bracket_spans reads one: a sentence of its own, or a 〔〕/【】 span; a word in
    # brackets ending a sentence's piece (住所(经营场所)) is prose.
    before = line[:s].rstrip()
    own = not before or before.endswith(("。", ";", *_QUOTE_END)) or line[e - 1] in "〕】"
    return own and _parse_bare(inner) is not None


def _bracket_groups(text: str) -> list[tuple[int, int]]:
    """Outermost matched bracket pairs as (start, end); unmatched brackets are ignored.

    A stray 〕 or 】 (a damaged copy that lost the span's opening) closes a group that starts at the last separator
    before it (…,各市政府〕): whether that group lists units is for the span readers to say."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    sep = -1
    for i, ch in enumerate(text):
        if ch in _PAIR:
            stack.append((_PAIR[ch], i))
        elif ch in CLOSE:
            # Pop back to the matching opener, dropping unclosed ones inside it; a stray closer is skipped.
            for k in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
                if stack[k][0] == ch:
                    pairs.append((stack[k][1], i + 1))
                    del stack[k:]
                    break
            else:
                if ch in "〕】" and not stack and 0 <= sep and i - sep <= 120:
                    pairs.append((sep, i + 1))
                sep = i
        elif ch in ",;。:" and not stack:
            sep = i
    pairs.sort()
    out: list[tuple[int, int]] = []
    for s, e in pairs:
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


def _split_top(text: str, seps: str) -> list[str]:
    parts, buf, depth = [], [], 0
    for ch in text:
        if ch in _PAIR:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif not depth and ch in seps:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return parts


# A bracket glued to a list that states a rule or a note (…、市科协(排在首位的为牵头单位), 市卫健委(除标注“分别牵头”外,
# 列第一位为牵头或汇总单位,下同)) is not part of a name. The look-ahead stops at the next bracket: linear.
_NOTE_BRACKET = re.compile(
    r"\((?=[^()]*(?:牵头单位|牵头部门|为牵头|下同|以下|不再|除标注|不分先后|汇总单位|排名))[^()]*\)"
)
_LONG_PROSE = 15
# The rest of a wrapped unit list: short pieces joined by 、 (委、各街道党工委), nothing like a sentence.
_LIST_TAIL = re.compile(
    r"^[^,。;:]{1,20}(?:、[^,。;:、]{2,30})+。?$"
)  # a list token longer than this without an institution ending is prose, not a unit


def _names(text: str, strict: bool = False) -> list[tuple[str, bool]]:
    """Unit names of a list; strict (label lists): a long token that is not a name ends the list."""
    out = []
    for tok in split_span_units(_NOTE_BRACKET.sub("", text)):
        name, mark = clean_unit(tok)
        if not name:
            continue
        if strict and len(name) > _LONG_PROSE and not (_UNIT_END.search(name) or is_collective(name)):
            break
        out.append((name, mark))
    return out


# A person in a mixed label's list: a short name with no institution's ending, maybe after a title (局长 张三 /
# 副局长张三), or in brackets after the unit (市发改委(张三)).
_TITLE = r"(?:主任|局长|书记|部长|主席|处长|科长|镇长|乡长|县长|区长|市长|所长|站长|院长|队长|行长|经理|秘书长|同志)"
_PERSON = re.compile(rf"^(?:[\u4e00-\u9fff]{{0,6}}{_TITLE})?[\u4e00-\u9fff·]{{2,4}}$|^[\u4e00-\u9fff]{{0,4}}{_TITLE}$")
_PERSON_BRACKET = re.compile(r"\(([^()]{1,16})\)")


def _is_person(name: str) -> bool:
    """A person's name (maybe with a title) that no institution's ending makes a unit."""
    return bool(_PERSON.match(name)) and not _UNIT_END.search(name)


def _without_people(seg: str) -> str:
    """A mixed label's list without its people: bracketed names after a unit, and names standing alone."""
    seg = _PERSON_BRACKET.sub(lambda m: "" if all(_is_person(p) for p in split_span_units(m[1])) else m[0], seg)
    return "、".join(t for t in split_span_units(seg) if not (_is_person(t) and not is_collective(t)))


def _label_entries(role: str, seg: str, people: bool = False) -> list[Entry]:
    """The entries of one label's list: up to a full stop, standing notes dropped, verbs inside it read; people
    dropped from a label that names them too."""
    seg = _NOTE_BRACKET.sub("", seg).split("。", 1)[0]
    seg = ",".join(_clauses_without_notes(seg))
    if people:
        seg = _without_people(seg)
    if role == "resp":
        verbs = _parse_verbs(seg)  # 责任单位:市人社局、市农业农村局分别牵头
        if verbs is not None:
            return verbs
    # 牵头单位:县商务局主抓 — the label already says the role; a role verb after the name is no part of it.
    names = [
        (_VERB_END.sub("", n) if len(_VERB_END.sub("", n)) >= 2 else n, mark) for n, mark in _names(seg, strict=True)
    ]
    first = names[0][0] if names else ""
    if len(first) >= _PROSE_NAME and not (re.search(_NAME_END, first) or is_collective(first)):
        return []  # 责任单位:要按时报送材料 / 直接责任单位:对照问题清单逐项整改到位: a sentence, no unit's name
    return [(role, n, mark) for n, mark in names]


_PROSE_NAME = 7  # a label list's first token this long with no unit's ending anywhere in it is a sentence


def _label_role(label: str) -> str | None:
    if re.fullmatch(_MIXED_LABEL, label):
        label = re.search(_ROLE_LABEL, label).group()  # the units' part says the role
    if re.search("时限|时间|节点|期限", label):
        return "deadline"
    if re.search("领导|责任人|联系人|进度|督办|范围|备注|说明|考核|分值|来源|目标|成效", label):
        return None
    if re.search("|".join((*vocabulary.LEAD_WORDS, "主要责任")), label):
        return "lead"
    if re.search("|".join((*vocabulary.SUPPORT_WORDS, "其他")), label):
        return "support"
    return "resp"


@functools.lru_cache(maxsize=4096)  # one bracket is read by several passes
def _parse_labeled(content: str) -> tuple[Entry, ...] | None:
    """牵头单位:X;责任单位:Y、Z (any separators between labels); None when there is no unit label."""
    ms = list(_LABEL_RE.finditer(content))
    if not any(_label_role(m["label"]) in ("lead", "resp", "support") for m in ms):
        return None
    out: list[Entry] = []
    pre = content[: ms[0].start()].strip(_STRIP + "([【")
    if pre:
        out += _parse_verbs(pre) or []
    for i, m in enumerate(ms):
        role = _label_role(m["label"])
        if role is None:
            continue
        end = ms[i + 1].start() if i + 1 < len(ms) else len(content)
        if role == "deadline":
            when = content[m.end() : end].strip(_STRIP + ")]】")
            if when:
                out.append(("deadline", when, False))
            continue
        seg = content[m.end() : end]
        if not m.group().endswith(":"):
            seg = re.split(r"[,;。]", seg, maxsplit=1)[0]  # 责任单位是各级政府,要切实履行职责: the list ends at its clause
        out += _label_entries(role, seg, people=bool(re.fullmatch(_MIXED_LABEL, m["label"])))
    return tuple(out)


def _clauses_without_notes(content: str) -> list[str]:
    """The clauses of a bracket, each sentence cut at its first standing note: what follows the note in its
    sentence explains it (以下均需各区政府落实,区政府无相关职能的,由市直部门负责,不再列出), it names no task's unit."""
    out: list[str] = []
    for part in (p for sentence in _split_top(content, "。") for p in _split_top(sentence, ";")):
        for clause in _split_top(part, ","):
            if _STANDING_NOTE.search(clause.strip()):
                break
            out.append(clause)
    return out


@functools.lru_cache(maxsize=4096)  # one bracket is read by several passes
def _parse_verbs(content: str) -> tuple[Entry, ...] | None:
    """X、W牵头,Y、Z配合: the verb ends each clause; clauses without one take the next clause's role."""
    if len(content) > 2000:
        return None
    out: list[Entry] = []
    pending: list[tuple[str, bool]] = []
    found = False
    for seg in _clauses_without_notes(content):
        # X会同Y负责: X leads, Y takes part.
        seg = re.sub(r"^([^,;。]{2,60}?)会同", r"\1牵头,", seg) if "会同" in seg else seg
        if "牵头," in seg:
            first, _, seg = seg.partition("牵头,")
            out += [("lead", n, mark) for n, mark in pending + _names(first)]
            pending, found = [], True
        seg = seg.replace("分别牵头", "牵头").replace("分别负责", "负责")
        seg = _DUTY_VERB.sub("负责", seg)  # 按职责分工负责 still says who is responsible
        s = _BOILERPLATE_RE.sub("", seg).strip(_STRIP)
        m = _VERB_END.search(s) or (_SPUN_VERB.search(s) if not _UNIT_END.search(s) else None)
        names = _names(s[: m.start()] if m else s)
        if any(len(n) > 30 for n, _ in names):
            return None  # a sentence, not a list of units
        if m and names and not (m.re is _SPUN_VERB and not _UNIT_END.search(names[-1][0])):
            verb = m.group()
            role = "lead" if verb.startswith(_LEAD_VERB) else "support" if verb.startswith(_SUPPORT_VERB) else "resp"
            out += [(role, n, mark) for n, mark in pending + names]
            pending, found = [], True
        else:
            pending += names
    if not found:
        return None
    rest = "support" if any(r == "lead" or mk for r, _, mk in out) else "resp"
    return (*out, *((rest, n, mark) for n, mark in pending))


@functools.lru_cache(maxsize=4096)  # one bracket is read by several passes
def _parse_bare(content: str) -> tuple[Entry, ...] | None:
    """（市发改委、市财政局）: a bare list of unit names, first one by convention the lead."""
    c = content.strip()
    if not c or _NOT_UNITS.match(c) or len(c) > 300:
        return None
    names = _names(c)
    if not names or not all((_UNIT_END.search(n) or is_collective(n)) and len(n) <= 25 for n, _ in names):
        return None
    return tuple(("resp", n, mark) for n, mark in names)


_QUOTE_END = ("」", "』", "”", "…", "!", "?")


def _bracket_spans(text: str) -> list[tuple[int, int, list[Entry]]]:
    """(start, end, entries) of every bracket in text that lists units."""
    spans = []
    for s, e in _bracket_groups(text):
        inner = text[s + 1 : e - 1]
        parsed = _parse_labeled(inner)
        if parsed is None:
            # The verb form and bare lists are only trusted as a sentence of their own or at a sentence end:
            # mid-sentence brackets are prose. The look-around is bounded (copying the rest of a long line for
            # every bracket would be quadratic).
            after = text[e : e + 12].lstrip()
            before = text[max(0, s - 2) : s].rstrip()
            own = s == 0 or before.endswith(("。", ";"))
            ends = (len(text) - e <= 12 and not after.strip(" 。.;,")) or after.startswith(("。", ";"))
            if own or ends:
                parsed = _parse_verbs(inner)
            # A bare list stands as a sentence of its own, or closes the item after a quotation (…」(A、B)).
            # 〔〕 and 【】 hold a document number or a unit span, never prose: a bare list closing the item is one.
            span_mark = text[e - 1] in "〕】"
            if parsed is None and (own or span_mark or (ends and before.endswith(_QUOTE_END))):
                parsed = _parse_bare(inner)
        if parsed is not None:
            spans.append((s, e, parsed))
    return spans


def _split_spans(text: str) -> list[str]:
    """An item whose text holds several unit brackets, each closing its own sentences, as one text per bracket."""
    spans = _bracket_spans(text)
    if len(spans) < 2:
        return [text]
    pieces, start = [], 0
    for (_, e, _), (s2, _, _) in zip(spans, spans[1:]):
        between = text[e:s2]
        # Brackets side by side ((牵头单位:X)(责任单位:Y)) or split by a few words belong to one task.
        if len(re.sub(r"[\W\d_]", "", between)) < 6:
            continue
        while e < len(text) and text[e] in "。;, ":
            e += 1
        pieces.append(text[start:e])
        start = e
    pieces.append(text[start:])
    return pieces


def _extract(text: str, labels: list[str], prose: bool = False) -> tuple[list[Entry], str, bool]:
    """(unit entries, text without the unit brackets, whether any unit information was found); prose: the document
    names its units only in running text, so a sentence whose subject acts with a role verb names them too."""
    spans = [(s, e, list(parsed)) for s, e, parsed in _bracket_spans(text)]
    spans = spans or _unbracketed_label(text) or _closing_bare_list(text) or _closing_verb_list(text)
    entries = [entry for _, _, parsed in spans for entry in parsed]
    found = bool(spans)
    if not spans and not any(map(_UNIT_LABEL.search, labels)):  # a 联系人:/完成时限: line names no unit
        # A sentence of running text that says who handles the item (X会同A、B研究提出了办理意见), or the unit
        # heading its duty (市国土资源局:负责…). It stays in the text: it is the document's own wording, not a bracket.
        hit = (_duty_head(text) if prose else None) or _handling_sentence(text, prose)
        if hit is not None:
            entries += hit
            found = True
    if labels:
        parsed = _parse_labeled(";".join(_unbracket(lab) for lab in labels))
        if parsed is not None:
            entries += parsed
            found = True
    return entries, _without_spans(text, [(s, e) for s, e, _ in spans]), found


# A duty line headed by its unit: 市国土资源局:负责土地权属调查…, 县(特区、区)人民政府(管委会):负责辖区内…; the
# unit's names before the colon, a duty verb right after it.
_DUTY_HEAD = re.compile(
    r"(?P<units>(?:[^,。;:()\s]|\([^()]{1,24}\)){2,60}):"
    r"(?=负责|牵头|配合|协助|协调|组织|参与|承担|主抓|指导|统筹|督促|会同|做好|抓好|落实|开展|加强|推进|制定)"
)
_TRAILING_BRACKET = re.compile(r"\([^()]*\)$")


def _running_unit(name: str) -> bool:
    """A name read from running text is a unit's: an institution or place ending (its own bracket after it, 人民政府
    (管委会), aside), or a collective that ends as one; never a clause of the sentence."""
    bare = _TRAILING_BRACKET.sub("", name)
    if len(name) > 30 or _SENTENCE_WORDS.search(bare):
        return False
    return bool(_UNIT_END.search(bare) or (is_collective(bare) and _COLLECTIVE_TAIL.search(bare)))


def _duty_head(text: str, pos: int = 0) -> list[Entry] | None:
    """The units that head the duty at pos (UNIT:负责…), each responsible; None when the words before the colon
    are no unit names (a label, a sentence)."""
    m = _DUTY_HEAD.match(text, pos)
    if m is None or re.fullmatch(_LABELS, m["units"]):
        return None
    names = _names(m["units"])
    if not names or not all(_running_unit(n) for n, _ in names):
        return None
    return [("resp", n, mk) for n, mk in names]


def _cut_duties(line: str) -> list[str]:
    """The line cut before every duty run into it after a sentence end (text without its line breaks: …履行职责。
    市国土资源局:负责…。市规划局:负责…)."""
    cuts = [0, *(m.end() for m in re.finditer(r"[。;]", line) if _duty_head(line, m.end()))]
    return [line[a:b] for a, b in zip(cuts, [*cuts[1:], len(line)])]


def _expand_duty_lines(blocks: list[_Block]) -> list[_Block]:
    """Blocks, with the duties each headed by its unit (two at least, a list of who does what; one a line, or run
    together after sentence ends) as items under the block they stand in: one task each; the lines after a duty
    that are not one continue it."""
    out: list[_Block] = []
    for b in blocks:
        out.append(b)
        off = 0 if b.kind is None else 1  # a marker block's first source line is its head's
        if b.labels or len(b.orig) != len(b.lines) + off:
            continue
        head, *run_on = _cut_duties(b.head) if off else [b.head]
        pieces = [(p, p) for p in run_on]
        for line, orig in zip(b.lines, b.orig[off:]):
            parts = _cut_duties(line)
            pieces += [(line, orig)] if len(parts) == 1 else [(p, p) for p in parts]
        heads = {i for i, (p, _) in enumerate(pieces) if _duty_head(p)}  # a set: 20,000 lines read in linear time
        if len(heads) < 2:
            continue
        first = min(heads)
        items: list[_Block] = []
        for i in range(first, len(pieces)):
            text, orig = pieces[i]
            if i in heads:
                items.append(_Block("dash", text, text, orig=[orig], closed=True))
            else:
                items[-1].lines.append(text)
                items[-1].orig.append(orig)
        b.head, b.lines = head, [p for p, _ in pieces[:first]]
        b.orig = b.orig[:off] + [o for _, o in pieces[:first]]
        out += items
    return out


def _unbracketed_label(text: str) -> list[tuple[int, int, list[Entry]]]:
    """A label without a bracket (…。牵头单位:X;责任单位:Y) or with a lost closing bracket, to the text's end."""
    for m in _LABEL_RE.finditer(text):
        if m.start() and text[m.start() - 1] not in "。;, \t([【" and not _glued_label(text, m):
            continue
        if (
            m.group().endswith(":")
            and _label_role(m["label"]) in _UNIT_ROLES
            and not re.fullmatch(_DIVISION_LABEL, m["label"])  # its list says the roles with verbs
            and not _names_follow(text, m, short=True)
        ):
            continue  # 责任单位:要按时报送材料。 is a sentence about the units, naming none
        parsed = _parse_labeled(text[m.start() :].rstrip(")]】 "))
        if parsed is None or not all(len(n) <= 30 for _, n, _ in parsed):
            return []
        start = m.start()
        while start and text[start - 1] in " \t([【":
            start -= 1
        return [(start, len(text), list(parsed))]
    return []


_UNIT_ROLES = ("lead", "resp", "support")


# After a label at a sentence start the first name may also go on with its role's words (牵头单位:县商务局主抓,
# 责任单位:县财政局具体负责): a unit's ending within its first words is enough; short names joined by 、 read as a
# list too, abbreviated (责任单位:县住建、县城管).
_NAMES_ON = re.compile(rf"\s*[^,。;:、()]{{1,24}}?{_NAME_END}")
_SHORT_LIST = re.compile(r"\s*[^,。;:、()\s]{2,8}、[^,。;:、()\s]{2,8}(?:[、,。;]|$)")


def _names_follow(text: str, m: re.Match, short: bool = False) -> bool:
    """Unit names follow the label's colon: its list's first name ends as a unit's does (short: or the list is of
    short names joined by 、)."""
    rest = text[m.end() :]
    return bool(re.match(_NAMES_NEXT, rest) or (short and (_NAMES_ON.match(rest) or _SHORT_LIST.match(rest))))


def _glued_label(text: str, m: re.Match) -> bool:
    """A label glued to the words before it (…7%以上责任单位:X): it needs its colon, unit names after it (after the
    division label: a unit and its verb) and no verb before it whose object it is."""
    return (
        m.group().endswith(":")
        and text[m.start() - 1] not in _OBJECT_VERB
        and bool(
            re.match(_DIVISION_NEXT, text[m.end() :])
            if re.fullmatch(_DIVISION_LABEL, m["label"])
            else _names_follow(text, m)
        )
    )


def _closing_bare_list(text: str) -> list[tuple[int, int, list[Entry]]]:
    """A bare unit list in the last bracket, standing as a sentence of its own at the text's end."""
    groups = _bracket_groups(text)
    if not groups:
        return []
    s, e = groups[-1]
    if text[e:].strip(" 。.;,"):
        return []
    parsed = _parse_bare(text[s + 1 : e - 1])
    if parsed is None or any(n in vocabulary.STATUS_WORDS for _, n, _ in parsed):
        return []
    # Glued to a title with no sentence end before it (1.推进A（市发改委）), the bracket lists units only when each
    # name is a whole institution's: 办法（暂行）, 服务站（社区）, 专窗（各区）, 专班（领导小组） say what, not who.
    if not text[:s].rstrip().endswith(("。", ";")) and text[:s].strip():
        if not all(
            len(n) >= 3 and _INSTITUTION_END.search(n) and n not in vocabulary.BARE_BODIES for _, n, _ in parsed
        ):
            return []
    return [(s, e, list(parsed))]


_GROUP_END = re.compile(vocabulary.ending_pattern(vocabulary.GROUP_ENDINGS) + "$")


def _closing_verb_list(text: str) -> list[tuple[int, int, list[Entry]]]:
    """The item's last sentence, when it is only units and their role verbs with no bracket around them (…。市发改委
    牵头，市财政局配合。 / …。由市财政局负责。): every clause names units and ends in its verb. (Names
    alone are not enough: the issuer's name closes a notice so.)"""
    body = text.rstrip(" 。.;")
    cut = max(body.rfind("。"), body.rfind(";"))
    if cut < 2:
        return []
    sentence = body[cut + 1 :]
    if not sentence.strip() or len(sentence) > 150 or any(c in sentence for c in "()[]【】〔〕"):
        return []
    for clause in _split_top(sentence, ","):
        c = _BOILERPLATE_RE.sub("", _DUTY_VERB.sub("负责", clause)).strip(_STRIP)
        m = _VERB_END.search(c)
        names = _names(c[: m.start()]) if m else []
        # Each name ends as an institution, a place or a group does (各责任单位全面推进任务落实 is a sentence).
        if not names or not all(
            (_UNIT_END.search(n) or _GROUP_END.search(n)) and len(n) <= 25 and not _SENTENCE_WORDS.search(n)
            for n, _ in names
        ):
            return []  # nor is 由此产生的费用由项目单位负责
    parsed = _parse_verbs(sentence)
    return [(cut + 1, len(text), list(parsed))] if parsed else []


def _without_spans(text: str, cut: list[tuple[int, int]]) -> str:
    """The text with its unit spans cut out."""
    body, pos = [], 0
    for s, e in cut:
        # A 〔…〕 span (or one that lost its opening 〔 and starts at a separator) ends the sentence before it.
        if (text[s] in ",;:" or text[e - 1] in "〕】") and text[e:].strip(" 。"):
            body.append(text[pos:s].rstrip(",;: ") + "。")
        else:
            body.append(text[pos:s])
        pos = e
    body.append(text[pos:])
    return "".join(body).strip()


_NAME_CHAR = r"(?:(?!会同)[^\s,。;:、()])"
_NAME_ALT = r"(?:\([^()]{1,6}\))?"  # 其他相关部门（单位）: a name's other word in brackets
_NAME_RUN = rf"(?:{_NAME_CHAR}{{2,25}}?{_NAME_ALT}(?:、|和|及))*{_NAME_CHAR}{{2,25}}?{_NAME_ALT}"
_HANDLING = re.compile(
    rf"(?P<by>由)?(?P<lead>{_NAME_RUN})(?:会同(?P<with>{_NAME_RUN}))?(?:共同|认真)?(?:研究)?"
    r"(?:提出(?:了)?(?:以下|如下)?(?:办理|处理|答复|落实|具体实施)?(?:意见|措施|方案)|提出:|意见:|负责办理|牵头办理"
    r"|研究办理|办理并答复|(?P<duty>负责落实|负责实施|牵头落实|组织实施|牵头负责|负责))"
)
# A handling clause opens a sentence, or follows a comma with 由 (关于…的问题,由X会同Y负责落实).
_SENTENCE_START = re.compile(r"(?:^|(?<=[。;!?])|(?<=[,:])(?=由))")


# 市级由省精神病院为牵头单位,吸收市精神病院等精神病专科医院参加: the label word in running text after 由 names the
# lead; a clause right after it whose names take part (参加, 参与, 配合, 协助) names the supporting units.
# 由X牵头,Y配合 (no label word) names them too, but only with the taking-part clause ending its clause: 由市政府牵头
# 成立… alone is a sentence about X, and 建立由X牵头,Y参与的联席会议 describes a body.
_WITH_CLAUSE = rf",(?:吸收|会同|联合|组织|邀请|动员)?(?P<with>{_NAME_RUN})(?:共同)?(?:参加|参与|配合|协助)(?=[,。;]|$)"
_NAMED_LEAD = re.compile(
    rf"[^,。;:由]{{0,6}}由(?:所?涉及的?)?(?P<lead>{_NAME_RUN})"
    rf"(?:(?:为|作为|任|担任)(?:牵头单位|牵头部门|牵头责任单位)"
    rf"|牵头(?:负责)?[^,。;:]{{0,12}}?(?={_WITH_CLAUSE.replace('?P<with>', '')}))"
)


_WITH = re.compile(f"(?:{_WITH_CLAUSE})?")  # the taking-part clause after the lead, if any

# A reply letter or a running-text plan names who acts as a sentence's subject, with a role verb: 扶贫办已会同交通部、
# 水利部等部门赴…, 目前,国办已会同国务院信息办组织…, 国办将与A、B等单位一起,…, 国办正在牵头组织…, X牵头,会同A、B…,
# 将由X牵头,…, 由X承办,A、B协办. A time word may open the sentence; a tense word may stand before the verb. The names
# after 会同 (or 联合) end at 等部门, a comma or where the action begins (组织, 研究, 继续 …), so a name is never cut
# short inside a longer one.
_OPENER = r"(?:(?:目前|现在|近期|下一步|今后|同时|此外|另外|为此)[,]?)?"
_TENSE = r"(?:已经|已|将继续|还将|也将|将|正在|拟|要|应|须)?"
# Never a word a unit's name goes on with (组织部, 研究室): the names' run would stop inside a name.
_ACTION = (
    r"(?:组织(?!部)|研究(?![院室所中会])|共同|继续|进行|开展|制定|起草|提出|赴|对|就|做好|抓紧|加快|加大|加强|推进"
    r"|落实|办理|负责|认真|积极|进一步)"
)
_GROUP_TAIL = r"(?:等(?:有关|相关)?(?:部门|单位|机构))"
_JOINT = re.compile(
    rf"{_OPENER}(?P<lead>{_NAME_RUN}){_TENSE}"
    rf"(?:(?:牵头,)?(?:会同|联合)(?P<with>{_NAME_RUN})(?:{_GROUP_TAIL}|(?=,|{_ACTION}))"
    rf"|(?:与|同)(?P<along>{_NAME_RUN}){_GROUP_TAIL}?(?:一起|共同)"
    rf"|牵头(?={_ACTION}))"
)
_SUPPORT_CLAUSE = "|".join(vocabulary.SUPPORT_WORDS)
# 由X承办,A、B协办 / 将由X牵头,抓紧… / 由X负责,A、B配合,加快…: 由 after the sentence start (or a tense word), the lead's
# verb closing its clause; a clause of names with a taking-part verb after it (or after 会同, 由X牵头,会同A、B制定…)
# names the supporting units.
_ASSIGNED = re.compile(
    rf"{_OPENER}(?:将|拟|要|应)?由(?P<lead>{_NAME_RUN})(?:牵头|负责|承办|主办)(?=[,。;]|$)"
    rf"(?:,(?P<with>{_NAME_RUN})(?:{_SUPPORT_CLAUSE})(?=[,。;]|$)"
    rf"|,(?:会同|联合)(?P<along>{_NAME_RUN})(?:{_GROUP_TAIL}|(?=,|{_ACTION})))?"
)


def _unit_names(*runs: str | None) -> list[list[tuple[str, bool]]] | None:
    """Each run's names, or None when a run names nothing or some name is no unit's (an institution, a place, a
    collective)."""
    out = [_names(r or "") for r in runs]
    if not out[0] or not all(_running_unit(n) for names in out for n, _ in names):
        return None
    return out


def _with_support(found: list[list[tuple[str, bool]]], first: str) -> list[Entry]:
    """The first run's names in role first, the second run's (if any) supporting them."""
    return [(first, n, mk) for n, mk in found[0]] + [("support", n, mk) for names in found[1:2] for n, mk in names]


def _handling_sentence(text: str, prose: bool = False) -> list[Entry] | None:
    """Units named by a sentence such as 国资委会同财政部、劳动保障部提出了办理意见 (at a sentence start); prose: also
    X已会同Y…, X将与Y一起…, X正在牵头… (a plan that brackets its units uses such sentences for how it is run)."""
    if not any(w in text for w in ("意见", "办理", "提出", "会同", "联合", "由", "牵头", "一起", "共同")):
        return None
    for finder in (_named_lead, _assigned, _handling, *((_joint,) if prose else ())):
        hit = finder(text)
        if hit is not None:
            return hit
    return None


def _named_lead(text: str) -> list[Entry] | None:
    """由X为牵头单位 / 由X牵头,Y参与: the lead, and the units of the taking-part clause."""
    if "牵头" not in text:
        return None
    for m in _SENTENCE_START.finditer(text):
        h = _NAMED_LEAD.match(text[m.end() : m.end() + 300])
        if h is None:
            continue
        w = _WITH.match(text, m.end() + h.end())
        found = _unit_names(h["lead"], w["with"])
        if found:
            return _with_support(found, "lead")
    return None


def _assigned(text: str) -> list[Entry] | None:
    """由X承办,A、B协办: X leads when others support it, else is responsible."""
    if "由" not in text:
        return None
    for m in _SENTENCE_START.finditer(text):
        h = _ASSIGNED.match(text[m.end() : m.end() + 300])
        found = _unit_names(h["lead"], h["with"] or h["along"]) if h else None
        if found:
            first = "lead" if found[1] else "resp"
            return _with_support(found, first)
    return None


# A short heading glued to its paragraph (text that lost its line breaks: 治理畜牧业产品污染由省经贸委承办,A、B协办。).
_GLUED_HEADING = re.compile(r"[^,。;:!?()\s]{2,20}?(?=由)")


def _unglue_headings(blocks: list[_Block]) -> list[_Block]:
    """Blocks, each heading glued to its paragraph's 由X承办,A、B协办 ended there with a full stop: read only with
    both clauses (a lead and the units that support it), the evidence that the 由 opens the paragraph."""
    for b in blocks:
        m = _GLUED_HEADING.match(b.head) if b.kind is not None and not b.labels else None
        h = _ASSIGNED.match(b.head[m.end() : m.end() + 300]) if m else None
        if h and (h["with"] or h["along"]) and _unit_names(h["lead"], h["with"] or h["along"]):
            b.head = b.head[: m.end()] + "。" + b.head[m.end() :]
    return blocks


def _handling(text: str) -> list[Entry] | None:
    """X会同Y研究提出了办理意见 / 由X负责落实: a reply's handling sentence."""
    for m in _SENTENCE_START.finditer(text):
        # Sentences are short; the cap keeps the match linear on long text without full stops.
        h = _HANDLING.match(text[m.end() : m.end() + 160])
        if h is None or (h["duty"] and not (h["by"] or h["with"])):
            continue  # X负责… without 由 or 会同 is a sentence about X, not an assignment
        found = _unit_names(h["lead"], h["with"])
        if found:
            # X会同Y: X leads; a list without 会同 is a list of handlers, the first by convention the lead.
            first = "lead" if found[1] else "resp"
            return _with_support(found, first)
    return None


def _joint(text: str) -> list[Entry] | None:
    """X已会同Y等部门…, X将与Y等单位一起…, X正在牵头组织…: X leads, Y supports."""
    for m in _SENTENCE_START.finditer(text):
        h = _JOINT.match(text[m.end() : m.end() + 160])
        found = _unit_names(h["lead"], h["with"] or h["along"]) if h else None
        if found:
            return _with_support(found, "lead")
    return None


def _unbracket(line: str) -> str:
    """A label line without the bracket around it; a closing bracket that belongs to a name stays."""
    line = line.strip()
    if line and line[0] in _PAIR:
        close = _PAIR[line[0]]
        line = line[1:]
        if line.endswith(close) and line.count(close) > line.count(_OPEN_OF[close]):
            line = line[:-1]
    return line.strip()


def _title_description(body: str) -> tuple[str, str]:
    i = body.find("。")
    if i < 0:
        return body.strip().rstrip(";,:"), ""
    return body[:i].strip(), body[i + 1 :].strip()


def _heading_title(block: _Block) -> str:
    _, body, _ = _extract(block.head, [])
    title = body.split("。", 1)[0]
    return title.strip().rstrip(":;,").strip()


@dataclass
class _Task:
    block: _Block
    parent: _Block | None
    root: _Block | None
    subs: list[_Block] = field(default_factory=list)


def _structure(
    blocks: list[_Block], level: int, found: dict[int, bool] | None = None, prose: bool = False
) -> list[_Task]:
    """Task-level blocks with their area heading, top-level section and sub-items.

    An item above the task level that names units itself is a task too: one that holds no items of its own ((八)…
    between numbered tasks of an extract), and one whose sentence closes before its units over measures of its own
    (（一）进一步放宽市场准入，缩减…事项。（A、B牵头…）具体措施：1.…（A负责）): the measures stay tasks under it. A
    heading's title with a lead mark (一、产业（牵头单位：X）) is no task: its units are reported. In a plan that
    names units only in its sentences (prose), a heading whose own sentences name units is a task (一、治理…污染 /
    由X承办,A、B协办。…主要措施: over its measures)."""
    stack: list[_Block] = []
    tasks: list[_Task] = []
    current: _Task | None = None
    marked = [b for b in blocks if b.kind is not None]
    leaf = {
        id(b)
        for b, nxt in zip(marked, [*marked[1:], None])
        if (found or {}).get(id(b)) and (nxt is None or _RANK[nxt.kind] <= _RANK[b.kind] or _is_item(b))
    }
    for b in blocks:
        if b.kind is None:
            continue
        r = _RANK[b.kind]
        if r < level:
            while stack and _RANK[stack[-1].kind] >= r:
                stack.pop()
            if id(b) in leaf or ((found or {}).get(id(b)) and (prose or _sentence_item(b))):
                tasks.append(_Task(b, stack[-1] if stack else None, stack[0] if stack else b))
            current = None
            if id(b) not in leaf:
                stack.append(b)  # it heads the items under it
        elif r == level:
            current = _Task(b, stack[-1] if stack else None, stack[0] if stack else None)
            tasks.append(current)
        elif current is not None:
            current.subs.append(b)
    return tasks


def _sentence_item(b: _Block) -> bool:
    """A heading whose words before its first unit bracket end a sentence (…提供支撑。（A、B负责）)."""
    text = _join([b.head, *b.lines])
    spans = _bracket_spans(text)
    return bool(spans) and text[: spans[0][0]].rstrip().endswith("。")


def _is_item(b: _Block) -> bool:
    """A heading that is an item of its own: sentences before its unit bracket, not a title with a lead mark."""
    text = _join([b.head, *b.lines])
    spans = _bracket_spans(text)
    return bool(spans) and "。" in text[: spans[0][0]].rstrip("。 ")


# An item that divides the work in running text (（八）任务分工。A负责…，B负责…。C为…提供…): each clause that opens
# with a unit and a verb is a task of its own; the clauses after it without one continue it.
_DIVISION_HEAD = re.compile(r"^(?:任务|职责|责任|工作|部门|单位)?(?:分工|职责)(?:安排|落实|如下)?[。.:]")
_SUBJECT_END = vocabulary.ending_pattern(
    vocabulary.INSTITUTION_ENDINGS, vocabulary.GROUP_ENDINGS, vocabulary.TOWNSHIP_ENDINGS
)
# 拟 (发展改革委拟研究制订…): a reply's follow-up measures, each department's own.
_SUBJECT = re.compile(
    rf"^(?P<unit>[^,。;:、()]{{1,24}}?{_SUBJECT_END}"
    r"(?:\([^()]{1,8}\))?)(?:会同(?P<with>[^,。;:()]{2,40}?))?"
    r"(?P<verb>牵头负责|牵头|负责|承担|具体负责|配合|协助|拟|为(?=[^,。;]{1,30}提供))"
)


def _division_clauses(body: str) -> list[tuple[str, list[Entry]]]:
    """(clause text, entries) per clause of a running-text division that opens with a unit and a verb."""
    out: list[tuple[str, list[Entry]]] = []
    for sentence in _split_top(body, "。"):
        for clause in _split_top(sentence, ",;"):
            c = clause.strip()
            m = _SUBJECT.match(c)
            if m is None:
                if out and c:
                    out[-1] = (out[-1][0] + "," + c, out[-1][1])
                continue
            role = "support" if m["verb"] in ("配合", "协助") else "resp"
            entries: list[Entry] = [("lead" if m["with"] else role, m["unit"], False)]
            entries += [("support", n, mk) for n, mk in _names(m["with"] or "")]
            out.append((c, entries))
        if out:
            out[-1] = (out[-1][0] + "。", out[-1][1])
    return out


_FIRST_SENTENCE = re.compile(r"^[^。:;]{2,60}[。:]")


def _expand_divisions(blocks: list[_Block], headed: bool = True) -> list[_Block]:
    """Blocks, with a running-text division item's clauses as items under it (one task each).

    headed: only under a division heading (（八）任务分工。…). Otherwise (a document in which nothing else names
    units) under any item whose first sentence is its heading and whose next one opens with a unit and a verb:
    三、有关部门下一步拟采取的措施。发展改革委拟研究…。科技部拟在…。"""
    out: list[_Block] = []
    for b in blocks:
        out.append(b)
        m = None
        if b.kind is not None and not b.labels:
            m = _DIVISION_HEAD.match(b.head) if headed else _FIRST_SENTENCE.match(b.head)
        if m is None or _bracket_spans(_join([b.head, *b.lines])):
            continue
        body = _join([b.head[m.end() :], *b.lines])
        if not headed and (_SUBJECT.match(b.head) or not _SUBJECT.match(body.strip())):
            continue  # the heading is no clause of its own, and no prose before the first clause is dropped
        clauses = _division_clauses(body)
        if len(clauses) < 2 or not (headed or all(_SUBJECT.match(c)[0] != c.rstrip("。") for c, _ in clauses)):
            continue  # 市发改委牵头，市财政局配合，… is one assignment, not a clause per unit
        b.head, b.lines, b.orig = b.head[: m.end()].rstrip("。.:"), [], [b.orig[0] if b.orig else b.line]
        for text, entries in clauses:
            label = ";".join(f"{_ROLE_WORD[r]}:{n}" for r, n, _ in entries)
            out.append(_Block("dash", text, text, labels=[f"({label})"], orig=[text], closed=True))
    return out


_ROLE_WORD = {"lead": "牵头单位", "resp": "责任单位", "support": "配合单位"}


# A prose plan's measure whose sentences each open with who does it (由X负责,A、B配合,加快…。省农业厅做好…。C、D负责,
# E配合,强化…): each such sentence a task; a sentence whose subject is a unit named by the others, with its duty verb
# (做好, 抓好, 负责 …), is one too; sentences without either continue the one before.
_SUBJECT_DUTY = re.compile(r"(?:要|应|将|还要)?(?:做好|抓好|负责|牵头|承担|组织|会同)")


def _opening_verb_clauses(sentence: str) -> list[Entry] | None:
    """A、B负责,C配合,强化…: the clauses at the sentence's start that are unit names with their role verb; the
    responsible ones lead where others only take part."""
    taken = []
    for clause in (c.strip() for c in _split_top(sentence, ",")):
        m = _VERB_END.search(clause)
        if m is None or clause.startswith("由") or _unit_names(clause[: m.start()]) is None:
            break  # 由X负责 is _assigned's; a clause that goes on after its verb is the sentence's action
        taken.append(clause)
    parsed = _parse_verbs(",".join(taken)) if taken else None
    if not parsed:
        return None
    lead = not any(r == "lead" for r, _, _ in parsed) and any(r == "support" for r, _, _ in parsed)
    return [("lead" if lead and r == "resp" else r, n, mk) for r, n, mk in parsed]


def _sentence_assignments(sentences: list[str]) -> list[list[Entry] | None]:
    """Per sentence, the units it opens with (with a role verb, or as the subject of a duty verb when the other
    sentences name that unit); None for a sentence that opens with none."""
    hits = [_assigned(s) or _joint(s) or _opening_verb_clauses(s) for s in sentences]
    if sum(h is not None for h in hits) < 2:
        return [None] * len(sentences)
    known = sorted({n for h in hits if h for _, n, _ in h}, key=len, reverse=True)
    for i, s in enumerate(sentences):
        if hits[i] is None:
            unit = next((k for k in known if s.startswith(k) and _SUBJECT_DUTY.match(s, len(k))), None)
            hits[i] = [("resp", unit, False)] if unit else None
    return hits


def _expand_prose_sentences(blocks: list[_Block]) -> list[_Block]:
    """Blocks, with a prose measure's sentences after its first that open with who does them as items under it
    (two sentences with a role verb at least); the block keeps its first task's sentences."""
    out: list[_Block] = []
    for b in blocks:
        out.append(b)
        if b.kind is None or any(map(_UNIT_LABEL.search, b.labels)):
            continue
        sentences = [x for x in _split_top(_block_text(b, True), "。") if x.strip()]
        hits = _sentence_assignments(sentences)
        at = [i for i, h in enumerate(hits) if h]
        if len(at) < 2:
            continue
        b.head, b.lines, b.orig = "。".join(sentences[: at[1]]) + "。", [], [b.orig[0] if b.orig else b.line]
        for k, i in enumerate(at[1:], 1):
            text = "。".join(sentences[i : at[k + 1] if k + 1 < len(at) else len(sentences)]) + "。"
            label = ";".join(f"{_ROLE_WORD[r]}:{n}" for r, n, _ in hits[i])
            out.append(_Block("dash", text, text, labels=[f"({label})"], orig=[text], closed=True, piece_of=b))
    return out


def _lost_first_marker(blocks: list[_Block], level: str, found: dict[int, bool]) -> None:
    """An excerpt that starts mid-item: the last line before the first marker, when it closes with a unit span, is
    a task of the task level whose marker was cut off."""
    pre = blocks[0]
    if not pre.lines or len(pre.orig) != len(pre.lines) or not _trailing_units(pre.lines[-1].rstrip("。")):
        return
    line, orig = pre.lines.pop(), pre.orig.pop()
    item = _Block(level, line, line, orig=[orig], closed=True)
    blocks.insert(1, item)
    found[id(item)] = True


def _lift_group_labels(blocks: list[_Block], found: dict[int, bool]) -> None:
    """A label line after the last of several sub-items none of which names units belongs to their heading."""
    stack: list[tuple[_Block, int, bool]] = []  # (block, index, whether a block since it names units)
    for i, b in enumerate(blocks[1:], 1):
        if b.kind is None:
            continue
        r = _RANK[b.kind]
        while stack and _RANK[stack[-1][0].kind] >= r:
            stack.pop()
        parent = stack[-1][0] if stack else None
        seen_units = stack[-1][2] if stack else True
        lifted = False
        if parent is not None and b.labels and not found[id(parent)] and not seen_units:
            # Not when the item's own text names units (then the label line is its own), nor for a first item.
            siblings = i - stack[-1][1] > 1 and blocks[i - 1].kind == b.kind
            if siblings and not _extract(_join([b.head, *b.lines]), [])[2]:
                parent.labels += b.labels
                b.labels = []
                found[id(parent)], found[id(b)] = True, False
                lifted = True
        if stack and found[id(b)]:
            stack = [(blk, k, True) for blk, k, _ in stack]  # bounded by the nesting depth
        stack.append((b, i, False))
        if lifted:
            stack = [(blk, k, True) for blk, k, _ in stack]


def _sub_tasks(t: _Task, found: dict[int, bool]) -> list[_Task]:
    """A task whose own text names no unit while its sub-items do: each sub-item (with those before it) a task."""
    if found.get(id(t.block)) or not any(found.get(id(s)) for s in t.subs):
        return [t]
    out: list[_Task] = []
    group: list[_Block] = []
    for sub in t.subs:
        group.append(sub)
        if found.get(id(sub)):
            out.append(_Task(group[0], t.parent, t.root, group[1:]))
            group = []
    if group:
        out[-1].subs.extend(group)  # trailing sub-items without units stay with the last task
    return out


# A short heading: words without a sentence's punctuation or a bracket.
_HEADING_ONLY = re.compile(r"[^,。;:!?()\[\]【】\s]{2,15}")


def _task_text(t: _Task) -> tuple[str, list[str], str]:
    """(text after the marker incl. sub-items, label lines, original source lines)."""
    head = t.block.head
    # A heading that ends in its unit bracket (一、强化科技创新(区科技局牵头)) ends a sentence there.
    if (t.block.lines or t.subs) and head.endswith((")", "]", "】")) and _trailing_units(head):
        head += "。"
    elif t.block.lines and not t.subs and _HEADING_ONLY.fullmatch(head):
        # 一、水污染防治 over its sentences: the heading is the title, not the start of a sentence; over several
        # bracketed sentence groups (each a task) it is the groups' heading, no part of the first one.
        trailing = _trailing_units(_join(t.block.lines))
        head = "" if trailing and len(_bracket_spans(_join(t.block.lines))) > 1 else head + "。"
    parts = [head, *t.block.lines] if head else list(t.block.lines)
    labels = list(t.block.labels)
    orig = list(t.block.orig)
    for sub in t.subs:
        parts += [sub.line, *sub.lines]
        labels += sub.labels
        orig += sub.orig
    return _join(parts), labels, "\n".join(orig)


def _msg(kind: str, task_id: str, value: str, other: str = "") -> ImportWarning:
    """A warning of one of WARNING_KINDS in both languages (lib.i18n's imp_w_<kind>)."""
    zh, en = both(f"imp_w_{kind}", task=task_id, value=value, other=other)
    return ImportWarning(task_id, kind, zh, en, value)


def _full_name(unit: str, spellings: list[str], aliases: dict[str, str]) -> str:
    """The official long form, when the document or the alias table spells it out (武汉市…, 中共…)."""
    cands = [s for s in spellings if s != unit] + [a for a, u in aliases.items() if u == unit]
    cands = [
        c
        for c in cands
        if len(c) > len(unit) and (c.startswith(("中共", "武汉")) or re.match(r"(?!市)[\u4e00-\u9fff]{2,3}市", c))
    ]
    return cands[0] if cands else ""  # the document's own spelling first, then the alias table's order


def parse_document(text: str, aliases: dict[str, str] | None = None) -> ImportResult:
    """Parse a plan's text into tasks/units/phases frames with warnings; DocumentError if it has no tasks.

    aliases (alias → unit) is applied only when given: by default every name stays as the document writes it.
    Text in traditional script is matched on a simplified copy; the result keeps the document's own characters.
    """
    if not isinstance(text, str):
        raise TypeError("parse_document expects str; decode bytes with read_document first")
    text = _SURROGATE.sub("\ufffd", text)
    if not text.strip():
        raise DocumentError.from_key("imp_err_doc_empty")
    glossed = without_glosses(_INVISIBLE.sub("", text))
    simplified = simplified_copy(text)
    half = _INVISIBLE.sub("", text).translate(_HALF)
    # A table's glossed cells are read as they stand (its header words are matched with their glosses skipped).
    if glossed is not None and not flatten_tables(simplified or text)[1]:
        # A mirror with pinyin after characters (負(fù)責(zé)): parsed without the glosses, names and text given back as the
        # document writes them, glosses included.
        plain, positions = glossed
        read = simplified_copy(plain) or plain
        return _restore(_parse(read, aliases), Restorer(half, read.translate(_HALF), positions))
    if simplified is None:
        return _parse(text, aliases)
    result = _parse(simplified, aliases)
    return _restore(result, Restorer(half, _INVISIBLE.sub("", simplified).translate(_HALF)))


def _restore(result: ImportResult, back: Restorer) -> ImportResult:
    """The result of parsing a simplified copy, with every text in the original's characters."""

    def names(cell):
        return SEP.join(back(n) for n in cell.split(SEP)) if isinstance(cell, str) and cell else cell

    tasks = result.tasks.copy()
    for col in ("title", "description", "section_title"):
        tasks[col] = tasks[col].map(back)
    for col in vocabulary.ROLE_COLUMNS.values():
        tasks[col] = tasks[col].map(names)
    frames = {}
    for name in ("units", "phases", "milestones"):
        frame = getattr(result, name).copy()
        for col in ("unit", "full_name", "name", "owner", "description"):
            if col in frame:
                frame[col] = frame[col].map(back)
        frames[name] = frame
    for w in result.warnings:
        # Only the document's words in a message change script, never the message's own wording.
        if w.value:
            new = back(w.value)
            w.message_zh, w.message_en = w.message_zh.replace(w.value, new), w.message_en.replace(w.value, new)
            w.value = new
    return ImportResult(
        tasks=tasks,
        units=frames["units"],
        phases=frames["phases"],
        warnings=result.warnings,
        sources={k: back(v) for k, v in result.sources.items()},
        milestones=frames["milestones"],
        plan={k: back(v) for k, v in result.plan.items()},
        deadlines=result.deadlines.assign(deadline_text=result.deadlines["deadline_text"].map(back)),
    )


# A line ending so is a full sentence, a label or a document's title, never the first half of a wrapped sentence.
_TITLE_END = re.compile(r"(?:[。;:!?]|意见|方案|通知|办法|细则|计划|规划|要点|清单|分工表|措施|决定|规定|纲要)$")


_ADDED_NUMBER = re.compile(r"^\d+\.")


def _paragraphs(text: str):
    """The text's lines, each cut again at its paragraph gaps (text stored as one line), invisible marks removed."""
    for raw in text.splitlines():
        orig = _INVISIBLE.sub("", raw).strip()
        half = orig.translate(_HALF)
        at = 0
        for s, e in paragraph_gaps(half) if len(half) == len(orig) else ():
            yield orig[at:s].strip()
            at = e
        yield orig[at:].strip()


def _number_unmarked(text: str) -> str | None:
    """The text with a running number (1. 2. …) before each sentence group that closes with a unit bracket.

    None when no such group exists. A group is the sentences of one line up to its bracket, plus the lines just
    above it that end without a full stop (a sentence wrapped by the page width); short unpunctuated lines above
    (a title) stay preamble.
    """
    out: list[str] = []
    n = 0
    carry: list[str] = []
    for orig in _paragraphs(text):
        line = orig.translate(_HALF)  # same length: a piece of it is the same slice of the original
        pieces = _split_spans(line) if line else []
        tasks = [bool((sp := _bracket_spans(p)) and not p[sp[-1][1] :].strip(" 。.;,")) for p in pieces]
        if not any(tasks):
            if line and len(line) >= 15 and not _TITLE_END.search(line):
                carry.append(orig)
            else:
                out += [*carry, orig]
                carry = []
            continue
        at = 0
        for k, (piece, is_task) in enumerate(zip(pieces, tasks)):
            own = orig[at : at + len(piece)].strip() if len(line) == len(orig) else piece.strip()
            at += len(piece)
            if is_task:
                n += 1
                out.append(f"{n}." + ("".join(carry) if k == 0 else "") + own)
            else:
                out.append(own)
            if k == 0:
                carry = []
    return "\n".join([*out, *carry]) if n else None


def _parse(text: str, aliases: dict[str, str] | None, numbered: bool = False) -> ImportResult:
    """parse_document on text in simplified script (or script that needs no conversion): the steps in order."""
    aliases = _half_aliases(aliases)
    flat, table_rows = flatten_tables(text)
    blocks, phase_lines = _blocks(flat, table_rows)
    blocks = _expand_divisions(blocks)
    prose = _prose_only(blocks)
    if prose:  # a bracket plan's 职责分工 lines (X:负责…) are its standing duties, not tasks
        blocks = _expand_prose_sentences(_unglue_headings(_expand_duty_lines(blocks)))
    found = _found_units(blocks, prose)
    level = _task_level(blocks, found)
    if level is None and not numbered:
        unmarked = _parse_unmarked(flat, aliases)
        if unmarked is not None:
            return unmarked
        blocks = _expand_divisions(blocks, headed=False)
        found = _found_units(blocks, prose)
        level = _task_level(blocks, found)
    if level is None:
        raise DocumentError.from_key("imp_err_no_tasks")
    _lost_first_marker(blocks, level, found)
    tasks, with_units = _task_items(blocks, level, found, prose)
    items = _read_items(tasks, aliases, prose)
    _split_merged_names(items)
    year = document_year(_join([blocks[0].head, *blocks[0].lines]), text)
    table = _task_table(items, year, LEAD_RULE.search(text.translate(_HALF)) is not None)
    table.warnings += _outside_warnings(blocks, found, tasks, with_units, table)
    return _result(text, blocks, phase_lines, tasks, with_units, table, aliases, year)


def _half_aliases(aliases: dict[str, str] | None) -> dict[str, str]:
    """Alias keys and names with the text's half-width treatment, so either spelling matches; blanks dropped."""
    return {
        k.translate(_HALF).strip(): v.translate(_HALF).strip()
        for k, v in (aliases or {}).items()
        if isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()  # a frame's NaN cells, blanks
    }


def _block_text(b: _Block, prose: bool = False) -> str:
    """A block's text; in a prose plan a short heading over its paragraph ends its sentence (一、治理畜牧业产品污染 /
    由省经贸委承办,…: the paragraph's 由 opens a sentence), as _task_text reads it."""
    if prose and b.lines and _HEADING_ONLY.fullmatch(b.head):
        return _join([b.head + "。", *b.lines])
    return _join([b.head, *b.lines])


def _found_units(blocks: list[_Block], prose: bool = False) -> dict[int, bool]:
    """Whether each block names units (its own bracket, label lines or handling sentence)."""
    found = {id(b): _extract(_block_text(b, prose), b.labels, prose)[2] for b in blocks[1:]}
    _lift_group_labels(blocks, found)
    return found


def _prose_only(blocks: list[_Block]) -> bool:
    """No block names units in a bracket or a label: the document names them in its sentences."""
    return not any(any(map(_UNIT_LABEL.search, b.labels)) or _bracket_spans(_join([b.head, *b.lines])) for b in blocks)


def _task_level(blocks: list[_Block], found: dict[int, bool]) -> str | None:
    """The marker kind that most often carries units (on a tie the finer one), or None when none does."""
    kinds: Counter[str] = Counter(b.kind for b in blocks[1:] if found[id(b)])
    return max(kinds, key=lambda k: (kinds[k], _RANK[k])) if kinds else None


def _parse_unmarked(flat: str, aliases: dict[str, str]) -> ImportResult | None:
    """No numbering carries units: each sentence group closing with a unit bracket is a task of its own."""
    synthetic = _number_unmarked(flat)
    if synthetic is None:
        return None
    result = _parse(synthetic, aliases, numbered=True)
    # The running numbers were added here: the source shown beside a task is the document's own text.
    sources = {k: _ADDED_NUMBER.sub("", v, count=1) for k, v in result.sources.items()}
    return dataclasses.replace(result, sources=sources)


# An item the copy left out (五、关于大连新机场建设项目问题。(略)): its title and the editor's mark, nothing to do.
_OMITTED = re.compile(r"[^。()]{0,80}[。]?\s*\((?:略|此处略|内容略|下略|以下略)\)[。]?")


def _omitted(t: _Task) -> bool:
    """The item's text is only a title and the mark that its content was left out."""
    return not t.subs and _OMITTED.fullmatch(_join([t.block.head, *t.block.lines]).strip()) is not None


def _task_items(
    blocks: list[_Block], level: str, found: dict[int, bool], prose: bool = False
) -> tuple[list[_Task], set[int]]:
    """The task-level items under top-level sections that name units (目标, 安排, 保障 hold no tasks), each item
    whose own text names none split into its sub-items; and the ids of those sections."""
    tasks = [t for t in _structure(blocks, _RANK[level], found, prose) if not _omitted(t)]
    with_units = {id(t.root) for t in tasks if found.get(id(t.block)) or any(found.get(id(s)) for s in t.subs)}
    tasks = [t for t in tasks if id(t.root) in with_units]
    return [piece for t in tasks for piece in _sub_tasks(t, found)], with_units


@dataclass
class _Item:
    """One task as read: its place, its text and its unit entries (role, name, mark, name as spelled)."""

    task_id: str
    section: int
    parent: _Block | None
    body: str
    source: str
    entries: list[tuple[str, str, bool, str]]
    when: list[str]


def _read_items(tasks: list[_Task], aliases: dict[str, str], prose: bool = False) -> list[_Item]:
    """Each task's id (area.number), text and units; an item with several unit brackets is one task per bracket."""
    items: list[_Item] = []
    area_no: dict[object, int] = {}
    task_no: Counter[object] = Counter()
    key_of: dict[int, object] = {}  # a task block's area key, for the sentences cut from it
    for t in tasks:
        parent = t.parent
        if parent is not None and _heading_title(parent) in _GENERIC_AREAS:
            parent = None  # 二、重点任务 holding tasks directly is a container, not an area
        key = id(parent) if parent is not None else ("root", id(t.root))
        if t.block.piece_of is not None and id(t.block.piece_of) in key_of:
            key, parent = key_of[id(t.block.piece_of)], t.block.piece_of  # 1.2 after its measure's 1.1
        key_of[id(t.block)] = key
        area_no.setdefault(key, len(area_no) + 1)
        text_, labels, source = _task_text(t)
        pieces = [text_] if labels else _split_spans(text_)
        for piece in pieces:
            task_no[key] += 1
            entries, body, _ = _extract(piece, labels, prose)
            # 6月底完成 / 年内持续推进 in a unit list says when, not who.
            when = [n for role, n, _ in entries if role == "deadline" or is_deadline(n)]
            named = [(role, resolve(n, aliases), mark, n) for role, n, mark in entries if role != "deadline"]
            task_id = f"{area_no[key]}.{task_no[key]}"
            # Several tasks from one item share its source text; a split item's own words are its text.
            own = source if len(pieces) == 1 else piece
            items.append(_Item(task_id, area_no[key], parent, body, own, [e for e in named if not is_deadline(e[3])], when))
        t.block.task_id = items[-1].task_id if len(pieces) == 1 else items[-len(pieces)].task_id
    return items


def _split_merged_names(items: list[_Item]) -> None:
    """A name that is two units run together (区政府集体资产监管办区住房城市建设委, the separator lost): a unit the
    document names on its own elsewhere, then a name with the same place prefix and an institution's ending."""
    counts = Counter(name for it in items for _, name, _, _ in it.entries)
    known = sorted((n for n in counts if len(n) >= 3), key=len, reverse=True)
    for it in items:
        out = []
        for role, name, mark, spelled in it.entries:
            parts = _merged_parts(name, known) if counts[name] == 1 and name == spelled else None
            out += [(role, p, mark, p) for p in parts] if parts else [(role, name, mark, spelled)]
        it.entries = out


def _merged_parts(name: str, known: list[str]) -> list[str] | None:
    for k in known:
        if k != name and name.startswith(k):
            rest = name[len(k) :]
            if len(rest) >= 3 and rest[0] == k[0] and rest[0] in "省市区县州镇乡" and _UNIT_END.search(rest):
                return [k, rest]
    return None


@dataclass
class _Table:
    """The tasks frame's rows, the source texts, the warnings and the units in order of first mention."""

    rows: list[dict]
    sources: dict[str, str]
    warnings: list[ImportWarning]
    unit_order: dict[str, list[str]]


def _task_table(items: list[_Item], year: int | None, rule_stated: bool) -> _Table:
    """tasks.csv rows from the items: leads (marked, or the first listed), warnings for what a person should check."""
    table = _Table([], {}, [], {})
    counts: Counter[str] = Counter()
    first_task: dict[str, str] = {}
    collectives: set[str] = set()
    for it in items:
        leads, others, inferred = _leads(it.entries, rule_stated)
        if inferred:
            table.warnings.append(_msg("inferred_lead", it.task_id, leads[0]))
        if not it.entries:
            table.warnings.append(_msg("no_units", it.task_id, ""))
        for _, name, _, spelled in it.entries:
            table.unit_order.setdefault(name, []).append(spelled)
            counts[name] += 1
            first_task.setdefault(name, it.task_id)
        for name in dict.fromkeys(n for _, n, _, _ in it.entries):
            # One note per collective unit (where it first appears) is enough; repeats would drown the rest.
            if is_collective(name) and name not in collectives:
                collectives.add(name)
                table.warnings.append(_msg("collective", it.task_id, name))
        table.rows.append(_row(it, leads, others, inferred, year))
        table.sources[it.task_id] = it.source
    for name, other in find_variants(dict(counts)):
        table.warnings.append(_msg("variant_name", first_task[name], name, other))
    return table


def _leads(entries, rule_stated: bool) -> tuple[list[str], list[str], bool]:
    """(leads, others, inferred): marked leads; else the first listed, stated by the document (列第一位者为牵头单位)
    or taken by convention and marked inferred for review."""
    # A list naming a unit twice (牵头单位:市发改委、市发改委) names it once; a unit both leading and responsible stays
    # in both lists, as the document says.
    leads = list(dict.fromkeys(n for role, n, mark, _ in entries if role == "lead" or mark))
    others = list(dict.fromkeys(n for role, n, mark, _ in entries if not (role == "lead" or mark)))
    if not leads and others:
        return others[:1], others[1:], not rule_stated
    return leads, others, False


def _row(it: _Item, leads: list[str], others: list[str], inferred: bool, year: int | None) -> dict:
    title, description = _title_description(it.body)
    return {
        "task_id": it.task_id,
        "section": str(it.section),
        "section_title": _heading_title(it.parent) if it.parent is not None else "",
        "title": title,
        "description": description,
        "lead_units": SEP.join(leads),
        "support_units": SEP.join(others),
        "lead_inferred": inferred,
        "deadline_text": "、".join(dict.fromkeys(it.when)),
        "deadline": next((d for d in (deadline_iso(w, year) for w in it.when) if d), ""),
    }


def _outside_warnings(blocks, found, tasks: list[_Task], with_units: set[int], table: _Table) -> list[ImportWarning]:
    """Units named where no task takes them (a heading above the task level, a section left out), so nothing the
    document assigns disappears without a word."""
    taken = {id(t.block) for t in tasks} | {id(s) for t in tasks for s in t.subs}
    task_at = {id(t.block): t.block.task_id for t in tasks}
    near, outside = "", []
    for b in reversed(blocks[1:]):
        near = task_at.get(id(b), near)
        if found.get(id(b)) and id(b) not in taken and table.rows:
            outside.append(_msg("units_outside_tasks", near or table.rows[-1]["task_id"], b.line[:40]))
    return outside[::-1]


def _result(text, blocks, phase_lines, tasks, with_units, table: _Table, aliases, year) -> ImportResult:
    """The frames: tasks (deadlines apart), units with categories, phases and the milestones of the other sections."""
    units = [
        {"unit": u, "full_name": _full_name(u, spelled, aliases), "name_en": "", "category": category(u)}
        for u, spelled in table.unit_order.items()
    ]
    spans: dict[int, tuple] = {}
    phases = find_phases(phase_lines, spans)
    # Milestones come from the schedule and follow-up sections (三、工作安排, 四、保障措施).
    in_tasks = with_units | {id(t.block) for t in tasks} | {id(s) for t in tasks for s in t.subs}
    milestone_blocks = [
        Block(_RANK[b.kind], b.head, _join(b.lines), id(b) in in_tasks, spans.get(i)) for i, b in enumerate(blocks) if i
    ]
    known = [*table.unit_order, *(s for spelled in table.unit_order.values() for s in spelled), *aliases]
    milestones = find_milestones(milestone_blocks, year, known)
    tasks_df = pd.DataFrame(table.rows, columns=[*TASK_COLUMNS, *DEADLINE_COLUMNS])
    dated = tasks_df[tasks_df["deadline_text"] != ""]
    deadlines = dated[["task_id", *DEADLINE_COLUMNS]].reset_index(drop=True)
    tasks_df = tasks_df[TASK_COLUMNS]
    tasks_df["lead_inferred"] = tasks_df["lead_inferred"].astype(bool)
    return ImportResult(
        tasks=tasks_df,
        units=pd.DataFrame(units, columns=UNIT_COLUMNS),
        phases=pd.DataFrame(phases, columns=PHASE_COLUMNS),
        warnings=table.warnings,
        sources=table.sources,
        milestones=pd.DataFrame(milestones, columns=PHASE_COLUMNS),
        plan=plan_facts(text),
        deadlines=deadlines,
    )
