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
