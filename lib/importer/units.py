"""Unit names: splitting a bracket's list, boiler-plate, collective units, categories, aliases, variants."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from lib.decoding import Undecodable, decode_text
from lib.importer.errors import DocumentError
from lib.textsafe import clean_text_name
from lib.vocabulary import (
    GROUP_ENDINGS,
    INSTITUTION_ENDINGS,
    PLACE_BODIES,
    PLACE_ENDINGS,
    UNIT_SEPARATORS,
    ending_chars,
    ending_pattern,
)

DEFAULT_ALIASES = Path(__file__).resolve().parent.parent.parent / "data" / "aliases.csv"

OPEN = "([【〔"
CLOSE = ")]】〕"
_PAIR = dict(zip(OPEN, CLOSE))

# Phrases inside a unit bracket that name nobody; longest first so the shorter ones leave no debris.
_BOILERPLATE = sorted(
    (
        "按职责分工负责",
        "按职责分工落实",
        "按职责分工",
        "按照职责分工负责",
        "按照职责分工",
        "根据职责分工负责",
        "根据职责分工",
        "按各自职责负责",
        "按各自职责",
        "按职能分工负责",
        "按职能分工",
        "按职责负责",
        "按职责",
        "分别牵头",
        "分别负责",
        "分别",
        "以下均同",
        "以下同",
        "下同",
        "排在第一位的为牵头单位",
        "排在第一位的单位为牵头单位",
        "排名第一的为牵头单位",
        "排在首位的为牵头单位",
        "列第一位的为牵头单位",
        "列在第一位的为牵头单位",
        "第一个为牵头单位",
        "第一家为牵头单位",
        "排名不分先后",
    ),
    key=len,
    reverse=True,
)
# A stated first-listed-leads rule in any of the wordings plans use (列首的为牵头单位, 列第一位者为牵头单位,
# 排在首位的为牵头单位, 牵头单位列第一位 …). Only fixed alternatives: linear.
LEAD_RULE = re.compile(
    r"(?:排在|排名|排序|排列|排|列在|列于|列|位列|位于|居于|居|名列)?(?:首位|首个|首|第一位|第一个|第一家|第一|前面|最前面|最前)"
    r"(?:的|者|位)?(?:单位|部门)?(?:为|是|系)(?:牵头|主责|主办)(?:单位|部门)?"
    r"|(?:牵头单位|牵头部门)(?:均)?(?:排在|列在|列于|排|列|位列|居)(?:首位|第一位|第一|前面|最前)"
)
_BOILERPLATE_RE = re.compile("|".join([LEAD_RULE.pattern, *map(re.escape, _BOILERPLATE)]))

# "…等" / "…等部门" at the end of a list means "and others": the named units stay, the filler goes.
_LEVEL = r"(?:省|市|区|县|州|省级|市级|区级|县级|省直|市直|区直|县直)?"
# 等省级主管部门（单位）: a kind of institution with the other word for it in brackets.
_KIND_ALT = r"(?:\((?:部门|单位|机构)\))?"
_ETC = re.compile(
    rf"等{_LEVEL}(?:其他|相关|有关|各有关|各相关)?(?:部门|单位|机构|企业|方面)?(?:和|及|与|以及)?(?:部门|单位|机构|企业)?{_KIND_ALT}$"
)
# 等和 / 等及 before a collective (A、B等和各有关市州政府), 等省有关部门和 before one, separate the named units
# from the collective.
_ETC_AND = re.compile(
    rf"等(?:{_LEVEL}(?:其他|相关|有关|各有关|各相关)(?:部门|单位|机构))?(?:和|及|以及|与)(?=各|有关|相关|其他)"
)
# 等 after an institution's ending and before a kind of institution (…院等精神病专科医院, …局等涉农部门): the unit
# named stands for the kind; the kind is no unit.
_ETC_KIND = re.compile(rf"(?<=[{ending_chars(INSTITUTION_ENDINGS)}])等[\u4e00-\u9fff]{{1,12}}{_KIND_ALT}$")
_LEAD_MARK = re.compile(r"\((?:牵头|牵头单位|主责)\)$")
_STRIP = " \t.:;,。:;!?\"'“”‘’·-—_*"
# Only connectives no unit name starts with (和平区 and 与 are real name starts, so they stay).
_LEADING_CONJ = re.compile(r"^(?:以及|由|会同)(?=.{2})")

# After a collective (各区, 相关市, 市直有关部门) a bare category word (县级市, 开发区, 县政府, 单位 …) continues the
# same collective, not a new unit: 各区、县级市 / 相关市、县政府 / 市直有关部门、单位 are one unit each.
_GENERIC_TAIL = re.compile(
    r"^(?:(?:县级市|县市区|县市|县区|县|区|市|州|自治区|直辖市|计划单列市|省|自治州|自治县|旗|盟|直管市|开发区|功能区|新区|园区|街道|乡镇|镇|乡"
    r"|街道办事处)(?:[(〔][^()〔〕]{1,8}[)〕])?(?:人民政府|政府|管委会|党委|党工委)?(?:[(〔][^()〔〕]{1,8}[)〕])?"
    r"|单位|部门|机构|企业|事业单位|企事业单位|社会组织)$"
)
# A collective that already ends in its institution (各县区人民政府) is a whole name: a generic word after it
# (园区管委会) is a unit of its own, not the rest of the same collective (各县、区人民政府).
_WHOLE_END = re.compile(r"(?:政府|管委会|党委|党工委|办事处|[局委办厅])(?:[(〔][^()〔〕]{1,8}[)〕])?$")
_COLLECTIVE = re.compile(
    r"各|所有|(?:部门|单位|机构)(?:[(（](?:部门|单位|机构)[)）])?$|(?:相关|有关)(?:区|县|市|州|企业|街道|乡镇)$"
)  # 其他相关部门（单位）: the other word for the kind in brackets

_PARTY_PREFIX = ("市委", "省委", "区委", "县委", "中共")
_PARTY_WORDS = (
    "宣传部",
    "组织部",
    "统战部",
    "编办",
    "外办",
    "政法委",
    "网信办",
    "人才工作局",
    "政研室",
    "党校",
)
_DISTRICT_END = ("区", "县", "县级市", "开发区", "新区", "高新区")
_GOV_END = ("局", "委", "办", "厅", "中心")


# The loader's separators (lib.vocabulary, one list for both), and what a document's running text adds: / and spaces.
_SEPARATORS = frozenset(UNIT_SEPARATORS + "/")


def split_span_units(text: str) -> list[str]:
    """The unit names of one span of document text (a bracket's list, a table cell): split on the loader's separators
    (、 , ;), / and spaces, never inside brackets (市交通委（市道运局） stays whole), and where 等和 / 等有关部门和
    ends the named units before a collective.

    Not lib.data.split_units, which splits a tasks.csv cell the importer wrote (only the separators, a known
    collective kept whole): document text has brackets, spaces and verbs that a written cell no longer has."""
    text = _ETC_AND.sub("、", text)
    parts, buf, stack = [], [], []
    for ch in text:
        if ch in _PAIR:
            stack.append(_PAIR[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif not stack and (ch in _SEPARATORS or ch.isspace()):
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return [n for tok in merge_collectives([p for p in parts if p.strip()]) for n in split_conjoined(tok)]


# 和 / 及 / 与 / 以及 between two names (州委编办及州直相关单位) separates them; inside one name (住房和城乡建设部,
# 人力资源和社会保障局) the part before it is no institution, so it stays.
_CONJ = re.compile(r"以及|和|及|与")
_LEFT_END = re.compile(ending_pattern(INSTITUTION_ENDINGS, GROUP_ENDINGS) + "$")
_RIGHT_END = re.compile(ending_pattern(INSTITUTION_ENDINGS, GROUP_ENDINGS, PLACE_ENDINGS) + "$")


def split_conjoined(token: str) -> list[str]:
    """A token of two names joined by 和/及/与 as the two names; one name (住房和城乡建设部) unchanged."""
    t = token.strip()
    if len(t) < 5 or not _CONJ.search(t):
        return [token]
    for m in _CONJ.finditer(t):
        left, right = t[: m.start()], t[m.end() :]
        if len(left) >= 2 and len(right) >= 3 and (_LEFT_END.search(left) or is_collective(left)):
            rest = clean_unit(right)[0] or right
            if rest in PLACE_BODIES:
                return [token]  # 各县党委和人民政府: the body after 和 is the same place's
            if _RIGHT_END.search(rest) or is_collective(rest):
                return [left, *split_conjoined(right)]
    return [token]


def merge_collectives(tokens: list[str]) -> list[str]:
    """Rejoin 各区、县级市 (split on 、 above) into one collective unit."""
    out: list[str] = []
    for tok in tokens:
        t = tok.strip()
        if out and is_collective(out[-1]) and not _WHOLE_END.search(out[-1]) and _GENERIC_TAIL.match(clean_unit(t)[0] or t):
            out[-1] = out[-1] + "、" + t
        else:
            out.append(t)
    return out


def clean_unit(token: str) -> tuple[str, bool]:
    """A list token as a unit name (or "" for filler); True when it carries a （牵头） mark."""
    t = _BOILERPLATE_RE.sub("", clean_text_name(token)).strip(_STRIP)
    lead = False
    m = _LEAD_MARK.search(t)
    if m:
        lead, t = True, t[: m.start()].strip(_STRIP)
    t = _ETC.sub("", t).strip(_STRIP)
    t = _ETC_KIND.sub("", t)  # 市精神病院等精神病专科医院: the named unit, then the kind it stands for
    t = _LEADING_CONJ.sub("", t)
    if not t or t in ("等", "各", "负责", "牵头", "配合", "参与") or not any(ch.isalpha() for ch in t):
        return "", False
    return t, lead


def is_collective(name: str) -> bool:
    """各区、县级市 / 各有关单位 / 区级相关部门 / …成员单位: many units under one name."""
    return bool(_COLLECTIVE.search(name))


def category(name: str) -> str:
    """Cheap guess of the unit category from its name."""
    # 市交通委（市道运局）: the bracket is a second name; the first one decides.
    name = re.sub(r"[(（【].*$", "", name) or name
    if is_collective(name):
        return "collective"
    if name.startswith(_PARTY_PREFIX) or any(w in name for w in _PARTY_WORDS):
        return "party"
    if name.endswith(_DISTRICT_END) and not name.endswith(("局", "委")):
        return "district"
    if name.endswith(_GOV_END):
        return "government"
    return "other"


def load_aliases(path: str | Path) -> dict[str, str]:
    """Read an alias,unit CSV (UTF-8 with or without BOM, or GB18030; lib.decoding) into {alias: unit}."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError.from_key("imp_err_alias_read", path=path, error=exc.strerror) from None
    try:
        text = decode_text(raw)  # a table a program or a person wrote: the loader's strict reading
    except Undecodable:
        raise DocumentError.from_key("imp_err_alias_encoding", path=path) from None
    out: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text)):
        if len(row) < 2 or not row[0].strip() or row[0].strip().startswith("#"):
            continue
        alias, unit = row[0].strip(), row[1].strip()
        if (alias, unit) == ("alias", "unit") or not unit:
            continue
        out[alias] = unit
    return out


