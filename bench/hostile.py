"""Hostile uploads against the importer's child-process limits (issue 14): how long each takes to end in its
message, the parent's peak memory, and how long a good document takes to import while one is being read.

    .venv/bin/python -m bench.hostile [--repeat 3] [--json bench/out/hostile.json]

Not part of CI (timings depend on the machine); tests/test_import_sandbox.py checks the messages.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import threading
import time
from pathlib import Path

from lib.importer import DocumentError, sandbox
from tests import hostile

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "source" / "wuhan-2024-28.txt"
CASES = {
    "docx_bomb_200mb": lambda: hostile.docx_bomb(200),
    "docx_lying_sizes": lambda: hostile.docx_bomb_lying(200),
    "pdf_million_pages": hostile.pdf_million_pages,
    "pdf_deflate_bomb_200mb": lambda: hostile.pdf_deflate_bomb(200),
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time_read(data: bytes, name: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        sandbox.read_upload(data, name)
        message = "(read without error)"
    except DocumentError as err:
        message = err.message_en
    return time.perf_counter() - start, message


def main(argv: list[str] | None = None) -> int:
    """Run every case `repeat` times; print a table and optionally write JSON."""
    ap = argparse.ArgumentParser(prog="python -m bench.hostile")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    sample = SAMPLE.read_bytes()
    start = time.perf_counter()
    sandbox.import_document(sample, SAMPLE.name)
    alone = time.perf_counter() - start
    rows = []
    for case, build in CASES.items():
        data = build()
        times, beside, message = [], [], ""
        before = _rss_mb()
        for _ in range(args.repeat):
            took: list[tuple[float, str]] = []
            worker = threading.Thread(target=lambda t=took, d=data, c=case: t.append(_time_read(d, c)))
            worker.start()
            t0 = time.perf_counter()
            sandbox.import_document(sample, SAMPLE.name)  # a good document, while the hostile one is read
            beside.append(time.perf_counter() - t0)
            worker.join()
            times.append(took[0][0])
            message = took[0][1]
        rows.append({
            "case": case, "bytes": len(data), "median_s": round(statistics.median(times), 2),
            "max_s": round(max(times), 2), "good_import_beside_s": round(statistics.median(beside), 2),
            "parent_peak_rss_growth_mb": round(_rss_mb() - before, 1), "message": message,
        })
    print(f"good document alone: {alone:.2f} s (child start, read, parse)")
    print(f"{'case':<24}{'bytes':>10}{'median s':>10}{'max s':>8}{'good beside s':>15}{'parent +MB':>12}  message")
    for r in rows:
        print(f"{r['case']:<24}{r['bytes']:>10}{r['median_s']:>10}{r['max_s']:>8}{r['good_import_beside_s']:>15}"
              f"{r['parent_peak_rss_growth_mb']:>12}  {r['message']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"good_alone_s": round(alone, 2), "cases": rows}, ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
