"""The data's words, once: unit categories, roles, the columns of each file, the separators, the size limits.

Read by the loader (lib.data), the importer, the ledger and the theme (lib.theme), so a new category or column is
added here.
"""

CATEGORIES = ("government", "party", "district", "other", "collective")  # also the order charts list them in
DEFAULT_CATEGORY = "other"  # a unit whose category nobody gave
ROLES = ("lead", "support")
ROLE_COLUMNS = {"lead": "lead_units", "support": "support_units"}  # the tasks.csv column listing each role's units

SEP = "、"  # between unit names in tasks.csv's lead_units / support_units, as the documents write them
UNIT_SEPARATORS = "、，,;；\n"  # what may separate unit names in a cell someone typed or pasted
# Between unit names in the text a plan's ledger key is hashed from (lib.ledger.status.plan_key), apart from SEP so
# changing how names are shown never refiles a ledger. Its value must stay: every imported plan's key depends on it
# (it is the value SEP had when the keys were first made, so those keys did not change when it got its own name).
PLAN_KEY_SEPARATOR = "、"

UNIT_COLUMNS = ("unit", "full_name", "name_en", "category")
TASK_COLUMNS = ("task_id", "section", "section_title", "title", "description", "lead_units", "support_units")
# Optional in tasks.csv (the importer writes them when the text gives a deadline): as written, and as a date.
TASK_OPTIONAL_COLUMNS = ("deadline_text", "deadline")
PHASE_COLUMNS = ("name", "name_en", "kind", "start", "end", "description")
# A phase frame as the loader and the importer build it: with the optional owner (who delivers a milestone).
PHASE_FRAME_COLUMNS = ("name", "name_en", "kind", "start", "end", "owner", "description")
PHASE_KINDS = ("phase", "milestone")

# The largest file the loader or the importer reads; bigger is almost certainly not a plan and would stall the app.
MAX_FILE_BYTES = 50 * 1024 * 1024
# The largest upload (a document on the Import page, a ledger on the Progress page), in MB of 1024 × 1024 bytes as
# Streamlit's server.maxUploadSize counts them (lib.importer.upload sets the uploader one MB higher).
MAX_UPLOAD_MB = 5

# --- the importer's words: what a unit's name ends in, and the words that give a unit its role ----------------------
# Read by lib.importer.parse, units, milestones and tables_text, which build their patterns from these lists (so a new
# ending or role word is added here once). A unit's name ends in its institution's word (市发改委, 区政府, 县医保局) …
INSTITUTION_ENDINGS = (
    "局", "委", "办", "厅", "部", "署", "院", "府", "队", "所", "站", "处", "室", "团", "社", "行", "台", "馆",
    "会", "司", "心", "校", "园", "组", "科", "关", "协", "联",
    "中心", "政府", "管委会", "办事处", "公司", "集团", "协会", "联合会", "总会", "团委", "海关", "法院", "检察院",
    "支队", "大队", "分局",
)  # fmt: skip
# The offices among them, as a schedule names who delivers a step (市统计局, 区政府办公室, 县医疗保障中心).
OFFICE_ENDINGS = ("局", "委", "办公厅", "办公室", "办", "厅", "中心", "政府", "院", "室")
# … or in a place's, for the place's government (各区, 某某镇, 相关街道). The township-level places among them
# (镇, 乡, 街道) name their own government as a sentence's subject (城关镇负责…); 市, 区 and 县 end prose words too
# (城市, 社区, 全县).
TOWNSHIP_ENDINGS = ("镇", "乡", "街道")
PLACE_ENDINGS = ("区", "县", "市", "州", *TOWNSHIP_ENDINGS)
# A place's own bodies, named by their kind alone (人民政府, 管委会): after 和 they share the place written before them,
# so 各县党委和人民政府 and 高新区党工委和管委会 are one name as written, not a unit and a body of no place.
PLACE_BODIES = ("人民政府", "政府", "管委会", "管理委员会", "党委", "党工委")
# Words for many units at once (有关部门, 成员单位): a name ending so is a unit, a collective one.
GROUP_ENDINGS = ("单位", "部门", "机构")
# A document's status in the bracket after its title (办法（暂行）, 方案（征求意见稿）): never a unit's name, though 暂行
# and 试行 end as 银行 does.
STATUS_WORDS = ("试行", "暂行", "修订", "草案", "征求意见稿")
# A body named only by its kind, with no place or field before it (成立工作专班（领导小组）): what is set up, not who
# carries the task, in the bracket after a title; with a qualifier (市河长制领导小组) it is a unit's name.
BARE_BODIES = ("领导小组", "工作领导小组", "工作小组", "工作组", "专项小组", "工作专班", "专班")
# Role words, in labels (牵头单位:) and as verbs after names (市发改委牵头, 市财政局配合).
LEAD_WORDS = ("牵头", "主责", "主办", "主抓")
SUPPORT_WORDS = ("配合", "协办", "参与", "协同", "协助", "参加")
# Words of a label whose units are responsible without a stated lead (责任单位, 实施部门, 负责单位).
RESP_WORDS = ("责任", "落实", "实施", "承办", "负责", "主管", "指导")


def ending_pattern(*endings: tuple[str, ...]) -> str:
    """A regex alternation of the given endings, longest first (no anchor: the caller adds $ or a look-behind)."""
    words = sorted({w for group in endings for w in group}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(words) + ")"


def ending_chars(*endings: tuple[str, ...]) -> str:
    """The one-character endings among the given lists, for a regex character class (a look-behind that a name ends
    here: 市发改委|责任单位)."""
    return "".join(sorted({w for group in endings for w in group if len(w) == 1}))
