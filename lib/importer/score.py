"""Score the importer on a labelled corpus: task recall, named-unit precision/recall/F1 and lead accuracy.

Usage: python -m lib.importer.score [DIR ...] [--json] [--floor F1] [--check] [--variant NAME]

Default folders: <repo>/../shared/corpus and every <repo>/corpus/*/ holding a labels.json, except a corpus/unseen-*
folder whose README does not start with RELEASED FOR TUNING (held out: scored only when named); a file whose name or
whose exact text was seen in an earlier folder is not scored again (first folder wins). Each labelled file is read with read_document, parsed with
parse_document(text) (no alias table) and compared with its labels (schema: the corpus README).

Rules
* Text comparison: titles and unit names are compared after the parser's own full-width -> half-width mapping and
  with all whitespace removed, so 全角/半角 punctuation and line breaks inside a title do not matter.
* Matching: labelled tasks are taken in order. A labelled task matches the first not yet matched parsed task whose
  title starts with the labelled title; failing that, the first whose title + description or source text contains
  it. Each parsed task matches at most one labelled task, so an item the parser did not split (several unit
  brackets in one paragraph) matches its first labelled task and the others count as missing.
* Task recall: matched labelled tasks / labelled tasks.
* Named units: (task, unit) pairs, role ignored. A matched pair's true positives are the units in both lists;
  a missing labelled task contributes all its units as false negatives; a parsed task that matches no label
  ("extra") contributes all its units as false positives. Precision, recall, F1 are micro-averaged.
* Lead accuracy: labelled tasks whose matched parsed lead list equals the label's lead list (same names, same
  order) / labelled tasks; a missing task counts as wrong.
* Excerpts (complete: false, or a form note that says EXCERPT): only labelled tasks count for recall; extra parsed
  tasks after the last matched one (past the labelled span, where the excerpt was cut) are ignored; extras before
  it still count.
* A parse that raises DocumentError is zero tasks found; its message is printed.
* Per form: each document is counted under tags read from its labels and text: level (first word of the form
  note), layout (table / one-line / lines), script (traditional when the form note says so) and full/excerpt.

Variants (--variant NAME, a robustness check that needs no new labels): each document's text AND its labels are
changed the same way before parsing and scoring, and the per-document scores are compared with the plain run; the
documents that read worse are listed at the end ("Worse than plain"). Form tags stay those of the document as it is.
* traditional / traditional-tw: simplified -> traditional with OpenCC (s2t; s2twp, Taiwan phrases, for -tw). A label
  string is converted where the text has it (the same span of the converted text), so it is spelled as the converted
  document spells it; a document whose form note says traditional stays as it is.
* one-line / one-line-space / one-line-indent: every line break gone as research corpora store pasted pages: the lines,
  stripped, joined by nothing, by one space or by 　　; labels unchanged (whitespace is not compared).
* half-width / full-width: the marks （）：；， swapped for ():;, (or back), in the text and the labels alike.
--check --variant NAME checks the changed labels against the changed text.

--check validates the labels themselves against each text (no parser involved): every title occurs exactly once,
titles come in document order, every labelled unit occurs between its title and the next title, lead is
non-empty and no unit is listed twice in one task. Line breaks are ignored there (a wrapped unit name still counts).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lib.data import split_units
from lib.importer.errors import DocumentError
from lib.importer.parse import _HALF, parse_document
from lib.importer.readers import read_document

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ("national", "provincial", "municipal", "district", "county", "town", "street", "department")
_WS = re.compile(r"\s+")


_FULL_MARKS, _HALF_MARKS = "（）：；，", "():;,"


@functools.cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config).convert


def _joined(sep: str):
    def join(text: str) -> str:
        return sep.join(s for s in (ln.strip() for ln in text.splitlines()) if s)

    return join


@dataclass(frozen=True)
class Variant:
    """A change of form: `text` makes the document's text, `in_context` says whether a label string is taken as the
    same span of the changed text (a converter that works on phrases may spell a name differently alone)."""

    text: object
    in_context: bool = False
    keeps_traditional: bool = False


VARIANTS: dict[str, Variant] = {
    "traditional": Variant(lambda t: _opencc("s2t")(t), in_context=True, keeps_traditional=True),
    "traditional-tw": Variant(lambda t: _opencc("s2twp")(t), in_context=True, keeps_traditional=True),
    "one-line": Variant(_joined("")),
    "one-line-space": Variant(_joined(" ")),
    "one-line-indent": Variant(_joined("\u3000\u3000")),
    "half-width": Variant(lambda t: t.translate(str.maketrans(_FULL_MARKS, _HALF_MARKS))),
    "full-width": Variant(lambda t: t.translate(str.maketrans(_HALF_MARKS, _FULL_MARKS))),
}


def _is_traditional(label: dict) -> bool:
    return "traditional" in str(label.get("form", "")).lower()


def apply_variant(name: str, text: str, label: dict) -> tuple[str, dict]:
    """The text and its label in variant `name` (see the module rules); the label is a new dict."""
    v = VARIANTS[name]
    if v.keeps_traditional and _is_traditional(label):
        return text, label
    new = v.text(text)
    if v.in_context and len(new) != len(text):
        # A converter that changed the text's length cannot be mapped span for span: convert the text line by line
        # (a line's length changed only where its own phrases did) and the labels alone.
        new = "\n".join(v.text(ln) for ln in text.split("\n"))
    spans = _SpanMap(text, new) if v.in_context and len(new) == len(text) else None

    def conv(s: str) -> str:
        if spans is not None:
            hit = spans(s)
            if hit is not None:
                return hit
        return v.text(s)

    tasks = []
    for t in label.get("tasks", []):
        t = dict(t)
        t["title"] = conv(t["title"])
        for role in ("lead", "support"):
            if role in t:
                t[role] = [conv(u) for u in t[role]]
        tasks.append(t)
    return new, {**label, "tasks": tasks}


class _SpanMap:
    """A string of the original text (line breaks and spaces inside it ignored) -> the same span of a changed text of
    the same length."""

    def __init__(self, original: str, changed: str) -> None:
        self.keep = [i for i, ch in enumerate(original) if not ch.isspace()]
        self.plain = "".join(original[i] for i in self.keep)
        self.changed = changed

    def __call__(self, s: str) -> str | None:
        want = _WS.sub("", s)
        i = self.plain.find(want) if want else -1
        if i < 0:
            return None
        at = iter(self.keep[i : i + len(want)])
        return "".join(ch if ch.isspace() else self.changed[next(at)] for ch in s)  # s's own spaces kept


def norm(text: str) -> str:
    """The comparison form: half-width ASCII as the parser maps it, no whitespace."""
    return _WS.sub("", str(text).translate(_HALF))


def _units(cell: str, known: frozenset[str] = frozenset()) -> list[str]:
    """A parsed cell's units as the app reads them: the loader's split with the parsed units table as the known
    names (so a collective 各区、县级市 the parser kept whole is one unit); without that table, split on 、 outside
    brackets, so 各县(市、区)人民政府 stays one unit."""
    if known:
        return [u for u in split_units(norm(cell or ""), known) if u]
    out, cur, depth = [], [], 0
    for ch in norm(cell or ""):
        depth += (ch in "(（[【〔") - (ch in ")）]】〕")
        if ch == "、" and depth <= 0:
            out.append("".join(cur))
            cur, depth = [], 0
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [u for u in out if u]


@dataclass
class TaskDiff:
    """What the parser got wrong on one labelled (or extra parsed) task."""

    no: int | None
    title: str
    task_id: str = ""
    missing_units: list[str] = field(default_factory=list)
    extra_units: list[str] = field(default_factory=list)
    label_lead: list[str] = field(default_factory=list)
    parsed_lead: list[str] = field(default_factory=list)


@dataclass
class DocScore:
    """Counts for one document; rates are derived from them."""

    file: str
    tags: list[str]
    labelled: int = 0
    found: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lead_ok: int = 0
    error: str = ""
    missing_tasks: list[TaskDiff] = field(default_factory=list)
    unit_errors: list[TaskDiff] = field(default_factory=list)
    lead_errors: list[TaskDiff] = field(default_factory=list)
    extra_tasks: list[TaskDiff] = field(default_factory=list)


def rates(labelled: int, found: int, tp: int, fp: int, fn: int, lead_ok: int) -> dict[str, float]:
    """Task recall, unit precision/recall/F1 and lead accuracy from counts (1.0 where nothing is to be found)."""
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "task_recall": found / labelled if labelled else 1.0,
        "precision": p,
        "recall": r,
        "f1": f1,
        "lead_accuracy": lead_ok / labelled if labelled else 1.0,
    }


def _task_texts(tasks, sources: dict[str, str]) -> list[tuple[str, str, str]]:
    """(task_id, normalised title, normalised title+description+source) per parsed task, in order."""
    out = []
    for row in tasks:
        tid = str(row["task_id"])
        title = norm(row.get("title", ""))
        whole = title + norm(row.get("description", "")) + "\n" + norm(sources.get(tid, ""))
        out.append((tid, title, whole))
    return out


def match(labels: list[dict], parsed: list[tuple[str, str, str]]) -> dict[int, int]:
    """Map labelled-task index -> parsed-task index (see the module rules)."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for i, lab in enumerate(labels):
        want = norm(lab["title"])
        if not want:
            continue
        hit = next((j for j, (_, t, _) in enumerate(parsed) if j not in used and t.startswith(want)), None)
        if hit is None:
            hit = next((j for j, (_, _, w) in enumerate(parsed) if j not in used and want in w), None)
        if hit is not None:
            used.add(hit)
            out[i] = hit
    return out


