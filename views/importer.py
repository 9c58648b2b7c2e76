"""导入 Import: upload or paste a plan, check what the importer found, unify unit names, download or view it.

The widgets keep their values across page switches themselves (persist_state="session": the text box, the alias
switch, the merge ticks). What no widget holds is kept in st.session_state[STATE]: the document's whole text (an
upload too long for the box), where it came from, the parse and its errors, and the unit table's edits (the data
editor cannot persist its own state).
"""

import hashlib
import io
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import ui
from lib.data import load_frames
from lib.exports import csv_bytes
from lib.i18n import STRINGS, category_label, t
from lib.importer import DEFAULT_ALIASES, DocumentError, dataset_frames, load_aliases, sandbox, store, to_zip_bytes
from lib.importer.confidence import low_confidence
from lib.importer.review import (
    CATEGORIES,
    apply_unit_edits,
    renames,
    schedule_review,
    tasks_review,
    unit_task_counts,
    units_table,
    warnings_review,
)
from lib.importer.units import find_variants
from lib.importer.upload import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, UPLOADER_MB, accept_reading, display_name
from lib.textsafe import md_escape, short_name

SAMPLE = ui.ROOT / "data" / "source" / "wuhan-2024-28.txt"
SHIPPED_NUMBER = "武政办〔2024〕28号"  # the shipped plan's document number: its alias table is offered for it only
STATE = "im_saved"  # plain session state: what no widget holds, kept across page switches
EDITOR = "im_units_editor"
# What the page draws is bounded (a 5 MB task would freeze the browser); downloads keep everything.
TEXT_BOX_MAX = 200_000  # characters of document text put in the text box
CELL_MAX = 300  # characters of a task's text, units or source in the tables
DETAIL_MAX = 4_000  # characters of the selected task's source
NOTE_MAX = 400  # characters of a warning's note
MERGES_SHOWN = 30  # variant pairs offered as tick boxes


def _saved() -> dict:
    return st.session_state.setdefault(STATE, {
        "text": "", "name": None, "file_id": None, "upload_error": None,
        "parse_key": None, "result": None, "parse_error": None, "units": None, "units_base": None,
        "view_errors": None, "ocr_text": "", "ocr_pages": 0,
    })


def _load_sample() -> None:
    saved = _saved()
    text = SAMPLE.read_text(encoding="utf-8")
    saved.update(text=text, name=SAMPLE.name, upload_error=None, ocr_text="", ocr_pages=0)
    st.session_state["im_text"] = text


def _cut(text: str, limit: int = CELL_MAX) -> str:
    """Text as a table cell shows it: at most limit characters, an ellipsis marking the cut (textsafe.short_name)."""
    return short_name(text, limit)


def _kind(kind: str, lang: str) -> str:
    """A warning kind's label; a kind this page does not know yet shows as its name."""
    return t(f"im_kind_{kind}", lang) if f"im_kind_{kind}" in STRINGS else kind


def _low(kind: str, lang: str) -> str:
    """A low-confidence kind as marked beside a task's source."""
    return t(f"im_low_{kind}", lang) if f"im_low_{kind}" in STRINGS else kind


def _take_upload(saved: dict, upload) -> None:
    """Read a newly uploaded file into the text box; a bad file leaves everything as it was, with a message."""
    if upload is None:
        # the file was removed, or this is a return to the page: an old upload's error no longer applies
        saved.update(file_id=None, upload_error=None)
        return
    if upload.file_id == saved["file_id"]:
        return
    lang = ui.get_lang()
    # read in a child process limited in time and memory (lib.importer.sandbox); OCR reports its pages
    bar = st.progress(0.0, text=t("im_reading", lang, name=md_escape(display_name(upload.name))))

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=t("im_ocr_progress", lang, done=done, total=total))

    def queued() -> None:
        bar.progress(0.0, text=t("im_queued", lang))

    # the file id is stored only with what reading it gave: a click mid-read reruns the script at the next st
    # call, and a file id stored before would leave the file silently unread
    try:
        reading = accept_reading(upload.name, upload.getvalue(), MAX_UPLOAD_BYTES, on_progress=progress,
                                 on_queue=queued)
        saved.update(file_id=upload.file_id, text=reading.text, name=display_name(upload.name), upload_error=None,
                     ocr_text=reading.ocr_text, ocr_pages=reading.ocr_pages)
        st.session_state["im_text"] = reading.text if len(reading.text) <= TEXT_BOX_MAX else ""
    except DocumentError as err:
        saved.update(file_id=upload.file_id, upload_error=(err.message_zh, err.message_en))
    finally:
        bar.empty()


