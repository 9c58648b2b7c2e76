"""A task's 完成时限 from an imported document: kept as written and as a date, shown on the timeline (a row of
marks and table rows), in the matrix hover and in the task detail."""

from __future__ import annotations

import json

import pandas as pd

from lib import transforms
from lib.charts.matrix import matrix_figure
from lib.charts.timeline import task_deadlines, timeline_table
from lib.data import load_dataset
from lib.importer.output import write_dataset
from lib.importer.parse import parse_document
from lib.scenes.matrix import task_detail
from lib.scenes.timeline import timeline
from lib.transforms import Filters, apply_filters
from tests.conftest import run_app

# A flattened 分工表 as county offices write them: header row, then one cell per line.
TABLE = "\n".join([
    "某县2024年重点工作任务分解表",
    "序号", "重点任务", "牵头单位", "责任单位", "完成时限",
    "1", "建成县城污水处理厂二期工程", "县住建局", "县发改局、县财政局", "2024年6月底前",
    "2", "推进农村公路提档升级改造", "县交通运输局", "各乡镇人民政府", "2024年12月底前",
    "3", "优化营商环境持续深化改革", "县营商办", "县市场监管局", "长期坚持",
])


def _plan(tmp_path):
    result = parse_document(TABLE)
    write_dataset(result, tmp_path)
    loaded = load_dataset(tmp_path)
    assert loaded.dataset is not None, [p.code for p in loaded.problems]
    return loaded.dataset


def test_deadlines_travel_from_the_document_to_the_loaded_plan(tmp_path):
    ds = _plan(tmp_path)
    tasks = ds.tasks.set_index("task_id")
    assert list(tasks["deadline_text"]) == ["2024年6月底前", "2024年12月底前", "长期坚持"]
    assert [None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in tasks["deadline"]] == [
        "2024-06-30", "2024-12-31", None]


def test_timeline_draws_each_dated_deadline_and_lists_every_deadline(tmp_path):
    ds = _plan(tmp_path)
    built = timeline(ds, "zh", pd.Timestamp("2024-05-01"), 16)
    fig = json.loads(built.fig.to_json()) if hasattr(built.fig, "to_json") else built.fig.to_dict()
    marks = [tr for tr in fig["data"] if tr.get("name") == "任务完成时限"]
    assert len(marks) == 1
    assert marks[0]["x"] == ["2024-06-30", "2024-12-31"]  # 长期坚持 has no date to draw
    assert "建成县城污水处理厂二期工程" in marks[0]["hovertext"][0] and "县住建局" in marks[0]["hovertext"][0]
    rows = timeline_table(ds.phases, "zh", task_deadlines(ds.tasks))
    due = rows[rows["类型"] == "完成时限"] if "类型" in rows else rows.tail(3)
    assert list(due.iloc[:, -1]) == ["2024年6月底前", "2024年12月底前", "长期坚持"]


def test_matrix_hover_and_task_detail_name_the_deadline(tmp_path):
    ds = _plan(tmp_path)
    view = apply_filters(ds, Filters())
    cells = transforms.matrix_frame(view)
    fig = matrix_figure(cells, view.tasks, view.units, "zh")
    hovers = [h for tr in fig.data if tr.hovertext is not None for h in tr.hovertext]
    assert any("完成时限：2024年6月底前" in h for h in hovers)
    assert task_detail(ds, "1.1", "zh").deadline == "2024年6月底前（2024-06-30）"
    assert task_detail(ds, "1.3", "zh").deadline == "长期坚持"


def test_the_timeline_page_shows_deadlines_of_a_plan_without_phases(tmp_path, monkeypatch):
    _plan(tmp_path)
    at = run_app("timeline", None, tmp_path, monkeypatch)
    assert not at.exception
    at.session_state["tl_table_open"] = True  # the table is drawn when its expander is opened
    at.run()
    table = at.table[0].value if at.table else None
    assert table is not None and table.astype(str).apply(lambda c: c.str.contains("2024年6月底前")).any().any()
