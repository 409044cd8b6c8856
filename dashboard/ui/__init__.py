"""The only Streamlit code: the app, its sidebar and its panels."""
