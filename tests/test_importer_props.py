"""Property tests: any bytes and any text give a result or a DocumentError, never another exception."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lib.importer import DocumentError, ImportResult, parse_document, read_document, to_zip_bytes
from lib.importer.parse import TASK_COLUMNS, UNIT_COLUMNS, WARNING_KINDS
from lib.importer.phases import PHASE_COLUMNS

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Characters the parser reacts to, so random text often reaches the interesting branches.
PLAN_CHARS = list(
    "1234.、()（）[]【】:：;；,，。 \n-—牵头单位责任配合部门市区县局委办各等一二三四五年月日上中下旬阶段"
)
MARKERS = ["1.", "2、", "3. ", "(一)", "（二）", "一、", "二、", "(1)", "（2）", "①", ""]
UNITS = [
    "市发改委",
    "市财政局",
    "各区、县级市",
    "各有关单位",
    "市交通委（市道运局）",
    "各项目牵头单位",
    "东湖高新区",
]
LABELS = ["牵头单位", "责任单位", "配合单位", "责任部门", "完成时限"]


@st.composite
def plan_lines(draw) -> str:
    """Text shaped like a plan: markers, sentences, unit brackets in every style, junk in between."""
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        marker = draw(st.sampled_from(MARKERS))
        words = draw(st.text(alphabet=PLAN_CHARS, max_size=30))
        units = "、".join(draw(st.lists(st.sampled_from(UNITS), max_size=4)))
        style = draw(st.integers(0, 5))
        if style == 0:
            bracket = (
                f"（{draw(st.sampled_from(LABELS))}：{units}；{draw(st.sampled_from(LABELS))}：{units}）"
            )
        elif style == 1:
            bracket = f"[{draw(st.sampled_from(LABELS))}:{units}]"
        elif style == 2:
            bracket = f"({units}牵头,{units}配合)"
        elif style == 3:
            bracket = f"({units})"
        elif style == 4:
            bracket = f"{draw(st.sampled_from(LABELS))}：{units}"
        else:
            bracket = draw(st.text(alphabet=PLAN_CHARS, max_size=20))
        lines.append(f"{marker}{words}。{bracket}")
    return "\n".join(lines)


def check_result(result: ImportResult) -> None:
    """Shape and internal consistency every successful import must have."""
    assert isinstance(result, ImportResult)
    assert list(result.tasks.columns) == TASK_COLUMNS
    assert list(result.units.columns) == UNIT_COLUMNS
    assert list(result.phases.columns) == PHASE_COLUMNS
    assert len(result.tasks) > 0
    ids = list(result.tasks.task_id)
    assert len(ids) == len(set(ids))
    assert set(result.sources) == set(ids)
    named = set()
    for lead, support in zip(result.tasks.lead_units, result.tasks.support_units, strict=True):
        names = [n for n in [*lead.split("、"), *support.split("、")] if n]
        if support:
            assert lead, "support units without a lead"
        named.update(names)
    # Collective units contain 、 (各区、县级市), so check the joined text instead of split names.
    joined = "、".join([*result.tasks.lead_units, *result.tasks.support_units])
    for unit in result.units.unit:
        assert unit and unit in joined
    assert len(set(result.units.unit)) == len(result.units)
    assert set(result.units.category) <= {"government", "party", "district", "other", "collective"}
    for w in result.warnings:
        assert w.kind in WARNING_KINDS and w.task_id in ids and w.message_zh and w.message_en
    inferred = {w.task_id for w in result.warnings if w.kind == "inferred_lead"}
    assert inferred == set(result.tasks.task_id[result.tasks.lead_inferred.astype(bool)])
    for start, end in zip(result.phases.start, result.phases.end, strict=True):
        assert len(start) == len(end) == 10 and start <= end


def parse_or_error(text: str) -> ImportResult | None:
    try:
        result = parse_document(text)
    except DocumentError as exc:
        assert "\n" not in str(exc)
        return None
    check_result(result)
    return result


@SETTINGS
@given(st.binary(max_size=4000))
@example(b"%PDF-1.4\n1 0 obj << >> endobj")
@example(b"PK\x03\x04\x14\x00")
@example(b"\xef\xbb\xbf\xff\xfe")
@example(b"\xff\xfe\x00\xd8\x00\xdc")
def test_any_bytes_give_text_or_document_error(data):
    try:
        text = read_document(data, "upload")
    except DocumentError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(text, str) and text.strip()


@SETTINGS
@given(
    st.sampled_from([b"%PDF-1.", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]),
    st.binary(max_size=2000),
)
def test_bytes_with_magic_prefixes_give_text_or_document_error(prefix, rest):
    try:
        assert isinstance(read_document(prefix + rest, "upload"), str)
    except DocumentError:
        pass


@SETTINGS
@given(st.binary(max_size=3000))
def test_zip_archives_with_random_members_give_text_or_document_error(member):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", member)
    try:
        assert isinstance(read_document(buf.getvalue(), "x.docx"), str)
    except DocumentError:
        pass


@SETTINGS
@given(st.text(max_size=600))
def test_any_text_gives_a_well_formed_result_or_document_error(text):
    parse_or_error(text)


@SETTINGS
@given(st.text(alphabet=PLAN_CHARS, max_size=600))
def test_plan_alphabet_text_gives_a_well_formed_result_or_document_error(text):
    parse_or_error(text)


@SETTINGS
@given(plan_lines())
def test_plan_shaped_text_gives_a_well_formed_result_and_a_zip(text):
    result = parse_or_error(text)
    if result is not None:
        with zipfile.ZipFile(io.BytesIO(to_zip_bytes(result))) as zf:
            assert {"tasks.csv", "units.csv"} <= set(zf.namelist())


@SETTINGS
@given(plan_lines())
def test_full_and_half_width_forms_parse_alike(text):
    half = text.translate(str.maketrans("（）：；，［］", "():;,[]"))
    full = half.translate(str.maketrans("():;,", "（）：；，"))
    a, b = parse_or_error(half), parse_or_error(full)
    assert (a is None) == (b is None)
    if a is not None:
        assert a.tasks.equals(b.tasks)
        assert a.units.equals(b.units)
