"""Figure builders: frames in, go.Figure out. They never call st.*, so tests and exports use them as they are.

One module per view; base.py holds the house style.
"""
