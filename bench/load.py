"""Many sessions at once without a browser: each speaks Streamlit's own websocket protocol to one server.

    python -m bench.load [--sessions 10,50,100,200] [--scales 1,100] [--think 1.0] [--no-save]
    python -m bench.load --url http://127.0.0.1:8080 --pids 123,456 --sessions 100   # a running server or proxy
    python -m bench.load --scales 100 --sessions 20 --profile     # py-spy on the server: bench/out/profile-100.txt

A session is what the browser's frontend is to the server: a websocket on /_stcore/stream that sends BackMsg
protobufs (rerun_script with the query string, the page's script hash and the widget states) and receives ForwardMsg
protobufs (new_session, navigation, deltas with elements, page_info_changed with the URL's query string,
script_finished). Each session opens the home page, switches the language (odd sessions to English), sets a unit
filter, then opens every page of app.py's PAGES from the sidebar; on the network page it changes an option; every
third session pastes a small plan of its own on the import page, views it, and opens every page again.

Latency of a rerun: BackMsg sent → script_finished (FINISHED_SUCCESSFULLY) received, with every delta of the run
received and parsed on the way, as a browser would receive them (no drawing). Like the browser, a session keeps the
elements of 10 kB and more the server marked cacheable and names them in each rerun_script (cached_message_hashes); the
server then sends such an element again only as its hash (ref_hash), for as long as the session has used it in the
last max_cached_message_age runs (new_session's config, 2 by default), and the session reads it from its cache. Errors: exception elements in a run, a
run that never finishes (RUN_TIMEOUT_S), a closed socket. Memory: the server's RSS sampled every 0.5 s and its peak
(VmHWM) from /proc. Between clicks a session waits a think time (uniform 0.5–1.5 × --think seconds, seeded); the
sessions start spread over --ramp seconds. Only 127.0.0.1; every loop bounded; the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from bench.run import OUT, ROOT, app_pages, code_version, data_folder, save

RUN_TIMEOUT_S = 120  # one rerun; far beyond any healthy run, so a hang is an error, not a wait forever
CONNECT_TIMEOUT_S = 60
SAMPLE_S = 0.5
HOST = "127.0.0.1"
# The unit each session filters on, by session number: units of the shipped plan present at every scale.
FILTER_UNITS = ("市发改委", "市经信局", "市科技创新局", "市财政局", "东湖高新区", "市商务局", "市自然资源和城乡建设局",
                "市卫健委", "市交通运输局", "市教育局")
IMPORT_EVERY = 3  # every third session imports a plan of its own
SAME_MIX = 30  # session numbers repeat their mix of language, unit and import every 30 (2 × 3 × 10)
MARK = re.compile(r"会话(\d+)局".encode())  # the unit only session N's imported plan has


def busy_markers() -> tuple[str, ...]:
    """The words of the Import page's "server busy, try again" refusal (lib.importer.sandbox, imp_err_busy) in each
    language: the longest stretch of the message without a format field or punctuation (the page escapes those)."""
    from lib.i18n import STRINGS

    return tuple(max(re.split(r"\{[^}]*\}|[()（），,.;:：]", text), key=len).strip() for text in STRINGS["imp_err_busy"])


def plan_text(n: int) -> str:
    """A small plan only session n imports: its own unit 会话{n}局 leads one task and supports another."""
    return (f"会话{n}号测试工作方案\n一、工作任务\n（一）推进会话测试\n"
            f"1.建设测试平台。完善测试平台。（牵头单位：会话{n}局；责任单位：市发改委、市财政局）\n"
            f"2.完善测试机制。健全工作机制。（牵头单位：市发改委；责任单位：会话{n}局）\n")


# ---------- one session ----------

@dataclass
class Run:
    """One rerun as the session saw it."""

    page: str
    action: str
    seconds: float
    ok: bool
    exceptions: list[str] = field(default_factory=list)
    query: str = ""
    texts: list[str] = field(default_factory=list)  # headings, markdown, captions, alerts, labels, in order
    marks: set[int] = field(default_factory=set)  # 会话N局 seen anywhere in the run's bytes
    kb: float = 0.0
    refs: int = 0  # elements the server sent as a reference to the session's cache


@dataclass
class Plan:
    """What session n does and what it must see."""

    n: int
    lang: str
    unit: str
    imports: bool
    network_option: bool = True


def session_plan(n: int) -> Plan:
    return Plan(n=n, lang="en" if n % 2 else "zh", unit=FILTER_UNITS[n % len(FILTER_UNITS)],
                imports=n % IMPORT_EVERY == 0)


def page_cookies(url: str) -> str:
    """GET the app's page; its Set-Cookie values as one Cookie header (a proxy's sticky-session cookie)."""
    with urllib.request.urlopen(url, timeout=CONNECT_TIMEOUT_S) as resp:
        resp.read()
        return "; ".join(v.split(";", 1)[0] for v in resp.headers.get_all("Set-Cookie") or [])


def widget_key(widget_id: str) -> str | None:
    """The user key of a keyed widget: Streamlit's ids end in '-<key>' after the '$$ID-<hash>' prefix."""
    if not widget_id.startswith("$$ID-"):
        return None
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 else None