def score_parsed(name: str, label: dict, tasks: list[dict], sources: dict[str, str], tags=(),
                 known: frozenset[str] = frozenset()) -> DocScore:
    """Score parsed task rows (dicts with task_id/title/description/lead_units/support_units) against a label;
    `known` is the parsed units table's names (normalised), read as the loader reads units.csv."""
    labels = label.get("tasks", [])
    doc = DocScore(file=name, tags=list(tags), labelled=len(labels))
    parsed = _task_texts(tasks, sources)
    matched = match(labels, parsed)
    doc.found = len(matched)
    for i, lab in enumerate(labels):
        want_lead = [norm(u) for u in lab.get("lead", [])]
        want = want_lead + [norm(u) for u in lab.get("support", [])]
        if i not in matched:
            doc.fn += len(want)
            doc.missing_tasks.append(TaskDiff(lab.get("no"), lab["title"], missing_units=want))
            continue
        row = tasks[matched[i]]
        lead = _units(row.get("lead_units", ""), known)
        got = lead + _units(row.get("support_units", ""), known)
        got_c, want_c = Counter(got), Counter(want)
        tp = sum((got_c & want_c).values())
        doc.tp += tp
        doc.fp += len(got) - tp
        doc.fn += len(want) - tp
        tid = str(row["task_id"])
        if got_c != want_c:
            doc.unit_errors.append(
                TaskDiff(
                    lab.get("no"),
                    lab["title"],
                    tid,
                    missing_units=list((want_c - got_c).elements()),
                    extra_units=list((got_c - want_c).elements()),
                )
            )
        if lead == want_lead:
            doc.lead_ok += 1
        else:
            doc.lead_errors.append(TaskDiff(lab.get("no"), lab["title"], tid, label_lead=want_lead, parsed_lead=lead))
    last = max(matched.values(), default=-1)
    for j, row in enumerate(tasks):
        if j in matched.values():
            continue
        if is_excerpt(label) and j > last:
            continue  # past the excerpt's labelled span
        units = _units(row.get("lead_units", ""), known) + _units(row.get("support_units", ""), known)
        doc.fp += len(units)
        doc.extra_tasks.append(TaskDiff(None, str(row.get("title", "")), str(row["task_id"]), extra_units=units))
    return doc


