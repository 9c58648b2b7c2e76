"""A one-page Streamlit script for the browser tests: every MD_SAMPLES string through md_escape, in the
Markdown-rendering elements pages use (markdown, caption, warning, title). Not a test module itself."""

import streamlit as st

from lib.textsafe import md_escape
from tests.browser.payloads import MD_SAMPLES

for i, sample in enumerate(MD_SAMPLES):
    with st.container(key=f"probe_{i}"):
        st.markdown(md_escape(sample))
        st.caption(md_escape(sample))
        st.warning(md_escape(sample))
st.title(md_escape(MD_SAMPLES[0]))
