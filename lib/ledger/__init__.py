"""The progress ledger (督办台账): who reported what on which task, kept in SQLite or PostgreSQL. No Streamlit here.

schema.py: the tables; migrations.py: versioned changes to them; store.py: opening a database, appending updates and
milestone reports, reading them back; ledgerfile.py: a unit's Excel/CSV ledger checked row by row; status.py: each
task's current status, the three-colour warning, rankings and milestone reports against today.
"""