def is_excerpt(label: dict) -> bool:
    """An excerpt: labelled incomplete, or its form note says it is an excerpt (a page opening)."""
    return not label.get("complete", True) or "excerpt" in str(label.get("form", "")).lower()


def tags_for(label: dict, text: str) -> list[str]:
    """Form tags of a document: level, layout, script, full/excerpt."""
    form = str(label.get("form", ""))
    words = re.findall(r"[a-z]+", form.lower()[:40])
    level = next((w for w in words if w in LEVELS), "other")
    low = form.lower()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if "table" in low:
        layout = "table"
    elif len(lines) <= 3:
        layout = "one-line"
    else:
        layout = "lines"
    script = "traditional" if "traditional" in low else "simplified"
    kind = "excerpt" if is_excerpt(label) else "full"
    return [f"level:{level}", f"layout:{layout}", f"script:{script}", kind]


def score_file(path: Path, label: dict, variant: str | None = None) -> DocScore:
    """Read, parse and score one labelled file (text and labels changed to `variant` first, when given; the form
    tags stay those of the file as it is)."""
    data = path.read_bytes()
    try:
        text = read_document(data, path.name)
    except DocumentError as exc:
        doc = score_parsed(path.name, label, [], {}, tags_for(label, ""))
        doc.error = str(exc)
        return doc
    tags = tags_for(label, text)
    if variant:
        text, label = apply_variant(variant, text, label)
    try:
        result = parse_document(text)
    except DocumentError as exc:
        doc = score_parsed(path.name, label, [], {}, tags)
        doc.error = str(exc)
        return doc
    rows = result.tasks.to_dict("records")
    known = frozenset(norm(u) for u in result.units["unit"])
    return score_parsed(path.name, label, rows, result.sources, tags, known)


