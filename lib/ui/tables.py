"""Tables as every page shows them: the height an st.dataframe gets."""

from __future__ import annotations


def table_height(rows: int, cap: int) -> int:
    """Pixels for every row (35 a row and the header, 3 border) up to cap: height="content" only caps at 10,000 px."""
    return min(35 * (rows + 1) + 3, cap)
