"""Placeholder until this page is built."""

import streamlit as st

from lib import ui

ctx = ui.context()
st.title("workload")
