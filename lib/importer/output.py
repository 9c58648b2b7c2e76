"""Write an ImportResult as the dataset CSVs, to a folder or into a zip for download."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from lib.exports import safe_frame
from lib.importer.parse import DEADLINE_COLUMNS, TASK_COLUMNS, ImportResult, tasks_with_deadlines


def dataset_frames(result: ImportResult) -> dict[str, pd.DataFrame]:
    """The CSV files of a result by name: tasks and units always, phases (phases, then milestones) and plan when
    the document gives them."""
    tasks = tasks_with_deadlines(result).copy()
    cols = TASK_COLUMNS[:-1]
    # lead_inferred and the deadline columns are optional in the format; left out when no task has them, so clean
    # plans stay minimal (the shipped document imports to data/tasks.csv byte for byte).
    if "lead_inferred" in tasks and tasks["lead_inferred"].astype(bool).any():
        tasks["lead_inferred"] = tasks["lead_inferred"].map(lambda v: "true" if bool(v) else "false")
        cols = TASK_COLUMNS
    cols = cols + [c for c in DEADLINE_COLUMNS if c in tasks]
    out = {"tasks.csv": tasks[cols], "units.csv": result.units}
    phases = [f for f in (result.phases, result.milestones) if f is not None and len(f)]
    if phases:
        out["phases.csv"] = pd.concat(phases, ignore_index=True) if len(phases) > 1 else phases[0]
    if result.plan:
        out["plan.csv"] = pd.DataFrame(list(result.plan.items()), columns=["field", "value"])
    return out


def _csv(frame: pd.DataFrame) -> str:
    """A CSV with formula-looking cells neutralised by the one function every download uses (lib.exports)."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n")


def write_dataset(result: ImportResult, out_dir: str | Path) -> list[Path]:
    """Write tasks.csv, units.csv (and phases.csv) as UTF-8 into out_dir, formula cells neutralised; the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in dataset_frames(result).items():
        path = out / name
        path.write_text(_csv(frame), encoding="utf-8", newline="")
        written.append(path)
    return written


def to_zip_bytes(result: ImportResult) -> bytes:
    """The dataset CSVs in a zip, each UTF-8 with BOM so Excel shows the Chinese correctly, formulas neutralised."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, frame in dataset_frames(result).items():
            zf.writestr(name, _csv(frame).encode("utf-8-sig"))
    return buf.getvalue()
