"""The views' defaults, in one place: the pages, the briefing and the exports read them from here.

The rules that apply them (how many units the matrix or the workload bars show by default, the overview's
most-loaded units) are functions of the scene modules: matrix.default_top, workload.default_top,
overview.most_loaded, called by the pages and the briefing alike.
"""

from lib.sitemap import PRESENT_STEPS  # noqa: F401 (re-exported: the presentation steps are the briefing's order)
from lib.transforms import DEFAULT_LEAD_WEIGHT

# one led task counts as this many supported ones (the workload page's default); lib.transforms holds it because its
# formulas default to it
LEAD_WEIGHT = DEFAULT_LEAD_WEIGHT
OVERVIEW_TOP = 10  # the overview's most-loaded units
OVERVIEW_MAX_BARS = 30  # ties at the 10th are kept up to here: one task of 20,000 units ties 19,990 of them
MATRIX_MAX_TASKS = 60  # above this many task columns the matrix is summed per area
MATRIX_MAX_UNITS = 60  # above this many unit rows only the most-loaded units are drawn
MATRIX_TOP_UNITS = 40  # above MATRIX_MAX_UNITS the matrix shows the most-loaded 40 (the matrix page's default)
WORKLOAD_MAX_BARS = 40  # above this the workload chart shows the heaviest WORKLOAD_TOP_BARS (a control on the page)
WORKLOAD_TOP_BARS = 30
MAX_PARTNER_BARS = 30  # the profile's partner chart shows this many; the table below has them all
MAX_RANK_BARS = 500  # the profile's ranking draws at most this many bars: past it an even sample of ranks
NETWORK_LABELS = 12  # units labelled in the network drawing, by the chosen size measure
NETWORK_HEIGHT = 640  # px of the network drawing
SUMMARY_TOP_UNITS = 5  # most-loaded units named in the briefing's summary
TIMELINE_TABLE_ROWS = 500  # a static table of a million rows would freeze the tab
TIMELINE_TEXT_CHARS = 1000  # characters of a name, owner or requirement in that table
# Print heights (96 px per inch, A4 landscape, 12 mm margins): a page chart taller than PAGE_PRINT_PX prints scaled
# down to fit a page; a chart of the HTML briefing, under its heading, fits in BRIEFING_PRINT_PX.
PAGE_PRINT_PX = 640
BRIEFING_PRINT_PX = 600
