"""Traditional script: what the parser found in the simplified copy comes back in the document's own characters."""

from __future__ import annotations

from lib.importer.parse import parse_document
from lib.importer.script import Restorer

# 製 and 制 are both simplified 制: only the document's own span tells which one it writes where.
DOC = (
    "一、加強組織領導\n\n"
    "（一）完善工作機制。建立聯席會議制度，定期研究解決製造業發展中的重大問題。\n\n"
    "責任單位：市發展改革委、市財政局\n\n"
    "（二）強化督促檢查。對工作落實情況開展專項督查，覈實進度。\n\n"
    "責任單位：市政府辦公室\n"
)


def test_a_source_joined_from_lines_with_blank_lines_dropped_keeps_the_documents_characters():
    r = parse_document(DOC)
    assert r.tasks["lead_units"].tolist() == ["市發展改革委", "市政府辦公室"]
    src = r.sources["1.1"]
    assert "製造業" in src and "機制" in src and "\n責任單位" in src
    assert all(line in DOC for line in src.splitlines())  # every line as the document writes it, marks included


def test_restorer_finds_full_width_marks_in_a_half_width_copy_and_keeps_them():
    original = "完善機制,製造業。\n\n責任單位:市財政局"  # the half-width original the parser hands over
    simplified = "完善机制,制造业。\n\n责任单位:市财政局"
    back = Restorer(original, simplified)
    assert back("完善机制，制造业。") == "完善機制，製造業。"  # the string's own full-width comma stays
    assert back("完善机制，制造业。\n责任单位：市财政局") == "完善機制，製造業。\n責任單位：市財政局"
    assert back("制造业") == "製造業"
