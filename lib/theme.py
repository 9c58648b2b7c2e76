"""Fixed colours and type sizes shared by every figure: one colour per role, one per unit category."""

from lib.vocabulary import CATEGORIES

ROLE_COLORS = {"lead": "#B8322A", "support": "#E9A23B"}
EMPTY_CELL = "#F3F1EE"
CATEGORY_COLORS = {
    "government": "#2F6DB5",
    "party": "#7A4E9F",
    "district": "#23907F",
    "other": "#7F8A93",
    "collective": "#B4B9BE",
}
CATEGORY_ORDER = CATEGORIES  # legends and sorts list categories in the vocabulary's order
# Community colours (network page) avoid the role reds/ambers so the two never read as one.
COMMUNITY_COLORS = ("#2F6DB5", "#23907F", "#7A4E9F", "#5C7F2B", "#A05A2C", "#3C8DBC", "#8E6C8A", "#4D5B6A")
# Phases in one slate family, never the category hues, so a colour on the timeline does not
# read as "government".
PHASE_COLORS = ("#3E5C76", "#5A7A99", "#7896B3", "#4F6B5E", "#6E8B7D", "#8DA89B")
ACCENT = "#B8322A"  # brand accent for titles and rules, never a data mark (it is the lead colour)
HIGHLIGHT = "#1F2328"  # "this one" in a chart of many (the profile's own bar), neutral to the role colours
TODAY_COLOR = "#D0342C"
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
BASE_FONT_SIZE = 15
PRESENT_FONT_SIZE = 20
