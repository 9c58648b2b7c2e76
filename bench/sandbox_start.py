"""What one paste costs on the Import page: sandbox.parse_text on the shipped plan, with a fresh child per job
(cold) and with a warm spare child waiting (warm), median of --runs each.

    .venv/bin/python -m bench.sandbox_start [--runs 10] [--json bench/out/sandbox_start.json]

warm waits for the spare before each job (a user pastes seconds apart); back_to_back does not (the next job
finds the spare still starting). Not part of CI (timings depend on the machine); tests/test_import_sandbox.py
checks the behaviour.
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


def _times(text: str, runs: int, before=None) -> list[float]:
    out = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        result = sandbox.parse_text(text, name=SAMPLE.name)
        out.append(time.perf_counter() - start)
        assert len(result.tasks) == 24
    return out


def _summary(times: list[float]) -> dict:
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "runs": len(times)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    text = SAMPLE.read_text(encoding="utf-8")
    report = {"load_average": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count()}
    if hasattr(sandbox, "SPARE_ENV"):  # (the code before the spare has none to switch off)
        os.environ[sandbox.SPARE_ENV] = "0"
    report["cold"] = _summary(_times(text, args.runs))
    if hasattr(sandbox, "SPARE_ENV"):
        os.environ[sandbox.SPARE_ENV] = "1"
        sandbox.warm(wait=60)
        report["warm"] = _summary(_times(text, args.runs, before=lambda: sandbox.warm(wait=60)))
        report["back_to_back"] = _summary(_times(text, args.runs))
        sandbox.drop_spare()
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
