"""Time in-app page switches in a real browser (sidebar click → script done → every chart drawn, in the page's own
clock) beside a floor: the same figures drawn by plotly.js into a static page that has it loaded already.

    python -m bench.browser [--scales 1,10,100] [--repeat 3] [--pages matrix,network] [--navigate] [--no-save]
    python -m bench.browser --floor-plotly py   # the floor drawn by plotly.py's copy of plotly.js

For each scale a Streamlit server runs app.py on a free port (FENGONG_DATA_DIR = the plan of bench.run), and
Debian's chromium (Playwright) opens every page once (warm-up), then one tab clicks through the sidebar, repeat + 1
rounds (the first untimed). A script in every document reads the server's messages off the websocket (the run's
start, new_session, and end, script_finished; bytes by message kind) and times, with a MutationObserver, the last
change inside any plotly chart. A switch is done when every run that started has finished, no stale element is
left, every chart shown has drawn its .main-svg, and nothing changed for STABLE_S; its time is from the click's own
event timestamp to the later of the script's end and the last change inside a chart (pages without charts: to the
script's end). A chart still undrawn MISSING_CHART_S after the last change ends that switch with an error, reported.

The floor: the page's figure JSON exactly as the server sends it (the specs of an AppTest run of the same page on
the same plan) in a static page with plotly.js loaded: the app's own build (Streamlit's chart chunk, loaded in a page
served at the server's origin; it draws the same figures with exactly the app's DOM changes), or with --floor-plotly
py the copy plotly.py ships (another version: 4.1.1 beside Streamlit 1.67's 4.2.0). Each timed round draws them
with Plotly.newPlot at the widths the app gave them, timed to the last change inside a chart, after one untimed
draw. --navigate also times a new tab per visit (navigation → done). Results go under "browser" in
bench/results.json.

A third table splits each switch: the rerun request sent, the script's end, the first plotly call, the time inside
plotly's calls (beside the floor's), and when the last chart's box was shown: st.plotly_chart draws a chart into a
box hidden until React has measured its width, in an effect that runs after the draw and after whatever else the page
renders in between.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.run import (
    OUT,
    ROOT,
    app_pages,
    code_version,
    data_dir_restored,
    data_folder,
    open_page,
    quiet_streamlit,
    save,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
VIEWPORT = {"width": 1440, "height": 900}
STABLE_S = 1.0  # nothing changed in any chart, no script running, for this long: the page is done
PAGE_TIMEOUT_S = 90  # one visit or switch gives up after this long
MISSING_CHART_S = 8  # quiet this long with a chart still undrawn: give up on this visit (reported, not waited out)

# Runs in every document before its own scripts. Times are performance.now() (ms since that document's
# navigation). The script's start and end are read from the server's messages as they arrive (the top-level field
# of each ForwardMsg on the websocket: 4 new_session, 6 script_finished): the app's data-test-script-state
# attribute misses a run that starts and ends within one React render. Also kept: bytes received since the last
# reset by message kind, the last mutation inside any plotly chart (drawing), the last spinner or running icon,
# the last pointer press (a click's own timestamp).
OBSERVER_JS = """
(() => {
  const b = window.__bench = {chartT: 0, startT: 0, endT: 0, busyT: 0, clickT: 0, runs: 0, ends: 0, bytes: {},
                              msgT: 0, sendT: 0, drawT: 0, plotlyMs: 0, shownT: 0};
  const busySel = '[data-testid="stSpinner"], [data-testid="stStatusWidgetRunningIcon"], ' +
                  '[data-testid="stStatusWidgetRunningManIcon"]';
  b.reset = () => { const t = performance.now(); b.runs = 0; b.ends = 0; b.startT = 0; b.endT = 0; b.chartT = t;
                    b.busyT = 0; b.bytes = {}; b.mut = 0; b.chartMut = {draw: 0, redraw: 0}; b.calls = {};
                    b.deltas = 0; b.sendT = 0; b.drawT = 0; b.plotlyMs = 0; b.shownT = 0; return t; };
  b.reset();
  // plotly.js sets window.Plotly when Streamlit's chart module loads it. Its calls are counted, by name and as
  // draws (the first newPlot/react on a chart: react-plotly draws with react) and redraws (any later one on the same
  // chart), and the changes inside charts are counted by the kind of the call before them
  let last = 'draw';
  const wrap = (P) => {
    if (!P || P.__benchWrapped) return;
    P.__benchWrapped = true;
    for (const name of ['newPlot', 'react', 'relayout', 'restyle', 'update', 'redraw', 'purge']) {
      const f = P[name];
      if (typeof f !== 'function') continue;
      P[name] = function (gd, ...args) {
        const t0 = performance.now();
        b.calls[name] = (b.calls[name] || 0) + 1;
        if (gd && typeof gd === 'object' && name !== 'purge') {
          last = gd.__benchDrawn ? 'redraw' : 'draw';
          gd.__benchDrawn = true;
          b.calls[last] = (b.calls[last] || 0) + 1;
          if (!b.drawT) b.drawT = t0;
        }
        try { return f.call(this, gd, ...args); } finally { b.plotlyMs += performance.now() - t0; }
      };
    }
  };
  let held = window.Plotly;
  Object.defineProperty(window, 'Plotly', {configurable: true, get: () => held, set: v => { wrap(v); held = v; }});
  wrap(held);
  const varint = (u, i) => { let v = 0, m = 1, c; do { c = u[i++]; v += (c & 127) * m; m *= 128; } while (c & 128);
                             return [v, i]; };
  const kinds = {4: 'new_session', 5: 'delta', 6: 'script_finished', 9: 'session_status', 11: 'ref_hash',
                 12: 'page_info', 13: 'page_config', 23: 'navigation'};
  const onMessage = (e) => {
    const t = performance.now();
    if (!(e.data instanceof ArrayBuffer)) return;
    const u = new Uint8Array(e.data);
    let i = 0, kind = 'other';
    try {
      while (i < u.length) {
        let key; [key, i] = varint(u, i);
        const field = Math.floor(key / 8), wire = key & 7;
        if (wire === 0) { [, i] = varint(u, i); } else if (wire === 2) { let n; [n, i] = varint(u, i); i += n; }
        else if (wire === 1) i += 8; else if (wire === 5) i += 4; else break;
        if (field !== 1 && field !== 2) { kind = kinds[field] || String(field); break; }
      }
    } catch (err) {}
    b.bytes[kind] = (b.bytes[kind] || 0) + u.length;
    if (kind === 'delta') b.deltas++;
    b.msgT = t;
    if (kind === 'new_session') { b.runs++; b.startT = t; }
    if (kind === 'script_finished') { b.ends++; b.endT = t; }
  };
  const Native = window.WebSocket;
  if (Native) window.WebSocket = class extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', onMessage); }
    send(data) { if (!b.sendT) b.sendT = performance.now(); return super.send(data); }
  };
  document.addEventListener('pointerdown', e => { b.clickT = e.timeStamp; }, true);
  new MutationObserver(records => {
    const t = performance.now();
    b.mut += records.length;
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest && el.closest('.js-plotly-plot')) { b.chartT = t; b.chartMut[last]++; }
    }
    if (document.querySelector(busySel)) b.busyT = t;
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  // st.plotly_chart draws a chart while its box is still hidden (visibility: hidden until its width is measured,
  // in an effect React runs after the draw): the moment a chart's box loses that is when it can be seen
  new MutationObserver(records => {
    for (const r of records) {
      if (r.target.classList && r.target.classList.contains('js-plotly-plot') &&
          (r.oldValue || '').includes('visibility: hidden') &&
          !(r.target.getAttribute('style') || '').includes('visibility: hidden')) b.shownT = performance.now();
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['style'], attributeOldValue: true});
})();
"""

# The page as it is now: chart containers shown (not stale) and how many of them plotly has drawn, their widths.
STATUS_JS = """() => {
  const b = window.__bench, charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(el => !el.closest('[data-stale="true"]'));
  const app = document.querySelector('[data-testid="stApp"]');
  return {now: performance.now(), state: app ? app.getAttribute('data-test-script-state') : null, runs: b.runs,
          ends: b.ends, startT: b.startT, endT: b.endT, msgT: b.msgT, chartT: b.chartT, busyT: b.busyT,
          clickT: b.clickT, bytes: b.bytes, charts: charts.length, mut: b.mut, chartMut: b.chartMut,
          calls: b.calls, deltas: b.deltas, sendT: b.sendT, drawT: b.drawT, plotlyMs: b.plotlyMs, shownT: b.shownT,
          drawn: charts.filter(el => el.querySelector('.main-svg')).length,
          stale: document.querySelectorAll('[data-stale="true"]').length,
          widths: charts.map(el => Math.round(el.getBoundingClientRect().width))};
}"""

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, port: int, log: Path) -> subprocess.Popen:
    """streamlit run app.py on the plan folder; returns once the health check answers."""
    env = {**os.environ, "FENGONG_DATA_DIR": str(folder)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited ({proc.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"streamlit did not answer on port {port}; see {log}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _after(st: dict, key: str, since: float) -> float | None:
    """Seconds from `since` to the page's time `key`; None when it never happened."""
    return (st[key] - since) / 1000 if st[key] else None