RELEASED = "RELEASED FOR TUNING"


def is_held_out(folder: Path) -> bool:
    """A corpus/unseen-* folder whose README does not start with RELEASED FOR TUNING: never scored by default."""
    if not folder.name.startswith("unseen-"):
        return False
    readme = folder / "README.md"
    try:
        first = readme.read_text(encoding="utf-8").lstrip().splitlines()[:1]
    except (OSError, UnicodeDecodeError):
        return True
    return not (first and first[0].lstrip("#* ").startswith(RELEASED))


def default_dirs(root: Path = ROOT) -> list[Path]:
    """../shared/corpus and every corpus/*/ with a labels.json, except held-out unseen-* folders (name them to
    score them)."""
    dirs = [root.parent / "shared" / "corpus"]
    dirs += sorted(p for p in (root / "corpus").glob("*/") if (p / "labels.json").is_file() and not is_held_out(p))
    return [d for d in dirs if (d / "labels.json").is_file()]


def corpus_files(dirs: list[Path]) -> list[tuple[Path, dict]]:
    """(file path, its label) for every labelled file, deduplicated by file name and by identical text (first wins)."""
    seen: set[str] = set()
    texts: set[str] = set()
    out = []
    for d in dirs:
        labels = json.loads((Path(d) / "labels.json").read_text(encoding="utf-8"))
        for name, label in labels.items():
            path = Path(d) / name
            # Two folders may hold the same source text under different names; it is scored once.
            digest = hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else name
            if name in seen or digest in texts:
                continue
            seen.add(name)
            texts.add(digest)
            out.append((path, label))
    return out


def summarise(docs: list[DocScore]) -> dict:
    """Per-document, per-tag and overall rates (micro-averaged counts)."""

    def total(group: list[DocScore]) -> dict:
        c = {k: sum(getattr(d, k) for d in group) for k in ("labelled", "found", "tp", "fp", "fn", "lead_ok")}
        return {"documents": len(group), **c, **rates(**c)}

    tags = sorted({t for d in docs for t in d.tags})
    return {
        "overall": total(docs),
        "by_form": {t: total([d for d in docs if t in d.tags]) for t in tags},
        "documents": [
            {
                **asdict(d),
                **rates(d.labelled, d.found, d.tp, d.fp, d.fn, d.lead_ok),
            }
            for d in docs
        ],
    }


