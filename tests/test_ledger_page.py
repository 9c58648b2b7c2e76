"""The 进展 Progress page through the real app.py (AppTest): an empty start with a first step, recording an update
(a double click or a rerun adds nothing), a half-filled form surviving a language and a page switch, ?task= links,
the warning lists against dates checked by hand, who may write, the demo ledger kept apart, the Excel export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from lib import ui
from lib.ledger import status as S
from lib.ledger.store import Report, database_url, open_store
from tests.conftest import run_app
from tests.ledger_support import update

D = dt.date


def _store_and_key(ds):
    return open_store(database_url()), S.plan_key(ds)


def _progress(params=None, monkeypatch=None, today=None):
    if today:
        monkeypatch.setenv("FENGONG_TODAY", today)
    at = run_app("progress", params=params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def test_starts_empty_with_a_first_step():
    at = _progress()
    assert any(i.value.startswith("台账中还没有任何记录。第一步：") for i in at.info)
    assert _metrics(at)["已报送进展的任务"] == "0 / 24"


def test_record_an_update_and_a_double_click_adds_nothing(ds, monkeypatch):
    at = _progress(params={"task": "2.3"}, monkeypatch=monkeypatch, today="2024-06-05")
    assert at.radio(key="pg_section").value == "record"  # a ?task= link opens the form on that task
    assert at.selectbox(key="pg_task").value == "2.3"
    assert at.selectbox(key="pg_unit").value == "市发改委"  # the task's lead first
    at.text_input(key="pg_who").input("张三（市发改委）").run()
    at.radio(key="pg_status").set_value("in_progress").run()
    at.number_input(key="pg_percent").set_value(40).run()
    at.text_area(key="pg_note").input("产业基金已设立").run()
    at.button(key="pg_save").click().run()
    assert [s.value for s in at.success] == ["已记录：2.3 · 市发改委 · 推进中。"]
    at.button(key="pg_save").click().run()  # a double click
    assert any("已经保存过" in i.value for i in at.info)
    at.run()  # and a rerun
    store, key = _store_and_key(ds)
    rows = store.updates(key)
    assert len(rows) == 1
    r = rows.iloc[0]
    assert (r["task_id"], r["unit"], r["status"], r["percent"], r["note"], r["recorded_by"], r["as_of"]) == (
        "2.3", "市发改委", "in_progress", 40, "产业基金已设立", "张三（市发改委）", D(2024, 6, 5))
    assert r["source"] == "form:local"
    # the note was cleared for the next update; a new note is a new record
    assert at.text_area(key="pg_note").value == ""
    at.text_area(key="pg_note").input("更正：进度 35%").run()
    at.number_input(key="pg_percent").set_value(35).run()
    at.button(key="pg_save").click().run()
    assert len(store.updates(key)) == 2
    history = at.dataframe[0].value  # the only table of the record form
    assert history["进展情况"].tolist() == ["更正：进度 35%", "产业基金已设立"]
    assert _metrics(at)["已报送进展的任务"] == "1 / 24"


def test_half_filled_form_survives_language_and_page_switch():
    at = _progress(params={"task": "4.1"})
    at.text_input(key="pg_who").input("李四").run()
    at.radio(key="pg_status").set_value("blocked").run()
    at.number_input(key="pg_percent").set_value(20).run()
    at.text_area(key="pg_note").input("航线审批未获批复").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    at.switch_page("views/matrix.py").run()
    at.switch_page("views/progress.py").run()
    assert not at.exception
    assert at.radio(key="pg_section").value == "record"
    assert at.selectbox(key="pg_task").value == "4.1"
    assert at.radio(key="pg_status").value == "blocked"
    assert at.number_input(key="pg_percent").value == 20
    assert at.text_area(key="pg_note").value == "航线审批未获批复"
    assert at.text_input(key="pg_who").value == "李四"
    assert at.subheader[0].value == "Record an update"


def _seed(ds):
    store, key = _store_and_key(ds)
    store.add_updates([
        update(key, "1.1", unit="市发改委", status="done", percent=100, as_of=D(2024, 10, 1)),
        update(key, "1.2", unit="市自然资源和城乡建设局", status="in_progress", percent=95, as_of=D(2024, 10, 1)),
        update(key, "2.1", unit="市经信局", status="late", percent=50, as_of=D(2024, 10, 1)),
        update(key, "1.3", unit="市财政局", status="in_progress", percent=50, as_of=D(2024, 10, 1),
               due_date=D(2024, 10, 15)),
        update(key, "3.3", unit="市科技创新局", status="in_progress", percent=60, as_of=D(2024, 10, 1)),
    ])
    store.add_report(Report(idem_key="r1", plan_key=key, milestone="报送阶段性总结", unit="市发改委",
                            handed_in=D(2024, 5, 30), recorded_by="办公室"))
    store.add_updates([update("another-plan", "1.4", status="late")])  # never shown on this plan
    return store, key


def test_warning_lists_against_hand_checked_dates(ds, monkeypatch):
    """On 2024-10-20: 1.3 is 5 days past its own due date (red); 2.1 reported late and 3.3 at 60 % where the
    plan's pace is 96 % (262 of 273 days) are yellow; 1.2 and the 19 unreported tasks fall due on 2024-10-31,
    11 days ahead (blue); 1.1 is done."""
    _seed(ds)
    at = _progress(monkeypatch=monkeypatch, today="2024-10-20")
    m = _metrics(at)
    assert (m["已报送进展的任务"], m["已完成"], m["红色：逾期未完成"], m["黄色：进度滞后"], m["蓝色：即将到期"]) == (
        "5 / 24", "1", "1", "2", "20")
    w = at.dataframe[0].value  # the status view: warnings, overdue, due soon, ranking, tasks
    assert w["编号"].tolist()[:3] == ["1.3", "2.1", "3.3"]
    assert w["原因"].tolist()[:3] == ["已过完成时限 5 天，未报完成", "单位报告滞后", "完成 60%，按计划应约 96%"]
    assert w["预警"].tolist().count("蓝色：即将到期") == 20
    overdue = at.dataframe[1].value
    assert overdue.iloc[0].tolist()[:5] == ["任务", "1.3 加大财税金融支持力度", "市财政局", "2024-10-15", -5]
    # missing reports: 29 units' specific plans (due 2024-04-08) and 11 of 12 lead units' stage summaries
    assert (overdue["类别"] == "时间节点报送").sum() == 40
    assert "市发改委" not in set(overdue.loc[overdue["事项"] == "报送阶段性总结", "单位"])
    soon = at.dataframe[2].value
    assert len(soon) == 20 and set(soon["剩余天数"]) == {11}
    rank = at.dataframe[3].value
    assert rank["单位"].tolist()[:2] == ["市经信局", "市财政局"]  # 1 late each; 3 vs 0 tasks with no update
    assert rank.iloc[0][["滞后任务", "缺报次数", "未报送进展"]].tolist() == [1, 2, 3]
    at.radio(key="pg_rank_by").set_value("missing").run()
    by_missing = at.dataframe[3].value
    assert by_missing["缺报次数"].tolist() == sorted(by_missing["缺报次数"], reverse=True)
    assert by_missing["单位"].iloc[-1] == "市发改委"  # the only lead unit with one missing report, not two


def test_thresholds_are_adjustable(ds, monkeypatch):
    _seed(ds)
    at = _progress(monkeypatch=monkeypatch, today="2024-10-20")
    assert not at.number_input  # the rules' widgets run only while their expander is open
    at.session_state["pg_rules_open"] = True  # the user opens it
    at.run()
    at.number_input(key="pg_due_soon").set_value(10).run()  # 11 days ahead is no longer "soon"
    at.number_input(key="pg_tolerance").set_value(40).run()  # 60 + 40 ≥ 96: 3.3 is no longer behind
    m = _metrics(at)
    assert (m["黄色：进度滞后"], m["蓝色：即将到期"]) == ("1", "0")
    assert any("落后超过 40 个百分点" in c.value and "10 天内到期" in c.value for c in at.caption)
    at.session_state["pg_rules_open"] = False  # closed again, the rules chosen still apply
    at.run()
    assert not at.number_input
    assert (_metrics(at)["黄色：进度滞后"], _metrics(at)["蓝色：即将到期"]) == ("1", "0")
    assert any("落后超过 40 个百分点" in c.value and "10 天内到期" in c.value for c in at.caption)


def test_milestone_reports_and_history(ds, monkeypatch):
    _seed(ds)
    at = _progress(monkeypatch=monkeypatch, today="2024-06-05")
    at.radio(key="pg_section").set_value("reports").run()
    summary = at.dataframe[0].value.set_index("时间节点")
    assert summary.loc["报送阶段性总结", "已报送 / 应报送"] == "1 / 12"
    assert "市财政局" in summary.loc["报送阶段性总结", "尚未报送"]
    at.selectbox(key="pg_ms").set_value("报送阶段性总结").run()
    at.selectbox(key="pg_ms_unit").set_value("市财政局").run()
    at.date_input(key="pg_ms_date").set_value(D(2024, 6, 3)).run()
    at.text_input(key="pg_who").input("办公室").run()
    at.button(key="pg_ms_save").click().run()
    at.button(key="pg_ms_save").click().run()  # twice: one record
    units = at.dataframe[1].value.set_index("单位")
    assert units.loc["市财政局"].tolist() == ["2024-06-03", "逾期报送"]
    assert units.loc["市发改委"].tolist() == ["2024-05-30", "已报送"]
    assert at.dataframe[0].value.set_index("时间节点").loc["报送阶段性总结", "已报送 / 应报送"] == "2 / 12"
    at.radio(key="pg_section").set_value("history").run()
    at.selectbox(key="pg_hist_task").set_value("1.3").run()
    hist = at.dataframe[0].value
    assert hist[["截至", "单位", "状态", "完成时限"]].values.tolist() == [["2024-10-01", "市财政局", "推进中", "2024-10-15"]]


def test_writing_off_on_a_shared_server(monkeypatch):
    monkeypatch.setattr(ui.access, "_request_is_local", lambda: False)
    at = _progress(params={"task": "1.1"})
    assert any(w.value.startswith("录入已关闭：这是共享服务器") for w in at.warning)
    assert at.button(key="pg_save").disabled
    assert not at.get("text_input") or "pg_who" not in [w.key for w in at.text_input]


def test_editor_key_in_secrets_rate_limited(monkeypatch):
    monkeypatch.setattr(ui.access, "_KEY_FAILURES", {})
    at = run_app()
    at.secrets["ledger"] = {"editor_key": "correct horse"}
    at.switch_page("views/progress.py").run()
    at.radio(key="pg_section").set_value("record").run()
    assert any("录入需要编辑密钥" in w.value for w in at.warning)
    assert at.button(key="pg_save").disabled
    for left in (4, 3):
        _submit(at, "wrong")
        assert any(e.value == f"编辑密钥不正确（还可尝试 {left} 次）。" for e in at.error)
    _submit(at, "correct horse")
    assert any(c.value == "已输入编辑密钥，可以录入；请填写填报人。" for c in at.caption)
    assert at.button(key="pg_save").disabled  # accepted, but no name yet
    at.text_input(key="pg_who").input("王五").run()
    assert not at.button(key="pg_save").disabled


def _submit(at, key: str):
    """Type a key into the editor-key form and submit it (a form sends its fields only on submit)."""
    at.text_input(key="pg_key_input").input(key)
    btn = next(b for b in at.button if getattr(b.proto, "is_form_submitter", False))
    btn.click().run()


def test_lockout_after_too_many_wrong_keys(monkeypatch):
    monkeypatch.setattr(ui.access, "_KEY_FAILURES", {"local": [__import__("time").monotonic()] * ui.KEY_ATTEMPTS_ALLOWED})
    at = run_app()
    at.secrets["ledger"] = {"editor_key": "k"}
    at.switch_page("views/progress.py").run()
    at.radio(key="pg_section").set_value("record").run()
    assert any(e.value.startswith("错误次数过多，请") for e in at.error)


def test_demo_ledger_only_on_request_and_kept_apart(ds, monkeypatch):
    at = _progress(monkeypatch=monkeypatch, today="2024-06-05")
    at.toggle(key="pg_demo").set_value(True).run()
    assert any("示例台账" in w.value for w in at.warning)
    at.button(key="pg_demo_make").click().run()
    assert not at.exception
    store, key = _store_and_key(ds)
    assert store.counts(key) == (0, 0)  # the real ledger is untouched
    demo_updates, demo_reports = store.counts(S.demo_key(key))
    assert demo_updates >= 24 and demo_reports > 0
    assert set(store.updates(S.demo_key(key))["recorded_by"]) == {"示例 demo"}
    assert _metrics(at)["已报送进展的任务"] == "24 / 24"
    at.toggle(key="pg_demo").set_value(False).run()
    assert _metrics(at)["已报送进展的任务"] == "0 / 24"


def test_excel_export_of_the_ledger(ds):
    from lib import exports
    from lib.ledger import display

    store, key = _seed(ds)
    p = display.build(ds, store.updates(key), store.reports(key), D(2024, 10, 20))
    wb = openpyxl.load_workbook(io.BytesIO(exports.ledger_excel(ds, store.updates(key), store.reports(key), p)))
    assert wb.sheetnames == ["任务状态", "进展记录", "报送记录", "阶段总结报送", "牵头单位排名"]
    status = wb["任务状态"]
    assert status.max_row == 25  # header + 24 tasks
    rows = list(wb["进展记录"].values)
    assert len(rows) == 6 and rows[0][:3] == ("编号", "单位", "状态")
    assert {r[0] for r in rows[1:]} == {"1.1", "1.2", "2.1", "1.3", "3.3"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_progress_slide(ds, monkeypatch, lang):
    _seed(ds)
    at = _progress(params={"present": "1", "lang": lang}, monkeypatch=monkeypatch, today="2024-10-20")
    line = "进展（截至 2024-10-20）：5/24 项任务已报送进展，1 项已完成；红色预警 1 项、黄色 2 项、蓝色 20 项。" if lang == "zh" \
        else "Progress (as of 2024-10-20): 5 of 24 tasks reported, 1 done; warnings: 1 red, 2 yellow, 20 blue."
    assert any(line in m.value for m in at.markdown), [m.value[:120] for m in at.markdown if "<style>" not in m.value]
    assert at.get("plotly_chart") and not at.get("text_area")


def test_presentation_steps_gain_the_progress_slide_once_the_ledger_has_records(ds):
    at = run_app(params={"present": "1"})
    assert at.caption[0].value == "汇报 第 1 / 5 页"  # an empty ledger: the five views only
    _seed(ds)
    at = run_app(params={"present": "1"})
    assert at.caption[0].value == "汇报 第 1 / 6 页"
    for _ in range(5):
        at.button(key="present_next").click().run()
    assert at.caption[0].value == "汇报 第 6 / 6 页" and at.title[0].value == "进展"
    assert at.button(key="present_next").disabled


def test_overview_progress_line(ds, monkeypatch):
    monkeypatch.setenv("FENGONG_TODAY", "2024-10-20")
    at = run_app()
    assert "进展台账中还没有本方案的记录（见「进展」页）。" in [c.value for c in at.caption]
    _seed(ds)
    at = run_app()
    assert "进展（截至 2024-10-20）：5/24 项任务已报送进展，1 项已完成；红色预警 1 项、黄色 2 项、蓝色 20 项。" in [
        c.value for c in at.caption]
    assert "进展" in [link.proto.label for link in at.get("page_link")]


def test_overview_never_creates_the_database(tmp_path, monkeypatch):
    db = tmp_path / "nowhere" / "ledger.sqlite3"
    monkeypatch.setenv("FENGONG_DB", str(db))
    at = run_app()
    assert not at.exception and not db.exists()


def test_briefing_gains_a_progress_view_and_line(ds, monkeypatch):
    from PIL import Image

    from lib import briefing
    from lib.scenes import meeting
    from lib.transforms import Filters, apply_filters

    view = apply_filters(ds, Filters())
    plain = briefing.build_briefing(ds, view, Filters(), "zh", today=D(2024, 10, 20))
    assert "progress" not in plain.figures  # an empty ledger adds nothing
    _seed(ds)
    b = briefing.build_briefing(ds, view, Filters(), "zh", today=D(2024, 10, 20))
    assert list(b.figures) == [*meeting.VIEWS, "progress"]
    line = "进展（截至 2024-10-20）：5/24 项任务已报送进展，1 项已完成；红色预警 1 项、黄色 2 项、蓝色 20 项。"
    assert b.summary.lines[-1] == line
    html = briefing.briefing_html(b).decode()
    assert 'id="view-progress"' in html and line in html and html.count("Plotly.newPlot(") == 6
    names = [tr.name for tr in b.figures["progress"].data]
    assert names == ["未启动", "推进中", "已完成", "滞后", "受阻", "未报送"]
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(png, "PNG")
    from pptx import Presentation

    deck = Presentation(io.BytesIO(briefing.briefing_pptx(b, images=[png.getvalue()] * len(b.figures))))
    assert len(deck.slides) == 1 + 6 + 1
    texts = [sh.text_frame.text for sh in deck.slides[6].shapes if sh.has_text_frame]
    assert "进展" in texts
    assert not briefing.build_briefing(ds, view, Filters(), "zh", today=D(2024, 10, 20), progress=False).figures.get(
        "progress")


MIXED = """市政协1号建议案督办台账
序号,任务,牵头单位,进展情况,状态,完成时间
1,完善管理体制,市发改委,方案已报市政府,推进中,2024年10月底
2,建设月球基地,市发改委,,推进中,
3,强化人才保障,,,差不多,
"""
GOOD_ROWS = """序号,任务,牵头单位,进展情况,状态,完成时间
1,完善管理体制,市发改委,方案已报市政府,推进中,2024年10月底
2,加快科创供应链平台建设,东湖高新区,平台已上线,已完成,
"""


def test_import_a_ledger_through_the_page(ds, monkeypatch):
    at = _progress(monkeypatch=monkeypatch, today="2024-06-05")
    at.radio(key="pg_section").set_value("import").run()
    at.text_input(key="pg_who").input("办公室").run()
    at.file_uploader(key="pg_upload").set_value(("五月台账.csv", MIXED.encode("gb18030"), "text/csv")).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["五月台账.csv：3 行中有 2 处问题，未写入任何记录。请修改后重新上传。"]
    assert at.dataframe[0].value["问题"].tolist() == [
        "五月台账.csv 第 4 行「任务」列「建设月球基地」与方案中任何任务都对不上。",
        "五月台账.csv 第 5 行「状态」列「差不多」不是有效状态（应为 未启动、推进中、已完成、滞后 或 受阻）。"]
    store, key = _store_and_key(ds)
    assert store.counts(key) == (0, 0)  # nothing half-written
    at.file_uploader(key="pg_upload").set_value(("五月台账.csv", GOOD_ROWS.encode(), "text/csv")).run()
    assert [s.value for s in at.success] == ["五月台账.csv：2 条记录全部对上方案中的任务。"]
    at.button(key="pg_import_go").click().run()
    assert "已写入 2 条；0 条此前已导入，未重复写入。" in [s.value for s in at.success]
    at.button(key="pg_import_go").click().run()  # the same file again
    assert "已写入 0 条；2 条此前已导入，未重复写入。" in [s.value for s in at.success]
    rows = store.updates(key)
    assert rows[["task_id", "unit", "status", "recorded_by", "source"]].values.tolist() == [
        ["1.1", "市发改委", "in_progress", "办公室", "file:五月台账.csv"],
        ["3.1", "东湖高新区", "done", "办公室", "file:五月台账.csv"]]
    assert _metrics(at)["已报送进展的任务"] == "2 / 24"


def test_a_task_picked_in_the_matrix_opens_the_form():
    at = run_app("matrix")
    at.selectbox(key="mx_task").set_value("3.2").run()
    at.switch_page("views/progress.py").run()
    assert at.radio(key="pg_section").value == "record" and at.selectbox(key="pg_task").value == "3.2"
    at.selectbox(key="pg_task").set_value("5.1").run()
    at.switch_page("views/matrix.py").run()  # the matrix still shows 3.2: the form keeps 5.1
    at.switch_page("views/progress.py").run()
    assert at.selectbox(key="pg_task").value == "5.1"
    at.switch_page("views/matrix.py").run()
    at.selectbox(key="mx_task").set_value("6.2").run()  # a new pick in the matrix
    at.switch_page("views/progress.py").run()
    assert at.selectbox(key="pg_task").value == "6.2"


@pytest.mark.parametrize(("db", "says"), [("postgresql://nobody:pw@127.0.0.1:1/none", "Connection refused"),
                                          ("mysql://x/y", "only SQLite and PostgreSQL are supported"),
                                          ("postgresql://u:pw@localhost:54a2/db", "not a valid database URL"),
                                          ("postgresql+pg8000://u:pw@localhost/db", "driver is not installed (pg8000)")])
def test_a_database_that_cannot_be_opened_is_named_and_the_app_goes_on(db, says, monkeypatch):
    monkeypatch.setenv("FENGONG_DB", db)
    at = _progress()
    assert len(at.error) == 1 and at.error[0].value.startswith("无法打开进展台账数据库（FENGONG_DB）：")
    assert says in at.error[0].value.replace("\\:\u2060", ":") and "pw" not in at.error[0].value
    at = run_app()  # the overview goes on without its progress line
    assert not at.exception and "进展台账中还没有本方案的记录（见「进展」页）。" in [c.value for c in at.caption]


def test_login_configured_asks_to_sign_in(monkeypatch):
    monkeypatch.setattr(ui.access, "_request_is_local", lambda: False)
    at = run_app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                          "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "https://accounts.example/.well-known/openid-configuration"}
    at.switch_page("views/progress.py").run()
    at.radio(key="pg_section").set_value("record").run()
    assert not at.exception
    assert any(w.value == "这是共享服务器：请先登录再录入。" for w in at.warning)
    assert at.button(key="pg_login").label == "登录" and at.button(key="pg_save").disabled


def test_warning_board_colours_each_task(ds):
    from lib.ledger import display

    store, key = _seed(ds)
    p = display.build(ds, store.updates(key), store.reports(key), D(2024, 10, 20))
    tiles = display.warning_board(p).data[0]
    colours = dict(zip(tiles.text, tiles.marker.color))
    assert len(colours) == 24
    assert colours["1.3"] == S.WARNING_COLORS["red"] and colours["1.1"] == display.NO_WARNING_COLOR
    assert [colours[k] for k in ("2.1", "3.3", "1.2")] == [S.WARNING_COLORS[c] for c in ("yellow", "yellow", "blue")]
    assert [tr.name for tr in display.warning_board(p, "en").data[1:]] == [
        "Red: overdue, not done", "Yellow: behind the planned pace", "Blue: due soon"]


def test_no_demo_ledger_where_recording_is_off(monkeypatch):
    monkeypatch.setattr(ui.access, "_request_is_local", lambda: False)
    at = _progress()
    at.toggle(key="pg_demo").set_value(True).run()
    assert any("示例台账是空的" in i.value for i in at.info)
    assert "pg_demo_make" not in [b.key for b in at.button]



def test_the_save_checks_permission_again_when_it_runs(ds, monkeypatch):
    """The button was drawn while recording was open; by the click it is not (a disabled button is no lock)."""
    at = _progress(params={"task": "1.1"})
    at.text_input(key="pg_who").input("张三").run()
    assert not at.button(key="pg_save").disabled
    monkeypatch.setattr(ui.access, "_request_is_local", lambda: False)
    at.button(key="pg_save").click().run()
    store, key = _store_and_key(ds)
    assert store.counts(key) == (0, 0)
    assert any(e.value.startswith("录入已关闭") for e in at.error)
