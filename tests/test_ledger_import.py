"""A unit's ledger file (CSV or Excel, Chinese headers) checked row by row: good rows become updates, every bad cell
gets a message naming file, row, column and value, and a bad file writes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from lib.ledger.ledgerfile import check_ledger
from lib.ledger.store import Store

AS_OF = dt.date(2024, 6, 5)
GOOD = """市政协1号建议案办理工作督办台账（5月）
序号,任务,牵头单位,进展情况,状态,完成进度（%）,完成时间
1,完善管理体制,市发改委,已形成管理体制方案初稿,推进中,40%,2024年10月底
2,2.1 做优光电子信息产业,,完成产业链图谱,进行中,35,
3,加快科创供应链平台建设,东湖高新区,平台已上线试运行,已完成,100,2024-05-30
,,,,,,
"""


def _check(ds, text: str, name: str = "台账.csv", **kw):
    return check_ledger(text.encode("utf-8"), name, ds, "plan-x", as_of=AS_OF, recorded_by="办公室", **kw)


def test_good_csv_with_a_title_row(ds):
    chk = _check(ds, GOOD)
    assert chk.problems == [] and chk.ok and chk.rows_read == 3
    got = [(u.task_id, u.unit, u.status, u.percent, u.due_date) for u in chk.updates]
    assert got == [("1.1", "市发改委", "in_progress", 40, dt.date(2024, 10, 31)),
                   ("2.1", "市经信局", "in_progress", 35, None),  # no unit given: the task's lead
                   ("3.1", "东湖高新区", "done", 100, dt.date(2024, 5, 30))]
    assert {u.as_of for u in chk.updates} == {AS_OF} and {u.recorded_by for u in chk.updates} == {"办公室"}
    assert chk.updates[0].note == "已形成管理体制方案初稿" and chk.updates[0].source == "file:台账.csv"


def test_gbk_csv_as_excel_saves_it(ds):
    chk = check_ledger(GOOD.encode("gb18030"), "台账.csv", ds, "plan-x", as_of=AS_OF, recorded_by="办公室")
    assert chk.ok and len(chk.updates) == 3


def test_excel_ledger(ds):
    df = pd.DataFrame({"序号": ["1.3", "4.1"], "任务": ["加大财税金融支持力度", ""], "责任单位": ["市财政局", "市交通运输局"],
                       "工作进展": ["专项债已申报", "航线开通"], "状态": ["滞后", "受阻"],
                       "完成时间": [pd.Timestamp("2024-09-30"), None], "填报日期": ["2024-06-01", "2024-06-02"]})
    buf = io.BytesIO()
    df.to_excel(buf, index=False)
    chk = check_ledger(buf.getvalue(), "ledger.xlsx", ds, "plan-x", as_of=AS_OF, recorded_by="办公室")
    assert chk.problems == []
    assert [(u.task_id, u.status, u.due_date, u.as_of) for u in chk.updates] == [
        ("1.3", "late", dt.date(2024, 9, 30), dt.date(2024, 6, 1)), ("4.1", "blocked", None, dt.date(2024, 6, 2))]


BAD = """序号,任务,牵头单位,进展情况,状态,完成进度,完成时间
1,完善管理体制,市发改委,正常推进,推进中,40,2024-10-31
2,建设月球基地,市发改委,,推进中,,
3,强化人才保障,市教育局,,推进中,,
4,1.2,,,差不多,,
5,做大生命健康产业,,,已完成,120%,
6,做强高端装备产业,,,推进中,,明年
7,基础设施,,,推进中,,
7b,加快,,,推进中,,
8,,,,,,
1.1,强化人才保障,,,推进中,,
"""


def test_every_bad_cell_named_by_file_row_column_value(ds):
    chk = _check(ds, BAD, name="5月台账.csv")
    msgs = [p.message("zh") for p in chk.problems]
    assert msgs == [
        "5月台账.csv 第 3 行「任务」列「建设月球基地」与方案中任何任务都对不上。",
        "5月台账.csv 第 4 行「牵头单位」列的「市教育局」不是任务 1.4（市人才工作局）的牵头或责任单位。",
        "5月台账.csv 第 5 行「状态」列「差不多」不是有效状态（应为 未启动、推进中、已完成、滞后 或 受阻）。",
        "5月台账.csv 第 6 行「完成进度」列「120%」不是 0 至 100 的进度。",
        "5月台账.csv 第 7 行「完成时间」列的日期「明年」无法识别（可写 2024-05-31、2024年5月31日 或 2024年5月底）。",
        "5月台账.csv 第 8 行「任务」列「基础设施」同时对应多项任务（3.2、5.1），请写明任务编号或完整任务名称。",
        "5月台账.csv 第 9 行「任务」列「加快」与方案中任何任务都对不上。",  # too short to be read as part of a title
        "5月台账.csv 第 11 行：序号与任务名称不一致（序号为 1.1 完善管理体制，任务列为「强化人才保障」）。",
    ]
    en = chk.problems[0].message("en")
    assert en == "5月台账.csv row 3, column “任务”: “建设月球基地” matches no task of the plan."
    assert not chk.ok and len(chk.updates) == 1  # only row 2 was good; row 5's "1.2" in 任务 was read as 1.2


@pytest.mark.parametrize(("raw", "expected"), [
    (b"", "台账.csv 是空文件。"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "台账.csv 不是 Excel（.xlsx）或 CSV 表格。"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "台账.csv 是旧版 Excel（.xls），请另存为 .xlsx 或 CSV 后再导入。"),
    ("单位,说明\n市发改委,无\n".encode(), "台账.csv 前 10 行中找不到表头（应含「序号」或「任务」，以及「状态」等列）；首行为：单位、说明"),
    ("序号,任务,进展情况\n1,完善管理体制,推进\n".encode(), "台账.csv 第 1 行的表头缺少「状态」列（表头为：序号、任务、进展情况）。"),
    ("序号,任务,状态\n".encode(), "台账.csv 表头（第 1 行）下没有数据行。"),
    (b"PK\x03\x04broken zip", None),
])
def test_unreadable_files_get_one_clear_message(ds, raw, expected):
    chk = check_ledger(raw, "台账.csv", ds, "plan-x", as_of=AS_OF, recorded_by="办公室")
    assert not chk.ok and not chk.updates
    if expected is None:
        assert chk.problems[0].message("zh").startswith("无法读取 台账.csv：")
    else:
        assert [p.message("zh") for p in chk.problems] == [expected]


def test_a_bad_file_writes_nothing_and_a_good_one_once(ds, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    bad = _check(ds, BAD)
    if bad.ok:  # the page's rule: write only a file with no problem
        store.add_updates(bad.updates)
    assert store.counts("plan-x") == (0, 0)
    good = _check(ds, GOOD)
    assert store.add_updates(good.updates) == 3
    assert store.add_updates(_check(ds, GOOD).updates) == 0  # the same file again adds nothing
    assert store.counts("plan-x") == (3, 0)
    store.engine.dispose()


def test_a_cell_holding_a_formula_or_markup_is_kept_as_text(ds):
    text = "序号,任务,进展情况,状态\n1.1,,=HYPERLINK(\"http://x\"),推进中\n1.2,,<script>alert(1)</script>,推进中\n"
    chk = _check(ds, text)
    assert [u.note for u in chk.updates] == ['=HYPERLINK("http://x")', "<script>alert(1)</script>"]
