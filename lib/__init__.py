"""Fengong's library: everything but the page scripts (views/). Only lib/ui imports streamlit; README "Where
things live" says which module does what."""