class Session:
    """One browser tab's worth of protocol: connect, rerun, switch pages, set widgets."""

    def __init__(self, base: str, plan: Plan, pages: list[tuple[str, str]], cookies: bool = False):
        self.base = base
        self.cookies = cookies  # load the page first and send its cookies with the websocket, as a browser does
        self.plan = plan
        self.pages = pages
        self.ws = None
        self.page_hashes: dict[str, str] = {}  # url path → page_script_hash, from the navigation message
        self.query = ""
        self.current = ""  # page_script_hash of the page shown
        self.states: dict[str, object] = {}  # widget id → WidgetState we set (the frontend's widget manager)
        self.widgets: dict[str, object] = {}  # key → the last element proto of that widget
        self.runs: list[Run] = []
        self.error: str | None = None
        self.refused: str | None = None  # what the Import page said when it refused the paste (server busy)
        # the browser's ForwardMsg cache: hash → [the message's bytes, the run it was last used in]
        self.msg_cache: dict[str, list] = {}
        self.max_age = 2  # new_session's config.max_cached_message_age
        self.run_count = 0

    async def connect(self) -> None:
        import websockets

        url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        headers = {}
        if self.cookies:
            jar = await asyncio.to_thread(page_cookies, self.base + "/")
            if jar:
                headers["Cookie"] = jar
        self.ws = await asyncio.wait_for(
            websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=CONNECT_TIMEOUT_S,
                               ping_interval=None, compression=None, additional_headers=headers),
            CONNECT_TIMEOUT_S)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, page: str, action: str, path: str | None = None, switch: bool = False,
                    set_widgets: dict | None = None, trigger: str | None = None) -> Run:
        """Send one rerun_script and read until the script finished; record what came back."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        for key, value in (set_widgets or {}).items():
            widget = self.widgets[key]
            state = WidgetState(id=widget.id)
            if isinstance(value, bool):
                state.bool_value = value
            elif isinstance(value, list):
                state.string_array_value.data[:] = value
            else:
                state.string_value = value
            self.states[widget.id] = state
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if switch:
            cs.page_script_hash = self.page_hashes[path]
            cs.query_string = ""  # a sidebar link drops the query string; the app writes its filters back
        elif path is not None:
            cs.page_name = path  # a first visit: the URL's path names the page
        else:
            cs.page_script_hash = self.current  # a click on the page shown reruns that page
        cs.widget_states.widgets.extend(self.states.values())
        cs.cached_message_hashes[:] = list(self.msg_cache)
        if trigger:
            cs.widget_states.widgets.append(WidgetState(id=self.widgets[trigger].id, trigger_value=True))
        ci = cs.context_info
        ci.timezone, ci.timezone_offset, ci.locale = "Asia/Shanghai", -480, "zh-CN"
        ci.url = f"{self.base}/{path or ''}"
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = await asyncio.wait_for(self._read_run(page, action), RUN_TIMEOUT_S)
        run.seconds = time.perf_counter() - t0
        self.runs.append(run)
        return run

    async def _read_run(self, page: str, action: str) -> Run:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        run = Run(page=page, action=action, seconds=0.0, ok=False)
        active: set[str] = set()
        size = 0
        while True:
            data = await self.ws.recv()
            size += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            if fm.WhichOneof("type") == "ref_hash":  # an element this session has: read it from the cache
                entry = self.msg_cache.get(fm.ref_hash)
                if entry is None:
                    raise RuntimeError(f"server referred to a message the session does not have ({fm.ref_hash})")
                entry[1] = self.run_count
                run.refs += 1
                data, metadata = entry[0], fm.metadata
                fm = ForwardMsg()
                fm.ParseFromString(data)
                fm.metadata.CopyFrom(metadata)  # where it goes in this run
            elif fm.metadata.cacheable and fm.hash:
                self.msg_cache[fm.hash] = [data, self.run_count]
            run.marks.update(int(m) for m in MARK.findall(data))
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.page_hashes = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "new_session":  # a run starts (also after st.rerun / st.switch_page inside the script)
                self.current = fm.new_session.page_script_hash
                self.max_age = fm.new_session.config.max_cached_message_age or self.max_age
                active.clear()
                run.texts.clear()
                run.exceptions.clear()
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                self._element(fm.delta.new_element, run, active)
            elif kind == "script_finished":
                status = fm.script_finished
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                    run.ok = status == ForwardMsg.FINISHED_SUCCESSFULLY and not run.exceptions
                    break
        # as the browser's cache: one run older; what was not used in the last max_age runs is dropped
        self.run_count += 1
        self.msg_cache = {h: e for h, e in self.msg_cache.items() if self.run_count - e[1] <= self.max_age}
        # the frontend forgets widgets that were not drawn in the run
        self.states = {wid: s for wid, s in self.states.items() if wid in active}
        run.query = self.query
        run.kb = size / 1024
        return run

    def _element(self, el, run: Run, active: set[str]) -> None:
        kind = el.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
            return
        if kind == "heading":
            run.texts.append(el.heading.body)
        elif kind == "markdown":
            run.texts.append(el.markdown.body)
        elif kind == "alert":
            run.texts.append(el.alert.body)
        inner = getattr(el, kind, None)
        widget_id = getattr(inner, "id", "") if inner is not None else ""
        if widget_id and kind not in ("plotly_chart", "dataframe"):
            active.add(widget_id)
            label = getattr(inner, "label", "")
            if label:
                run.texts.append(label)
            key = widget_key(widget_id)
            if key:
                self.widgets[key] = inner

    # ---------- what a user does ----------

    async def visit_all(self, think) -> None:
        """Every page from the sidebar, in PAGES order; a network option changed on the network page."""
        for name, path in self.pages:
            await think()
            await self.rerun(name, "page", path=path, switch=True)
            if name == "network" and self.plan.network_option and "nw_size" in self.widgets:
                options = list(self.widgets["nw_size"].options)
                await think()
                await self.rerun(name, "option", set_widgets={"nw_size": options[-1]})

    async def walk(self, think) -> None:
        """Home, language, unit filter, every page; with an import, the import and every page again."""
        home = self.pages[0][0]
        await self.rerun(home, "open", path="")
        if self.plan.lang == "en":
            await think()
            await self.rerun(home, "language", set_widgets={"lang": "English"})
        await think()
        await self.rerun(home, "filter", set_widgets={"f_unit": [self.plan.unit]})
        await self.visit_all(think)
        if self.plan.imports:
            await think()
            pasted = await self.rerun("importer", "paste", set_widgets={"im_text": plan_text(self.plan.n)})
            if "im_view" not in self.widgets:  # the parse ended in a message, not a plan to view: what it said
                said = " | ".join(pasted.texts[-3:])[:240]
                if any(m in text for m in busy_markers() for text in pasted.texts):
                    self.refused = said  # every reading slot stayed taken for the queue's wait: a refusal, counted
                    return
                raise RuntimeError("no plan to view after the paste: " + said)
            await think()
            await self.rerun("importer", "import", trigger="im_view")
            await self.visit_all(think)


async def drive(base: str, plans: list[Plan], pages: list[tuple[str, str]], think_s: float, ramp_s: float,
                seed: int = 1, deadline_s: float = 1800, cookies: bool = False) -> list[Session]:
    """Run every session concurrently; each records its runs or its error. Bounded by deadline_s overall."""
    sessions = [Session(base, p, pages, cookies) for p in plans]

    async def one(s: Session) -> None:
        rnd = random.Random(seed * 100_003 + s.plan.n)

        async def think() -> None:
            if think_s > 0:
                await asyncio.sleep(think_s * rnd.uniform(0.5, 1.5))

        await asyncio.sleep(ramp_s * s.plan.n / max(1, len(plans)))
        try:
            await s.connect()
            await s.walk(think)
        except Exception as exc:  # reported per session; the others go on
            s.error = f"{type(exc).__name__}: {exc}"[:300] or type(exc).__name__
        finally:
            try:
                await asyncio.wait_for(s.close(), 10)
            except Exception:
                pass

    tasks = [asyncio.create_task(one(s)) for s in sessions]
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
    for s, task in zip(sessions, tasks):
        if task in pending and s.error is None:
            s.error = f"not finished in {deadline_s:.0f} s"
    return sessions


# ---------- what each session must have seen ----------

def expected_caption(plan: Plan, folder: Path) -> str:
    """The sidebar's 'n tasks, u units' line for the session's unit filter on the shipped plan, from lib itself."""
    from lib.data import load_dataset
    from lib.i18n import t
    from lib.transforms import Filters, apply_filters

    ds = load_dataset(str(folder)).dataset
    view = apply_filters(ds, Filters(units=(plan.unit,)))
    return t("filter_active", plan.lang, n=len(view.tasks), u=len(view.units))


def isolation_problems(sessions: list[Session], folder: Path) -> list[str]:
    """Every way a session saw something that is not its own (or missed what is): empty when all is well."""
    from lib.i18n import t

    problems: list[str] = []
    captions: dict[tuple, str] = {}
    for s in sessions:
        p = s.plan
        if s.error:
            problems.append(f"session {p.n}: {s.error}")
            continue
        seen_pages = {r.page for r in s.runs if r.action == "page"}
        missing = {name for name, _ in s.pages} - seen_pages
        if missing:
            problems.append(f"session {p.n}: pages never shown: {sorted(missing)}")
        label = t("filter_units", p.lang)
        other_label = t("filter_units", "zh" if p.lang == "en" else "en")
        key = (p.unit, p.lang)
        if key not in captions:
            captions[key] = expected_caption(p, folder)
        imported = False
        for r in s.runs:
            where = f"session {p.n} ({p.lang}, {p.unit}) {r.action} {r.page}"
            if r.exceptions:
                problems.append(f"{where}: exception {r.exceptions[0]}")
            if not r.ok:
                problems.append(f"{where}: run did not finish cleanly")
            foreign = r.marks - {p.n}
            if foreign:
                problems.append(f"{where}: saw another session's imported plan (会话{sorted(foreign)[0]}局)")
            if r.action == "import":
                imported = True
            if imported and p.n not in r.marks:
                problems.append(f"{where}: its imported plan (会话{p.n}局) not shown")
            if r.action in ("open",) or (r.action == "language" and p.lang == "en"):
                continue
            if label not in r.texts or other_label in r.texts:
                problems.append(f"{where}: sidebar not in its language ({p.lang})")
            query = parse_qs(r.query)
            if (query.get("lang") == ["en"]) != (p.lang == "en"):
                problems.append(f"{where}: URL language wrong: ?{r.query}")
            if not imported and r.action != "import":
                if query.get("unit") != [p.unit]:
                    problems.append(f"{where}: URL filter is not its own unit: ?{r.query}")
                if captions[key] not in r.texts:
                    problems.append(f"{where}: filter line {captions[key]!r} not shown")
    return problems


# ---------- the server ----------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def entry() -> Path:
    """What `make run` serves: serve.py (app.py behind its redirect middleware) when there is one, else app.py."""
    served_entry = ROOT / "serve.py"
    return served_entry if served_entry.is_file() else ROOT / "app.py"


def start_server(folder: Path, port: int, log: Path, extra: list[str] = (), env: dict | None = None
                 ) -> subprocess.Popen:
    """streamlit run app.py on 127.0.0.1:port for the plan folder; returns once /_stcore/health answers ok."""
    env = {**os.environ, "FENGONG_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT), **(env or {})}
    # the ledger and imported plans beside the log (replicas of one run share them), never the repository's var/
    env.setdefault("FENGONG_DB", str(log.parent / "ledger.sqlite3"))
    env.setdefault("FENGONG_IMPORTS_DIR", str(log.parent / "imports"))
    cmd = [sys.executable, "-m", "streamlit", "run", str(entry()), "--server.port", str(port),
           "--server.address", HOST, "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra]
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    if not wait_healthy(f"http://{HOST}:{port}", 90, proc):
        stop_server(proc)
        raise RuntimeError(f"streamlit did not answer on port {port}; see {log}")
    return proc


def wait_healthy(base: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def stop_server(proc: subprocess.Popen, sig: int = signal.SIGTERM, grace_s: float = 15) -> None:
    """Stop a server this process started (its own pid only): sig, then a kill after grace_s."""
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(15)


def start_profiler(pid: int, out: Path) -> subprocess.Popen:
    """py-spy (pip install py-spy; not a dependency of the app) sampling the server while the load runs: only the
    thread holding the GIL, 50 times a second, as collapsed stacks (`frame;frame;… count`) to `out`. A thread waiting
    for a lock or for the GIL is not counted, so the stacks are where the process spends its one Python core."""
    import shutil

    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        raise SystemExit("--profile needs py-spy on PATH (pip install py-spy)")
    return subprocess.Popen([spy, "record", "--gil", "--rate", "50", "--format", "raw", "--output", str(out),
                             "--pid", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def top_frames(path: Path, n: int = 15) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """A collapsed-stack profile's largest shares: the app's own functions (lib/, views/) with what they call, and
    any function by its own time (not what it calls)."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for row in path.read_text("utf-8", errors="replace").splitlines():
        stack, _, k = row.rpartition(" ")
        if not k.isdigit() or not stack:
            continue
        k = int(k)
        total += k
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        own[frames[-1]] = own.get(frames[-1], 0) + k
        for frame in {f for f in frames if "(lib/" in f or "(views/" in f}:
            inclusive[frame] = inclusive.get(frame, 0) + k

    def ranked(counts: dict[str, int]) -> list[tuple[float, str]]:
        return [(round(100 * c / max(1, total), 1), f) for f, c in sorted(counts.items(), key=lambda kv: -kv[1])[:n]]

    return ranked(inclusive), ranked(own)


