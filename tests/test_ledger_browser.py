"""The ledger through real `streamlit run` servers and chromium: two browsers record on the same task at the same
moment, the server restarts, and both records are there; against SQLite and, with FENGONG_TEST_PG, PostgreSQL.
Skips without chromium unless FENGONG_REQUIRE_BROWSER=1 (CI), as tests/browser/ does."""

from __future__ import annotations

import pytest

from lib.ledger.store import Store
from tests.browser.conftest import (
    APP_RUN_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    launch,
    require_browser,
    running,
    wait_for_app,
)
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
    from playwright.sync_api import expect, sync_playwright

    from lib.ledger.status import plan_key

    require_browser()
    monkeypatch.setenv("FENGONG_DB", db_url)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            with running(launch("ledger-a")) as (server,):
                pages = []
                for _ in range(2):
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
                # the count the page shows, found by its label and waited for (not the first metric in the DOM at
                # the moment of looking: on a busy machine the row may still be drawing)
                reported = pg.locator('[data-testid="stMetric"]').filter(has_text="已报送进展的任务")
                expect(reported).to_contain_text("1 / 24", timeout=APP_RUN_MS)
                ctx.close()
        finally:
            browser.close()
    store = Store(db_url)
    rows = store.updates(plan_key(ds))
    assert sorted(rows["note"]) == ["乙：已征求意见", "甲：方案已起草"]
    assert sorted(rows["recorded_by"]) == ["张三", "李四"] and set(rows["task_id"]) == {"2.3"}
    store.engine.dispose()


def _network_address() -> str | None:
    """This machine's address on its network (not loopback), or None (then the test skips)."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            ip = s.getsockname()[0]
    except OSError:
        return None
    return None if ip.startswith("127.") else ip


@pytest.mark.parametrize("script", ["serve.py", "app.py"])
def test_writing_open_at_localhost_and_off_by_network_address(script, tmp_path, monkeypatch):
    """The same server (listening on every interface, no key, no login): a browser at localhost may record, one
    that reaches it by the machine's network address is told that recording is off."""
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import LOGS, ROOT, Server, free_port

    require_browser()
    ip = _network_address()
    if ip is None:
        pytest.skip("no network interface besides loopback")
    monkeypatch.setenv("FENGONG_DB", str(tmp_path / "ledger.sqlite3"))
    LOGS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = LOGS / f"ledger-address-{script}.log"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                                 "--server.headless", "true", "--server.address", "0.0.0.0",
                                 "--browser.gatherUsageStats", "false"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    seen = {}
    with running(Server(f"ledger-address-{script}", port, proc, log)), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for host in ("localhost", ip):
                pg = browser.new_page(viewport=VIEWPORT)
                pg.set_default_timeout(APP_RUN_MS)
                pg.goto(f"http://{host}:{port}/progress?task=1.1")
                wait_for_app(pg)
                body = pg.inner_text("body")
                seen[host] = ("open" if "本机运行：任何人都可以录入" in body else
                              "off" if "录入已关闭：这是共享服务器" in body else body[:300])
                pg.close()
        finally:
            browser.close()
    assert seen == {"localhost": "open", ip: "off"}
