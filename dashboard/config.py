"""Constants only: paths, UI copy and widget keys; nothing about any one article."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The data root holds seeds/<article-id>/ and geodata/<article-id>/: one bundle per article.
DATA_ROOT = ROOT
GEODATA_DIR = ROOT / "geodata"
BASEMAP_DIR = GEODATA_DIR / "basemap"
SOURCES_DIR = GEODATA_DIR / "sources"
STATIC_DIR = Path(__file__).resolve().parent / "static"
GAZETTEER_FILE = SOURCES_DIR / "gazetteer.csv"
GEONAMES_FILE = SOURCES_DIR / "geonames.csv"
# Environment variables that point the app at other folders (tests, benchmarks, a team's own data).
ENV_DATA_ROOT = "BRIEFING_MAP_DATA"
ENV_BASEMAP_DIR = "BRIEFING_MAP_BASEMAP_DIR"

# The team's own state (overlays, notes, saved views): a SQLite file under the state folder, unless a
# database URL (PostgreSQL with PostGIS) is set. The workspace key that allows writes comes from the
# app's secrets.toml or the environment; with none configured the app is read-only.
STATE_DIR = ROOT / "state"
DATABASE_FILE = "briefing-map.sqlite"
ENV_STATE_DIR = "BRIEFING_MAP_STATE_DIR"
ENV_DATABASE_URL = "BRIEFING_MAP_DATABASE_URL"
ENV_WORKSPACE_KEY = "BRIEFING_MAP_WORKSPACE_KEY"
SECRETS_WORKSPACE_KEY = "workspace_key"
READ_ONLY_NO_KEY = "Read-only: no workspace key is configured, so overlays, notes and views cannot be changed."
READ_ONLY_NO_ENTRY = "Read-only: enter the workspace key to add or change overlays, notes and views."
READ_ONLY_WRONG_KEY = "Read-only: that is not the workspace key."
# Behind a proxy that signs people in (nginx's auth_basic, an SSO gateway), the name it passes in this request
# header signs what a user adds, instead of a name typed in the sidebar. Only for a server no browser can reach
# except through that proxy, which must set the header itself (deploy/README.md).
ENV_USER_HEADER = "BRIEFING_MAP_USER_HEADER"
SECRETS_USER_HEADER = "user_header"
WRITABLE = "You can add and change overlays, notes and views."

# UI copy and widget keys: the app and its tests import these, so wording can change safely.
APP_NAME = "Briefing map"
APP_SUBTITLE = "The places the article argues about, each with its sources and how sure we are."
WHOLE_ARTICLE_LABEL = "Whole article"
KEY_ARTICLE = "w_article"
KEY_SECTION = "w_section"
KEY_LAYER_PREFIX = "w_layer_"
KEY_ACTORS = "w_actors"
KEY_CONFIDENCE = "w_confidence"
KEY_DATE_MODE = "w_date_mode"
KEY_AS_OF = "w_as_of"
KEY_RANGE = "w_range"
KEY_OTHERS = "w_others"
KEY_BASEMAP = "w_basemap"
KEY_MAP = "map"
ARTICLE_LABEL = "Article"
DRAFT_SUFFIX = " (draft)"
CONFIDENCE_LABELS = {"low": "All (low and up)", "moderate": "Moderate and high", "high": "High only"}
KEY_CREDIBILITY = "w_credibility"
KEY_RELIABILITY = "w_reliability"
KEY_DISPUTED = "w_disputed"
CREDIBILITY_CHOICES = (6, 5, 4, 3, 2, 1)
CREDIBILITY_FILTER_LABELS = {
    6: "All claims (1–6)",
    5: "1–5 (not 'cannot be judged')",
    4: "1–4",
    3: "1–3 (possibly true or better)",
    2: "1–2 (probably true or confirmed)",
    1: "1 only (confirmed)",
}
RELIABILITY_FILTER_LABELS = {
    "F": "All sources (A–F)",
    "E": "A–E",
    "D": "A–D",
    "C": "A–C (fairly reliable or better)",
    "B": "A–B (usually reliable or better)",
    "A": "A only",
}
DISPUTED_LABEL = "Only claims whose sources disagree"
GRADES_HELP_LABEL = "What the grades mean"
DATE_MODE_LABELS = {"all": "Any date", "asof": "As of a date", "range": "Within a range"}
OTHERS_LABELS = {"dim": "Dim the rest", "hide": "Hide the rest"}
BASEMAP_LABELS = {
    "offline": "Embedded (offline)",
    "osm": "OpenStreetMap (online)",
    "carto-light": "CARTO light (online)",
    "esri-imagery": "Esri World Imagery (online)",
    "opentopomap": "OpenTopoMap (online)",
}
MAP_HEIGHT = 640
# In the page the map is stretched to the window's height under the header, never below MAP_MIN_HEIGHT.
HEADER_PX = 150
MAP_MIN_HEIGHT = 420
KEY_BRIEFING = "w_briefing"
KEY_TITLE = "w_title"
KEY_CAVEAT = "w_caveat"
KEY_SIZE = "w_size"
KEY_SOURCES_OPEN = "w_sources_open"
KEY_EXPORTS_OPEN = "w_exports_open"
KEY_CHANGES_OPEN = "w_changes_open"
# The chronology under the map: its chart's key, the room it takes under the map, and its words.
KEY_CHRONOLOGY = "w_chronology"
CHRONOLOGY_PX = 210
CHRONOLOGY_BESIDE_FROM_PX = 900  # windows at least this tall show the map and the chronology together
CHRONOLOGY_HELP = "Click a mark to select its feature on the map; drag along the axis to show only those days."
CHRONOLOGY_EMPTY = "No dated feature in view."
# Past this many dated features in view, the chronology counts a layer's days per week (a circle sized by the count).
CHRONOLOGY_MAX_MARKS = 600
CHRONOLOGY_HELP_BINNED = (
    "Many dated features: each circle counts a layer's features in one week. Drag along the axis to narrow the dates."
)
CLEAR_DATES = "Show every date"
BRIEFING_SIZE_PX = (1280, 720)
# What changed since an earlier export (ui/changes.py).
CHANGES_EXPANDER = "What changed since…"
CHANGES_UPLOAD_LABEL = "What changed since… (an earlier GeoJSON export of this article)"
CHANGES_HELP = (
    "Drop a GeoJSON file exported earlier from this dashboard: the changes since list the places new, removed and "
    "changed (dates, status, confidence, grades, sources, or moved by more than their stated accuracy)."
)
CHANGES_COUNT_LABELS = {"new": "New", "removed": "Removed", "changed": "Changed"}
CHANGES_TABLE_COLUMNS = {
    "kind": "Change",
    "name": "Feature",
    "layer": "Layer",
    "field": "Field",
    "before": "Before",
    "after": "After",
}
CHANGES_NONE = "Nothing has changed since that export."
KEY_CHANGES_FILE = "w_changes_file"
KEY_CHANGES_DOWNLOAD_PREFIX = "dl_changes_"

# Headless Chromium as the tests, the screenshot script and the benchmarks drive it (Debian's package;
# the background-networking flags keep it from calling out on a closed network).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
DRAFT_HELP = (
    "Every place was found in a gazetteer by its name and has no outside source yet: review the bundle "
    "(`python -m dashboard validate` lists what it lacks) before briefing from it."
)

# The team's overlays, notes and saved views in the app (ui/team.py, ui/notes.py, ui/saved_views.py).
TEAM_HEADER = "Team"
WORKSPACE_KEY_LABEL = "Workspace key"
WORKSPACE_KEY_HELP = "Kept in this browser session only; needed to upload overlays, write notes and save views."
AUTHOR_LABEL = "Your name"
AUTHOR_HELP = "Signs your overlays, notes and saved views; only a note's author can edit or delete it."
NEED_AUTHOR = "Write your name above to sign what you add."
SIGNED_IN_AS = "Signed in as **{name}**: the sign-in in front of this server names you on what you add."
TEAM_OVERLAYS = "Team overlays"
OVERLAY_UPLOAD_LABEL = "Add an overlay: GeoJSON, KML, GPX, CSV or a zipped shapefile"
OVERLAY_TYPES = ("geojson", "json", "kml", "gpx", "csv", "zip")
OVERLAY_NAME_LABEL = "Overlay name"
OVERLAY_COLOUR_LABEL = "Colour"
OVERLAY_ADD = "Add overlay"
OVERLAY_NONE = "No team overlay yet."
CSV_COLUMNS_HELP = "Check the columns that place each row, then add the overlay."
CSV_MODES = {"latlon": "Latitude and longitude columns", "wkt": "One WKT column"}
NOTE_MARK = "Team note"
NOTES_EXPANDER = "Team notes on the map"
KEY_NOTES_OPEN = "w_notes_open"
KEY_VIEWS_OPEN = "w_views_open"
KEY_UPLOAD_OPEN = "w_upload_open"
OVERLAY_UPLOAD_EXPANDER = "Add an overlay"
NOTES_HOW = "Draw a point, line or area with the tools on the map's left, then write the note here."
NOTE_TEXT_LABEL = "Note on the shape just drawn"
NOTE_SAVE = "Save note"
NOTE_DISCARD = "Discard the shape"
NOTES_NONE = "No notes yet."
NOTE_DRAWN = "Shape drawn: write its note under the map."
SAVED_VIEWS = "Saved views"
SAVED_VIEW_NAME_LABEL = "Name this view"
SAVED_VIEW_SAVE = "Save view"
SAVED_VIEWS_NONE = "No saved view yet."
KEY_WORKSPACE_KEY = "w_workspace_key"
KEY_AUTHOR = "w_author"
KEY_OVERLAY_FILE = "w_overlay_file"
KEY_OVERLAY_NAME = "w_overlay_name"
KEY_OVERLAY_COLOUR = "w_overlay_colour"
KEY_OVERLAY_ADD = "w_overlay_add"
KEY_CSV_MODE = "w_csv_mode"
KEY_CSV_LAT = "w_csv_lat"
KEY_CSV_LON = "w_csv_lon"
KEY_CSV_WKT = "w_csv_wkt"
KEY_OVERLAY_SHOW_PREFIX = "w_ov_show_"
KEY_OVERLAY_RENAME_PREFIX = "w_ov_rename_"
KEY_OVERLAY_DELETE_PREFIX = "w_ov_delete_"
KEY_NOTE_TEXT = "w_note_text"
KEY_NOTE_SAVE = "w_note_save"
KEY_NOTE_DISCARD = "w_note_discard"
KEY_NOTE_EDIT_PREFIX = "w_note_edit_"
KEY_NOTE_UPDATE_PREFIX = "w_note_update_"
KEY_NOTE_DELETE_PREFIX = "w_note_delete_"
KEY_VIEW_NAME = "w_view_name"
KEY_VIEW_SAVE = "w_view_save"
KEY_VIEW_DELETE_PREFIX = "w_view_delete_"