def _parse(saved: dict, text: str, use_aliases: bool) -> None:
    """Parse (in a limited child) when the text or the alias choice changed; a new parse starts a fresh unit
    table and fresh merge choices."""
    key = (hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest(), use_aliases)
    if saved["parse_key"] == key:
        return
    # the key is stored only together with the parse's outcome: a click mid-parse reruns the script at the next
    # st call (the spinner's exit), and a key stored before would skip the parse and leave no result
    saved.update(result=None, parse_error=None, units=None, units_base=None, view_errors=None)
    st.session_state.pop(EDITOR, None)  # edits of another document's table must not carry over
    for k in [k for k in st.session_state if str(k).startswith("im_merge_")]:
        del st.session_state[k]
    if not text.strip():
        saved["parse_key"] = key
        return
    lang = ui.get_lang()
    try:
        aliases = load_aliases(DEFAULT_ALIASES) if use_aliases and DEFAULT_ALIASES.exists() else {}
        with st.spinner(t("im_parsing", lang)):
            result = sandbox.parse_text(text, aliases, saved["ocr_text"], saved["name"] or t("im_pasted", lang),
                                        on_queue=lambda: st.toast(t("im_queued", lang)))
            units = units_table(result)
            saved.update(parse_key=key, result=result, units=units, units_base=units)
    except DocumentError as err:
        saved.update(parse_key=key, parse_error=(err.message_zh, err.message_en))


def _zip_with_sources(result) -> bytes:
    """The dataset zip plus sources.csv (task_id, source): every task's source text whole, as the page cuts it."""
    buf = io.BytesIO(to_zip_bytes(result))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        frame = pd.DataFrame({"task_id": list(result.sources), "source": list(result.sources.values())})
        zf.writestr("sources.csv", csv_bytes(frame))
    return buf.getvalue()