def wait_done(page, since: float, app: bool, expected: int | None = None) -> dict:
    """Poll until the page is done: for the app, a script run started after `since` and ended, no stale element
    left, every chart shown drawn, and nothing changed for STABLE_S; for a static page, `expected` charts drawn
    and quiet. Times in seconds after `since` (a performance.now() of the page): `s` to the script's end or the
    last change inside a chart, whichever is later (pages without charts: the script's end), `script_s` to the
    script's end."""
    deadline = time.monotonic() + PAGE_TIMEOUT_S
    st: dict = {}
    while time.monotonic() < deadline:
        time.sleep(0.05)
        st = page.evaluate(STATUS_JS)
        if app:
            # every run that started has finished (a page may ask for another run), none still shown as running
            ran = (st["runs"] > 0 and st["ends"] >= st["runs"] and st["endT"] >= st["startT"]
                   and st["state"] != "running" and st["stale"] == 0)
            last = max(st["chartT"], st["msgT"], st["busyT"])
        else:
            ran, last = True, st["chartT"]
        quiet_ms = st["now"] - last
        if not ran or quiet_ms < STABLE_S * 1000:
            continue
        want = st["charts"] if app else expected
        if st["drawn"] >= want and st["charts"] >= want:
            end = max(st["endT"], st["chartT"]) if (app and st["charts"]) else (st["endT"] if app else st["chartT"])
            return {"s": (end - since) / 1000, "script_s": (st["endT"] - since) / 1000 if app else None,
                    # where the time went: the rerun request sent, the first plotly call, the time spent inside
                    # plotly's calls, the last chart's box shown (st.plotly_chart's visibility flip)
                    "phases": {"send_s": _after(st, "sendT", since), "draw_start_s": _after(st, "drawT", since),
                               "plotly_s": st["plotlyMs"] / 1000, "shown_s": _after(st, "shownT", since)},
                    "charts": st["charts"], "widths": st["widths"], "runs": st["runs"],
                    "kb": {k: round(v / 1024, 1) for k, v in st["bytes"].items()},
                    "mutations": st["mut"], "chart_mutations": st["chartMut"], "plotly_calls": st["calls"],
                    "deltas": st["deltas"]}
        if quiet_ms >= MISSING_CHART_S * 1000:
            return {"s": None, "charts": st["charts"], "widths": st["widths"],
                    "error": f"{st['drawn']} of {want} charts drawn {MISSING_CHART_S} s after the last change"}
    return {"s": None, "charts": st.get("charts"), "error": f"not done after {PAGE_TIMEOUT_S} s ({st})"}


