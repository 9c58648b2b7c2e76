"""导入 Import: upload or paste a plan, check what the importer found, unify unit names, download or view it.

Everything the user makes (the text, the choices, the name fixes) is kept in st.session_state[STATE], not only in
widget state, which Streamlit drops when the page is not drawn: coming back to the page restores it.
"""

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import ui
from lib.data import load_frames
from lib.i18n import category_label, t
from lib.importer import DEFAULT_ALIASES, DocumentError, dataset_frames, load_aliases, parse_document, to_zip_bytes
from lib.importer.review import (
    CATEGORIES,
    apply_unit_edits,
    renames,
    schedule_review,
    tasks_review,
    units_table,
    warnings_review,
)
from lib.importer.upload import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, accept_upload, display_name
from lib.textsafe import md_escape

SAMPLE = ui.ROOT / "data" / "source" / "wuhan-2024-28.txt"
STATE = "im_saved"  # plain session state: survives page switches (widget state does not)
EDITOR = "im_units_editor"


def _saved() -> dict:
    return st.session_state.setdefault(STATE, {
        "text": "", "name": None, "aliases": True, "file_id": None, "upload_error": None,
        "parse_key": None, "result": None, "parse_error": None, "units": None, "units_base": None,
        "view_errors": None,
    })


def _load_sample() -> None:
    saved = _saved()
    text = SAMPLE.read_text(encoding="utf-8")
    saved.update(text=text, name=SAMPLE.name, upload_error=None)
    st.session_state["im_text"] = text


def _take_upload(saved: dict, upload) -> None:
    """Read a newly uploaded file into the text box; a bad file leaves everything as it was, with a message."""
    if upload is None:
        # the file was removed, or this is a return to the page: an old upload's error no longer applies
        saved.update(file_id=None, upload_error=None)
        return
    if upload.file_id == saved["file_id"]:
        return
    saved["file_id"] = upload.file_id
    try:
        text = accept_upload(upload.name, upload.getvalue(), MAX_UPLOAD_BYTES)
    except DocumentError as err:
        saved["upload_error"] = (err.message_zh, err.message_en)
        return
    saved.update(text=text, name=display_name(upload.name), upload_error=None)
    st.session_state["im_text"] = text


def _parse(saved: dict, text: str, use_aliases: bool) -> None:
    """Parse when the text or the alias choice changed; a new parse starts a fresh unit table."""
    key = (hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest(), use_aliases)
    if saved["parse_key"] == key:
        return
    saved.update(parse_key=key, result=None, parse_error=None, units=None, units_base=None, view_errors=None)
    st.session_state.pop(EDITOR, None)  # edits of another document's table must not carry over
    if not text.strip():
        return
    try:
        aliases = load_aliases(DEFAULT_ALIASES) if use_aliases and DEFAULT_ALIASES.exists() else {}
        result = parse_document(text, aliases)
    except DocumentError as err:
        saved["parse_error"] = (err.message_zh, err.message_en)
        return
    saved["result"] = result
    saved["units"] = saved["units_base"] = units_table(result)


