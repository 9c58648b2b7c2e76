"""Thirty sessions at once on one `streamlit run`, without a browser (bench.load speaks Streamlit's websocket
protocol): every session gets every page without an exception, and none ever sees another's imported plan,
language or filters. Correctness only: no timing is asserted; the time limits only stop a hang.
"""

from __future__ import annotations

import asyncio

import pytest

from bench import load
from bench.run import app_pages
from tests.conftest import DATA

SESSIONS = 30
DEADLINE_S = 900  # the whole crowd; a hang ends here with the sessions that did not finish named


@pytest.fixture(scope="module")
def crowd(tmp_path_factory):
    """SESSIONS sessions walking the app at once (distinct languages, unit filters, imported plans)."""
    port = load.free_port()
    # correctness only: on a slow or busy machine a rerun or an import may wait; only the crowd's deadline ends it
    proc = load.start_server(DATA, port, tmp_path_factory.mktemp("load") / "server.log",
                             env={"FENGONG_READ_QUEUE_S": str(DEADLINE_S)})
    run_timeout, load.RUN_TIMEOUT_S = load.RUN_TIMEOUT_S, DEADLINE_S
    try:
        plans = [load.session_plan(n) for n in range(SESSIONS)]
        sessions = asyncio.run(load.drive(f"http://{load.HOST}:{port}", plans, app_pages(), think_s=0,
                                          ramp_s=3, deadline_s=DEADLINE_S))
    finally:
        load.RUN_TIMEOUT_S = run_timeout
        load.stop_server(proc)
    return sessions


def test_crowd_is_varied():
    """The crowd covers both languages, several unit filters and imports, or isolation would prove nothing."""
    plans = [load.session_plan(n) for n in range(SESSIONS)]
    assert {p.lang for p in plans} == {"zh", "en"}
    assert len({p.unit for p in plans}) >= 5
    assert sum(p.imports for p in plans) >= 5


def test_every_session_gets_every_page_and_only_its_own_state(crowd):
    problems = load.isolation_problems(crowd, DATA)
    assert not problems, "\n".join(problems[:30])
    names = {name for name, _ in app_pages()}
    for s in crowd:
        assert {r.page for r in s.runs if r.action == "page"} == names
        assert all(r.ok for r in s.runs)
    refused = [f"session {s.plan.n}: {s.refused}" for s in crowd if s.refused]
    assert not refused, "\n".join(refused)  # the crowd's queue waits for its whole deadline: nobody is told "busy"
    importers = [s for s in crowd if s.plan.imports]
    # after its import, every page a session opens shows its own plan's unit
    for s in importers:
        after = s.runs[[r.action for r in s.runs].index("import") + 1:]
        assert len(after) >= len(names) and all(s.plan.n in r.marks for r in after)


def _session(n: int, runs: list[load.Run]) -> load.Session:
    s = load.Session("http://127.0.0.1:1", load.session_plan(n), app_pages())
    s.runs = runs
    return s


def _good_run(s: load.Session, page: str) -> load.Run:
    from urllib.parse import quote

    from lib.i18n import t

    p = s.plan
    query = "&".join([f"unit={quote(p.unit)}"] + (["lang=en"] if p.lang == "en" else []))
    return load.Run(page=page, action="page", seconds=0.1, ok=True, query=query,
                    texts=[t("filter_units", p.lang), load.expected_caption(p, DATA)])


def test_checker_catches_a_leak():
    """The isolation check fails on a foreign plan, a foreign language, a foreign filter and an exception."""
    s = _session(1, [])
    s.runs = [_good_run(s, name) for name, _ in app_pages()]
    assert load.isolation_problems([s], DATA) == []
    leaks = {
        "imported plan": lambda r: r.marks.add(4),
        "language": lambda r: r.texts.__setitem__(0, "单位"),
        "URL filter": lambda r: setattr(r, "query", r.query.replace("unit=", "unit=x")),
        "exception": lambda r: r.exceptions.append("KeyError: 'x'"),
    }
    for what, spoil in leaks.items():
        s.runs = [_good_run(s, name) for name, _ in app_pages()]
        spoil(s.runs[3])
        problems = load.isolation_problems([s], DATA)
        assert problems and all("session 1" in p for p in problems), what


def test_a_paste_refused_as_busy_is_told_apart_from_a_broken_one():
    """The harness counts the Import page's "server busy, try again" (every reading slot taken) as a refusal, in
    both languages, as the page shows it; any other message after a paste stays an error."""
    from lib.i18n import t
    from lib.importer import DocumentError
    from lib.textsafe import md_escape

    busy = DocumentError.from_key("imp_err_busy", name="粘贴的文本", seconds=60)
    for lang, message in (("zh", busy.message_zh), ("en", busy.message_en)):
        shown = t("im_parse_error", lang, name=md_escape("粘贴的文本"), message=md_escape(message))
        assert any(m in shown for m in load.busy_markers()), (lang, shown)
    other = DocumentError.from_key("imp_err_timeout", name="粘贴的文本", seconds=30)
    for message in (other.message_zh, other.message_en):
        assert not any(m in md_escape(message) for m in load.busy_markers())
