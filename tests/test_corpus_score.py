"""The corpus scorer's own arithmetic and matching on tiny hand-made labels (not a test of the importer)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

from lib.importer import score

LABEL = {
    "explicit_lead": True,
    "complete": True,
    "source": "hand-made",
    "form": "municipal; test",
    "tasks": [
        {"no": 1, "title": "加快建设新城", "lead": ["市发改委"], "support": ["市财政局", "市住建局"]},
        {"no": 2, "title": "优化营商环境", "lead": ["市营商办"], "support": []},
    ],
}


def row(tid, title, lead, support, description=""):
    return {"task_id": tid, "title": title, "description": description, "lead_units": lead, "support_units": support}


PERFECT = [
    row("1.1", "加快建设新城", "市发改委", "市财政局、市住建局"),
    row("1.2", "优化营商环境", "市营商办", ""),
]


def test_perfect_parse_scores_one():
    doc = score.score_parsed("a.txt", LABEL, PERFECT, {})
    r = score.rates(doc.labelled, doc.found, doc.tp, doc.fp, doc.fn, doc.lead_ok)
    assert r == {"task_recall": 1.0, "precision": 1.0, "recall": 1.0, "f1": 1.0, "lead_accuracy": 1.0}
    assert not (doc.missing_tasks or doc.unit_errors or doc.lead_errors or doc.extra_tasks)


def test_missing_unit_lowers_recall_not_precision():
    rows = [row("1.1", "加快建设新城", "市发改委", "市财政局"), PERFECT[1]]
    doc = score.score_parsed("a.txt", LABEL, rows, {})
    assert (doc.tp, doc.fp, doc.fn) == (3, 0, 1)
    r = score.rates(doc.labelled, doc.found, doc.tp, doc.fp, doc.fn, doc.lead_ok)
    assert r["precision"] == 1.0 and r["recall"] == 0.75
    assert r["f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert doc.unit_errors[0].missing_units == ["市住建局"] and doc.unit_errors[0].extra_units == []


def test_extra_unit_lowers_precision_and_wrong_lead_is_reported():
    rows = [row("1.1", "加快建设新城", "市财政局", "市发改委、市住建局、市科技局"), PERFECT[1]]
    doc = score.score_parsed("a.txt", LABEL, rows, {})
    assert (doc.tp, doc.fp, doc.fn, doc.lead_ok) == (4, 1, 0, 1)
    assert doc.unit_errors[0].extra_units == ["市科技局"]
    assert doc.lead_errors[0].parsed_lead == ["市财政局"] and doc.lead_errors[0].label_lead == ["市发改委"]


def test_missing_task_counts_all_its_units_and_its_lead():
    doc = score.score_parsed("a.txt", LABEL, PERFECT[:1], {})
    assert doc.found == 1 and doc.fn == 1 and doc.lead_ok == 1
    assert [t.no for t in doc.missing_tasks] == [2]
    r = score.rates(doc.labelled, doc.found, doc.tp, doc.fp, doc.fn, doc.lead_ok)
    assert r["task_recall"] == 0.5 and r["lead_accuracy"] == 0.5


def test_extra_parsed_task_counts_in_full_document_not_past_an_excerpts_span():
    rows = [*PERFECT, row("1.3", "其他工作", "市教育局", "")]
    full = score.score_parsed("a.txt", LABEL, rows, {})
    assert full.fp == 1 and [t.task_id for t in full.extra_tasks] == ["1.3"]
    excerpt = score.score_parsed("a.txt", {**LABEL, "complete": False}, rows, {})
    assert excerpt.fp == 0 and excerpt.extra_tasks == []
    # An extra task before the last matched one is inside the excerpt's span and still counts.
    inside = score.score_parsed("a.txt", {**LABEL, "complete": False}, [rows[2], *PERFECT], {})
    assert inside.fp == 1


def test_title_matches_inside_description_or_source_and_each_parsed_task_once():
    # One parsed paragraph holding both labelled titles matches only the first; the second is missing.
    merged = [row("1.1", "总体要求", "市发改委", "市财政局、市住建局", "加快建设新城…优化营商环境…")]
    doc = score.score_parsed("a.txt", LABEL, merged, {})
    assert doc.found == 1 and [t.no for t in doc.missing_tasks] == [2]
    # Full-width punctuation and whitespace do not stop a match (the parser maps full-width to half-width).
    lab = {**LABEL, "tasks": [{"no": 1, "title": "加快建设，新城", "lead": ["市发改委"], "support": []}]}
    hit = score.score_parsed("a.txt", lab, [row("1.1", "其他", "市发改委", "")], {"1.1": "（一）加快建设, 新\n城。"})
    assert hit.found == 1 and hit.lead_ok == 1


def test_summary_groups_by_form_tag_and_floor_exit_code(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.txt").write_text("1.加快建设新城。2.优化营商环境。\n", encoding="utf-8")
    (tmp_path / "labels.json").write_text(json.dumps({"a.txt": LABEL}, ensure_ascii=False), encoding="utf-8")
    # The parser is replaced by a fixed result that misses one unit: this tests the scorer, not the importer.
    rows = [row("1.1", "加快建设新城", "市发改委", "市财政局"), PERFECT[1]]
    units = sorted({u for r in rows for u in (r["lead_units"] + "、" + r["support_units"]).split("、") if u})
    fixed = SimpleNamespace(tasks=pd.DataFrame(rows), sources={}, units=pd.DataFrame({"unit": units}))
    monkeypatch.setattr(score, "parse_document", lambda text: fixed)
    assert score.main([str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["by_form"]) == {"level:municipal", "layout:one-line", "script:simplified", "full"}
    assert out["overall"]["f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert out["documents"][0]["unit_errors"][0]["missing_units"] == ["市住建局"]
    assert score.main([str(tmp_path), "--floor", "0.9"]) == 1
    assert "below the floor 0.900" in capsys.readouterr().err
    assert score.main([str(tmp_path), "--floor", "0.85"]) == 0


def test_parse_error_counts_as_nothing_found_and_prints_message(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("这是一段没有任何分工的文字。\n", encoding="utf-8")
    lab = {"a.txt": LABEL}
    (tmp_path / "labels.json").write_text(json.dumps(lab, ensure_ascii=False), encoding="utf-8")
    assert score.main([str(tmp_path), "--floor", "0.5"]) == 1
    out = capsys.readouterr().out
    assert "parse error: 未识别到任何任务" in out and "0/2" in out


def test_check_label_finds_bad_titles_and_units_outside_their_span():
    text = "1.加快建设新城。（市发改委牵头）2.优化营商环境。（市营商办负责）"
    assert score.check_label(text, LABEL)[0].startswith("task 1: unit 市财政局 not")
    good = {
        "tasks": [
            {"no": 1, "title": "加快建设新城", "lead": ["市发改委"], "support": []},
            {"no": 2, "title": "优化营商环境", "lead": ["市营商办"], "support": []},
        ]
    }
    assert score.check_label(text, good) == []
    swapped = {"tasks": [{**good["tasks"][0], "lead": ["市营商办"]}, good["tasks"][1]]}
    assert score.check_label(text, swapped) == ["task 1: unit 市营商办 not between its title and the next"]
    twice = {"tasks": [{"no": 1, "title": "。（", "lead": ["市发改委"], "support": []}]}
    assert "title occurs 2 times" in score.check_label(text, twice)[0]


def test_check_label_ignores_line_breaks_inside_a_wrapped_unit_name():
    text = "1.完善街道党工委领导体制。\n牵头单位:区委组织部\n协办单位:区委编办、园区党工\n委\n2.以区域化党建为重点。"
    lab = {
        "tasks": [
            {"no": 1, "title": "完善街道党工委领导体制", "lead": ["区委组织部"], "support": ["区委编办", "园区党工委"]}
        ]
    }
    assert score.check_label(text, lab) == []
    assert score.check_label(text, {"tasks": [{**lab["tasks"][0], "support": ["园区党委"]}]}) == [
        "task 1: unit 园区党委 not between its title and the next"
    ]


def test_same_text_under_another_name_in_a_later_folder_is_scored_once(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d, name in ((a, "x.txt"), (b, "y.txt")):
        d.mkdir()
        (d / name).write_text("1.加快建设新城。（市发改委牵头）", encoding="utf-8")
        (d / "labels.json").write_text(json.dumps({name: LABEL}, ensure_ascii=False), encoding="utf-8")
    (b / "z.txt").write_text("另一份文件", encoding="utf-8")
    labels = json.loads((b / "labels.json").read_text(encoding="utf-8"))
    (b / "labels.json").write_text(json.dumps({**labels, "z.txt": LABEL}, ensure_ascii=False), encoding="utf-8")
    assert [p.name for p, _ in score.corpus_files([a, b])] == ["x.txt", "z.txt"]


def test_a_collective_the_parser_kept_whole_is_one_unit():
    """Cells are read as the loader reads them, with the parsed units table as the known names."""
    label = {"complete": True, "tasks": [{"no": 1, "title": "加快建设新城", "lead": ["市发改委"], "support": ["各区、县级市"]}]}
    rows = [row("1.1", "加快建设新城", "市发改委", "各区、县级市")]
    whole = score.score_parsed("a.txt", label, rows, {}, known=frozenset({"市发改委", "各区、县级市"}))
    assert (whole.tp, whole.fp, whole.fn) == (2, 0, 0)
    split = score.score_parsed("a.txt", label, rows, {}, known=frozenset({"市发改委", "各区", "县级市"}))
    assert (split.tp, split.fp, split.fn) == (1, 2, 1)


VARIANT_TEXT = "一、加快发展\n　　1.建设新城（市发改委牵头，市财政局配合）\n\n2.优化营商环境。责任单位:市营商办\n"
VARIANT_LABEL = {
    "complete": True,
    "form": "municipal; test",
    "tasks": [
        {"no": 1, "title": "建设新城", "lead": ["市发改委"], "support": ["市财政局"]},
        {"no": 2, "title": "优化营商环境", "lead": ["市营商办"], "support": []},
    ],
}


def test_traditional_variant_converts_text_and_labels_alike_and_leaves_a_traditional_document():
    text, label = score.apply_variant("traditional", VARIANT_TEXT, VARIANT_LABEL)
    assert "建設新城（市發改委牽頭，市財政局配合）" in text and "責任單位:市營商辦" in text
    assert [t["title"] for t in label["tasks"]] == ["建設新城", "優化營商環境"]
    assert label["tasks"][0]["lead"] == ["市發改委"] and label["tasks"][1]["lead"] == ["市營商辦"]
    assert VARIANT_LABEL["tasks"][0]["title"] == "建设新城"  # the original label is not changed
    assert score.check_label(text, label) == []
    # A label is spelled as its span of the converted text, with its own line break kept.
    wrapped = {**VARIANT_LABEL, "tasks": [{**VARIANT_LABEL["tasks"][1], "title": "优化营商\n环境"}]}
    assert score.apply_variant("traditional", VARIANT_TEXT, wrapped)[1]["tasks"][0]["title"] == "優化營商\n環境"
    trad = {**VARIANT_LABEL, "form": "municipal; traditional script mirror"}
    assert score.apply_variant("traditional", VARIANT_TEXT, trad) == (VARIANT_TEXT, trad)


def test_one_line_variants_join_the_stripped_lines_and_keep_the_labels():
    for name, sep in (("one-line", ""), ("one-line-space", " "), ("one-line-indent", "　　")):
        text, label = score.apply_variant(name, VARIANT_TEXT, VARIANT_LABEL)
        assert "\n" not in text
        assert text == sep.join(["一、加快发展", "1.建设新城（市发改委牵头，市财政局配合）", "2.优化营商环境。责任单位:市营商办"])
        assert label["tasks"] == VARIANT_LABEL["tasks"]


def test_width_variants_swap_the_marks_in_text_and_labels():
    text, _ = score.apply_variant("half-width", VARIANT_TEXT, VARIANT_LABEL)
    assert "1.建设新城(市发改委牵头,市财政局配合)" in text and "一、" in text  # 、 has no half-width form
    text, label = score.apply_variant("full-width", "（1）建设新城(市发改委牵头,市财政局配合);责任单位:市营商办",
                                      {"tasks": [{"no": 1, "title": "建设新城(一期)", "lead": ["市发改委"]}]})
    assert text == "（1）建设新城（市发改委牵头，市财政局配合）；责任单位：市营商办"
    assert label["tasks"][0]["title"] == "建设新城（一期）"


def test_variant_run_lists_the_documents_that_read_worse_than_plain(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.txt").write_text(VARIANT_TEXT, encoding="utf-8")
    (tmp_path / "labels.json").write_text(json.dumps({"a.txt": VARIANT_LABEL}, ensure_ascii=False), encoding="utf-8")
    rows = [row("1.1", "建设新城", "市发改委", "市财政局"), row("1.2", "优化营商环境", "市营商办", "")]
    fixed = SimpleNamespace(tasks=pd.DataFrame(rows), sources={}, units=pd.DataFrame({"unit": ["市发改委"]}))
    # A fixed parser that finds the second task only while the text has line breaks: the one-line form reads worse.
    monkeypatch.setattr(score, "parse_document",
                        lambda text: fixed if "\n" in text else SimpleNamespace(**{**vars(fixed), "tasks": pd.DataFrame(rows[:1])}))
    assert score.main([str(tmp_path), "--variant", "one-line", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["variant"] == "one-line" and out["plain_overall"]["task_recall"] == 1.0
    assert out["overall"]["task_recall"] == 0.5
    assert [w["file"] for w in out["worse_than_plain"]] == ["a.txt"]
    assert out["worse_than_plain"][0]["variant"]["lead_accuracy"] == 0.5
    assert score.main([str(tmp_path), "--variant", "half-width"]) == 0
    assert "Worse than plain: 0 documents" in capsys.readouterr().out
    assert score.main([str(tmp_path), "--check", "--variant", "traditional"]) == 0