def time_switches(context, base: str, pages: list[tuple[str, str]], repeat: int) -> dict:
    """In-app page switches: a sidebar click → script done → every chart drawn, in the page's own clock.

    One tab opens the home page; then each page is clicked in the sidebar in PAGES order (home last), repeat + 1
    rounds (the first is a warm-up: a page's first visit builds what later visits reuse). Timed from the click's own
    event timestamp."""
    page = context.new_page()
    runs: dict[str, list[dict]] = {name: [] for name, _ in pages}
    try:
        page.goto(f"{base}/", wait_until="commit", timeout=PAGE_TIMEOUT_S * 1000)
        wait_done(page, 0.0, True)
        links = page.locator('[data-testid="stSidebarNavLink"]')
        # each page's link by its place in the sidebar (every page is there, whichever --pages picks)
        place = {name: i for i, (name, _) in enumerate(app_pages())}
        order = [(place[name], (name, path)) for name, path in pages[1:] + pages[:1]]  # never the page shown: no run
        for rnd in range(repeat + 1):
            for i, (name, _) in order:
                page.evaluate("window.__bench.reset()")
                links.nth(i).click()
                r = wait_done(page, page.evaluate("window.__bench.clickT"), True)
                if r.get("error"):
                    print(f"    switch to {name}: {r['error']}", file=sys.stderr)
                if rnd:
                    runs[name].append(r)
    finally:
        page.close()
    return runs


