"""Every page of app.py in a real browser: through the sidebar navigation, and by deep link on a fresh server.

What a leader would notice: a traceback box, an empty chart area, the wrong titles in the sidebar, a link that
forgets its filter. Screenshots land in tests/artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    APP_RUN_MS,
    DATA,
    VIEWPORT,
    Watch,
    app_pages,
    click_nav,
    drawn_charts,
    exceptions_on,
    expected_charts,
    launch,
    nav_titles,
    running,
    screenshot,
    stop,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

PAGES = app_pages()
SECTION = 2  # ?section=2 in every deep link


def _expected_filter_caption() -> tuple[str, str]:
    """The sidebar's section chip and its 'filtered: n tasks, u units' caption for ?section=2 on the shipped plan."""
    from lib.data import load_dataset
    from lib.i18n import t
    from lib.transforms import Filters, apply_filters, section_label, section_titles

    ds = load_dataset(DATA).dataset
    view = apply_filters(ds, Filters(sections=(SECTION,)))
    chip = section_label(SECTION, section_titles(ds.tasks)[SECTION])
    return chip, t("filter_active", "zh", n=len(view.tasks), u=len(view.units))


def test_sidebar_navigation_walks_every_page(page, server):
    """Click each sidebar link in turn: right URL, no exception, no console error, every chart drawn."""
    watch = Watch(page, server.url)
    page.goto(server.url + "/")
    wait_for_app(page)
    assert nav_titles(page) == [p.title("zh") for p in PAGES]
    problems = []
    for p in PAGES:
        click_nav(page, p.title("zh"))
        page.wait_for_url(lambda url, p=p: url.split("?")[0].rstrip("/") == p.url(server.url).rstrip("/"))
        wait_for_app(page)
        expected = expected_charts(p.name)
        charts = wait_for_charts(page, expected)
        screenshot(page, f"nav-{p.name}")
        active = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"] span[label]').get_attribute(
            "label")
        if active != p.title("zh"):
            problems.append(f"{p.name}: active nav link is {active!r}")
        if exc := exceptions_on(page):
            problems.append(f"{p.name}: exception shown (traceback in {server.log_path}): {exc}")
        if drawn_charts(page) < max(expected, charts):
            problems.append(f"{p.name}: {drawn_charts(page)} of {max(expected, charts)} charts drawn")
        if errors := watch.take():
            problems.append(f"{p.name}: console errors: {errors}")
    assert not problems, "\n".join(problems)
    assert not watch.dialogs


@pytest.fixture(scope="module")
def deep_links(browser):
    """One untouched server per page, each opened at /<page>?section=2 by its first and only visitor.

    The servers start together and the links open together (the browser loads them side by side while the tests
    check them one by one); each test stops its server when done.
    """
    servers = [launch(f"fresh-{p.name}") for p in PAGES]
    opened = {}
    with running(*servers):
        for p, server in zip(PAGES, servers):
            context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
            context.set_default_timeout(APP_RUN_MS)
            pg = context.new_page()
            watch = Watch(pg, server.url)
            pg.goto(p.url(server.url, f"section={SECTION}"), wait_until="commit")
            opened[p.name] = (server, pg, watch)
        yield opened
        for _, pg, _ in opened.values():
            pg.context.close()  # a no-op for those the tests closed


@pytest.mark.parametrize("app_page", PAGES, ids=[p.name for p in PAGES])
def test_deep_link_on_fresh_server(deep_links, app_page):
    """/<page>?section=2 as the first request: the app's own navigation titles, the filter applied, charts drawn."""
    server, page, watch = deep_links[app_page.name]
    try:
        _check_deep_link(page, watch, app_page)
    finally:
        page.context.close()
        stop(server)


def _check_deep_link(page, watch, app_page):
    wait_for_app(page)
    expected = expected_charts(app_page.name, DATA, (("section", str(SECTION)),))
    wait_for_charts(page, expected)
    screenshot(page, f"deep-{app_page.name}")

    # The app's navigation (titles from i18n), not Streamlit's legacy page list of file names.
    titles = nav_titles(page)
    assert titles == [p.title("zh") for p in PAGES]
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1
    assert not {p.name for p in PAGES} & set(titles)
    active = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"] span[label]')
    assert active.get_attribute("label") == app_page.title("zh")

    # The filter from the URL is applied: the section chip in the sidebar and the filtered counts.
    chip, caption = _expected_filter_caption()
    assert page.locator(".st-key-f_section").inner_text().split("\n")[-1].strip() == chip
    assert page.locator('[data-testid="stSidebar"]').get_by_text(caption, exact=True).count() == 1
    assert f"section={SECTION}" in page.url

    assert not exceptions_on(page), f"traceback in tests/artifacts/logs/fresh-{app_page.name}.log"
    assert drawn_charts(page) >= expected
    assert not watch.take(), "console errors beyond the known deep-link 404s"
    assert not watch.dialogs
