"""What changed since an earlier export: its upload, the counts, the list of changes and their downloads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import streamlit as st

from dashboard import config as c
from dashboard.core.bundle import Bundle
from dashboard.data.earlier import MAX_EXPORT_BYTES, ExportError, parse_export
from dashboard.data.layers import Layer
from dashboard.products import registry
from dashboard.products.change_report import ChangeReport, change_report
from dashboard.ui.lazy import lazy_expander
from dashboard.view import text
from dashboard.view.changes import change_marks
from dashboard.web.mapdata import Changes


def _renderer(fmt: str, report: ChangeReport):
    """A callable that renders one format of the changes when its button is clicked, not before."""

    def render() -> bytes:
        return registry.render_changes(fmt, report)

    return render


REPORT = "_changes_report"  # (upload id, article) -> the report or the upload's one message, once per upload


def current_report(
    bundle: Bundle, layers: dict[str, Layer], basemap: dict[str, dict[str, Any]]
) -> tuple[ChangeReport | None, str | None]:
    """The changes since the uploaded export, or why it cannot be compared; read before the map is drawn, so
    the map can mark them, and worked out once per upload."""
    upload = st.session_state.get(c.KEY_CHANGES_FILE)
    if upload is None:
        return None, None
    key = (upload.file_id, bundle.id)
    known = st.session_state.get(REPORT)
    if known is None or known[0] != key:
        try:
            known = (
                key,
                change_report(bundle, layers, parse_export(upload.getvalue(), upload.name, bundle.id), basemap),
                None,
            )
        except ExportError as exc:
            known = (key, None, str(exc))
        st.session_state[REPORT] = known
    return known[1], known[2]


def map_marks(report: ChangeReport | None) -> Changes | None:
    """The marks of the changes for the live map."""
    if report is None or not report.difference.changes:
        return None
    return Changes(report.heading, change_marks(report.difference), c.CHANGES_COUNT_LABELS)


def _downloads(report: ChangeReport) -> None:
    """One button per format of the changes."""
    stem = f"changes-{report.bundle.id}-since-{report.difference.since:%Y-%m-%d}"
    cols = st.columns(len(registry.CHANGE_EXPORTERS))
    for col, exporter in zip(cols, registry.CHANGE_EXPORTERS.values()):
        col.download_button(
            exporter.label,
            data=_renderer(exporter.format, report),
            file_name=f"{stem}.{exporter.format}",
            mime=exporter.mime,
            key=c.KEY_CHANGES_DOWNLOAD_PREFIX + exporter.format,
            on_click="ignore",
        )


def changes_panel(report: ChangeReport | None, problem: str | None) -> None:
    """Upload an earlier export; see how many places are new, removed and changed, each change, and download them."""
    # Lazy (no uploader on the first page); kept open while a comparison or its problem is on screen.
    box = lazy_expander(c.CHANGES_EXPANDER, c.KEY_CHANGES_OPEN, open_now=report is not None or problem is not None)
    if box is None:
        return
    with box:
        st.caption(c.CHANGES_HELP)
        st.file_uploader(
            c.CHANGES_UPLOAD_LABEL,
            type=["geojson", "json"],
            key=c.KEY_CHANGES_FILE,
            max_upload_size=MAX_EXPORT_BYTES // 2**20,
        )
        if problem is not None:
            st.error(text.escape_md(problem), icon="⚠️")
        if report is None:
            return
        st.markdown(f"**{text.escape_md(report.heading)}**")
        for col, (kind, count) in zip(st.columns(3), report.difference.counts.items()):
            col.metric(c.CHANGES_COUNT_LABELS[kind], count)
        if not report.difference.changes:
            st.info(c.CHANGES_NONE)
            return
        rows = [
            {label: asdict(change)[field] for field, label in c.CHANGES_TABLE_COLUMNS.items()}
            for change in report.difference.changes
        ]
        st.dataframe(rows, hide_index=True)
        _downloads(report)