def _pick(pair, lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


# --- 1. the document: upload, sample or paste; the text box holds what is parsed --------------------------------


def _imported_note(lang: str) -> None:
    """Say so when this session is viewing an imported plan."""
    imported = st.session_state.get(ui.IMPORTED_KEY)
    if imported is not None and imported.dataset is not None:
        kept = " " + t("im_kept", lang) if st.session_state.get(ui.IMPORTED_PLAN_KEY) else ""
        st.info(t("im_viewing", lang, tasks=len(imported.dataset.tasks), units=len(imported.dataset.units)) + kept)


def _upload_box(lang: str):
    """The file uploader, with the page's own size limit on its dropzone; the file chosen (or None)."""
    # the browser counts MB as 1000² bytes (except on Windows): one MB more there, the exact limit checked here
    upload = st.file_uploader(t("im_upload", lang, mb=MAX_UPLOAD_MB), type=["txt", "docx", "pdf", "png", "jpg", "jpeg"],
                              key="im_upload", max_upload_size=UPLOADER_MB, help=t("im_upload_help", lang))
    # Streamlit's own "6MB per file" would contradict the 5 MB the label states and this page enforces: the
    # dropzone says the page's limit instead (a constant string of ours, no data in the CSS)
    st.html("<style>.st-key-im_upload [data-testid='stFileUploaderDropzoneInstructions'] span {display: none}"
            ".st-key-im_upload [data-testid='stFileUploaderDropzoneInstructions'] > div::after {content: '"
            + t("im_upload_limit", lang, mb=MAX_UPLOAD_MB) + "'; font-size: 0.875rem; opacity: 0.6}</style>")
    return upload


def _text_box(saved: dict, lang: str) -> str:
    """The document's text as the box holds it (a text too long to show stays whole in saved); stops the page
    when a paste is over the upload limit."""
    long_text = len(saved["text"]) > TEXT_BOX_MAX
    if long_text:
        st.info(t("im_text_too_long", lang, n=f"{len(saved['text']):,}"))
    text = st.text_area(t("im_text", lang), key="im_text", height=160, placeholder=t("im_text_placeholder", lang),
                        help=t("im_text_help", lang), persist_state="session")
    if long_text and not text:
        text = saved["text"]  # the box is empty only because the text is too long to show
    if text != saved["text"]:
        saved.update(text=text, name=None, upload_error=None, ocr_text="", ocr_pages=0)
    # a paste is held to the upload's limit: the parser's work grows with the text, and the box has no limit of its own
    size = len(text.encode("utf-8", "surrogatepass")) if not long_text and len(text) * 3 > MAX_UPLOAD_BYTES else 0
    if size > MAX_UPLOAD_BYTES:
        st.error(t("im_paste_too_big", lang, size=f"{size / 1024 / 1024:.1f}", mb=MAX_UPLOAD_MB))
        st.stop()
    return text


def _sample_and_aliases(text: str, lang: str) -> bool:
    """The sample button and the alias switch, offered for the shipped plan only (other documents keep their names);
    whether the alias table applies."""
    shipped = SHIPPED_NUMBER in text[:5000]
    st.button(t("im_sample", lang), key="im_sample", on_click=_load_sample, help=t("im_sample_help", lang),
              icon=":material/description:")
    if not shipped:
        st.session_state["im_aliases"] = False
    use_aliases = st.toggle(t("im_aliases", lang), key="im_aliases", help=t("im_aliases_help", lang),
                            disabled=not shipped, persist_state="session")
    if not use_aliases:
        st.caption(t("im_aliases_none", lang))
    return use_aliases


def _document_section(saved: dict, lang: str) -> None:
    """Section 1: upload or paste, then parse (the page stops when there is nothing to show)."""
    st.subheader(t("im_source", lang))
    up_col, side_col = st.columns([3, 2], gap="large")
    with up_col:
        upload = _upload_box(lang)
    _take_upload(saved, upload)
    if saved["upload_error"]:
        st.error(md_escape(_pick(saved["upload_error"], lang)) + "\n\n" + t("im_upload_error", lang))
    text = _text_box(saved, lang)
    with side_col:
        use_aliases = _sample_and_aliases(text, lang)
    _parse(saved, text, use_aliases)
    if not text.strip():
        st.info(t("im_empty", lang))
        st.stop()


def _parsed(saved: dict, lang: str):
    """(the parse's result, the document's name), after saying where the text came from; stops on a parse error."""
    name = saved["name"] or t("im_pasted", lang)
    st.caption(t("im_from_file", lang, name=md_escape(name)) if saved["name"] else t("im_from_paste", lang))
    if saved["parse_error"]:
        st.error(t("im_parse_error", lang, name=md_escape(name), message=md_escape(_pick(saved["parse_error"], lang))))
        st.stop()
    if saved["ocr_pages"]:
        st.warning(t("im_ocr_read", lang, n=saved["ocr_pages"]))
    return saved["result"], name


# --- 5. unit names: rename (merges spellings), category, full and English names ---------------------------------


def _merge_choices(result, lang: str) -> dict[str, str]:
    """Spellings that look like one unit, offered as tick boxes (never merged without a tick): {ticked: into}."""
    pairs = find_variants(unit_task_counts(result.tasks))
    ticked: dict[str, str] = {}
    if pairs:
        st.markdown(f"**{t('im_merge_title', lang)}**")
        st.caption(t("im_merge_caption", lang))
        for i, (a, b) in enumerate(pairs[:MERGES_SHOWN]):
            if st.checkbox(t("im_merge_pair", lang, a=md_escape(_cut(a, 80)), b=md_escape(_cut(b, 80))),
                           key=f"im_merge_{i}", persist_state="session"):
                ticked[a] = b
        if len(pairs) > MERGES_SHOWN:
            st.caption(t("im_merge_more", lang, n=len(pairs) - MERGES_SHOWN))
    return ticked


def _units_editor(saved: dict, lang: str) -> pd.DataFrame:
    """The unit table as edited (kept in saved, so the edits survive a page switch)."""
    if EDITOR not in st.session_state:  # first draw, or back from another page: start from the kept edits
        saved["units_base"] = saved["units"]
    edited = st.data_editor(
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
    saved["units"] = edited
    return edited


def _units_section(saved: dict, result, lang: str):
    """Section 5: merges and the unit table; the result with the person's corrections applied."""
    st.subheader(t("im_review_units", lang))
    st.caption(t("im_units_caption", lang))
    merge_into = _merge_choices(result, lang)
    edited_units = _units_editor(saved, lang)
    if merge_into:
        # a ticked pair fills "rename to" where the person has not typed another name
        edited_units = edited_units.copy()
        blank = edited_units["rename_to"].fillna("").astype(str).str.strip() == ""
        picked = edited_units["unit"].map(merge_into)
        edited_units.loc[blank & picked.notna(), "rename_to"] = picked[blank & picked.notna()]
    merged = renames(edited_units)
    if merged:
        st.caption(t("im_renamed", lang, n=len(merged)))
    return apply_unit_edits(result, edited_units)


# --- 6. phases and milestones; 2. the counts -------------------------------------------------------------------


def _schedule_section(final, lang: str) -> None:
    st.subheader(t("im_review_schedule", lang))
    schedule = schedule_review(final)
    if schedule.empty:
        st.caption(t("im_schedule_none", lang))
        return
    st.dataframe(pd.DataFrame({
        t("im_col_kind", lang): [t(f"im_kind_{k}", lang) for k in schedule["kind"]],
        t("im_col_name", lang): [_cut(v) for v in schedule["name"]],
        t("im_col_start", lang): schedule["start"],
        t("im_col_end", lang): schedule["end"],
        t("im_col_owner", lang): [_cut(v) for v in schedule["owner"]],
        t("im_col_description", lang): [_cut(v) for v in schedule["description"]],
    }), hide_index=True, key="im_schedule_df", width="stretch")


def _metrics(final, warnings: pd.DataFrame, lang: str) -> None:
    cols = st.columns(5)
    cols[0].metric(t("im_tasks", lang), len(final.tasks))
    cols[1].metric(t("im_units", lang), len(final.units))
    cols[2].metric(t("im_phases", lang), len(final.phases))
    cols[3].metric(t("im_milestones", lang), len(final.milestones))
    cols[4].metric(t("im_warnings", lang), len(warnings))


# --- 2. use the result: the CSV files, or the dashboard for this browser session -------------------------------


def _view_here(saved: dict, final, name: str, lang: str) -> None:
    """Load the corrected plan as the session's plan, keep it on the server and go to the overview."""
    frames = dataset_frames(final)
    loaded = load_frames(frames, source=name)
    if loaded.dataset is None:
        saved["view_errors"] = [(p.message("zh"), p.message("en")) for p in loaded.errors]
        return
    saved["view_errors"] = None
    # kept on the server under a hash of its files: ?plan=<id> brings it back after F5 or in another tab
    pid = store.save(frames, name)
    st.session_state[ui.IMPORTED_KEY] = loaded
    st.session_state[ui.IMPORTED_PLAN_KEY] = pid
    # switch_page drops widget state and the URL; the URL parameters bring the plan and language along
    ui.switch_to("overview", query_params={"plan": pid, **({"lang": "en"} if lang == "en" else {})})


def _actions_section(saved: dict, final, name: str, lang: str) -> None:
    st.subheader(t("im_actions", lang))
    dl_col, view_col, _ = st.columns([2, 2, 3])
    stem = Path(saved["name"]).stem if saved["name"] else "fengong-import"
    dl_col.download_button(t("im_download", lang), _zip_with_sources(final), file_name=f"{stem}-csv.zip",
                           mime="application/zip", key="im_download", help=t("im_download_help", lang),
                           icon=":material/download:", width="stretch")
    if view_col.button(t("im_view", lang), key="im_view", type="primary", help=t("im_view_help", lang),
                       icon=":material/dashboard:", width="stretch"):
        _view_here(saved, final, name, lang)
    if saved["view_errors"]:
        st.error(t("im_view_failed", lang) + "\n\n"
                 + "\n".join(f"- {md_escape(_pick(m, lang))}" for m in saved["view_errors"]))


# --- 3. what to check, per task ---------------------------------------------------------------------------------


def _warnings_section(warnings: pd.DataFrame, lang: str) -> None:
    st.subheader(t("im_review_warnings", lang))
    if warnings.empty:
        st.caption(t("im_warnings_none", lang))
        return
    st.warning(t("im_warnings_summary", lang, n=len(warnings)))
    st.dataframe(pd.DataFrame({
        t("im_col_id", lang): warnings["task_id"],
        t("im_kind", lang): [_kind(k, lang) for k in warnings["kind"]],
        t("im_note", lang): [_cut(m, NOTE_MAX) for m in warnings["message_en" if lang == "en" else "message_zh"]],
    }), hide_index=True, key="im_warnings_df", width="stretch", column_config={
        # the note is long and already names the task: it gets the room
        t("im_col_id", lang): st.column_config.TextColumn(width=56),
        t("im_kind", lang): st.column_config.TextColumn(width=110),
        t("im_note", lang): st.column_config.TextColumn(width=800),
    })


# --- 4. every task with its units beside the source text; a selected row shows its whole source -----------------


def _tasks_table(review: pd.DataFrame, leads: list[str], low: dict[str, list[str]], lang: str) -> list[int]:
    """The tasks as a table, one row selectable; the selected rows."""
    sources = [("〔" + "、".join(low[tid]) + "〕" if low.get(tid) else "") + _cut(src)
               for tid, src in zip(review["task_id"], review["source"])]
    picked = st.dataframe(pd.DataFrame({
        t("im_col_id", lang): review["task_id"],
        t("im_col_task", lang): [_cut(v) for v in review["title"]],
        t("im_col_lead", lang): [_cut(v) for v in leads],
        t("im_col_support", lang): [_cut(v) for v in review["support_units"]],
        t("im_col_flags", lang): ["⚠ " + str(n) if n else "" for n in review["warnings"]],
        t("im_col_source", lang): sources,
    }), hide_index=True, key="im_tasks_df", width="stretch", on_select="rerun", selection_mode="single-row",
        column_config={
        t("im_col_id", lang): st.column_config.TextColumn(width=52),
        t("im_col_task", lang): st.column_config.TextColumn(width=180),
        t("im_col_lead", lang): st.column_config.TextColumn(width=170),
        t("im_col_support", lang): st.column_config.TextColumn(width=230),
        t("im_col_flags", lang): st.column_config.TextColumn(width=70),
        t("im_col_source", lang): st.column_config.TextColumn(width="large"),
    })
    return picked.selection.rows if picked is not None else []


def _task_detail(review: pd.DataFrame, leads: list[str], low: dict[str, list[str]], i: int, lang: str) -> None:
    """One task's units beside its whole source (up to DETAIL_MAX characters)."""
    with st.container(border=True):
        st.caption(t("im_task_detail", lang))
        left, right = st.columns([2, 3], gap="large")
        with left:
            st.markdown(f"**{md_escape(review['task_id'][i])}　{md_escape(_cut(review['title'][i]))}**")
            colon = ": " if lang == "en" else "："
            st.markdown(f"{t('im_col_lead', lang)}{colon}{md_escape(_cut(leads[i])) or '—'}")
            st.markdown(f"{t('im_col_support', lang)}{colon}"
                        f"{md_escape(_cut(review['support_units'][i])) or '—'}")
            if low.get(review["task_id"][i]):
                st.warning(t("im_low_note", lang, kinds="、".join(low[review["task_id"][i]])))
        with right:
            source = review["source"][i]
            st.text(_cut(source, DETAIL_MAX))
            if len(source) > DETAIL_MAX:
                st.caption(t("im_truncated", lang, n=f"{len(source):,}", shown=f"{DETAIL_MAX:,}"))


def _tasks_section(final, lang: str) -> None:
    st.subheader(t("im_review_tasks", lang))
    st.caption(t("im_tasks_caption", lang))
    review = tasks_review(final)
    inferred = t("im_inferred", lang)
    leads = [u + inferred if flag and u else u for u, flag in zip(review["lead_units"], review["lead_inferred"])]
    # low-confidence reads (OCR, an inferred lead, a list without a label) marked at the head of the source
    low = {tid: [_low(k, lang) for k in kinds] for tid, kinds in low_confidence(final).items()}
    rows = _tasks_table(review, leads, low, lang)
    if len(review):
        # the chosen row, else the first task with something to check, else the first task
        flagged = [i for i, n in enumerate(review["warnings"]) if n]
        i = rows[0] if rows and rows[0] < len(review) else (flagged[0] if flagged else 0)
        _task_detail(review, leads, low, i, lang)


# --- the page ---------------------------------------------------------------------------------------------------

ctx = ui.context()
lang = ctx.lang
saved = _saved()
sandbox.warm()  # the reading fork server starts while the user picks a file: the first paste is warm too (~0.05 s)

st.title(t("page_import", lang))
st.caption(t("im_intro", lang))
_imported_note(lang)
_document_section(saved, lang)
result, name = _parsed(saved, lang)
# Sections 2-4 show the corrected result, which is known only once the unit editor (section 5) has run.
metrics_box, actions_box, warnings_box, tasks_box = st.container(), st.container(), st.container(), st.container()
final = _units_section(saved, result, lang)
_schedule_section(final, lang)
warnings = warnings_review(final)
with metrics_box:
    _metrics(final, warnings, lang)
with actions_box:
    _actions_section(saved, final, name, lang)
with warnings_box:
    _warnings_section(warnings, lang)
with tasks_box:
    _tasks_section(final, lang)