def check_label(text: str, label: dict) -> list[str]:
    """Problems of one file's labels against its text (empty when the labels pass the mechanical checks)."""
    # Line breaks are layout, not text: a PDF-derived copy may wrap a title or a unit name mid-word.
    text = text.replace("\r", "").replace("\n", "")
    problems = []
    tasks = label.get("tasks", [])
    pos = []
    for t in tasks:
        n = text.count(t["title"])
        if n != 1:
            problems.append(f"task {t.get('no')}: title occurs {n} times: {t['title']}")
        pos.append(text.find(t["title"]))
    for k, t in enumerate(tasks):
        if t.get("no") != k + 1:
            problems.append(f"task {t.get('no')}: expected no {k + 1}")
        if not t.get("lead"):
            problems.append(f"task {t.get('no')}: empty lead")
        units = list(t.get("lead", [])) + list(t.get("support", []))
        if len(set(units)) != len(units):
            problems.append(f"task {t.get('no')}: a unit is listed twice")
        if pos[k] < 0:
            continue
        if k and pos[k - 1] >= 0 and pos[k] < pos[k - 1]:
            problems.append(f"task {t.get('no')}: title comes before the previous task's title")
        nxt = next((p for p in pos[k + 1 :] if p > pos[k]), len(text))
        seg = text[pos[k] : nxt]
        at = 0
        for u in units:
            found = seg.find(u, at)
            if found < 0:
                where = "out of order" if u in seg else "not"
                problems.append(f"task {t.get('no')}: unit {u} {where} between its title and the next")
            else:
                at = found + len(u)
    return problems


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def print_report(summary: dict, docs: list[DocScore], out=None) -> None:
    """The table of scores and the list of what went wrong."""
    out = out or sys.stdout  # looked up per call, so a redirected stdout (pytest's capsys) is honoured
    head = f"{'document':58} {'tasks':>9} {'t.rec':>6} {'P':>6} {'R':>6} {'F1':>6} {'lead':>6}"
    print(head, file=out)
    print("-" * len(head), file=out)
    for d, row in zip(docs, summary["documents"]):
        print(
            f"{d.file[:58]:58} {d.found:>4}/{d.labelled:<4} {_fmt(row['task_recall']):>6} {_fmt(row['precision']):>6} "
            f"{_fmt(row['recall']):>6} {_fmt(row['f1']):>6} {_fmt(row['lead_accuracy']):>6}",
            file=out,
        )
    print("-" * len(head), file=out)
    for tag, row in summary["by_form"].items():
        label = f"{tag} ({row['documents']} docs)"
        print(
            f"{label[:58]:58} {row['found']:>4}/{row['labelled']:<4} {_fmt(row['task_recall']):>6} "
            f"{_fmt(row['precision']):>6} {_fmt(row['recall']):>6} {_fmt(row['f1']):>6} {_fmt(row['lead_accuracy']):>6}",
            file=out,
        )
    o = summary["overall"]
    print("-" * len(head), file=out)
    print(
        f"{'OVERALL (' + str(o['documents']) + ' docs)':58} {o['found']:>4}/{o['labelled']:<4} "
        f"{_fmt(o['task_recall']):>6} {_fmt(o['precision']):>6} {_fmt(o['recall']):>6} {_fmt(o['f1']):>6} "
        f"{_fmt(o['lead_accuracy']):>6}",
        file=out,
    )
    print("\nWhat went wrong:", file=out)
    for d in docs:
        if not (d.error or d.missing_tasks or d.unit_errors or d.lead_errors or d.extra_tasks):
            continue
        print(f"\n## {d.file}", file=out)
        if d.error:
            print(f"  parse error: {d.error}", file=out)
        for t in d.missing_tasks:
            if not d.error:
                print(f"  missing task {t.no}: {t.title}", file=out)
        if d.error and d.missing_tasks:
            print(f"  ({len(d.missing_tasks)} labelled tasks not found)", file=out)
        for t in d.unit_errors:
            print(
                f"  task {t.no} [{t.task_id}] {t.title[:20]}: missing {t.missing_units or '-'} extra {t.extra_units or '-'}",
                file=out,
            )
        for t in d.lead_errors:
            print(f"  task {t.no} [{t.task_id}] lead {t.parsed_lead} != labelled {t.label_lead}", file=out)
        for t in d.extra_tasks:
            print(f"  extra parsed task [{t.task_id}] {t.title[:30]}: units {t.extra_units or '-'}", file=out)


