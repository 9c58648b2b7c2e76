"""Network, profile and export builders on one task listing N units (the 15 KB paste of issue 15), each size in a
fresh process, with wall time and peak RSS per stage.

    python -m bench.limits                 # 1,000, 3,000 and 20,000 units; 400 tasks of 60; 1,000,000 milestones
    python -m bench.limits --units 500 8000 --timeout 120 --no-extra

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


def many_tasks_frames(tasks: int, per_task: int) -> dict[str, pd.DataFrame]:
    """tasks tasks of per_task units each, drawn from a pool of per_task·tasks/4 units (pairs past MAX_PAIRS)."""
    pool = max(per_task, per_task * tasks // 4)
    names = [f"单位{i:05d}" for i in range(pool)]
    units = pd.DataFrame({"unit": names, "full_name": names, "name_en": names, "category": "government"})
    rows = []
    for k in range(tasks):
        members = [names[(k * 7 + j * 13) % pool] for j in range(per_task)]
        members = list(dict.fromkeys(members))
        rows.append({"task_id": f"1.{k + 1}", "section": "1", "section_title": "领域", "title": f"任务{k}",
                     "description": "", "lead_units": members[0], "support_units": "、".join(members[1:])})
    return {"units.csv": units, "tasks.csv": pd.DataFrame(rows)}


def milestones_frames(n: int) -> dict[str, pd.DataFrame]:
    """The ordinary plan of one_task_frames(5) with n milestones on 365 days."""
    frames = one_task_frames(5)
    days = pd.date_range("2024-01-01", periods=365).strftime("%Y-%m-%d")
    frames["phases.csv"] = pd.DataFrame({
        "name": [f"节点{i}" for i in range(n)], "name_en": "", "kind": "milestone",
        "start": [days[i % 365] for i in range(n)], "end": "", "owner": "市发改委", "description": "提交材料"})
    return frames


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stages(case, q) -> None:
    import datetime as dt

    import plotly.io as pio

    from lib.data import load_frames
    from lib.scenes import export as ex_scene
    from lib.scenes import meeting
    from lib.scenes import network as nw_scene
    from lib.scenes import profile as pf_scene
    from lib.scenes import timeline as tl_scene
    from lib.transforms import Filters, apply_filters

    def stage(name, fn):
        t0 = time.perf_counter()
        out = fn()
        q.put({"stage": name, "seconds": round(time.perf_counter() - t0, 3), "peak_rss_mb": round(_rss_mb(), 1)})
        return out

    kind, n = case
    frames = {"units": lambda: one_task_frames(n), "tasks60": lambda: many_tasks_frames(n, 60),
              "milestones": lambda: milestones_frames(n)}[kind]()
    loaded = stage("load", lambda: load_frames(frames, source="bench"))
    if loaded.dataset is None:
        q.put({"stage": "load refused: " + loaded.errors[0].message("en"), "seconds": 0})
        q.put(None)
        return
    ds = loaded.dataset
    if kind == "milestones":
        built = stage("timeline page", lambda: tl_scene.timeline(ds, "zh", dt.date(2024, 6, 1), 14))
        q.put({"stage": "methods", "figure_bytes": len(pio.to_json(built.fig)), "hidden_marks": built.hidden_marks,
               "table_rows_shown": len(built.shown)})
        q.put(None)
        return
    view = apply_filters(ds, Filters())
    scene = stage("network scene (graph, measures, layout)", lambda: nw_scene.network_base(view, False))
    stage("network chart", lambda: nw_scene.network_chart(view, False, False, 1, "weighted_degree", "category", 12,
                                                          "zh", 14, 640, _scene=scene))
    stage("network tables", lambda: nw_scene.network_tables(view, False, False, "zh", _scene=scene))
    directed = stage("directed scene + chart", lambda: nw_scene.network_scene(view, False, True, _base=scene))
    stage("directed chart", lambda: nw_scene.network_chart(view, False, True, 1, "weighted_degree", "category", 12,
                                                           "zh", 14, 640, _scene=directed))
    stage("ego table (hub)", lambda: nw_scene.ego_table(ds, view, ds.units["unit"].iloc[0], False, "zh"))
    scope, _ = pf_scene.profile_options(ds, ())
    stage("profile (hub)", lambda: pf_scene.profile(ds, (), ds.units["unit"].iloc[0], 2.0, "zh", 14, 30,
                                                     _scope=scope))
    stage("profile (member)", lambda: pf_scene.profile(ds, (), ds.units["unit"].iloc[-1], 2.0, "zh", 14, 30,
                                                        _scope=scope))
    stage("export tables", lambda: ex_scene.export_tables(ds, view, 2.0))
    stage("briefing figures", lambda: meeting.build_figures(ds, view, "zh", scene=scene))
    m = scene.measures
    q.put({"stage": "methods", "methods": m.methods, "stars": len(scene.shared.graph.get("stars", ())),
           "edges": scene.shared.number_of_edges(), "drawn": len(scene.pos)})
    q.put(None)


def run(case: tuple[str, int], timeout: float) -> dict:
    """Every stage of a case (kind, size) in a child process; stops at the timeout."""
    q = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=_stages, args=(case, q))
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
            info = {k: v for k, v in item.items() if k != "stage"}
        else:
            rows.append(item)
    p.join(5)
    return {"case": case[0], "size": case[1], "total_seconds": round(time.perf_counter() - t0, 2), "stages": rows, **info}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--no-extra", action="store_true", help="only the one-task cases")
    args = ap.parse_args(argv)
    cases = [("units", n) for n in args.units]
    if not args.no_extra:
        cases += [("tasks60", 400), ("milestones", 1_000_000)]
    results = []
    for case in cases:
        r = run(case, args.timeout)
        results.append(r)
        extra = {k: v for k, v in r.items() if k not in ("case", "size", "total_seconds", "stages")}
        print(f"{case[0]} {case[1]:,}: {r['total_seconds']} s  {extra}")
        for s in r["stages"]:
            print(f"   {s['stage']:<42} {s['seconds']:>8} s  peak RSS {s.get('peak_rss_mb', '-')} MB")
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
