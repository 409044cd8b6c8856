"""An earlier export of the shipped article, made through the registry and then edited by hand as if the data had
changed since: a date changed, a feature dropped (so it is new today), one added (removed today), one moved."""

from __future__ import annotations

import copy
import json

from dashboard.core.viewstate import ViewState
from dashboard.products import registry
from dashboard.products.selection import Selection

EXPORTED_AT = "2026-01-03T09:15:00+00:00"
HEADING = "What changed since 03 January 2026"
COUNTS = {"new": 1, "removed": 1, "changed": 2}


def earlier_export(bundle, layers) -> tuple[bytes, dict[str, str]]:
    """The edited export, and which feature each edit touched (keys: dated, dropped, added, moved)."""
    doc = json.loads(registry.render("geojson", Selection(bundle, layers, {}, ViewState())))
    doc["briefing_map"]["exported_at"] = EXPORTED_AT
    features = doc["features"]
    dated = next(f for f in features if f["properties"]["date_from"] and not f["properties"]["date_to"])
    dated["properties"]["date_from"] = "2019-05-01"
    points = (f for f in features if f["geometry"]["type"] == "Point" and f["properties"]["accuracy_km"] < 5)
    moved = next(f for f in points if f is not dated)
    moved["geometry"]["coordinates"][1] += 0.5  # about 55 km north: well beyond its accuracy
    dropped = next(f for f in features if f is not dated and f is not moved)
    features.remove(dropped)
    added = copy.deepcopy(dropped)
    added["id"] = added["properties"]["id"] = "a-place-since-removed"
    added["properties"]["name"] = "A place since removed"
    features.append(added)
    touched = {"dated": dated["id"], "dropped": dropped["id"], "added": added["id"], "moved": moved["id"]}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8"), touched
