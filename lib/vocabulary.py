"""The data's words, once: unit categories, roles, the columns of each file, the separators, the loader's limits.

Read by the loader (lib.data), the importer and the theme (lib.theme), so a new category or column is added here.
"""

CATEGORIES = ("government", "party", "district", "other", "collective")  # also the order charts list them in
ROLES = ("lead", "support")

SEP = "、"  # between unit names in tasks.csv's lead_units / support_units, as the documents write them
UNIT_SEPARATORS = "、，,;；\n"  # what may separate unit names in a cell someone typed or pasted

UNIT_COLUMNS = ("unit", "full_name", "name_en", "category")
TASK_COLUMNS = ("task_id", "section", "section_title", "title", "description", "lead_units", "support_units")
# Optional in tasks.csv (the importer writes them when the text gives a deadline): as written, and as a date.
TASK_OPTIONAL_COLUMNS = ("deadline_text", "deadline")
PHASE_COLUMNS = ("name", "name_en", "kind", "start", "end", "description")
PHASE_KINDS = ("phase", "milestone")

# The largest file the loader reads; bigger is almost certainly not a plan and would stall the app.
MAX_FILE_BYTES = 50 * 1024 * 1024
