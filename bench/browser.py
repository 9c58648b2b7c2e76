"""Time every page in a real browser: from navigation, and from a sidebar click in an open tab, to every chart
drawn, beside the same figures as static HTML.

    python -m bench.browser [--scales 1,10,100] [--repeat 3]

For each scale a Streamlit server runs app.py on a free port (FENGONG_DATA_DIR = the plan of bench.run), and
Debian's chromium (Playwright) opens each page in a new tab of one browser context, as a visitor who has loaded the
app before (scripts cached, a new session each time). A MutationObserver records, in the page's own clock, when the
last chart got drawn (`.js-plotly-plot` holding its `.main-svg`) and when the script run ended; the page counts as
done when the chart count has not grown for a while and no spinner or running status is shown.

The floor: the page's figures (taken from an AppTest run of the same page on the same plan) exported with plotly's
to_html into one file with plotly.js beside it, opened from file://, timed the same way. The ratio per page is
browser time / static time. Results go under "browser" in bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
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
STABLE_S = 1.5  # no new chart and no running script for this long: the page is done
PAGE_TIMEOUT_S = 180
MISSING_CHART_S = 30  # quiet this long with fewer charts than the page has: give up on this visit

# Runs in every document before its own scripts: timestamps (performance.now(), ms since navigation) of the last
# change of the drawn-chart count, of the script state, and of the last time a spinner or running icon was seen.
OBSERVER_JS = """
(() => {
  const b = window.__bench = {plots: 0, plotT: 0, state: null, stateT: 0, busyT: 0, sawRunning: false};
  const busySel = '[data-testid="stSpinner"], [data-testid="stStatusWidgetRunningIcon"], ' +
                  '[data-testid="stStatusWidgetRunningManIcon"]';
  const check = () => {
    const t = performance.now();
    let n = 0;
    for (const el of document.querySelectorAll('.js-plotly-plot')) if (el.querySelector('.main-svg')) n++;
    if (n !== b.plots) { b.plots = n; b.plotT = t; }
    const app = document.querySelector('[data-testid="stApp"]');
    const st = app ? app.getAttribute('data-test-script-state') : null;
    if (st !== b.state) { b.state = st; b.stateT = t; if (st === 'running') b.sawRunning = true; }
    if (document.querySelector(busySel)) b.busyT = t;
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


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


def wait_done(page, streamlit: bool, expected: int) -> dict:
    """Poll the observer until all expected charts are drawn and the page is quiet; seconds since navigation."""
    deadline = time.monotonic() + PAGE_TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(0.1)
        b = page.evaluate("window.__bench")
        now = page.evaluate("performance.now()")
        if streamlit:
            # charts can be drawn seconds after the script run ended, so the count must reach the page's own
            quiet = b["sawRunning"] and b["state"] == "notRunning" and now - b["busyT"] > 100
            last = max(b["plotT"], b["stateT"], b["busyT"])
        else:
            quiet, last = True, b["plotT"]
        if quiet and now - last >= STABLE_S * 1000:
            if b["plots"] >= expected:
                return {"charts_s": b["plotT"] / 1000, "done_s": last / 1000, "charts": b["plots"]}
            if now - last >= MISSING_CHART_S * 1000:
                return {"charts_s": None, "done_s": last / 1000, "charts": b["plots"],
                        "error": f"{b['plots']} of {expected} charts drawn {MISSING_CHART_S} s after the last change"}
    return {"charts_s": None, "done_s": None, "charts": None, "error": f"not done after {PAGE_TIMEOUT_S} s"}


RESET_JS = """() => { const b = window.__bench, t = performance.now();
  b.sawRunning = false; b.plotT = t; b.stateT = t; b.busyT = t; return t; }"""


def time_switches(context, base: str, pages: list[tuple[str, str]], statics: dict, repeat: int) -> dict:
    """In-app page switches: a sidebar click → script done → every chart drawn, in the page's own clock.

    One tab opens the home page; then each page is clicked in the sidebar in PAGES order (home last), repeat rounds (the first
    round is a warm-up: a page's first visit builds what later visits reuse). Time from the click to the last change
    of the drawn-chart count (pages without charts: to the script's end)."""
    page = context.new_page()
    runs: dict[str, list[dict]] = {name: [] for name, _ in pages}
    try:
        page.goto(f"{base}/", wait_until="commit", timeout=PAGE_TIMEOUT_S * 1000)
        wait_done(page, True, statics[pages[0][0]][1])
        links = page.locator('[data-testid="stSidebarNavLink"]')
        order = list(enumerate(pages))[1:] + [(0, pages[0])]  # never the page already shown: no run would start
        for rnd in range(repeat + 1):
            for i, (name, _) in order:
                t0 = page.evaluate(RESET_JS)
                links.nth(i).click()
                r = wait_done(page, True, statics[name][1])
                for key in ("charts_s", "done_s"):
                    if r.get(key) is not None:
                        r[key] -= t0 / 1000
                if rnd:
                    runs[name].append(r)
    finally:
        page.close()
    return runs


def figures_html(name: str, home: str, folder: Path, out: Path) -> tuple[Path, int]:
    """The page's figures (from an AppTest run on the same plan) as one static HTML file; (path, figure count)."""
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    charts = open_page(name, home, folder).get("plotly_chart")
    out.mkdir(parents=True, exist_ok=True)
    js = out / "plotly.min.js"
    if not js.is_file():
        js.write_text(get_plotlyjs(), "utf-8")
    parts = []
    for i, chart in enumerate(charts):
        fig = pio.from_json(chart.proto.spec, skip_invalid=True)
        config = json.loads(chart.proto.config or "{}")
        parts.append(pio.to_html(fig, include_plotlyjs="directory" if i == 0 else False, full_html=False,
                                 config=config, default_width="100%"))
    path = out / f"{name}.html"
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + "\n".join(parts)
                    + "</body></html>", "utf-8")
    return path, len(charts)


def time_scale(browser, scale: float, pages: list[tuple[str, str]], repeat: int) -> dict:
    """Every page through the server and as static figures, medians of repeat."""
    folder = data_folder(scale)
    home = pages[0][0]
    static_dir = OUT / "static" / f"scale-{scale:g}"
    if static_dir.exists():
        shutil.rmtree(static_dir)
    statics = {name: figures_html(name, home, folder, static_dir) for name, _ in pages}
    port = free_port()
    proc = start_server(folder, port, OUT / f"server-{scale:g}.log")
    out = {}
    try:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(OBSERVER_JS)

        def visit(url: str, streamlit: bool, expected: int) -> dict:
            page = context.new_page()
            try:
                page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_S * 1000)
                return wait_done(page, streamlit, expected)
            finally:
                page.close()

        urls = {name: f"http://127.0.0.1:{port}/{path}" for name, path in pages}
        for name in urls:  # warm-up: the server loads the plan, the browser caches the app's scripts
            visit(urls[name], True, statics[name][1])
        switches = time_switches(context, f"http://127.0.0.1:{port}", pages, statics, repeat)
        for name, _ in pages:
            html, n = statics[name]
            app_runs = [visit(urls[name], True, n) for _ in range(repeat)]
            static_runs = [visit(html.as_uri(), False, n) for _ in range(repeat)] if n else []
            out[name] = summarise(app_runs, static_runs, n)
            sw = summarise(switches[name], static_runs, n)
            out[name].update(switch_s=sw["app_s"], switch_ratio=sw["ratio"], switch_errors=sw["errors"])
            print(f"  {scale:g}× {name}: {fmt(out[name])}", file=sys.stderr)
        context.close()
    finally:
        stop_server(proc)
    return out


def _median(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def summarise(app_runs: list[dict], static_runs: list[dict], expected: int) -> dict:
    charts_s = _median(app_runs, "charts_s") if expected else _median(app_runs, "done_s")
    static_s = _median(static_runs, "charts_s")
    drawn = [r["charts"] for r in app_runs if r.get("charts") is not None]
    return {"expected_charts": expected, "drawn_charts": min(drawn) if drawn else None,
            "app_s": charts_s, "app_done_s": _median(app_runs, "done_s"), "static_s": static_s,
            "ratio": charts_s / static_s if charts_s and static_s else None,
            "errors": [r["error"] for r in app_runs + static_runs if r.get("error")]}


def fmt(r: dict) -> str:
    app = f"{r['app_s']:.2f} s" if r["app_s"] is not None else "—"
    static = f"{r['static_s']:.2f} s" if r["static_s"] is not None else "—"
    ratio = f"{r['ratio']:.1f}×" if r["ratio"] is not None else "—"
    switch = f"{r['switch_s']:.2f} s" if r.get("switch_s") is not None else "—"
    s_ratio = f"{r['switch_ratio']:.1f}×" if r.get("switch_ratio") is not None else "—"
    return (f"{r['drawn_charts']}/{r['expected_charts']} charts, app {app}, static {static}, ratio {ratio}; "
            f"in-app switch {switch} ({s_ratio})")


def table(results: dict) -> str:
    keys = sorted(results["scales"], key=float)
    head = f"{'page':<10}" + "".join(f" | {k + '× app':>9} {'static':>7} {'ratio':>6} {'switch':>7} {'ratio':>6} "
                                     f"{'charts':>6}" for k in keys)
    lines = [head, "-" * len(head)]
    for name in results["scales"][keys[0]]:
        row = f"{name:<10}"
        for k in keys:
            r = results["scales"][k][name]
            app = f"{r['app_s']:.2f} s" if r["app_s"] is not None else "—"
            static = f"{r['static_s']:.2f} s" if r["static_s"] is not None else "—"
            ratio = f"{r['ratio']:.1f}×" if r["ratio"] is not None else "—"
            switch = f"{r['switch_s']:.2f} s" if r.get("switch_s") is not None else "—"
            s_ratio = f"{r['switch_ratio']:.1f}×" if r.get("switch_ratio") is not None else "—"
            row += (f" | {app:>9} {static:>7} {ratio:>6} {switch:>7} {s_ratio:>6} "
                    f"{r['drawn_charts']}/{r['expected_charts']:<4}")
        lines.append(row)
    lines.append("app: navigation → last chart drawn (pages without charts: → script done); "
                 "switch: sidebar click in an open tab → last chart drawn; static: the same figures from file://")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description="Time every page in chromium against its figures as static HTML.")
    ap.add_argument("--scales", default="1,10,100", help="comma-separated k (default 1,10,100)")
    ap.add_argument("--repeat", type=int, default=3, help="visits per page; medians are reported")
    ap.add_argument("--no-save", action="store_true", help="print only, leave bench/results.json alone")
    args = ap.parse_args(argv)
    quiet_streamlit()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    pages = app_pages()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"code": code_version(), "repeat": args.repeat, "viewport": VIEWPORT, "stable_s": STABLE_S,
                     "load_average_before": os.getloadavg()[0], "scales": {}}
    with data_dir_restored(), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for scale in scales:
                print(f"{scale:g}×: server, {len(pages)} pages × {args.repeat}…", file=sys.stderr)
                results["scales"][f"{scale:g}"] = time_scale(browser, scale, pages, args.repeat)
        finally:
            browser.close()
    results["load_average_after"] = os.getloadavg()[0]
    print(f"code {results['code']}, load average {results['load_average_before']:.1f} before, "
          f"{results['load_average_after']:.1f} after")
    print(table(results))
    if not args.no_save:
        save(results, key="browser")
        print("\nwritten: bench/results.json (browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