def status_kb(pid: int, key: str) -> int:
    """VmRSS (now) or VmHWM (peak) of a process, in kB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


class MemorySampler:
    """Total RSS of the server processes every SAMPLE_S seconds while the load runs; the peak and the last."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.samples: list[int] = []
        self._task = None

    def now_kb(self) -> int:
        total = 0
        for pid in self.pids:
            try:
                total += status_kb(pid, "VmRSS")
            except OSError:
                pass
        return total

    async def _loop(self) -> None:
        while True:
            self.samples.append(self.now_kb())
            await asyncio.sleep(SAMPLE_S)

    def __enter__(self):
        self._task = asyncio.get_running_loop().create_task(self._loop())
        return self

    def __exit__(self, *exc):
        self._task.cancel()


# ---------- one measured load ----------

def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


async def measure(base: str, pids: list[int], n_sessions: int, pages, think_s: float, ramp_s: float,
                  folder: Path, check: bool = True, first: int = 0, cookies: bool = False) -> dict:
    """n_sessions at once against base; latency percentiles, errors, memory, isolation problems."""
    plans = [session_plan(first + i) for i in range(n_sessions)]
    sampler = MemorySampler(pids)
    rss_before = sampler.now_kb()
    load_before = os.getloadavg()[0]
    t0 = time.monotonic()
    with sampler:
        sessions = await drive(base, plans, pages, think_s, ramp_s, cookies=cookies)
    wall = time.monotonic() - t0
    runs = [r for s in sessions for r in s.runs]
    secs = [r.seconds for r in runs]
    refusals = [f"session {s.plan.n}: {s.refused}" for s in sessions if s.refused]
    errors = [s.error for s in sessions if s.error] + [
        f"session {s.plan.n} {r.action} {r.page}: {r.exceptions[0] if r.exceptions else 'not finished cleanly'}"
        for s in sessions for r in s.runs if not r.ok]
    by_action: dict[str, list[float]] = {}
    for r in runs:
        by_action.setdefault("page switch" if r.action == "page" else r.action, []).append(r.seconds)
    out = {
        "sessions": n_sessions, "reruns": len(runs), "wall_s": round(wall, 1),
        "p50_s": _r(percentile(secs, 50)), "p95_s": _r(percentile(secs, 95)), "p99_s": _r(percentile(secs, 99)),
        "max_s": _r(max(secs) if secs else None), "errors": len(errors), "error_samples": errors[:5],
        # pastes the Import page refused because every reading slot stayed busy (imp_err_busy): told, not broken
        "refusals": len(refusals), "refusal_samples": refusals[:3],
        "imports": sum(1 for s in sessions for r in s.runs if r.action == "paste"),
        "p95_by_action_s": {k: _r(percentile(v, 95)) for k, v in by_action.items()},
        "kb_per_rerun": round(statistics.mean([r.kb for r in runs]), 1) if runs else None,
        "refs_per_rerun": round(statistics.mean([r.refs for r in runs]), 2) if runs else None,
        "rss_before_mb": round(rss_before / 1024, 1), "rss_peak_mb": round(max(sampler.samples, default=0) / 1024, 1),
        "rss_after_mb": round(sampler.now_kb() / 1024, 1),
        "vmhwm_mb": round(sum(_hwm(p) for p in pids) / 1024, 1),
        "load_avg_before": round(load_before, 2), "load_avg_after": round(os.getloadavg()[0], 2),
    }
    if check:
        problems = isolation_problems(sessions, folder) if folder == data_folder(1) else []
        out["isolation_problems"] = len(problems)
        out["isolation_samples"] = problems[:5]
    return out


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 3)


