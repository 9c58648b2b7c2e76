"""Every CSV the project writes is neutralised by one function (lib.exports.neutralise_cell); a plan folder the
importer wrote still reads back as the document wrote it (issue 15)."""

from __future__ import annotations

from lib.data import load_dataset
from lib.exports import neutralise_cell, restore_cell
from lib.importer.__main__ import main as importer_cli

HOSTILE = ["=cmd|' /C calc'!A0", "=1+1", "@SUM(1)局", "+1-1", "-cmd"]


def test_restore_undoes_neutralise_and_nothing_else():
    for cell in [*HOSTILE, "市发改委", "-3", "+7", "'quoted", "a=b", ""]:
        assert restore_cell(str(neutralise_cell(cell))) == cell
    assert restore_cell("'plain") == "'plain"  # a quote the document wrote stays


def test_cli_csvs_are_neutralised_and_load_back_as_written(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("一、总体要求\n（一）=1+1推进建设。（牵头单位：@SUM(1)局；责任单位：市财政局）\n", encoding="utf-8")
    out = tmp_path / "out"
    assert importer_cli([str(doc), "--out", str(out)]) == 0
    csv_text = (out / "tasks.csv").read_text(encoding="utf-8-sig")
    assert "'@SUM(1)局" in csv_text and "'=1+1" in csv_text  # Excel sees text
    units_text = (out / "units.csv").read_text(encoding="utf-8-sig")
    assert "'@SUM(1)局" in units_text
    loaded = load_dataset(out)
    assert loaded.dataset is not None
    task = loaded.dataset.tasks.iloc[0]
    assert task["title"].startswith("=1+1") and task["lead_units"] == ("@SUM(1)局",)
    assert "@SUM(1)局" in set(loaded.dataset.units["unit"])
