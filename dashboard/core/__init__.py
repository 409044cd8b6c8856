"""Pure models: the bundle registry, the typed feature model, the view state. No I/O, no HTML, no Streamlit."""