# plotly.js as the app has it: Streamlit's chart chunk (its own plotly.js build, 4.2.0 in Streamlit 1.67, where
# plotly.py ships 4.1.1; the same figures took 0.98–1.35× as long in it, medians of 6 draws of six 1× and 100×
# figures, load average 5). The chunk imports the app's entry, which mounts the app into #root and dials the server:
# a root out of sight, and no socket or request leaves the page.
APP_PLOTLY = """<script>
window.WebSocket = class {{
  constructor() {{}} send() {{}} close() {{}} addEventListener() {{}} removeEventListener() {{}}
}};
window.fetch = () => new Promise(() => {{}});
</script><script type="module">import "/static/js/{chunk}";</script>"""
PY_PLOTLY = """<script src="plotly.min.js"></script>"""  # the copy plotly.py ships (--floor-plotly py)
FLOOR_PATH = "/__bench_floor/"  # the floor pages, served to the browser at the server's origin (a Playwright route)

STATIC_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">{plotly}</head>
<body style="margin:0"><div id="root" hidden></div><div id="figs"></div>{specs}<script>
window.__draw = (widths) => {{
  const box = document.getElementById('figs');
  for (const el of box.querySelectorAll('.js-plotly-plot')) Plotly.purge(el);
  box.innerHTML = '';
  const t0 = window.__bench.reset();
  document.querySelectorAll('script.fig').forEach((s, i) => {{
    const fig = JSON.parse(s.textContent), config = JSON.parse(s.dataset.config || '{{}}');
    const div = document.createElement('div');
    div.setAttribute('data-testid', 'stPlotlyChart');
    const w = widths[i] || 1200;
    div.style.width = w + 'px';
    box.appendChild(div);
    const layout = {{...fig.layout, width: w, height: fig.layout.height || 450}};
    Plotly.newPlot(div, fig.data, layout, config);
  }});
  return t0;
}};
</script></body></html>"""


def app_plotly_chunk() -> str:
    """The file name of Streamlit's chart chunk (static/js/PlotlyChart.<hash>.js), which holds the app's plotly.js."""
    import streamlit

    found = sorted((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    if not found:
        raise SystemExit("no PlotlyChart chunk in streamlit/static: use --floor-plotly py")
    return found[0].name


def figures_html(name: str, home: str, folder: Path, out: Path, plotly: str = "app") -> tuple[Path, int]:
    """The page's figures exactly as the server sends them (the specs of an AppTest run of the same page on the same
    plan) in one static HTML file with plotly.js: the app's own build ("app", served at the server's origin, see
    APP_PLOTLY) or the copy plotly.py ships beside the file ("py"); (path, figure count)."""
    import html

    from plotly.offline import get_plotlyjs

    charts = open_page(name, home, folder).get("plotly_chart")
    out.mkdir(parents=True, exist_ok=True)
    js = out / "plotly.min.js"
    if not js.is_file():
        js.write_text(get_plotlyjs(), "utf-8")
    specs = "".join(f'<script type="application/json" class="fig" data-config="{html.escape(c.proto.config or "{}")}">'
                    + c.proto.spec.replace("</", "<\\/") + "</script>" for c in charts)
    path = out / f"{name}.html"
    tag = APP_PLOTLY.format(chunk=app_plotly_chunk()) if plotly == "app" else PY_PLOTLY
    path.write_text(STATIC_PAGE.format(plotly=tag, specs=specs), "utf-8")
    return path, len(charts)


def time_floor(context, html: Path | str, n: int, widths: list[int], repeat: int) -> list[dict]:
    """The floor: one tab that has loaded plotly.js and the figures' JSON draws them (at the widths the app gave
    them), once untimed, then repeat times, each time from the call to the last change inside a chart."""
    page = context.new_page()
    runs = []
    try:
        page.goto(html if isinstance(html, str) else html.as_uri(), wait_until="load", timeout=PAGE_TIMEOUT_S * 1000)
        page.wait_for_function("() => window.Plotly && window.__draw", timeout=PAGE_TIMEOUT_S * 1000)
        for rnd in range(repeat + 1):
            t0 = page.evaluate("w => window.__draw(w)", widths)
            r = wait_done(page, t0, False, n)
            if rnd:
                runs.append(r)
    finally:
        page.close()
    return runs


def time_scale(browser, scale: float, pages: list[tuple[str, str]], repeat: int, navigate: bool,
               floor_plotly: str = "app") -> dict:
    """Every page through the server (in-app switches; with navigate, also a new tab per visit) and its floor
    (drawn by floor_plotly: "app" or "py", see figures_html), medians of repeat."""
    folder = data_folder(scale)
    home = pages[0][0]
    static_dir = OUT / "static" / f"scale-{scale:g}"
    if static_dir.exists():
        shutil.rmtree(static_dir)
    statics = {name: figures_html(name, home, folder, static_dir, floor_plotly) for name, _ in pages}
    port = free_port()
    proc = start_server(folder, port, OUT / f"server-{scale:g}.log")
    out = {}
    try:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(OBSERVER_JS)
        base = f"http://127.0.0.1:{port}"
        # the floor pages at the server's origin, so that they can load the app's own chart chunk
        context.route(f"{base}{FLOOR_PATH}*", lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8",
            body=(static_dir / route.request.url.rsplit("/", 1)[1]).read_bytes()))

        def visit(url: str) -> dict:
            page = context.new_page()
            try:
                page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_S * 1000)
                return wait_done(page, 0.0, True)
            finally:
                page.close()

        urls = {name: f"{base}/{path}" for name, path in pages}
        for name in urls:  # warm-up: the server loads the plan, the browser caches the app's scripts
            visit(urls[name])
        switches = time_switches(context, base, pages, repeat)
        for name, _ in pages:
            html, n = statics[name]
            widths = next((r["widths"] for r in switches[name] if r.get("widths")), [])
            where = f"{base}{FLOOR_PATH}{html.name}" if floor_plotly == "app" else html
            floor = time_floor(context, where, n, widths, repeat) if n else []
            nav = [visit(urls[name]) for _ in range(repeat)] if navigate else []
            out[name] = summarise(switches[name], floor, nav, n)
            print(f"  {scale:g}× {name}: {fmt(out[name])}", file=sys.stderr)
        context.close()
    finally:
        stop_server(proc)
    return out


def _median(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def summarise(switches: list[dict], floor: list[dict], nav: list[dict], expected: int) -> dict:
    switch_s, floor_s, nav_s = _median(switches, "s"), _median(floor, "s"), _median(nav, "s")
    drawn = [r["charts"] for r in switches if r.get("charts") is not None]
    return {"expected_charts": expected, "drawn_charts": min(drawn) if drawn else None,
            "switch_s": switch_s, "switch_script_s": _median(switches, "script_s"),
            "switch_runs": [r.get("s") for r in switches], "floor_s": floor_s,
            "switch_kb": next((r["kb"] for r in reversed(switches) if r.get("kb")), None),
            # load-independent counts of the last switch and of the floor's last draw
            "switch_counts": _counts(next((r for r in reversed(switches) if r.get("kb")), {})),
            "floor_counts": _counts(next((r for r in reversed(floor) if r.get("s") is not None), {})),
            "reruns": max((r.get("runs") or 0 for r in switches), default=None),
            "floor_runs": [r.get("s") for r in floor],
            "switch_ratio": switch_s / floor_s if switch_s and floor_s else None,
            "nav_s": nav_s, "nav_ratio": nav_s / floor_s if nav_s and floor_s else None,
            "switch_phases": _phases(switches), "floor_plotly_s": _phases(floor).get("plotly_s"),
            "errors": [r["error"] for r in switches + floor + nav if r.get("error")]}


def _phases(runs: list[dict]) -> dict:
    """Medians of each phase of the runs (seconds after the click, or in plotly's calls): see wait_done."""
    keys = ("send_s", "draw_start_s", "plotly_s", "shown_s")
    return {k: _median([r["phases"] for r in runs if r.get("phases")], k) for k in keys}


def _counts(r: dict) -> dict:
    """What a switch (or a floor draw) did, counted: none of it depends on the machine's load. mutations: DOM
    mutation records in the whole document; chart_mutations: inside plotly charts, by the plotly call before them
    (draw: a chart's first plotly call; redraw: any later call on the same chart, which redraws whatever it finds
    changed);
    plotly_calls: calls by name; deltas: delta messages received (elements sent)."""
    if not r:
        return {}
    return {"mutations": r.get("mutations"), "chart_mutations": r.get("chart_mutations"),
            "plotly_calls": r.get("plotly_calls"), "deltas": r.get("deltas"),
            "kb": round(sum((r.get("kb") or {}).values()), 1)}


def _ms(v: float | None) -> str:
    return f"{v * 1000:,.0f} ms" if v is not None else "—"


def _x(v: float | None) -> str:
    return f"{v:.1f}×" if v is not None else "—"


def fmt(r: dict) -> str:
    text = (f"{r['drawn_charts']}/{r['expected_charts']} charts, switch {_ms(r['switch_s'])} (script "
            f"{_ms(r['switch_script_s'])}), floor {_ms(r['floor_s'])}, {_x(r['switch_ratio'])}")
    if r.get("switch_kb"):
        text += f", received {sum(r['switch_kb'].values()):,.0f} KB {r['switch_kb']}"
    if r.get("switch_counts"):
        c, f = r["switch_counts"], r.get("floor_counts") or {}
        text += (f"; counts: {c['deltas']} deltas, {c['mutations']} mutations, in charts {c['chart_mutations']}, "
                 f"plotly {c['plotly_calls']}; floor in charts {f.get('chart_mutations')}")
    if r.get("nav_s") is not None:
        text += f"; new tab {_ms(r['nav_s'])}"
    return text + (f"; errors: {r['errors']}" if r["errors"] else "")


def table(results: dict) -> str:
    keys = sorted(results["scales"], key=float)
    head = f"{'page':<10}" + "".join(f" | {k + '× switch':>11} {'script':>8} {'floor':>8} {'÷floor':>6} {'charts':>6}"
                                     for k in keys)
    lines = [head, "-" * len(head)]
    for name in results["scales"][keys[0]]:
        row = f"{name:<10}"
        for k in keys:
            r = results["scales"][k].get(name)
            if r is None:
                row += f" | {'':>11} {'':>8} {'':>8} {'':>6} {'':>6}"
                continue
            charts = f"{r['drawn_charts']}/{r['expected_charts']}"
            row += (f" | {_ms(r['switch_s']):>11} {_ms(r['switch_script_s']):>8} {_ms(r['floor_s']):>8} "
                    f"{_x(r['switch_ratio']):>6} {charts:>6}")
        lines.append(row)
    lines.append("switch: sidebar click → script done and every chart drawn (medians, the page's own clock); script: "
                 "click → script done; floor: the same figures drawn by plotly.js in a page that has it loaded; "
                 "charts: drawn in the browser / sent (AppTest)")
    errors = [(k, n, e) for k in keys for n, r in results["scales"][k].items() for e in r["errors"]]
    lines += [f"error {k}× {n}: {e}" for k, n, e in errors]
    return "\n".join(lines)


def counts_table(results: dict) -> str:
    """The last switch of each page counted (load-independent): KB received, delta messages, DOM mutation records
    (all; inside charts at a chart's first draw / at later redraws), plotly calls; the floor's draw."""
    keys = sorted(results["scales"], key=float)
    lines = [f"{'page':<10} {'×':>4} {'KB':>7} {'deltas':>6} {'mutations':>9} {'chart draw':>10} {'redraw':>6} "
             f"{'floor':>6}  plotly calls"]
    for k in keys:
        for name, r in results["scales"][k].items():
            c, f = r.get("switch_counts") or {}, r.get("floor_counts") or {}
            if not c:
                continue
            cm, fm = c.get("chart_mutations") or {}, f.get("chart_mutations") or {}
            calls = ", ".join(f"{n} {v}" for n, v in sorted((c.get("plotly_calls") or {}).items()))
            lines.append(f"{name:<10} {k:>4} {c['kb']:>7,.1f} {c['deltas']:>6} {c['mutations']:>9,} "
                         f"{cm.get('draw', 0):>10,} {cm.get('redraw', 0):>6,} {fm.get('draw', 0):>6,}  {calls}")
    return "\n".join(lines)


def phases_table(results: dict) -> str:
    """Where a switch's time went (medians, ms after the click): rerun request sent, script done, first plotly
    call, time inside plotly's calls (app; floor), the last chart shown (its box's visibility flip), the switch;
    "other" is the switch less the time inside plotly: the server, React rendering the page, the wait for the flip."""
    keys = sorted(results["scales"], key=float)
    lines = [f"{'page':<10} {'×':>4} {'sent':>6} {'script':>7} {'1st draw':>8} {'plotly':>7} {'floor':>6} "
             f"{'shown':>7} {'switch':>7} {'other':>7}  (ms)"]
    for k in keys:
        for name, r in results["scales"][k].items():
            ph = r.get("switch_phases") or {}
            if not r.get("expected_charts"):
                continue
            other = (r["switch_s"] - ph["plotly_s"]) if r.get("switch_s") and ph.get("plotly_s") else None
            cells = [ph.get("send_s"), r.get("switch_script_s"), ph.get("draw_start_s"), ph.get("plotly_s"),
                     r.get("floor_plotly_s"), ph.get("shown_s"), r.get("switch_s"), other]
            lines.append(f"{name:<10} {k:>4} " + " ".join(f"{round(v * 1000) if v is not None else '—':>{w}}"
                                                         for v, w in zip(cells, (6, 7, 8, 7, 6, 7, 7, 7))))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description="Time every page in chromium against its figures as static HTML.")
    ap.add_argument("--scales", default="1,10,100", help="comma-separated k (default 1,10,100)")
    ap.add_argument("--repeat", type=int, default=3, help="visits per page; medians are reported")
    ap.add_argument("--no-save", action="store_true", help="print only, leave bench/results.json alone")
    ap.add_argument("--navigate", action="store_true", help="also time a new tab per visit (navigation → drawn)")
    ap.add_argument("--pages", default="", help="comma-separated page names (default: every page)")
    ap.add_argument("--floor-plotly", choices=("app", "py"), default="app",
                    help="the floor's plotly.js: the app's own build (default) or the copy plotly.py ships")
    args = ap.parse_args(argv)
    quiet_streamlit()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    pages = app_pages()
    if args.pages:  # the home page stays first: the switch loop starts there
        wanted = set(args.pages.split(","))
        pages = [p for i, p in enumerate(pages) if not i or p[0] in wanted]
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"code": code_version(), "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                     "cpus": os.cpu_count(), "repeat": args.repeat, "viewport": VIEWPORT, "stable_s": STABLE_S,
                     "load_average_before": os.getloadavg()[0], "floor_plotly": args.floor_plotly, "scales": {}}
    with data_dir_restored(), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for scale in scales:
                print(f"{scale:g}×: server, {len(pages)} pages × {args.repeat}…", file=sys.stderr)
                results["scales"][f"{scale:g}"] = time_scale(browser, scale, pages, args.repeat, args.navigate,
                                                             args.floor_plotly)
        finally:
            browser.close()
    results["load_average_after"] = os.getloadavg()[0]
    print(f"code {results['code']}, load average {results['load_average_before']:.1f} before, "
          f"{results['load_average_after']:.1f} after; floor drawn by the {args.floor_plotly} plotly.js")
    print(table(results))
    print()
    print(counts_table(results))
    print()
    print(phases_table(results))
    if not args.no_save:
        save(results, key="browser")
        print("\nwritten: bench/results.json (browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