_COMPARED = ("task_recall", "f1", "lead_accuracy")


def worse_than(plain: list[dict], variant: list[dict]) -> list[dict]:
    """Documents whose task recall, F1 or lead accuracy in the variant is below the plain run's, with both."""
    out = []
    for p, v in zip(plain, variant):
        if any(v[k] < p[k] - 1e-9 for k in _COMPARED):
            out.append({"file": v["file"], "tags": v["tags"], "plain": {k: p[k] for k in _COMPARED},
                        "variant": {k: v[k] for k in _COMPARED}, "error": v["error"]})
    return out


def print_worse(summary: dict, out=None) -> None:
    """Plain vs variant overall, and the documents that read worse in the variant."""
    out = out or sys.stdout
    p, v = summary["plain_overall"], summary["overall"]
    print(f"\nVariant {summary['variant']} vs plain ({v['documents']} docs):", file=out)
    for name, o in (("plain", p), (summary["variant"], v)):
        print(f"  {name:16} tasks {o['found']}/{o['labelled']}  F1 {_fmt(o['f1'])}  lead {_fmt(o['lead_accuracy'])}",
              file=out)
    worse = summary["worse_than_plain"]
    print(f"Worse than plain: {len(worse)} documents", file=out)
    for w in worse:
        a, b = w["plain"], w["variant"]
        print(f"  {w['file'][:58]:58} t.rec {_fmt(a['task_recall'])}->{_fmt(b['task_recall'])} "
              f"F1 {_fmt(a['f1'])}->{_fmt(b['f1'])} lead {_fmt(a['lead_accuracy'])}->{_fmt(b['lead_accuracy'])}"
              + (f"  ({w['error']})" if w["error"] else ""), file=out)


def main(argv: list[str] | None = None) -> int:
    """Score the corpus; 1 when --floor is given and overall F1 is below it (or --check finds problems)."""
    ap = argparse.ArgumentParser(prog="python -m lib.importer.score", description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", help="corpus folders holding labels.json (default: shared + corpus/*, without held-out unseen-* folders)")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--floor", type=float, help="exit 1 when the overall named-unit F1 is below this")
    ap.add_argument("--check", action="store_true", help="check the labels against the texts instead of scoring")
    ap.add_argument("--variant", choices=sorted(VARIANTS), help="change every text and its labels to this form, "
                    "score, and list the documents that read worse than plain")
    args = ap.parse_args(argv)
    dirs = [Path(d) for d in args.dirs] or default_dirs()
    missing = [d for d in dirs if not (d / "labels.json").is_file()]
    if missing:
        print(f"error: no labels.json in {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    files = corpus_files(dirs)
    if args.check:
        bad = 0
        for path, label in files:
            text = path.read_bytes().decode("utf-8")
            if args.variant:
                text, label = apply_variant(args.variant, text, label)
            for p in check_label(text, label):
                bad += 1
                print(f"{path.name}: {p}")
        print(f"{len(files)} files, {sum(len(lb.get('tasks', [])) for _, lb in files)} tasks, {bad} problems")
        return 1 if bad else 0
    docs = [score_file(path, label, args.variant) for path, label in files]
    summary = summarise(docs)
    if args.variant:
        plain = summarise([score_file(path, label) for path, label in files])
        summary["variant"] = args.variant
        summary["plain_overall"] = plain["overall"]
        summary["worse_than_plain"] = worse_than(plain["documents"], summary["documents"])
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_report(summary, docs)
        if args.variant:
            print_worse(summary)
    f1 = summary["overall"]["f1"]
    if args.floor is not None and f1 < args.floor:
        print(f"overall F1 {f1:.3f} is below the floor {args.floor:.3f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
