"""The team's own state: overlays, notes on the map and saved views, in SQLite by default or PostgreSQL by URL."""
