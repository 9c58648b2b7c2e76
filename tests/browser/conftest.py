"""Browser tests: real `streamlit run app.py` servers driven by Debian's chromium through Playwright.

Without chromium (or Playwright, or a CJK font) the browser tests skip, unless FENGONG_REQUIRE_BROWSER=1 (set by
.ci/run under CI=true): then they fail, so CI never passes by skipping them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from lib.sitemap import PAGES, PageEntry

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
ARTIFACTS = ROOT / "tests" / "artifacts"
SHOTS = ARTIFACTS / "screenshots"
LOGS = ARTIFACTS / "logs"
CHROMIUM = Path(os.environ.get("FENGONG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
VIEWPORT = {"width": 1440, "height": 900}
SERVER_START_S = 90
APP_RUN_MS = 60_000  # one page run, charts drawn; generous for a loaded 2-core CI machine


# ---------- the app's own page list ----------

class AppPage(PageEntry):
    """One entry of lib.sitemap.PAGES (its fields: name, path, title_key, icon), with its title and URL."""

    __slots__ = ()

    def title(self, lang: str = "zh") -> str:
        from lib.i18n import t

        return t(self.title_key, lang)

    def url(self, base: str, query: str = "") -> str:
        return f"{base}/{self.path}" + (f"?{query}" if query else "")


@cache
def app_pages() -> tuple[AppPage, ...]:
    """The pages app.py navigates, as lib/sitemap.py declares them."""
    return tuple(AppPage(*entry) for entry in PAGES)


# ---------- skip, or fail under CI ----------

def _missing() -> list[str]:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -r requirements-dev.txt)")
    if not CHROMIUM.exists():
        missing.append(f"chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        fonts = ""
    if not fonts.strip():
        missing.append("a CJK font (apt-get install fonts-noto-cjk)")
    return missing


def require_browser() -> None:
    """Skip when the browser stack is missing; fail instead when FENGONG_REQUIRE_BROWSER=1."""
    missing = _missing()
    if not missing:
        return
    message = "browser tests need " + ", ".join(missing)
    if os.environ.get("FENGONG_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (FENGONG_REQUIRE_BROWSER=1: not skipping)", pytrace=False)
    pytest.skip(message)


# ---------- Streamlit servers ----------

@dataclass
class Server:
    """A `streamlit run` subprocess on 127.0.0.1."""

    name: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    started: float = field(default_factory=time.monotonic)
    ready_s: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def status_kb(self, key: str) -> int:
        """A memory figure of the server process from /proc (VmHWM = peak resident set, VmRSS = now), in kB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise KeyError(key)

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-n:])
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(name: str, data_dir: Path | None = DATA, script: Path = APP) -> Server:
    """Start `streamlit run <script>` on a free port (not waiting for it)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if data_dir is not None:
        env["FENGONG_DATA_DIR"] = str(data_dir)
    # a server keeps its ledger and imported plans in a folder of its own, never the repository's var/
    scratch = Path(tempfile.mkdtemp(prefix=f"fengong-{name}-"))
    env.setdefault("FENGONG_DB", str(scratch / "ledger.sqlite3"))
    env.setdefault("FENGONG_IMPORTS_DIR", str(scratch / "imports"))
    log_path = LOGS / f"{name}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return Server(name, port, proc, log_path)


def wait_healthy(server: Server, timeout: float = SERVER_START_S) -> Server:
    """Poll /_stcore/health until it answers ok; fail with the server's log if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit server {server.name} exited ({server.proc.returncode}):\n"
                               + server.log_tail())
        try:
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    server.ready_s = time.monotonic() - server.started
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"streamlit server {server.name} not healthy after {timeout:.0f} s:\n" + server.log_tail())


def stop(*servers: Server) -> None:
    """Terminate the servers this test session started (their own pids only), all at once, then reap them."""
    for server in servers:
        if server.proc.poll() is None:
            server.proc.terminate()
    for server in servers:
        try:
            server.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=15)


@contextmanager
def running(*servers: Server):
    """Wait for all of them (they start in parallel), stop all at the end."""
    try:
        for s in servers:
            wait_healthy(s)
        yield servers
    finally:
        stop(*servers)


