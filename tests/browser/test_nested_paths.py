"""An unknown nested path (/matrix/extra) on the served entry (serve.py): the page, not a blank tab for ever."""

from __future__ import annotations

import pytest

from tests.browser.conftest import APP_RUN_MS, ROOT, VIEWPORT, exceptions_on, launch, running, wait_for_app

pytestmark = pytest.mark.browser


def test_nested_path_opens_its_page(browser):
    server = launch("nested-path", script=ROOT / "serve.py")
    with running(server):
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        context.set_default_timeout(APP_RUN_MS)
        page = context.new_page()
        try:
            page.goto(server.url + "/matrix/extra/more?section=2")
            wait_for_app(page)
            page.get_by_role("heading", name="责任矩阵").first.wait_for()
            assert page.url.split("?")[0].endswith("/matrix") and "section=2" in page.url
            assert not exceptions_on(page)
        finally:
            context.close()
