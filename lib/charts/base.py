"""House style shared by every chart builder: fonts, margins, legend, the plotly toolbar, escaping of data text.

All text that comes from data is passed to plotly as data (labels, hover text built with html escaping), never as
raw HTML, so a unit name holding markup shows as text.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import re

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from lib.theme import BASE_FONT_SIZE, FONT_FAMILY


class FrozenFigure(go.Figure):
    """A finished figure whose dict form is built once.

    plotly's Figure.to_dict() deep-copies the whole figure, and st.plotly_chart calls it on every rerun; a figure
    kept by ui.cached and shown again and again pays that each time (a millisecond or more for the matrix). This
    one hands out the same dict every time, so it and that dict must not be changed: copy it with go.Figure(fig)
    to change it.
    """

    def __init__(self, fig: go.Figure | dict):
        # exactly what the figure given would have sent, plus its data revision (see data_revision)
        # a dict is a figure's JSON form as sent (a frozen figure's copy or pickle): used as it is
        d = baked(fig.to_dict() if isinstance(fig, go.Figure) else fig)
        d["data"] = [plain_arrays(trace) for trace in d.get("data", [])]
        d["layout"].setdefault("datarevision", data_revision(d))
        # as built (its template too), for code that reads the figure's properties; not checked again, it was when it
        # was built (checking it all again cost more than building it: 9.6 of frozen()'s 14.7 ms, 100x workload bars)
        super().__init__(fig, _validate=False)
        self._fg_dict = d

    def to_dict(self) -> dict:
        return self._fg_dict

    def __reduce__(self):
        # copy.deepcopy and pickle: plotly's own __reduce__ would write into the shared dict
        return (FrozenFigure, (copy.deepcopy(self._fg_dict),))


def _under(value, default):
    """value with default's keys filled in where value has none (dicts merged all the way down; value wins)."""
    if isinstance(value, dict) and isinstance(default, dict):
        out = {k: _under(value[k], v) if k in value else copy.deepcopy(v) for k, v in default.items()}
        out.update({k: v for k, v in value.items() if k not in default})
        return out
    return value


_ITEM_DEFAULTS = {"annotationdefaults": "annotations", "shapedefaults": "shapes"}
_UNUSED_TEMPLATE = ("coloraxis", "colorscale")  # apply only to traces that name them; none here does


def _trace_template(item: dict, trace: dict) -> dict:
    """A template's trace defaults without the containers this trace does not draw (error bars, colour bar)."""
    item = {k: v for k, v in item.items() if k != "type"}
    for key in ("error_x", "error_y"):
        if key not in trace:
            item.pop(key, None)
    if trace.get("showscale") is False or "colorbar" not in item:
        item.pop("colorbar", None)
    if "fill" not in trace:
        item.pop("fillpattern", None)
    return item


def _is_category(axis: dict, data: list, letter: str, name: str) -> bool:
    """Whether plotly.js makes this a category axis: so typed, or (untyped) its traces' first value is text
    that is not a date (with autotypenumbers "strict", as the template sets, a number written as text is too)."""
    if "type" in axis:
        return axis["type"] in ("category", "multicategory")
    ref = letter + name[5:]
    for tr in data:
        if str(tr.get(f"{letter}axis", letter)) != ref:
            continue
        values = tr.get(letter)
        if values is None:
            continue
        if isinstance(values, dict):  # plotly's typed array (numbers, base64)
            return False
        first = next((v for v in values if v is not None), None)
        if first is None:
            continue
        return isinstance(first, str) and not _DATE.match(first)
    return False


_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


def baked(fig: dict) -> dict:
    """The figure dict with its template's values written into the layout and traces, and no template.

    What plotly.js would take from the template it takes from the figure itself, so it draws the same. Why:
    st.plotly_chart's front end copies the figure once it is on screen and hands the copy to Plotly.react, which
    compares layout.template by identity: a template, even an empty one, makes it draw every chart a second
    time."""
    layout = fig.get("layout", {})
    template = layout.pop("template", None) or {}
    t_layout = dict(template.get("layout", {}))
    for key, items in _ITEM_DEFAULTS.items():
        default = t_layout.pop(key, None)
        if default and layout.get(items):
            layout[items] = [_under(item, default) for item in layout[items]]
    for letter in ("x", "y"):
        default = t_layout.pop(f"{letter}axis", None)
        if default is None:
            continue
        names = {f"{letter}axis{str(tr.get(f'{letter}axis', letter))[1:]}" for tr in fig.get("data", [])
                 if tr.get("type", "scatter") in ("bar", "scatter", "heatmap")}
        names |= {k for k in layout if k.startswith(f"{letter}axis")}
        for name in names:
            axis = layout.get(name, {})
            # plotly.js draws an axis line, grid or zero line when the figure itself names its colour, not when a
            # template does: the choice it would make without one, written down
            grid = not _is_category(axis, fig.get("data", []), letter, name)
            shown = {"showline": False, "showgrid": grid, "zeroline": grid}
            for flag, line in (("showline", "line"), ("showgrid", "grid"), ("zeroline", "zeroline")):
                if f"{line}color" in axis or f"{line}width" in axis:
                    shown[flag] = True
            layout[name] = _under(axis, {**shown, **default})
    for key in _UNUSED_TEMPLATE:
        t_layout.pop(key, None)
    fig["layout"] = _under(layout, t_layout)
    seen: dict[str, int] = {}
    t_data = template.get("data", {})
    for i, trace in enumerate(fig.get("data", [])):
        kind = trace.get("type", "scatter")
        items = t_data.get(kind)
        if items:
            n = seen.get(kind, 0)
            seen[kind] = n + 1
            fig["data"][i] = _under(trace, _trace_template(items[n % len(items)], trace))
    return fig


