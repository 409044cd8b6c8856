"""Words for the analysts' grades: source reliability, information credibility, ICD 203 confidence, disputes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.core.features import RELIABILITY_GRADES, Properties, Source

RELIABILITY_LABELS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_LABELS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
CONFIDENCE_WORDS = {
    "high": "high confidence",
    "moderate": "moderate confidence",
    "low": "low confidence",
    "unverified": "unverified (not yet reviewed)",
}
DISPUTED = "Sources disagree"
# The map marks a disputed claim with this class on its outline (briefing-map.css draws it).
DISPUTED_CLASS = "briefing-disputed"
# Help shown beside the grade filters: what each grade and confidence word means.
HELP = """**Source reliability** (Admiralty code), per citation: A completely reliable · B usually reliable ·
C fairly reliable · D not usually reliable · E unreliable · F cannot be judged.

**Information credibility**, per claim: 1 confirmed by independent sources · 2 probably true · 3 possibly true ·
4 doubtful · 5 improbable · 6 cannot be judged.

**Confidence** (ICD 203 words): *high* — at least two independent sources with addresses agree and the place is
sourced; *moderate* — credible but with a single source or an approximate place; *low* — thin, indirect or
disputed reporting.

**Sources disagree** (magenta outline): the reports give different dates, places, statuses or counts; the popup
lists each version with its source and grade."""


def after_article(props: Properties, published: dt.date | None) -> bool:
    """Whether the feature began after the article's date: context the article could not know."""
    return published is not None and props.date_from is not None and props.date_from > published


def reliability_text(source: Source) -> str:
    """A source's grade as a tag, e.g. '[B]' ('[?]' when ungraded)."""
    return f"[{source.reliability or '?'}]"


def credibility_text(props: Properties) -> str:
    """A claim's credibility as '2 – probably true', or 'not graded'."""
    if props.credibility is None:
        return "not graded"
    return f"{props.credibility} – {CREDIBILITY_LABELS[props.credibility]}"


def confidence_text(props: Properties) -> str:
    """The ICD 203 words for the feature's confidence."""
    return CONFIDENCE_WORDS[props.confidence]


def best_reliability(props: Properties) -> str | None:
    """The best grade among a feature's sources (A is best), or None when none is graded."""
    grades = sorted(s.reliability for s in props.sources if s.reliability)
    return grades[0] if grades else None


def passes_reliability(props: Properties, worst: str) -> bool:
    """Whether at least one source is graded at or better than the worst grade allowed ('F' allows all)."""
    if worst == RELIABILITY_GRADES[-1]:
        return True
    best = best_reliability(props)
    return best is not None and best <= worst


def passes_credibility(props: Properties, worst: int) -> bool:
    """Whether the claim is graded at or better than the worst grade allowed (6 allows all; ungraded counts as 6)."""
    return (props.credibility or 6) <= worst


@dataclass(frozen=True)
class VersionView:
    """One version of a disputed fact, with the sources that give it as 'publisher [grade]'."""

    value: str
    sources: tuple[str, ...]


def dispute_views(props: Properties) -> list[tuple[str, list[VersionView]]]:
    """Every dispute of a feature: the field, and each version with its sources and their grades."""
    out = []
    for dispute in props.disputes:
        versions = [
            VersionView(
                v.value,
                tuple(f"{props.sources[i].publisher} {reliability_text(props.sources[i])}" for i in v.sources),
            )
            for v in dispute.versions
        ]
        out.append((dispute.field, versions))
    return out


def dispute_summary(props: Properties) -> str:
    """Every dispute in one line: 'date: v1 (source [B]) / v2 (source [C])', disputes joined by ' | '."""
    return " | ".join(
        f"{field}: " + " / ".join(f"{v.value} ({'; '.join(v.sources)})" for v in versions)
        for field, versions in dispute_views(props)
    )


def grade_fields(props: Properties) -> dict[str, object]:
    """The grades as flat fields for exports a GIS reads: each source's grade, the best, and any dispute."""
    return {
        "best_reliability": best_reliability(props),
        "source_grades": ";".join(s.reliability or "?" for s in props.sources),
        "disputed": bool(props.disputes),
        "dispute_summary": dispute_summary(props),
    }
