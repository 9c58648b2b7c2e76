"""Importer milestones: dated steps of 工作安排 / 保障措施 become kind=milestone rows of phases.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.importer import dataset_frames, load_aliases, parse_document, read_document, write_dataset
from tests.conftest import no_hang

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIX = ROOT / "tests" / "fixtures" / "import"
SHIPPED = DATA / "source" / "wuhan-2024-28.txt"


def parse_file(path: Path, aliases=None):
    return parse_document(read_document(path.read_bytes(), path.name), aliases)


def dated(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(frame.start, frame.end, frame.owner, strict=True))


@pytest.fixture(scope="module")
def shipped():
    return parse_file(SHIPPED, load_aliases(DATA / "aliases.csv"))


def test_shipped_document_milestones_match_the_curated_phases_csv(shipped):
    curated = pd.read_csv(DATA / "phases.csv", dtype=str, keep_default_na=False)
    curated = curated[(curated.kind == "milestone") & (curated.name != "印发工作方案")]
    got = shipped.milestones
    assert set(got.kind) == {"milestone"}
    # names are the importer's own short phrases; dates and owners are those of the curated file
    assert dated(got) == dated(curated) == [
        ("2024-04-08", "2024-04-08", "各责任单位"),  # 于4月8日前将具体办理工作方案报送领导小组办公室备案
        ("2024-05-31", "2024-05-31", "各牵头单位"),  # 5月底之前,各牵头单位报送…阶段性总结
        ("2024-06-01", "2024-06-10", ""),  # 6月上旬,邀请市政协…: 市政协 is invited, not the owner
        ("2024-11-01", "2024-11-10", "各牵头单位"),  # 11月初,各牵头单位报送…总结
    ]
    assert list(got.name) == ["具体办理工作方案报送领导小组办公室备案", "报送办理工作阶段性总结",
                              "邀请市政协有关领导及委员提出意见和建议", "报送1号建议案办理工作总结"]
    assert got.description.iloc[1] == "5月底之前,各牵头单位报送办理工作阶段性总结。"
    assert got.description.iloc[0].startswith("各责任单位根据本方案要求")
    assert got.description.iloc[0].endswith("于4月8日前将具体办理工作方案报送领导小组办公室备案。")


def test_shipped_phases_are_unchanged_and_phase_brackets_are_not_milestones(shipped):
    assert list(shipped.phases.kind) == ["phase"] * 3
    assert list(shipped.phases.start) == ["2024-02-01", "2024-04-11", "2024-11-01"]
    # (2024年2月-4月上旬) is the phase itself, and task sections hold no milestones
    assert "2024-02-01" not in set(shipped.milestones.start)


def test_phases_csv_holds_phases_then_milestones_and_loads_in_the_app(shipped, tmp_path):
    from lib.data import load_dataset

    frame = dataset_frames(shipped)["phases.csv"]
    assert list(frame.kind) == ["phase"] * 3 + ["milestone"] * 4
    write_dataset(shipped, tmp_path)
    result = load_dataset(tmp_path)
    assert result.dataset is not None and not result.errors
    phases = result.dataset.phases
    ms = phases[phases.kind == "milestone"]
    assert [d.strftime("%Y-%m-%d") for d in ms.start] == ["2024-04-08", "2024-05-31", "2024-06-01", "2024-11-01"]


def test_fixture_years_owners_deadlines_and_what_is_left_out():
    r = parse_file(FIX / "milestones.txt")
    # 到2027年6月底 in the goals is a target: it sets no year (启动阶段 is in 2025, the document's year)
    assert list(zip(r.phases.name, r.phases.start, r.phases.end, strict=True)) == [
        ("启动阶段", "2025-03-01", "2025-04-30"),
        ("推进阶段", "2025-11-01", "2026-02-28"),
        ("总结阶段", "2026-03-01", "2026-03-31"),
    ]
    got = list(zip(r.milestones.name, r.milestones.start, r.milestones.end, r.milestones.owner, strict=True))
    assert got == [
        # the document date (2025年3月10日) gives the year; both owners, joined
        ("报送实施方案", "2025-04-15", "2025-04-15", "各区、各有关部门"),
        # inside 推进阶段 (2025年11月-2026年2月) January is 2026; 市政府 receives the result, it is not the owner
        ("组织开展中期评估", "2026-01-20", "2026-01-20", "市发改委"),
        ("形成总结报告", "2026-03-31", "2026-03-31", ""),
        # nearest explicit year before it (2026年年底前 in the 保障措施 item above)
        ("组织集中宣传活动", "2026-06-01", "2026-06-10", "各区"),
        ("开展专项督查", "2026-12-31", "2026-12-31", "市政府督查室"),
    ]  # fmt: skip
    # 每月5日前 is recurring, 6月底前完成选址 belongs to a task, 到2027年6月底 is a goal: none is a milestone
    assert not any("每月" in d or "选址" in d or "2027" in d for d in r.milestones.description)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("各区于2024年9月30日前完成验收。", ("完成验收", "2024-09-30", "2024-09-30", "各区")),
        ("7月中旬,市发改委组织专题调度。", ("组织专题调度", "2024-07-11", "2024-07-20", "市发改委")),
        ("自8月1日起开展集中整治。", ("开展集中整治", "2024-08-01", "2024-08-01", "")),
        ("9月至10月,各责任单位开展自查。", ("开展自查", "2024-09-01", "2024-10-31", "各责任单位")),
        ("各牵头单位、责任单位于年底前报送总结。", ("报送总结", "2024-12-31", "2024-12-31", "各牵头单位、责任单位")),
        ("12月至次年2月,开展回头看。", ("开展回头看", "2024-12-01", "2025-02-28", "")),
        ("明年3月底前全面完成。", ("全面完成", "2025-03-31", "2025-03-31", "")),
    ],
)  # fmt: skip
def test_date_forms_in_a_schedule_section(sentence, expected):
    text = f"2024年工作方案\n一、重点任务\n1.推进。(牵头单位:市发改委)\n二、工作安排\n{sentence}\n"
    r = parse_document(text)
    got = list(zip(r.milestones.name, r.milestones.start, r.milestones.end, r.milestones.owner, strict=True))
    assert got == [expected]


def test_no_year_anywhere_gives_no_milestone_rather_than_a_guess():
    r = parse_document("一、重点任务\n1.推进。(牵头单位:市发改委)\n二、工作安排\n6月底前完成自查。\n")
    assert r.milestones.empty


def test_degenerate_schedules_finish():
    # a guard against catastrophic backtracking, not a speed test (see bench/ for throughput)
    head = "2024年工作方案\n一、重点任务\n1.推进。(牵头单位:市发改委)\n二、工作安排\n"
    for body in ["6月底前完成," * 50_000, "6月底前" * 100_000, "各牵头单位6月底前完成。" * 50_000]:
        with no_hang(60):
            r = parse_document(head + body)
        assert len(r.milestones) <= 2
