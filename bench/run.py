"""Time every page of the app at 1×, 10× and 100× the document, against an empty Streamlit page.

    python -m bench.run [--scales 1,10,100] [--repeat 5]        # the table, PASS/FAIL lines, bench/results.json
    python -m bench.run --profile matrix --scales 100           # cProfile of that page's warm rerun

Every page in app.py's PAGES runs through the real app.py with AppTest (navigation, sidebar, then the page), on the
shipped data/ at 1× and on a generated plan (bench.generate, seed 1) at other scales. All timings are medians of
--repeat rounds, each round going through the empty page and every scale in turn; Python modules are imported by
an untimed warm-up first, so what is timed is the work a click causes, not interpreter start-up.

- cold start: a fresh Python process that has started Streamlit runs app.py for the first time (the app's imports,
  loading and validating the plan, the home page); "in process": the same with modules already imported here
- first: a new session (plan already loaded by an earlier visitor) lands on the home page, then opens the page
- warm: the same session runs the page again with nothing changed, as any click on it does
- empty: the same first/warm runs of a one-line script, the floor no Streamlit page goes below
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench.generate import generate, write
from lib.data import DEFAULT_DATA_DIR, load_dataset

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
SOURCE_TEXT = DEFAULT_DATA_DIR / "source" / "wuhan-2024-28.txt"
EMPTY_SCRIPT = "import streamlit as st\n"
SEED = 1
TIMEOUT = 600  # seconds one AppTest run may take before it counts as failed

# Targets of issue 7
WARM_LIMIT = {1: 5.0, 100: 25.0}  # warm rerun ≤ this × the empty page's, at 1× and 100×
COLD_LIMIT = 3.0  # cold start at 100× ≤ this × cold start at 1×
EXPONENT_LIMIT = 1.1  # log-log slope of (warm − empty) vs tasks + assignments; 1 is linear, 0.1 allows for noise


def code_version() -> str:
    """The commit timed (with "+changes" when app.py, views/ or lib/ differ from it)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "app.py", "views", "lib"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return os.environ.get("FENGONG_BENCH_COMMIT", "unknown")  # e.g. a `git archive` snapshot


def app_pages() -> list[tuple[str, str]]:
    """(page name, url path) of the pages app.py navigates (lib.sitemap.PAGES)."""
    from lib.sitemap import PAGES

    return [(p.name, p.path) for p in PAGES]


def data_folder(scale: float) -> Path:
    """The shipped data/ at 1×, else a generated plan under bench/out/ (rewritten each time: it is cheap)."""
    if scale == 1:
        return DEFAULT_DATA_DIR
    return write(generate(scale, SEED), OUT / f"scale-{scale:g}")


def quiet_streamlit() -> None:
    """Full exception text in AppTest (the app's config redacts it); no bare-mode warnings or tracebacks on stderr."""
    import logging

    from streamlit import config

    config.set_option("client.showErrorDetails", "full")
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # a page's exception is reported in the table and the PASS/FAIL lines; its traceback would drown them
    logging.getLogger("streamlit.error_util").setLevel(logging.CRITICAL)


