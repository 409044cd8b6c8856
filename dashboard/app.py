"""The Streamlit entry (`streamlit run dashboard/app.py`): Streamlit serves dashboard/static beside it."""

from dashboard.ui.app import main

main()