def resolve(name: str, aliases: dict[str, str]) -> str:
    """The canonical name of a unit; follows short alias chains, never loops."""
    seen = {name}
    while name in aliases and aliases[name] not in seen and len(seen) < 8:
        name = aliases[name]
        seen.add(name)
    return name


_CITY_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}市(?=[^场].)")


def _norm(name: str) -> str:
    """The form two spellings of one unit share: 武汉市→市, 委员会→委, no 和/与/及."""
    # A city's own name before 市 (武汉市发改委, 南充市农牧业局) is the 市 of the short form.
    n = _CITY_PREFIX.sub("市", name).replace("中共市委", "市委").replace("委员会", "委").replace("人民政府", "政府")
    return re.sub(r"[和与及、\s]", "", n)


def _stem(norm: str) -> str:
    return re.sub(r"(?:局|委|办|厅|部|中心)$", "", norm)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def find_variants(counts: dict[str, int]) -> list[tuple[str, str]]:
    """(name, other) for each name seen once that looks like another spelling of a different unit."""
    names = [n for n in counts if 2 <= len(n) <= 40 and not is_collective(n)]
    by_norm: dict[str, list[str]] = defaultdict(list)
    by_stem: dict[str, list[str]] = defaultdict(list)
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n in names:
        norm = _norm(n)
        by_norm[norm].append(n)
        if len(_stem(norm)) >= 3:
            by_stem[_stem(norm)].append(n)
        if norm:
            by_ends[(norm[0], norm[-1])].append(n)
    out: list[tuple[str, str]] = []
    reported: set[frozenset[str]] = set()
    for n in reversed(names):
        if counts[n] != 1:
            continue
        other = _first_other(n, by_norm[_norm(n)]) or _first_other(n, by_stem.get(_stem(_norm(n)), []))
        if other is None:
            norm = _norm(n)
            bucket = by_ends[(norm[0], norm[-1])] if norm else []
            # Pairwise checks only inside a bucket of the same first and last character, and only when the
            # bucket is small: degenerate inputs with thousands of look-alike names must not go quadratic.
            if len(bucket) <= 400:
                for o in bucket:
                    if o != n and _looks_abbreviated(_norm(n), _norm(o)):
                        other = o
                        break
        # Two once-seen spellings of one unit: report the pair once, on the later name (walking backwards).
        if other is not None and frozenset((n, other)) not in reported:
            reported.add(frozenset((n, other)))
            out.append((n, other))
    return out[::-1]


def _first_other(name: str, group: list[str]) -> str | None:
    return next((o for o in group if o != name), None)


def _looks_abbreviated(a: str, b: str) -> bool:
    """One name is the other with characters dropped (市发改委 ⊂ 市发展改革委) and most of it kept."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 3 and len(short) / len(long) >= 0.5 and _subsequence(short, long)
