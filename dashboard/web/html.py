"""HTML for popups, the legend and the slide frame, from Jinja2 templates that escape every value."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from dashboard.core.features import Properties
from dashboard.core.manifest import LayerSpec
from dashboard.view import grades, wording
from dashboard.view.filters import Shown
from dashboard.view.legend import TEAM_TITLE, legend_entries, legend_notes
from dashboard.view.styles import Symbol


@cache
def environment() -> Environment:
    """The template environment: autoescaping on for every template, unknown names an error."""
    env = Environment(
        loader=PackageLoader("dashboard.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["meta"] = wording.source_meta
    env.globals["grade"] = grades.reliability_text
    return env


def render(template: str, **context: object) -> str:
    """One template rendered with autoescaping."""
    return environment().get_template(template).render(**context)


def popup_html(spec: LayerSpec, props: Properties) -> str:
    """The popup: what it is, when, how sure, the article's sentence and the outside sources."""
    rows = [
        ("Kind", f"{wording.kind_label(spec, props)} ({spec.title})"),
        ("Dates", wording.date_text(props)),
        ("Status", props.status),
        ("Confidence", grades.confidence_text(props)),
        ("Credibility", grades.credibility_text(props)),
        ("Location", wording.accuracy_text(props)),
    ]
    return render("popup.html", props=props, rows=rows, disputes=grades.dispute_views(props), disputed=grades.DISPUTED)


def legend_html(shown: list[Shown], team: list[Symbol] | None = None) -> str:
    """The legend control's HTML: exactly the symbols drawn, grouped by layer, then the team's overlays and notes."""
    groups = legend_entries(shown)
    return render("legend.html", groups=groups, notes=legend_notes(shown), team=team or [], team_title=TEAM_TITLE)


@dataclass(frozen=True)
class SlideFrame:
    """What briefing mode prints on the map itself."""

    title: str
    subtitle: str
    as_of: str
    source_line: str
    caveat: str | None = None
    banner: str | None = None


def frame_html(frame: SlideFrame) -> dict[str, str]:
    """The slide frame's pieces: title block, as-of and source footer, north arrow."""
    return {
        "title": render("slide-title.html", frame=frame),
        "footer": render("slide-footer.html", frame=frame),
        "north": render("north-arrow.html"),
    }


def banner_html(text: str) -> str:
    """The banner a draft bundle carries on its map."""
    return render("banner.html", text=text)


def saved_view_html(name: str, href: str, author: str) -> str:
    """A saved view as a link that opens it in this tab, and who saved it."""
    return render("saved-view.html", name=name, href=href, author=author)


def provenance_html(about: dict[str, object]) -> str:
    """Where an exported page came from, as <meta> tags (article, section, data version, export time)."""
    keys = ("article", "section", "data_version", "exported_at")
    return render("provenance.html", about=[(key, about[key]) for key in keys if about.get(key)])
