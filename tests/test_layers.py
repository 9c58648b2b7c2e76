"""The house's layers, read from the code: under lib/ only the UI helpers import streamlit; no page or scene imports the
briefing (the Export page's downloads ask lib.ui for it); the page table is importable without streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _uses(path: Path, module: str) -> bool:
    return any(n == module or n.startswith(module + ".") for n in _imports(path))


def test_only_the_ui_helpers_import_streamlit():
    outside = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "lib").rglob("*.py"))
               if (ROOT / "lib" / "ui") not in p.parents and _uses(p, "streamlit")]
    assert outside == []


def test_no_page_or_scene_imports_the_briefing():
    pages = sorted((ROOT / "views").glob("*.py"))
    scenes = sorted((ROOT / "lib" / "scenes").glob("*.py"))
    assert len(pages) >= 8 and len(scenes) >= 8
    offenders = [p.relative_to(ROOT).as_posix() for p in [*pages, *scenes]
                 if _uses(p, "lib.briefing") or "briefing" in _from_lib(p)]
    assert offenders == []


def test_pages_get_figures_from_scenes_not_from_the_figure_builders():
    """A page draws what a scene built (lib.ui.scenes over lib.scenes); it never calls a figure builder itself."""
    offenders = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "views").glob("*.py"))
                 if _uses(p, "lib.charts") or "charts" in _from_lib(p)]
    assert offenders == []


def test_only_the_ui_helpers_reach_the_briefing():
    """The Export page's downloads go through lib.ui (ui.briefing_file); nothing else in the app imports it."""
    users = [p.relative_to(ROOT).as_posix() for p in [ROOT / "app.py", *sorted((ROOT / "lib").rglob("*.py"))]
             if p != ROOT / "lib" / "briefing.py" and (_uses(p, "lib.briefing") or "briefing" in _from_lib(p))]
    assert users == ["lib/ui/charts.py"]


def _from_lib(path: Path) -> set[str]:
    """Names imported with `from lib import a, b`."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "lib":
            out |= {a.name for a in node.names}
    return out


def test_page_table_and_scenes_import_without_streamlit():
    code = ("import sys; import lib.sitemap, lib.scenes.meeting, lib.briefing, lib.exports; "
            "import lib.scenes.overview, lib.scenes.matrix, lib.scenes.workload, lib.scenes.timeline, "
            "lib.scenes.network, lib.scenes.profile, lib.scenes.export; "
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_one_vocabulary_for_loader_importer_and_theme():
    from lib import data, theme, vocabulary
    from lib.importer import review

    assert data.CATEGORIES is vocabulary.CATEGORIES and review.CATEGORIES is vocabulary.CATEGORIES
    assert theme.CATEGORY_ORDER is vocabulary.CATEGORIES and set(theme.CATEGORY_COLORS) == set(vocabulary.CATEGORIES)
    assert data.UNIT_COLUMNS is vocabulary.UNIT_COLUMNS and data.TASK_COLUMNS is vocabulary.TASK_COLUMNS
    assert data.split_units("甲局，乙局；丙局、丁局") == ["甲局", "乙局", "丙局", "丁局"]
