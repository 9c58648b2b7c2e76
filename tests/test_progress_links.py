"""The matrix and the unit profile lead to the Progress page's record form on their task (issue 11)."""

from __future__ import annotations

from tests.conftest import run_app


def _links(at) -> dict[str, str]:
    return {link.proto.label: link.proto.query_string for link in at.get("page_link") if link.proto.page == "progress"}


def test_matrix_links_the_picked_task_to_its_progress_form(monkeypatch):
    at = run_app("matrix", None, None, monkeypatch)
    assert _links(at) == {"记录任务 1.1 的进展": "task=1.1"}
    at.selectbox(key="mx_task").set_value("5.2").run()
    assert _links(at) == {"记录任务 5.2 的进展": "task=5.2"}


def test_profile_links_the_units_first_task_to_its_progress_form(monkeypatch):
    at = run_app("profile", None, None, monkeypatch)
    tasks = at.dataframe[0].value  # the unit's tasks, as the page lists them
    assert len(tasks) and _links(at) == {"记录本单位任务的进展": f"task={tasks.iloc[0, 0]}"}
