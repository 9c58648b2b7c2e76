"""Network, profile and export builders on one task listing N units (the 15 KB paste of issue 15), each size in a
fresh process, with wall time and peak RSS per stage.

    python -m bench.limits                 # 1,000, 3,000 and 20,000 units
    python -m bench.limits --units 500 8000 --timeout 120

Writes bench/limits.json. A stage that exceeds --timeout is reported as such (the child is killed).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent / "limits.json"
SIZES = (1000, 3000, 20000)


def one_task_frames(n: int) -> dict[str, pd.DataFrame]:
    """A plan of one task whose bracket lists n units (the first leads), plus one ordinary task."""
    names = [f"单位{i:05d}" for i in range(n)]
    units = pd.DataFrame({"unit": names, "full_name": names, "name_en": [f"Unit {i}" for i in range(n)],
                          "category": "government"})
    tasks = pd.DataFrame({
        "task_id": ["1.1", "1.2"], "section": ["1", "1"], "section_title": ["领域", "领域"],
        "title": ["一项列出很多单位的任务", "一项普通任务"], "description": ["", ""],
        "lead_units": [names[0], names[1]], "support_units": ["、".join(names[1:]), "、".join(names[2:5])],
    })
    return {"units.csv": units, "tasks.csv": tasks}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stages(n: int, q) -> None:
    from lib import briefing, pagedata
    from lib.data import load_frames
    from lib.transforms import Filters, apply_filters

    def stage(name, fn):
        t0 = time.perf_counter()
        out = fn()
        q.put({"stage": name, "seconds": round(time.perf_counter() - t0, 3), "peak_rss_mb": round(_rss_mb(), 1)})
        return out

    loaded = stage("load", lambda: load_frames(one_task_frames(n), source="bench"))
    if loaded.dataset is None:
        q.put({"stage": "load refused: " + loaded.errors[0].message("en"), "seconds": 0})
        q.put(None)
        return
    ds = loaded.dataset
    view = apply_filters(ds, Filters())
    scene = stage("network scene (graph, measures, layout)", lambda: pagedata.network_base(view, False))
    stage("network chart", lambda: pagedata.network_chart(view, False, False, 1, "weighted_degree", "category", 12,
                                                          "zh", 14, 640, _scene=scene))
    stage("network tables", lambda: pagedata.network_tables(view, False, False, "zh", _scene=scene))
    directed = stage("directed scene + chart", lambda: pagedata.network_scene(view, False, True, _base=scene))
    stage("directed chart", lambda: pagedata.network_chart(view, False, True, 1, "weighted_degree", "category", 12,
                                                           "zh", 14, 640, _scene=directed))
    stage("ego table (hub)", lambda: pagedata.ego_table(ds, view, ds.units["unit"].iloc[0], False, "zh"))
    scope, _ = pagedata.profile_options(ds, ())
    stage("profile (hub)", lambda: pagedata.profile(ds, (), ds.units["unit"].iloc[0], 2.0, "zh", 14, 30,
                                                     _scope=scope))
    stage("profile (member)", lambda: pagedata.profile(ds, (), ds.units["unit"].iloc[-1], 2.0, "zh", 14, 30,
                                                        _scope=scope))
    stage("export tables", lambda: pagedata.export_tables(ds, view, 2.0))
    stage("briefing figures", lambda: briefing.build_figures(ds, view, "zh", scene=scene))
    m = scene.measures
    q.put({"stage": "methods", "methods": m.methods, "stars": len(scene.shared.graph.get("stars", ())),
           "edges": scene.shared.number_of_edges(), "drawn": len(scene.pos)})
    q.put(None)


def run(n: int, timeout: float) -> dict:
    """Every stage for n units in a child process; stops at the timeout."""
    q = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=_stages, args=(n, q))
    t0 = time.perf_counter()
    p.start()
    rows, info = [], {}
    while True:
        left = timeout - (time.perf_counter() - t0)
        try:
            item = q.get(timeout=max(left, 0.01))
        except Exception:  # queue.Empty: over time
            p.kill()
            rows.append({"stage": "TIMEOUT", "seconds": round(time.perf_counter() - t0, 1)})
            break
        if item is None:
            break
        if item["stage"] == "methods":
            info = item
        else:
            rows.append(item)
    p.join(5)
    return {"units": n, "total_seconds": round(time.perf_counter() - t0, 2), "stages": rows, **info}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args(argv)
    results = []
    for n in args.units:
        r = run(n, args.timeout)
        results.append(r)
        print(f"{n} units: {r['total_seconds']} s  edges={r.get('edges')} drawn={r.get('drawn')} "
              f"stars={r.get('stars')} methods={r.get('methods')}")
        for s in r["stages"]:
            print(f"   {s['stage']:<42} {s['seconds']:>8} s  peak RSS {s.get('peak_rss_mb', '-')} MB")
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
