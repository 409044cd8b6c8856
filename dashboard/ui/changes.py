"""What changed since an earlier export: its upload, the counts, the list of changes and their downloads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import streamlit as st

from dashboard import config as c
from dashboard.core.bundle import Bundle
from dashboard.data.earlier import MAX_EXPORT_BYTES, EarlierExport, ExportError, parse_export
from dashboard.data.layers import Layer
from dashboard.products import registry
from dashboard.products.change_report import ChangeReport, change_report
from dashboard.view import text


def _renderer(fmt: str, report: ChangeReport):
    """A callable that renders one format of the changes when its button is clicked, not before."""

    def render() -> bytes:
        return registry.render_changes(fmt, report)

    return render


def _earlier(bundle: Bundle) -> EarlierExport | None:
    """The uploaded export, checked; its one message on the page when it cannot be compared."""
    upload = st.file_uploader(
        c.CHANGES_UPLOAD_LABEL,
        type=["geojson", "json"],
        key=c.KEY_CHANGES_FILE,
        max_upload_size=MAX_EXPORT_BYTES // 2**20,
    )
    if upload is None:
        return None
    try:
        return parse_export(upload.getvalue(), upload.name, bundle.id)
    except ExportError as exc:
        st.error(text.escape_md(str(exc)), icon="⚠️")
        return None


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


def changes_panel(bundle: Bundle, layers: dict[str, Layer], basemap: dict[str, dict[str, Any]]) -> None:
    """Upload an earlier export; see how many places are new, removed and changed, each change, and download them."""
    with st.expander(c.CHANGES_EXPANDER):
        st.caption(c.CHANGES_HELP)
        earlier = _earlier(bundle)
        if earlier is None:
            return
        report = change_report(bundle, layers, earlier, basemap)
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
