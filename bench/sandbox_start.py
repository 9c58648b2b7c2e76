"""What one paste costs on the Import page: sandbox.parse_text on the shipped plan, each job in a fresh child
(cold: a new interpreter imports the importer) and forked from the warm fork server (warm), median of --runs each;
likewise sandbox.import_document (an upload: read, then parse) of the same plan's bytes.

    .venv/bin/python -m bench.sandbox_start [--runs 10] [--json bench/out/sandbox_start.json]

Not part of CI (timings depend on the machine); tests/test_import_sandbox.py checks the behaviour.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from lib.importer import sandbox

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "source" / "wuhan-2024-28.txt"


def _times(job, runs: int) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
        assert len((result[1] if isinstance(result, tuple) else result).tasks) == 24
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "runs": len(times)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    text, data = SAMPLE.read_text(encoding="utf-8"), SAMPLE.read_bytes()
    jobs = {"parse_text": lambda: sandbox.parse_text(text, name=SAMPLE.name),
            "import_document": lambda: sandbox.import_document(data, SAMPLE.name)}
    report = {"load_average_before": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count()}
    forks = hasattr(sandbox, "FORKSERVER_ENV")  # (the code before the fork server has only cold children)
    modes = {"cold": "0", "warm": "1"} if forks else {"cold": None}
    for mode, flag in modes.items():
        if flag is not None:
            os.environ[sandbox.FORKSERVER_ENV] = flag
        if flag == "1":
            start = time.perf_counter()
            assert sandbox.warm(wait=120)
            report["fork_server_start_s"] = round(time.perf_counter() - start, 3)
        for job, call in jobs.items():
            report[f"{job}_{mode}"] = _times(call, args.runs)
    if forks:
        sandbox.stop()
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