@pytest.fixture(scope="session")
def browser_ready():
    require_browser()


@pytest.fixture(scope="session")
def server(browser_ready):
    """The app on the shipped Wuhan plan."""
    with running(launch("shipped")) as (s,):
        yield s


@pytest.fixture(scope="session")
def hostile_server(browser_ready):
    """The app on tests/fixtures/hostile (markup, markdown, formulas, RTL, emoji in every text field)."""
    with running(launch("hostile", HOSTILE)) as (s,):
        yield s


@pytest.fixture(scope="module")
def browser(browser_ready):
    """Chromium for one test module. Module scope, not session: a test elsewhere that starts its own sync
    Playwright (tests/test_matrix.py does) cannot while another one is running in the same thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (a new Streamlit session) and page at 1440×900, Chinese locale."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(APP_RUN_MS)
    pg = context.new_page()
    yield pg
    context.close()


# ---------- watching a page ----------

def known_404s(base: str) -> set[str]:
    """Streamlit issue #7074: on a deep link the frontend probes /<page>/_stcore/health and /host-config."""
    return {f"{base}/{p.path}/_stcore/{probe}" for p in app_pages() if p.path for probe in ("health", "host-config")}


class Watch:
    """Console errors (minus the known deep-link 404s), uncaught page errors and dialogs of one page."""

    def __init__(self, page, base: str):
        self.allowed = known_404s(base)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if url in self.allowed and "404" in msg.text:
            return
        self.errors.append(f"{msg.text} @ {url}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def take(self) -> list[str]:
        out, self.errors = self.errors, []
        return out


def wait_for_app(page, timeout: int = APP_RUN_MS) -> None:
    """Connected, script finished, nothing stale on screen (as Streamlit's own e2e tests wait)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=timeout, polling=250)
    page.wait_for_timeout(300)
    # A rerun the last wait did not see yet (URL sync, widget default) settles here.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


DRAWN_CHARTS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .filter(c => c.querySelector('.js-plotly-plot .main-svg')).length"""


def wait_for_charts(page, expected: int, timeout: int = APP_RUN_MS) -> int:
    """Wait until at least `expected` plotly charts are drawn; return how many chart elements there are."""
    if expected:
        page.wait_for_function(f"n => ({DRAWN_CHARTS_JS})() >= n", arg=expected, timeout=timeout, polling=250)
    return page.locator('[data-testid="stPlotlyChart"]').count()


def drawn_charts(page) -> int:
    return page.evaluate(DRAWN_CHARTS_JS)


def nav_titles(page) -> list[str]:
    """Titles in the sidebar navigation, as shown."""
    return page.eval_on_selector_all('[data-testid="stSidebarNavLink"] span[label]',
                                     "els => els.map(e => e.getAttribute('label'))")


def click_nav(page, title: str) -> None:
    link = page.locator('[data-testid="stSidebarNavLink"]').filter(has=page.locator(f'span[label="{title}"]'))
    link.click()


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def exceptions_on(page) -> list[str]:
    return [e.inner_text()[:500] for e in page.query_selector_all('[data-testid="stException"]')]


# ---------- what AppTest says a page shows ----------

@cache
def expected_charts(page_name: str, data_dir: Path = DATA, query: tuple = ()) -> int:
    """How many plotly charts the page draws in its default state, by running it through AppTest.

    The browser must draw every one of them; nothing is hard-coded per page, so new pages are covered as they land.
    """
    from streamlit.testing.v1 import AppTest

    from lib import ui

    old = os.environ.get("FENGONG_DATA_DIR")
    os.environ["FENGONG_DATA_DIR"] = str(data_dir)
    try:
        ui.clear_caches()
        at = AppTest.from_file(str(APP), default_timeout=120)
        for k, v in query:
            at.query_params[k] = v
        at.run()
        if page_name != app_pages()[0].name:
            at.switch_page(f"views/{page_name}.py").run()
        return len(at.get("plotly_chart"))
    finally:
        if old is None:
            os.environ.pop("FENGONG_DATA_DIR", None)
        else:
            os.environ["FENGONG_DATA_DIR"] = old
        ui.clear_caches()