def _pick(pair, lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


ctx = ui.context()
lang = ctx.lang
saved = _saved()

st.title(t("page_import", lang))
st.caption(t("im_intro", lang))
imported = st.session_state.get(ui.IMPORTED_KEY)
if imported is not None and imported.dataset is not None:
    st.info(t("im_viewing", lang, tasks=len(imported.dataset.tasks), units=len(imported.dataset.units)))

# 1. the document: upload, sample or paste; the text box holds what is parsed
st.subheader(t("im_source", lang))
up_col, side_col = st.columns([3, 2], gap="large")
with up_col:
    upload = st.file_uploader(t("im_upload", lang, mb=MAX_UPLOAD_MB), type=["txt", "docx", "pdf"], key="im_upload",
                              max_upload_size=MAX_UPLOAD_MB, help=t("im_upload_help", lang))
with side_col:
    st.button(t("im_sample", lang), key="im_sample", on_click=_load_sample, help=t("im_sample_help", lang),
              icon=":material/description:")
    if "im_aliases" not in st.session_state:
        st.session_state["im_aliases"] = saved["aliases"]
    saved["aliases"] = st.toggle(t("im_aliases", lang), key="im_aliases", help=t("im_aliases_help", lang))
_take_upload(saved, upload)
if saved["upload_error"]:
    st.error(md_escape(_pick(saved["upload_error"], lang)) + "\n\n" + t("im_upload_error", lang))

if "im_text" not in st.session_state:
    st.session_state["im_text"] = saved["text"]
text = st.text_area(t("im_text", lang), key="im_text", height=160, placeholder=t("im_text_placeholder", lang),
                    help=t("im_text_help", lang))
if text != saved["text"]:
    saved.update(text=text, name=None, upload_error=None)

_parse(saved, text, saved["aliases"])
if not text.strip():
    st.info(t("im_empty", lang))
    st.stop()
name = saved["name"] or t("im_pasted", lang)
st.caption(t("im_from_file", lang, name=md_escape(name)) if saved["name"] else t("im_from_paste", lang))
if saved["parse_error"]:
    st.error(t("im_parse_error", lang, name=md_escape(name), message=md_escape(_pick(saved["parse_error"], lang))))
    st.stop()
result = saved["result"]

# Sections 2-4 show the corrected result, which is known only once the unit editor (section 5) has run.
metrics_box, actions_box, warnings_box, tasks_box = st.container(), st.container(), st.container(), st.container()

# 5. unit names: rename (merges spellings), category, full and English names
st.subheader(t("im_review_units", lang))
st.caption(t("im_units_caption", lang))
if EDITOR not in st.session_state:  # first draw, or back from another page: start from the kept edits
    saved["units_base"] = saved["units"]
edited_units = st.data_editor(
    saved["units_base"], key=EDITOR, hide_index=True, num_rows="fixed", width="stretch",
    disabled=["unit", "tasks"],
    column_config={
        "unit": st.column_config.TextColumn(t("im_col_unit", lang), pinned=True),
        "tasks": st.column_config.NumberColumn(t("im_col_count", lang), width="small"),
        "rename_to": st.column_config.TextColumn(t("im_col_rename", lang), max_chars=80),
        "category": st.column_config.SelectboxColumn(t("im_col_category", lang), options=list(CATEGORIES),
                                                     required=True, format_func=lambda c: category_label(c, lang)),
        "full_name": st.column_config.TextColumn(t("im_col_full_name", lang), max_chars=120),
        "name_en": st.column_config.TextColumn(t("im_col_name_en", lang), max_chars=120),
    },
)
saved["units"] = edited_units
merged = renames(edited_units)
if merged:
    st.caption(t("im_renamed", lang, n=len(merged)))
final = apply_unit_edits(result, edited_units)

# 6. phases and milestones
st.subheader(t("im_review_schedule", lang))
schedule = schedule_review(final)
if schedule.empty:
    st.caption(t("im_schedule_none", lang))
else:
    st.dataframe(pd.DataFrame({
        t("im_col_kind", lang): [t(f"im_kind_{k}", lang) for k in schedule["kind"]],
        t("im_col_name", lang): schedule["name"],
        t("im_col_start", lang): schedule["start"],
        t("im_col_end", lang): schedule["end"],
        t("im_col_owner", lang): schedule["owner"],
        t("im_col_description", lang): schedule["description"],
    }), hide_index=True, key="im_schedule_df", width="stretch")

warnings = warnings_review(final)
with metrics_box:
    cols = st.columns(5)
    cols[0].metric(t("im_tasks", lang), len(final.tasks))
    cols[1].metric(t("im_units", lang), len(final.units))
    cols[2].metric(t("im_phases", lang), len(final.phases))
    cols[3].metric(t("im_milestones", lang), len(final.milestones))
    cols[4].metric(t("im_warnings", lang), len(warnings))

# 2. use the result: the CSV files, or the dashboard for this browser session
with actions_box:
    st.subheader(t("im_actions", lang))
    dl_col, view_col, _ = st.columns([2, 2, 3])
    stem = Path(saved["name"]).stem if saved["name"] else "fengong-import"
    dl_col.download_button(t("im_download", lang), to_zip_bytes(final), file_name=f"{stem}-csv.zip",
                           mime="application/zip", key="im_download", help=t("im_download_help", lang),
                           icon=":material/download:", width="stretch")
    if view_col.button(t("im_view", lang), key="im_view", type="primary", help=t("im_view_help", lang),
                       icon=":material/dashboard:", width="stretch"):
        loaded = load_frames(dataset_frames(final), source=name)
        if loaded.dataset is None:
            saved["view_errors"] = [(p.message("zh"), p.message("en")) for p in loaded.errors]
        else:
            saved["view_errors"] = None
            st.session_state[ui.IMPORTED_KEY] = loaded
            # switch_page drops widget state and the URL; the URL parameter brings the language along
            ui.switch_to("overview", query_params={"lang": "en"} if lang == "en" else None)
    if saved["view_errors"]:
        st.error(t("im_view_failed", lang) + "\n\n"
                 + "\n".join(f"- {md_escape(_pick(m, lang))}" for m in saved["view_errors"]))

# 3. what to check, per task
with warnings_box:
    st.subheader(t("im_review_warnings", lang))
    if warnings.empty:
        st.caption(t("im_warnings_none", lang))
    else:
        st.warning(t("im_warnings_summary", lang, n=len(warnings)))
        st.dataframe(pd.DataFrame({
            t("im_col_id", lang): warnings["task_id"],
            t("im_kind", lang): [t(f"im_kind_{k}", lang) for k in warnings["kind"]],
            t("im_note", lang): warnings["message_en" if lang == "en" else "message_zh"],
        }), hide_index=True, key="im_warnings_df", width="stretch", column_config={
            # the note is long and already names the task: it gets the room
            t("im_col_id", lang): st.column_config.TextColumn(width=56),
            t("im_kind", lang): st.column_config.TextColumn(width=110),
            t("im_note", lang): st.column_config.TextColumn(width=800),
        })

# 4. every task with its units beside the source text; a selected row shows its whole source
with tasks_box:
    st.subheader(t("im_review_tasks", lang))
    st.caption(t("im_tasks_caption", lang))
    review = tasks_review(final)
    inferred = t("im_inferred", lang)
    leads = [u + inferred if flag and u else u for u, flag in zip(review["lead_units"], review["lead_inferred"])]
    picked = st.dataframe(pd.DataFrame({
        t("im_col_id", lang): review["task_id"],
        t("im_col_task", lang): review["title"],
        t("im_col_lead", lang): leads,
        t("im_col_support", lang): review["support_units"],
        t("im_col_flags", lang): ["⚠ " + str(n) if n else "" for n in review["warnings"]],
        t("im_col_source", lang): review["source"],
    }), hide_index=True, key="im_tasks_df", width="stretch", on_select="rerun", selection_mode="single-row",
        column_config={
        t("im_col_id", lang): st.column_config.TextColumn(width=52),
        t("im_col_task", lang): st.column_config.TextColumn(width=180),
        t("im_col_lead", lang): st.column_config.TextColumn(width=170),
        t("im_col_support", lang): st.column_config.TextColumn(width=230),
        t("im_col_flags", lang): st.column_config.TextColumn(width=70),
        t("im_col_source", lang): st.column_config.TextColumn(width="large"),
    })
    rows = picked.selection.rows if picked is not None else []
    if len(review):
        # the chosen row, else the first task with something to check, else the first task
        flagged = [i for i, n in enumerate(review["warnings"]) if n]
        i = rows[0] if rows and rows[0] < len(review) else (flagged[0] if flagged else 0)
        with st.container(border=True):
            st.caption(t("im_task_detail", lang))
            left, right = st.columns([2, 3], gap="large")
            with left:
                st.markdown(f"**{md_escape(review['task_id'][i])}　{md_escape(review['title'][i])}**")
                colon = ": " if lang == "en" else "："
                st.markdown(f"{t('im_col_lead', lang)}{colon}{md_escape(leads[i]) or '—'}")
                st.markdown(f"{t('im_col_support', lang)}{colon}{md_escape(review['support_units'][i]) or '—'}")
            with right:
                st.text(review["source"][i])
