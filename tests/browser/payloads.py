"""Hostile strings the tests look for, shared by the browser tests, the AppTest audit and the Markdown probe.

The data in tests/fixtures/hostile/ holds these in unit names, task titles and descriptions, area titles, phase
names and the plan's title. Payloads that would run set window.__pwned (a canary) or open a dialog.
"""

from __future__ import annotations

import re

IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=1</script>"
JS_LINK = "[x](javascript:alert(1))"
SVG = "<svg/onload=window.__pwned=1>"
BOLD = "**加粗**单位"

# Text that must appear on screen exactly as written somewhere during a walk of the hostile plan.
VISIBLE_LITERALLY = (IMG, SCRIPT, JS_LINK, BOLD)

# Markup left raw in Markdown source (after removing backslash escapes) or in plotly text would be interpreted.
RAW_MARKUP = re.compile(r"<\s*/?\s*(img|script|svg|iframe)\b|\]\(\s*javascript|\*\*加粗|:red\[|:material/home",
                        re.IGNORECASE)
RAW_TAG = re.compile(r"<\s*/?\s*(img|script|svg|iframe|object|embed|a)\b", re.IGNORECASE)

# Strings md_escape must make literal in Streamlit's Markdown (rendered by tests/browser/md_probe.py).
MD_SAMPLES = (
    IMG, SCRIPT, SVG, JS_LINK, "[a]: http://x", "![i](x)", "<!-- c -->", "<http://x.y>", "http://example.com",
    "**bold** _i_ `c` __init__ a_b", "# heading", "#h", "> quote", "1. list", "1) list", "- item", "+ item",
    "* item", "---", "===", "| a | b |", "~~strike~~ ~s~", "$x^2$", ":red[红色] :material/home: :fire: :smile:",
    "&lt&gt实体&copy &amp; &lt;b&gt; &#60; AT&T", '=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+cmd",
    "-1+1", "\\*back\\*", "\\", "x\\", "a\nb\n# c\n\n    d", "5.2 tasks.csv support_units 2024-03-26",
    "مكتب التخطيط العمراني", "🏛️市应急局🚒", "\u202eevil\u202c",
)
