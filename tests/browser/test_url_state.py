"""The URL and the session's state in a real browser: filters and language from a link, kept through the sidebar's
navigation and written back to the address bar; a hand-written unit=A,B link; presentation mode from ?present=1,
stepping with the filters and leaving it; an imported plan from ?plan=<id>, kept through navigation and a reload."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import (
    APP_RUN_MS,
    DATA,
    app_pages,
    click_nav,
    exceptions_on,
    launch,
    nav_titles,
    running,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PAGES = {p.name: p for p in app_pages()}
UNIT, UNIT_EN = "市经信局", "Economy and Information Technology Bureau"  # data/units.csv
OTHER = "市财政局"


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def settle(page, check, timeout_s: float = APP_RUN_MS / 1000) -> None:
    """Wait until check() holds (a rerun after a click may start late on a busy machine); the caller then asserts it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # an element replaced while read: read again
            pass
        page.wait_for_timeout(250)


def _chips(page, key: str) -> str:
    """What the sidebar widget with this key shows (its label and chosen chips)."""
    return page.locator(f".st-key-{key}").inner_text()


def test_filters_and_language_from_a_link_survive_navigation(page, server):
    page.goto(PAGES["matrix"].url(server.url, f"section=2&unit={UNIT}&lang=en"))
    wait_for_app(page)
    en_titles = [p.title("en") for p in PAGES.values()]
    settle(page, lambda: nav_titles(page) == en_titles and UNIT_EN in _chips(page, "f_unit"))
    assert nav_titles(page) == en_titles
    assert UNIT_EN in _chips(page, "f_unit")  # the English name of the unit in the link
    assert page.get_by_role("heading", name=PAGES["matrix"].title("en")).count() == 1
    for name in ("workload", "overview", "profile"):
        click_nav(page, PAGES[name].title("en"))
        page.wait_for_url(lambda url, n=name: urlsplit(url).path.strip("/") == PAGES[n].path)
        wait_for_app(page)
        settle(page, lambda: tuple(_query(page).get(k) for k in ("section", "unit", "lang")) == (["2"], [UNIT], ["en"])
               and nav_titles(page) == en_titles and UNIT_EN in _chips(page, "f_unit"))
        query = _query(page)
        assert (query.get("section"), query.get("unit"), query.get("lang")) == (["2"], [UNIT], ["en"]), page.url
        assert nav_titles(page) == [p.title("en") for p in PAGES.values()]
        assert UNIT_EN in _chips(page, "f_unit")
        assert not exceptions_on(page), name
    screenshot(page, "url-state-english")
    # back to Chinese: the radio's own state, the URL drops lang=, the filters stay
    page.locator(".st-key-lang").get_by_text("中文", exact=True).click()
    wait_for_app(page)
    zh_titles = [p.title("zh") for p in PAGES.values()]
    settle(page, lambda: nav_titles(page) == zh_titles and "lang" not in _query(page))
    assert nav_titles(page) == [p.title("zh") for p in PAGES.values()]
    query = _query(page)
    assert "lang" not in query and query.get("unit") == [UNIT] and query.get("section") == ["2"]


def test_unit_list_link_selects_both_units(page, server):
    page.goto(server.url + f"/?unit={UNIT},{OTHER}")
    wait_for_app(page)
    settle(page, lambda: _query(page).get("unit") == [UNIT, OTHER] and OTHER in _chips(page, "f_unit"))
    chips = _chips(page, "f_unit")
    assert UNIT in chips and OTHER in chips
    assert _query(page).get("unit") == [UNIT, OTHER]  # written back one parameter per unit
    assert not exceptions_on(page)


def test_presentation_mode_from_a_link_steps_and_exits(page, server):
    page.goto(server.url + "/?present=1&section=2")
    wait_for_app(page)
    settle(page, lambda: page.get_by_text("汇报 第 1 / 5 页", exact=True).count() == 1)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.get_by_text("汇报 第 1 / 5 页", exact=True).count() == 1
    page.locator(".st-key-present_next button").click()
    page.wait_for_url(lambda url: urlsplit(url).path.strip("/") == PAGES["matrix"].path)
    wait_for_app(page)
    settle(page, lambda: page.get_by_text("汇报 第 2 / 5 页", exact=True).count() == 1
           and _query(page).get("present") == ["1"])
    assert page.get_by_text("汇报 第 2 / 5 页", exact=True).count() == 1
    query = _query(page)
    assert query.get("present") == ["1"] and query.get("section") == ["2"], page.url
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    screenshot(page, "url-state-present")
    page.locator(".st-key-present_exit button").click()
    wait_for_app(page)
    settle(page, lambda: page.locator('[data-testid="stSidebar"]').is_visible() and "present" not in _query(page))
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    query = _query(page)
    assert "present" not in query and query.get("section") == ["2"], page.url
    assert not exceptions_on(page)


def test_imported_plan_from_a_link_survives_navigation_and_reload(page, tmp_path, monkeypatch):
    import pandas as pd

    from lib.i18n import t
    from lib.importer import store

    monkeypatch.setenv("FENGONG_IMPORTS_DIR", str(tmp_path / "imports"))  # the server below keeps its plans here
    frames = {name: pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
              for name in ("tasks.csv", "units.csv", "phases.csv", "plan.csv")}
    plan = frames["plan.csv"]
    plan.loc[plan["field"] == "title_en", "value"] = "A plan imported in a browser test"
    pid = store.save(frames, "browser-test.txt")
    server = launch("url-state-plan")
    with running(server):
        page.goto(server.url + f"/?plan={pid}&lang=en")
        wait_for_app(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        settle(page, lambda: sidebar.get_by_text(t("dataset_imported", "en"), exact=True).count() == 1)
        assert sidebar.get_by_text(t("dataset_imported", "en"), exact=True).count() == 1
        assert page.get_by_role("heading", name="A plan imported in a browser test").count() == 1
        click_nav(page, PAGES["workload"].title("en"))
        page.wait_for_url(lambda url: urlsplit(url).path.strip("/") == PAGES["workload"].path)
        wait_for_app(page)
        settle(page, lambda: _query(page).get("plan") == [pid] and _query(page).get("lang") == ["en"])
        assert _query(page).get("plan") == [pid] and _query(page).get("lang") == ["en"], page.url
        page.reload()  # F5: a new session, the same link
        wait_for_app(page)
        settle(page, lambda: sidebar.get_by_text(t("dataset_imported", "en"), exact=True).count() == 1)
        assert sidebar.get_by_text(t("dataset_imported", "en"), exact=True).count() == 1
        assert _query(page).get("plan") == [pid]
        page.goto(server.url + "/?plan=" + "0" * 32)  # a plan no longer kept: said so, the shipped plan shown
        wait_for_app(page)
        settle(page, lambda: sidebar.get_by_text(t("plan_gone", "zh")).count() == 1 and "plan" not in _query(page))
        assert sidebar.get_by_text(t("plan_gone", "zh")).count() == 1
        assert "plan" not in _query(page)
        assert not exceptions_on(page)
