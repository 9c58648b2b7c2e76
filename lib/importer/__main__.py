"""CLI: python -m lib.importer INPUT --out DIR [--aliases data/aliases.csv]."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from lib.i18n import both, t
from lib.importer import DocumentError, load_aliases, sandbox, write_dataset


def _arguments() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m lib.importer",
        description="Import a 任务分工方案 (.txt/.docx/.pdf) as tasks.csv/units.csv/phases.csv",
    )
    ap.add_argument("input", help="the document to import")
    ap.add_argument("--out", required=True, help="folder to write the CSV files into")
    ap.add_argument(
        "--aliases", help="alias,unit CSV applied to unit names (default: none; names stay as the document writes "
        "them; data/aliases.csv belongs to the shipped plan)"
    )
    ap.add_argument("--no-aliases", action="store_true", help="apply no alias table (the default; kept for scripts)")
    ap.add_argument("--timeout", type=float, default=sandbox.TIMEOUT_S,
                    help=f"seconds without progress before reading stops (default {sandbox.TIMEOUT_S:g})")
    return ap


def main(argv: list[str] | None = None) -> int:
    """Import one document into a dataset folder; 0 on success, 1 with a one-line reason otherwise."""
    args = _arguments().parse_args(argv)

    src = Path(args.input)
    try:
        data = src.read_bytes()
    except OSError as exc:
        print(" / ".join(both("imp_cli_cannot_read", path=src, reason=exc.strerror)), file=sys.stderr)
        return 1
    try:
        aliases = load_aliases(args.aliases) if args.aliases and not args.no_aliases else {}
        # reading and parsing run in a child limited in time and memory: a hostile file ends in one line here
        reading, result = sandbox.import_document(data, src.name, aliases, timeout=args.timeout)
        if reading.ocr_pages:
            print(t("imp_cli_ocr", "en", n=reading.ocr_pages))
        written = write_dataset(result, args.out)
    except DocumentError as exc:
        # reading errors name the file already; the parser's (no tasks found …) do not
        where = "" if src.name in exc.message_en else f"{src}: "
        print(" / ".join(both("imp_cli_error")) + f": {where}{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(" / ".join(both("imp_cli_cannot_write", path=args.out, reason=exc.strerror)), file=sys.stderr)
        return 1

    _summary(result, written)
    return 0


def _summary(result, written) -> None:
    """What was found (counts, warnings by kind, the first ten warnings) and the files written."""
    kinds = Counter(w.kind for w in result.warnings)
    detail = ", ".join(f"{k} {n}" for k, n in kinds.items())
    print(t("imp_cli_summary", "en", tasks=len(result.tasks), units=len(result.units), phases=len(result.phases),
            milestones=len(result.milestones), warnings=len(result.warnings)) + (f" ({detail})" if detail else ""))
    for w in result.warnings[:10]:
        print(f"  [{w.kind}] {w.message_zh}")
    if len(result.warnings) > 10:
        print(t("imp_cli_more", "en", n=len(result.warnings) - 10))
    print(t("imp_cli_wrote", "en", files=", ".join(str(p) for p in written)))


if __name__ == "__main__":
    sys.exit(main())
