"""The support leader's dashboard: a read-only Streamlit app on the warehouse.

Run it with `python -m supportwh.dashboard --warehouse PATH --port N` (or
`make dashboard`). data.py holds the queries (pandas, no Streamlit), charts.py
the Altair chart builders, definitions.py the metric definitions read from the
dbt docs blocks, app.py the Streamlit pages.
"""