def clear_caches() -> None:
    from lib import ui

    ui.clear_caches()


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _timed_cpu(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of fn(): AppTest runs the script in a thread of this process, so
    its CPU time is the run's work, which a busy machine inflates far less than the wall clock."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _problem(at) -> str | None:
    """The exception a run showed, if any (AppTest catches them into the element tree)."""
    if at.exception:
        return str(at.exception[0].value).strip().splitlines()[-1][:300]
    return None


_COMPONENTS: list = []  # one component registry shared by every AppTest of the run, see _session
_SCRIPTS: list = []  # one ScriptCache shared by every AppTest run, see share_script_cache


def share_script_cache() -> None:
    """Compile each script once per process, as a server does.

    A server's Runtime holds one ScriptCache for all its sessions, so app.py and a page's script are compiled on
    their first run only; AppTest makes a new one on every run, so every timed run compiled the page again (the
    Import page 6.4 ms, Progress 5.8 ms, app.py 0.4 ms here: a third of their warm rerun, a cost no server has).
    --compile-each-run keeps AppTest's behaviour, to compare with earlier runs.
    """
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    if not _SCRIPTS:
        _SCRIPTS.append(ScriptCache())
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: _SCRIPTS[0]


def _session(script: str | None = None):
    """A new AppTest session on app.py (or on a script's text).

    Each AppTest scans installed packages for custom components on its first run (~35 ms here), which a real
    server does once at start-up; sharing one registry keeps that harness cost out of the app's timings.
    """
    from streamlit.testing.v1 import AppTest

    at = (AppTest.from_string(script, default_timeout=TIMEOUT) if script is not None
          else AppTest.from_file(str(APP), default_timeout=TIMEOUT))
    if hasattr(at, "_bidi_component_manager"):
        if not _COMPONENTS:
            probe = AppTest.from_string(EMPTY_SCRIPT)
            probe.run()
            _COMPONENTS.append(probe._bidi_component_manager)
        at._bidi_component_manager = _COMPONENTS[0]
    return at


@contextlib.contextmanager
def data_dir_restored():
    """FENGONG_DATA_DIR as it was before, whatever the timings set it to."""
    saved = os.environ.get("FENGONG_DATA_DIR")
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("FENGONG_DATA_DIR", None)
        else:
            os.environ["FENGONG_DATA_DIR"] = saved


def open_page(name: str, home: str, folder: Path):
    """A new session on the plan in folder that has landed on the home page and opened page `name`."""
    os.environ["FENGONG_DATA_DIR"] = str(folder)
    at = _session()
    at.run()
    if name != home:
        at.switch_page(f"views/{name}.py").run()
    return at


def time_empty() -> dict[str, float]:
    """First and warm run of a one-line Streamlit script: the floor."""
    at = _session(EMPTY_SCRIPT)
    first = _timed(at.run)[0]
    warm, warm_cpu = _timed_cpu(at.run)
    return {"first_s": first, "warm_s": warm, "warm_cpu_s": warm_cpu}


# A fresh interpreter that has started Streamlit (as a server has, and run the empty script once for its one-time
# set-up), then runs app.py for the first time: the app's own imports, loading the plan and the home page.
COLD_CHILD = """
import json, logging, sys, time
from streamlit import config
from streamlit.testing.v1 import AppTest
config.set_option("client.showErrorDetails", "full")
logging.getLogger("streamlit").setLevel(logging.ERROR)
probe = AppTest.from_string("import streamlit as st\\n", default_timeout=600)
probe.run()
at = AppTest.from_file(sys.argv[1], default_timeout=600)
at._bidi_component_manager = probe._bidi_component_manager
start = time.perf_counter()
at.run()
seconds = time.perf_counter() - start
err = str(at.exception[0].value).strip().splitlines()[-1][:300] if at.exception else None
print(json.dumps({"seconds": seconds, "error": err}))
"""


def time_cold_start(folder: Path) -> tuple[float, str | None]:
    """A fresh process's first run of app.py (Streamlit started, nothing of the app imported or cached)."""
    env = {**os.environ, "FENGONG_DATA_DIR": str(folder)}
    proc = subprocess.run([sys.executable, "-c", COLD_CHILD, str(APP)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT)
    if proc.returncode != 0:
        return math.nan, proc.stderr.strip().splitlines()[-1][:300] if proc.stderr.strip() else "failed"
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return out["seconds"], out["error"]


def time_cold_in_process(folder: Path) -> float:
    """Caches cleared, a new session's first run of app.py in this process (modules already imported)."""
    os.environ["FENGONG_DATA_DIR"] = str(folder)
    clear_caches()
    at = _session()
    return _timed(at.run)[0]


def time_page(name: str, home: str, folder: Path) -> dict:
    """A new session lands on the home page, opens the page (first), then reruns it (warm).

    The plan stays loaded (an earlier visitor loaded it); what pages build from it (ui.MEMO) is dropped before the
    first run, so the first run builds the page's tables and figures and the warm one reuses them.
    """
    from lib import ui

    os.environ["FENGONG_DATA_DIR"] = str(folder)
    at = _session()
    if name == home:
        ui.MEMO.clear()
        first, _ = _timed(at.run)
    else:
        at.run()
        ui.MEMO.clear()
        at.switch_page(f"views/{name}.py")
        first, _ = _timed(at.run)
    warm, warm_cpu = _timed_cpu(at.run)
    return {"first_s": first, "warm_s": warm, "warm_cpu_s": warm_cpu, "error": _problem(at)}


def time_round(folder: Path, pages: list[tuple[str, str]]) -> dict:
    """One round on one plan: cold start (fresh process and in process), every page's first and warm run."""
    seconds, err = time_cold_start(folder)
    return {"cold": seconds, "cold_error": err, "cold_in": time_cold_in_process(folder),
            "pages": {name: time_page(name, pages[0][0], folder) for name, _ in pages}}


def summarise(rounds: list[dict]) -> dict:
    """Medians over the rounds of one plan."""
    out = {"cold_start_s": statistics.median(r["cold"] for r in rounds),
           "cold_start_error": next((r["cold_error"] for r in rounds if r["cold_error"]), None),
           "cold_start_in_process_s": statistics.median(r["cold_in"] for r in rounds), "pages": {}}
    for name in rounds[0]["pages"]:
        rs = [r["pages"][name] for r in rounds]
        out["pages"][name] = {
            "first_s": statistics.median(r["first_s"] for r in rs),
            "warm_s": statistics.median(r["warm_s"] for r in rs),
            "warm_min_s": min(r["warm_s"] for r in rs),  # the least disturbed run, for a busy machine
            "warm_cpu_s": statistics.median(r["warm_cpu_s"] for r in rs),
            "error": next((r["error"] for r in rs if r["error"]), None),
        }
    return out


def time_load(folder: Path, repeat: int) -> dict:
    """lib.data.load_dataset (read, validate, build assignments) and the plan's size."""
    seconds = []
    for _ in range(repeat):
        s, result = _timed(lambda: load_dataset(folder))
        seconds.append(s)
    ds = result.dataset
    if ds is None:
        raise SystemExit(f"{folder} does not load: {[p.message('en') for p in result.errors]}")
    return {"load_s": statistics.median(seconds), "tasks": len(ds.tasks), "units": len(ds.units),
            "sections": int(ds.tasks["section"].nunique()), "assignments": len(ds.assignments),
            "errors": len(result.errors), "warnings": len(result.warnings)}


def time_importer(scales: list[float], repeat: int) -> dict:
    """lib.importer.parse_document on the shipped document's text, repeated k times."""
    try:
        from lib.importer import DEFAULT_ALIASES, load_aliases, parse_document
    except ImportError as exc:
        return {"skipped": f"lib.importer.parse_document is not available ({exc})"}
    text = SOURCE_TEXT.read_text("utf-8")
    aliases = load_aliases(DEFAULT_ALIASES) if Path(DEFAULT_ALIASES).is_file() else {}
    out = {}
    for scale in scales:
        k = max(1, round(scale))
        doc = "\n".join([text] * k)
        seconds = []
        for _ in range(repeat):
            s, result = _timed(lambda doc=doc: parse_document(doc, aliases))
            seconds.append(s)
        sec = statistics.median(seconds)
        kb = len(doc.encode("utf-8")) / 1024
        out[f"{scale:g}"] = {"copies": k, "kb": round(kb, 1), "tasks": len(result.tasks), "seconds": sec,
                             "kb_per_s": kb / sec, "tasks_per_s": len(result.tasks) / sec}
    return out


def exponent(sizes: list[float], costs: list[float]) -> float | None:
    """Least-squares slope of log(cost) against log(size); None with fewer than two usable points."""
    pts = [(math.log(s), math.log(c)) for s, c in zip(sizes, costs) if s > 0 and c > 0]
    if len(pts) < 2:
        return None
    x, y = np.array(pts).T
    return float(np.polyfit(x, y, 1)[0])


def check(results: dict) -> list[dict]:
    """The issue's targets as PASS/FAIL lines."""
    out = []
    empty = results["empty"]["warm_s"]
    scales = results["scales"]
    for scale, limit in WARM_LIMIT.items():
        key = f"{scale:g}"
        if key not in scales:
            continue
        for name, r in scales[key]["pages"].items():
            ratio = r["warm_s"] / empty
            best = r.get("warm_min_s", r["warm_s"]) / empty
            ok = r["error"] is None and ratio <= limit
            note = f" (error: {r['error']})" if r["error"] else ""
            cpu = (f", CPU {r['warm_cpu_s'] / results['empty']['warm_cpu_s']:.1f}×"
                   if r.get("warm_cpu_s") and results["empty"].get("warm_cpu_s") else "")
            out.append({"target": f"warm rerun {name} at {key}×", "value": ratio, "limit": limit, "pass": ok,
                        "text": f"{ratio:.1f}× empty ≤ {limit:g}× (fastest run {best:.1f}×{cpu}){note}"})
    if "1" in scales and "100" in scales:
        ratio = scales["100"]["cold_start_s"] / scales["1"]["cold_start_s"]
        out.append({"target": "cold start 100× / 1×", "value": ratio, "limit": COLD_LIMIT,
                    "pass": ratio <= COLD_LIMIT,
                    "text": f"{scales['100']['cold_start_s']:.2f} s / {scales['1']['cold_start_s']:.2f} s = "
                            f"{ratio:.2f} ≤ {COLD_LIMIT:g}"})
    for run, found in (("warm", results.get("exponents", {})), ("first", results.get("exponents_first", {}))):
        for name, slope in found.items():
            if slope is None:
                continue
            out.append({"target": f"growth exponent {name} ({run} run)", "value": slope, "limit": EXPONENT_LIMIT,
                        "pass": slope <= EXPONENT_LIMIT, "text": f"slope {slope:.2f} ≤ {EXPONENT_LIMIT:g}"})
    return out


def exponents(results: dict, last_two: bool = False, run: str = "warm") -> dict[str, float | None]:
    """Per page (and all pages together): growth of the warm rerun (or, with run="first", of the first run, which
    builds what the warm one reuses) above the empty floor vs tasks + assignments.

    Fitted over every scale; with last_two, the slope between the two largest scales only, where fixed costs
    matter least and a cost that grows faster than linearly shows first.
    """
    empty = results["empty"][f"{run}_s"]
    scales = results["scales"]
    keys = sorted(scales, key=float)[-2:] if last_two else sorted(scales, key=float)
    if len(keys) < 2:
        return {}
    sizes = [scales[k]["tasks"] + scales[k]["assignments"] for k in keys]
    names = list(scales[keys[0]]["pages"])
    out = {}
    for name in names:
        out[name] = exponent(sizes, [scales[k]["pages"][name][f"{run}_s"] - empty for k in keys])
    out["all pages"] = exponent(sizes, [sum(scales[k]["pages"][n][f"{run}_s"] - empty for n in names)
                                        for k in keys])
    return out


def table(results: dict) -> str:
    """The results as fixed-width text."""
    empty = results["empty"]
    scales = results["scales"]
    keys = sorted(scales, key=float)
    m = results["machine"]
    lines = [f"code {results['code']}, {results['when']}, {m['cpus']} CPUs, load average "
             f"{m['load_average_before']:.1f} before, {m['load_average_after']:.1f} after",
             f"empty page: first {empty['first_s'] * 1000:.1f} ms, warm {empty['warm_s'] * 1000:.1f} ms "
             f"({empty.get('warm_cpu_s', math.nan) * 1000:.1f} ms CPU) "
             f"(median of {results['repeat']}; scripts {results.get('scripts', 'compiled on every run (AppTest)')})",
             ""]
    if max(m["load_average_before"], m["load_average_after"]) > m["cpus"]:
        lines.insert(2, "WARNING: the machine was busy with other work; these timings are not comparable")
    head = (f"{'scale':>6} {'tasks':>6} {'units':>6} {'assign':>7} {'load+validate':>14} {'cold start':>11} "
            f"{'(in process)':>13}")
    lines += [head, "-" * len(head)]
    for k in keys:
        s = scales[k]
        lines.append(f"{k + '×':>6} {s['tasks']:>6} {s['units']:>6} {s['assignments']:>7} "
                     f"{s['load_s'] * 1000:>11.0f} ms {s['cold_start_s'] * 1000:>8.0f} ms "
                     f"{s['cold_start_in_process_s'] * 1000:>10.0f} ms")
    lines.append("")
    head = f"{'page':<10}" + "".join(f" | {k + '× first':>11} {'warm':>8} {'×empty':>7} {'CPU×':>5}" for k in keys)
    lines += [head, "-" * len(head)]
    for name in scales[keys[0]]["pages"]:
        row = f"{name:<10}"
        for k in keys:
            r = scales[k]["pages"][name]
            flag = "!" if r["error"] else ""
            cpu = r.get("warm_cpu_s", 0) / empty["warm_cpu_s"] if empty.get("warm_cpu_s") else math.nan
            row += (f" | {r['first_s'] * 1000:>8.0f} ms {r['warm_s'] * 1000:>5.0f} ms "
                    f"{r['warm_s'] / empty['warm_s']:>6.1f}{flag or '×'} {cpu:>4.1f}×")
        lines.append(row)
    if any(scales[k]["pages"][n]["error"] for k in keys for n in scales[k]["pages"]):
        lines.append("! the page raised an exception (see PASS/FAIL)")
    if results.get("exponents"):
        lines += ["", "growth exponent (log-log slope of warm − empty vs tasks + assignments, all scales): "
                  + ", ".join(f"{n} {v:.2f}" for n, v in results["exponents"].items() if v is not None)]
    if results.get("exponents_top") and len(keys) > 2:
        lines.append(f"  between {keys[-2]}× and {keys[-1]}× only: "
                     + ", ".join(f"{n} {v:.2f}" for n, v in results["exponents_top"].items() if v is not None))
    if results.get("exponents_first"):
        lines.append("  first run of each page (building what reruns reuse): "
                     + ", ".join(f"{n} {v:.2f}" for n, v in results["exponents_first"].items() if v is not None))
    imp = results.get("importer", {})
    lines.append("")
    if "skipped" in imp:
        lines.append(f"importer: skipped, {imp['skipped']}")
    else:
        lines.append("importer (parse_document on the document's text × k): " + "; ".join(
            f"{k}× {v['kb']:.0f} KB, {v['tasks']} tasks in {v['seconds'] * 1000:.0f} ms = {v['kb_per_s']:.0f} KB/s, "
            f"{v['tasks_per_s']:.0f} tasks/s" for k, v in imp.items()))
    return "\n".join(lines)


def save(results: dict, key: str | None = None) -> None:
    """Write results.json, keeping the other tool's part (bench.run and bench.browser each own their keys)."""
    old = {}
    if RESULTS.is_file():
        with contextlib.suppress(ValueError):
            old = json.loads(RESULTS.read_text("utf-8"))
    merged = {**old, key: results} if key else {**old, **results}
    RESULTS.write_text(json.dumps(merged, ensure_ascii=False, indent=1, default=str) + "\n", "utf-8")


def warm_up(pages: list[tuple[str, str]]) -> None:
    """Run each page once on the shipped data so imports and first-use set-up are not timed."""
    clear_caches()
    for name, _ in pages:
        time_page(name, pages[0][0], DEFAULT_DATA_DIR)
    time_empty()


def profile(name: str, scale: float, top: int = 35) -> str:
    """cProfile of one warm rerun of a page (the script thread, where the page's code runs)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    clear_caches()
    at = open_page(name, app_pages()[0][0], data_folder(scale))
    prof = cProfile.Profile()
    original = LocalScriptRunner._run_script_thread

    def profiled(self):
        prof.enable()
        try:
            original(self)
        finally:
            prof.disable()

    LocalScriptRunner._run_script_thread = profiled
    try:
        seconds, _ = _timed(at.run)
    finally:
        LocalScriptRunner._run_script_thread = original
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative").print_stats(top)
    return f"warm rerun of {name} at {scale:g}×: {seconds * 1000:.0f} ms with the profiler on\n" \
           + buf.getvalue()


def run(scales: list[float], repeat: int) -> dict:
    """Every measurement, as the dict written to results.json."""
    pages = app_pages()
    print(f"pages from app.py: {', '.join(n for n, _ in pages)}", file=sys.stderr)
    warm_up(pages)
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "code": code_version(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_average_before": os.getloadavg()[0]},
        "repeat": repeat, "seed": SEED, "pages": [n for n, _ in pages],
        "scripts": "compiled once per process" if _SCRIPTS else "compiled on every run (AppTest)",
        "scales": {},
    }
    folders = {}
    for scale in scales:
        print(f"{scale:g}×: generating and loading…", file=sys.stderr)
        folders[scale] = data_folder(scale)
        results["scales"][f"{scale:g}"] = {"folder": str(folders[scale].relative_to(ROOT)),
                                           **time_load(folders[scale], repeat)}
    # Rounds go through every scale in turn, with the empty page in each, so a busy spell on a shared machine
    # spreads over all scales instead of skewing one of them (and with it the growth exponent).
    empties, rounds = [], {scale: [] for scale in scales}
    for i in range(repeat):
        print(f"round {i + 1}/{repeat}: empty page, then {len(pages)} pages at "
              f"{', '.join(f'{s:g}×' for s in scales)}…", file=sys.stderr)
        empties.append(time_empty())
        for scale in scales:
            rounds[scale].append(time_round(folders[scale], pages))
    results["empty"] = {k: statistics.median(e[k] for e in empties) for k in ("first_s", "warm_s", "warm_cpu_s")}
    for scale in scales:
        results["scales"][f"{scale:g}"].update(summarise(rounds[scale]))
    results["machine"]["load_average_after"] = os.getloadavg()[0]
    results["exponents"] = exponents(results)
    results["exponents_top"] = exponents(results, last_two=True)
    results["exponents_first"] = exponents(results, run="first")
    results["importer"] = time_importer(scales, repeat)
    results["targets"] = check(results)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time every page at k× the document; write bench/results.json.")
    ap.add_argument("--scales", default="1,10,100", help="comma-separated k (default 1,10,100)")
    ap.add_argument("--repeat", type=int, default=5, help="rounds per measurement; medians are reported")
    ap.add_argument("--profile", metavar="PAGE", help="print a cProfile of PAGE's warm rerun instead")
    ap.add_argument("--no-save", action="store_true", help="print only, leave bench/results.json alone")
    ap.add_argument("--compile-each-run", action="store_true",
                    help="compile the scripts on every run, as AppTest does (numbers before 2026-12-02 08:10 UTC)")
    args = ap.parse_args(argv)
    if not args.compile_each_run:
        share_script_cache()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    scratch = Path(tempfile.mkdtemp(prefix="fengong-bench-"))  # pages that read the ledger never touch var/
    os.environ.setdefault("FENGONG_DB", str(scratch / "ledger.sqlite3"))
    os.environ.setdefault("FENGONG_IMPORTS_DIR", str(scratch / "imports"))
    quiet_streamlit()
    with data_dir_restored():
        if args.profile:
            for scale in scales:
                print(profile(args.profile, scale))
            return 0
        results = run(scales, args.repeat)
    print(table(results))
    print()
    for t in results["targets"]:
        print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['target']}: {t['text']}")
    if not args.no_save:
        save(results)
        print(f"\nwritten: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
