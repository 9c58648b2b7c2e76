"""The ledger through real `streamlit run` servers and chromium: two browsers record on the same task at the same
moment, the server restarts, and both records are there; against SQLite and, with FENGONG_TEST_PG, PostgreSQL.
Skips without chromium unless FENGONG_REQUIRE_BROWSER=1 (CI), as tests/browser/ does."""

from __future__ import annotations

import pytest

from lib.ledger.store import Store
from tests.browser.conftest import APP_RUN_MS, CHROMIUM, CHROMIUM_ARGS, VIEWPORT, launch, require_browser, running, \
    wait_for_app
from tests.ledger_support import backends, fresh_database


@pytest.fixture(params=backends())
def db_url(request, tmp_path):
    url, cleanup = fresh_database(request.param, tmp_path)
    yield url
    cleanup()


def _fill(page, base: str, who: str, note: str) -> None:
    """Open the record form on task 2.3 and fill it in (each field committed as a user would: Enter, Ctrl+Enter)."""
    page.goto(f"{base}/progress?task=2.3")
    wait_for_app(page)
    page.get_by_label("填报人").fill(who)
    page.get_by_label("填报人").press("Enter")
    wait_for_app(page)
    page.get_by_label("进展情况（做了什么、遇到什么困难）").fill(note)
    page.get_by_label("进展情况（做了什么、遇到什么困难）").press("Control+Enter")
    wait_for_app(page)


def test_two_browsers_record_at_once_and_a_restart_keeps_both(db_url, monkeypatch, ds):
    from playwright.sync_api import sync_playwright

    from lib.ledger.status import plan_key

    require_browser()
    monkeypatch.setenv("FENGONG_DB", db_url)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            with running(launch("ledger-a")) as (server,):
                pages = []
                for who in ("张三", "李四"):
                    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
                    ctx.set_default_timeout(APP_RUN_MS)
                    pages.append(ctx.new_page())
                _fill(pages[0], server.url, "张三", "甲：方案已起草")
                _fill(pages[1], server.url, "李四", "乙：已征求意见")
                buttons = [pg.get_by_role("button", name="保存进展") for pg in pages]
                for b in buttons:  # both clicks in flight before either run finishes
                    b.click(no_wait_after=True)
                for pg in pages:
                    wait_for_app(pg)
                    assert pg.get_by_text("已记录：2.3 · 市发改委 · 未启动。").count() == 1
                buttons[0].click()  # a second click on a saved form adds nothing
                wait_for_app(pages[0])
                assert pages[0].get_by_text("这条记录已经保存过").count() == 1
                for pg in pages:
                    pg.context.close()
            with running(launch("ledger-b")) as (server,):  # a new process on the same database
                ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
                ctx.set_default_timeout(APP_RUN_MS)
                pg = ctx.new_page()
                pg.goto(f"{server.url}/progress")
                wait_for_app(pg)
                metric = pg.locator('[data-testid="stMetric"]').first.inner_text()
                assert "1 / 24" in metric, metric
                ctx.close()
        finally:
            browser.close()
    store = Store(db_url)
    rows = store.updates(plan_key(ds))
    assert sorted(rows["note"]) == ["乙：已征求意见", "甲：方案已起草"]
    assert sorted(rows["recorded_by"]) == ["张三", "李四"] and set(rows["task_id"]) == {"2.3"}
    store.engine.dispose()