def plain_arrays(value):
    """value with every one-dimensional typed array (plotly's {"dtype", "bdata"} form of a numpy array) written as a
    JSON list of the same numbers.

    Why: plotly.js decodes a one-dimensional typed array into a new Float64Array (Int32Array …) each time it reads
    the figure, and Plotly.react compares arrays that are not plain lists by identity, whatever the datarevision says:
    one such array makes it draw the whole chart a second time (bar texts, axes, annotations) when st.plotly_chart's
    front end hands it its copy of the figure. A plain list it leaves to the datarevision. Two-dimensional ones (a
    heatmap's z) are decoded into a plain list of rows and stay as they are."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value and not value.get("shape", "").count(","):
            raw = base64.b64decode(value["bdata"])
            return np.frombuffer(raw, dtype=np.dtype(value["dtype"])).tolist()
        return {k: plain_arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_arrays(v) for v in value]
    return value


def data_revision(fig: dict) -> str:
    """A short hash of the figure's content, for layout.datarevision.

    st.plotly_chart's front end copies the figure (through JSON) once it is on screen and hands the copy to
    Plotly.react; without a datarevision plotly treats every data array of the copy as new and draws the whole
    chart a second time on every page it appears on. With one, it compares the revision instead: the same
    revision, nothing to redraw; a figure whose data changed has another revision and is redrawn."""
    return hashlib.blake2b(pio.to_json(fig, validate=False).encode(), digest_size=8).hexdigest()


def frozen(fig: go.Figure) -> FrozenFigure:
    """The figure, finished: see FrozenFigure."""
    return fig if isinstance(fig, FrozenFigure) else FrozenFigure(fig)


def toolbar_config(filename: str) -> dict:
    """Plotly's toolbar as every chart has it, on the pages and in the briefing: no logo, the camera saves a PNG at
    2× named `filename` (lib.exports.file_stem: 工作量-workload-<date>)."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename}}


def esc(value) -> str:
    """Escape data text for plotly hover/labels, which render a subset of HTML."""
    return html.escape(str(value), quote=False)


def _house_template() -> go.layout.Template:
    """plotly's default template, only the parts the charts here use: 2D axes and the bar, scatter and heatmap
    traces. They draw exactly as with the whole template; the rest (3D scenes, maps, polar and ternary axes, twenty
    other trace types) would go into every figure's JSON, about 7 KB sent again on every rerun of every chart."""
    full = pio.templates["plotly"].to_plotly_json()
    layout = {k: v for k, v in full["layout"].items() if k not in ("geo", "polar", "scene", "ternary")}
    data = {k: v for k, v in full["data"].items() if k in ("bar", "scatter", "heatmap")}
    return go.layout.Template(layout=layout, data=data)


TEMPLATE = _house_template()


_TEMPLATE_PROPS = TEMPLATE.to_plotly_json()  # validated once, when TEMPLATE was built


def _merge(props: dict, values: dict) -> None:
    """values written into props as fig.update_layout(**values) would: dicts merged into the dicts there."""
    for key, value in values.items():
        if isinstance(value, dict):
            if not isinstance(props.get(key), dict):
                props[key] = {}
            _merge(props[key], value)
        else:
            props[key] = value


def style(fig: go.Figure, *, height: int | None = None, font_size: int = BASE_FONT_SIZE,
          legend_title: str | None = None) -> go.Figure:
    """The house style: CJK font, white background, legend on top, tight margins.

    The same layout as fig.update_layout(template=TEMPLATE, font=…, …) would make, written straight into the
    figure's layout: these values are known to be valid, and plotly's checking of them (the template above all) cost
    about 10 ms a figure."""
    props = fig.layout._props  # the figure's own layout dict (what to_dict and the layout's properties read)
    props["template"] = copy.deepcopy(_TEMPLATE_PROPS)  # a template replaces any other, as update_layout does
    fig.layout._compound_props.pop("template", None)  # rebuilt from props when read
    # in update_layout's order: containers (merged into any already there) before plain values, at every level
    _merge(props, {"font": {"family": FONT_FAMILY, "size": font_size, "color": "#1F2328"},
                   "margin": {"l": 10, "r": 10, "t": 50, "b": 10}})
    if not isinstance(props.get("legend"), dict):
        props["legend"] = {}
    legend = props["legend"]
    if legend_title:
        _merge(legend, {"title": {"text": legend_title}})
    _merge(legend, {"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0})
    if not legend_title:  # update_layout(legend_title=None) leaves an empty title
        legend["title"] = {}
        built = fig.layout._compound_props.get("legend")
        if built is not None:
            built._compound_props.pop("title", None)  # rebuilt from props when read
    _merge(props, {"hoverlabel": {"font": {"family": FONT_FAMILY, "size": font_size - 1}}})
    props["paper_bgcolor"] = props["plot_bgcolor"] = "white"
    if height:
        fig.update_layout(height=height)
    return fig
