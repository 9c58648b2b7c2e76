"""What each view shows, built from the plan, the filters and the view's options: display tables (as Arrow),
finished figures and the sentences that read them. No Streamlit here; one module per page, plus:

- `defaults`: the views' defaults, once (top units, bar caps, labels, print heights, the presentation steps); the
  rules that apply them live with their page (`matrix.default_top`, `workload.default_top`, `overview.most_loaded`)
  and are called by the pages and the briefing alike;
- `common`: Arrow tables, shown names, the plan's title, the filters in words;
- `meeting`: what the coordination-meeting briefing shows (the views' figures and a written summary), which
  lib/briefing.py packages as HTML and PPTX.

Pages call these through the cached wrappers of lib/ui (declared once per function), so a rerun with nothing changed
(a click elsewhere, a page switch and back, another visitor) reuses them instead of rebuilding: the arguments are the
Dataset, the View and plain values, and everything returned is shared between sessions, so nothing here is changed
after it is returned. Tables come as Arrow, which st.dataframe sends without converting; figures come frozen
(lib.charts.base.frozen), which st.plotly_chart serialises without copying. A keyword argument with a leading
underscore is a result the page already has (the cache passes it without keying on it): it must follow from the
other arguments.
"""
