"""What the browser gets: the feature document, the state per rerun, Leaflet elements, offline assets, templates."""