def _hwm(pid: int) -> int:
    try:
        return status_kb(pid, "VmHWM")
    except OSError:
        return 0


def run_levels(base: str, pids: list[int], levels: list[int], pages, think_s: float, ramp_s: float,
               folder: Path, cookies: bool = False) -> list[dict]:
    """Each level in turn against the same server (sessions numbered on, so no two levels share a number)."""
    results, first = [], 0
    for n in levels:
        first = -(-first // SAME_MIX) * SAME_MIX  # every level starts the same mix of languages and imports
        res = asyncio.run(measure(base, pids, n, pages, think_s, ramp_s, folder, first=first, cookies=cookies))
        first += n
        print(line(res), flush=True)
        results.append(res)
    return results


def line(r: dict) -> str:
    return (f"{r['sessions']:>4} sessions {r['reruns']:>5} reruns in {r['wall_s']:>6.1f} s: p50 {r['p50_s']:.3f} "
            f"p95 {r['p95_s']:.3f} p99 {r['p99_s']:.3f} s, errors {r['errors']}, "
            f"pastes refused (server busy) {r.get('refusals', 0)} of {r.get('imports', 0)}, RSS {r['rss_before_mb']:.0f} → "
            f"{r['rss_after_mb']:.0f} MB (peak {r['rss_peak_mb']:.0f}, VmHWM {r['vmhwm_mb']:.0f}), "
            f"load {r['load_avg_before']:.1f} → {r['load_avg_after']:.1f}, {r['kb_per_rerun']} kB a rerun "
            f"({r['refs_per_rerun']} elements from the session's cache)"
            + (f", isolation problems {r['isolation_problems']}" if r.get("isolation_problems") else "")
            + "".join(f"\n      {e}" for e in (r["error_samples"] + r.get("isolation_samples", [])
                                                   + r.get("refusal_samples", []))[:5]))


def save_merged(key: str, report: dict) -> None:
    """results.json[key], keeping the scales an earlier run measured and this one did not."""
    import json

    from bench.run import RESULTS

    old = {}
    if RESULTS.is_file():
        try:
            old = json.loads(RESULTS.read_text("utf-8")).get(key) or {}
        except ValueError:
            old = {}
    scales = {**(old.get("scales") or {}), **report.get("scales", {})}
    save({**report, "scales": scales}, key)


def served(results: list[dict], limit_s: float = 1.0) -> int | None:
    """The most sessions of a level that kept p95 ≤ limit with no error and no paste refused."""
    ok = [r["sessions"] for r in results if r["p95_s"] is not None and r["p95_s"] <= limit_s and not r["errors"]
          and not r.get("refusals")]
    return max(ok) if ok else None


# ---------- runner.postScriptGC, measured ----------

async def _opened(base: str, n: int, pages, first: int) -> tuple[list[Session], list[float]]:
    """n sessions opening the home page at the same moment; their first-run latencies."""
    sessions = [Session(base, Plan(n=first + i, lang="zh", unit=FILTER_UNITS[0], imports=False), pages)
                for i in range(n)]
    await asyncio.gather(*(s.connect() for s in sessions))
    runs = await asyncio.gather(*(s.rerun(pages[0][0], "open", path="") for s in sessions))
    return sessions, [r.seconds for r in runs]


async def gc_case(base: str, pid: int, pages, reruns: int, long_sessions: int = 10) -> dict:
    """One server: warm reruns of one session, 30 simultaneous reruns, 30 new sessions at once, then a long run
    of `reruns` page switches by long_sessions sessions with RSS sampled throughout."""
    out: dict = {}
    solo, _ = await _opened(base, 1, pages, 0)
    s = solo[0]
    await s.rerun(pages[0][0], "filter", set_widgets={"f_unit": [FILTER_UNITS[0]]})
    warm = [(await s.rerun(pages[0][0], "rerun")).seconds for _ in range(30)]
    out["warm_rerun_p50_s"], out["warm_rerun_p95_s"] = _r(percentile(warm, 50)), _r(percentile(warm, 95))
    await s.close()
    fresh, firsts = await _opened(base, 30, pages, 100)
    out["new_30_p50_s"], out["new_30_p95_s"] = _r(percentile(firsts, 50)), _r(percentile(firsts, 95))
    burst = []
    for _ in range(3):
        runs = await asyncio.gather(*(f.rerun(pages[0][0], "rerun") for f in fresh))
        burst += [r.seconds for r in runs]
    out["burst_30_p50_s"], out["burst_30_p95_s"] = _r(percentile(burst, 50)), _r(percentile(burst, 95))
    await asyncio.gather(*(f.close() for f in fresh))
    sampler = MemorySampler([pid])
    rss0 = sampler.now_kb()
    long_runs: list[float] = []
    with sampler:
        crowd, _ = await _opened(base, long_sessions, pages, 200)

        async def walk(c: Session, count: int) -> None:
            for i in range(count):
                name, path = pages[(i + c.plan.n) % len(pages)]
                long_runs.append((await c.rerun(name, "page", path=path, switch=True)).seconds)

        per = max(1, reruns // long_sessions)
        await asyncio.gather(*(walk(c, per) for c in crowd))
        await asyncio.gather(*(c.close() for c in crowd))
    quarter = max(1, len(sampler.samples) // 4)
    out.update({
        "long_reruns": len(long_runs), "long_p50_s": _r(percentile(long_runs, 50)),
        "long_p95_s": _r(percentile(long_runs, 95)),
        "rss_start_mb": round(rss0 / 1024, 1),
        "rss_first_quarter_mb": round(max(sampler.samples[:quarter]) / 1024, 1),
        "rss_last_quarter_mb": round(max(sampler.samples[-quarter:]) / 1024, 1),
        "rss_end_mb": round(sampler.now_kb() / 1024, 1), "vmhwm_mb": round(_hwm(pid) / 1024, 1),
    })
    return out


def gc_study(reruns: int, scale: float = 1) -> dict:
    """The same cases with runner.postScriptGC on and off, each on a fresh server."""
    folder, pages, out = data_folder(scale), app_pages(), {}
    for flag in ("true", "false"):
        port = free_port()
        proc = start_server(folder, port, OUT / f"gc-{flag}.log", ["--runner.postScriptGC", flag])
        try:
            load_before = os.getloadavg()[0]
            res = asyncio.run(gc_case(f"http://{HOST}:{port}", proc.pid, pages, reruns))
            res["load_avg_before"], res["load_avg_after"] = round(load_before, 2), round(os.getloadavg()[0], 2)
        finally:
            stop_server(proc)
        out[f"postScriptGC={flag}"] = res
        print(f"postScriptGC={flag}: {res}", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Drive many Streamlit sessions over the websocket protocol.")
    ap.add_argument("--sessions", default="10,50,100,200", help="comma-separated session counts (levels)")
    ap.add_argument("--scales", default="1,100", help="plan sizes (k× the document) when starting our own server")
    ap.add_argument("--think", type=float, default=1.0, help="mean think time between a session's clicks, s")
    ap.add_argument("--ramp", type=float, default=10.0, help="sessions start spread over this many seconds")
    ap.add_argument("--url", help="drive this server or proxy instead of starting one (127.0.0.1 only)")
    ap.add_argument("--pids", default="", help="with --url: server pids whose memory to report")
    ap.add_argument("--server-arg", action="append", default=[], help="extra `streamlit run` flag (repeatable)")
    ap.add_argument("--cookies", action="store_true", help="each session GETs the page first and sends its cookies")
    ap.add_argument("--no-save", action="store_true", help="print only, leave bench/results.json alone")
    ap.add_argument("--profile", action="store_true",
                    help="sample the server with py-spy (GIL holder only) into bench/out/profile-<scale>.txt")
    ap.add_argument("--gc-study", type=int, metavar="RERUNS",
                    help="instead: runner.postScriptGC on vs off (warm reruns, 30 at once, RERUNS-long run)")
    args = ap.parse_args(argv)
    if args.gc_study:
        report = {"commit": code_version(), "cpus": os.cpu_count(), **gc_study(args.gc_study)}
        if not args.no_save:
            save(report, "post_script_gc")
        return 0
    levels = [int(x) for x in args.sessions.split(",") if x]
    pages = app_pages()
    report = {"commit": code_version(), "entry": entry().name, "think_s": args.think, "ramp_s": args.ramp, "cpus": os.cpu_count(),
              "server_args": args.server_arg, "scales": {}}
    if args.url:
        if not args.url.startswith(f"http://{HOST}:"):
            raise SystemExit(f"--url must be http://{HOST}:<port>")
        pids = [int(p) for p in args.pids.split(",") if p]
        report["url"] = args.url
        results = run_levels(args.url, pids, levels, pages, args.think, args.ramp, data_folder(1), args.cookies)
        report["scales"]["given"] = {"levels": results, "served_p95_1s": served(results)}
    else:
        for scale in [float(s) for s in args.scales.split(",")]:
            folder = data_folder(scale)
            port = free_port()
            proc = start_server(folder, port, OUT / f"load-{scale:g}.log", args.server_arg)
            prof_path, spy = OUT / f"profile-{scale:g}.txt", None
            try:
                print(f"scale {scale:g}×: server pid {proc.pid}, RSS {status_kb(proc.pid, 'VmRSS') / 1024:.0f} MB")
                spy = start_profiler(proc.pid, prof_path) if args.profile else None
                results = run_levels(f"http://{HOST}:{port}", [proc.pid], levels, pages, args.think, args.ramp,
                                     folder, args.cookies)
            finally:
                if spy is not None:
                    stop_server(spy, signal.SIGINT, 30)  # py-spy writes its file on SIGINT
                stop_server(proc)
            if args.profile and prof_path.is_file():
                app_frames, own_frames = top_frames(prof_path)
                for title, rows in (("the app's functions, with what they call", app_frames),
                                    ("any function, its own time", own_frames)):
                    print(f"scale {scale:g}×: {prof_path}, share of the GIL's time: {title}")
                    for share, frame in rows:
                        print(f"  {share:5.1f} %  {frame[:150]}")
            report["scales"][f"{scale:g}"] = {"levels": results, "served_p95_1s": served(results)}
            print(f"scale {scale:g}×: one process serves {served(results)} sessions with p95 ≤ 1 s")
    if not args.no_save:
        save_merged("load", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
