"""Briefing products of a selection: slides, GeoJSON, KML, CSV and standalone HTML, from one exporter registry."""
