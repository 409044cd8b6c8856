"""Pure Markdown for the text panel: section text with place names marked, and feature details."""

from __future__ import annotations

import functools
import re

from dashboard.core.article import Article
from dashboard.core.features import Feature, Source
from dashboard.view import grades, wording
from dashboard.view.filters import Shown

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&])")
MARK = ":orange-background[{}]"
NAME_SUFFIXES = re.compile(r"\s*(\(.*\)|crossings?|air base|naval facility|Special Economic Zone|port)\s*$", re.I)


def escape_md(text: str) -> str:
    """Escape Markdown (and Streamlit directive) syntax so data shows as plain text."""
    return MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


# Names repeat from run to run: remember their short forms and words (bounded, for layers of any size).
@functools.lru_cache(maxsize=250_000)
def short_name(name: str) -> str:
    """A name without its trailing kind ('crossing', 'air base', a parenthesis ...)."""
    short = NAME_SUFFIXES.sub("", name).strip(" –-")
    while short != (shorter := NAME_SUFFIXES.sub("", short).strip(" –-")):
        short = shorter
    return short


def place_names(features: list[Feature]) -> list[str]:
    """The names to mark in the text: names, alternative spellings and their short forms, longest first."""
    names: set[str] = set()
    for feature in features:
        props = feature.properties
        for name in (props.name, *props.alt_names):
            names.add(name)
            if len(short := short_name(name)) >= 4:
                names.add(short)
    return sorted(names, key=len, reverse=True)


def _fold(text: str) -> str:
    """Fold the non-breaking hyphen and space the seed uses so names match."""
    return text.replace("\u2011", "-").replace("\xa0", " ")


def mark_places(text: str, names: list[str]) -> tuple[str, list[str]]:
    """Escape a paragraph and highlight the place names in it; also say which names were found."""
    folded = _fold(text)
    spans: list[tuple[int, int]] = []
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(_fold(name))}(?!\w)", folded):
            if not any(m.start() < e and s < m.end() for s, e in spans):
                spans.append((m.start(), m.end()))
    spans.sort()
    out, pos, found = [], 0, []
    for start, end in spans:
        out.append(escape_md(text[pos:start]))
        out.append(MARK.format(escape_md(text[start:end])))
        found.append(text[start:end])
        pos = end
    out.append(escape_md(text[pos:]))
    return "".join(out), found


WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=250_000)
def _words(name: str) -> tuple[str, ...]:
    return tuple(WORD.findall(_fold(name)))


def names_in(text: str, names: list[str]) -> list[str]:
    """The names whose every word occurs in the text: a cheap filter before the regex search of mark_places."""
    words = set(WORD.findall(_fold(text)))
    return [n for n in names if all(w in words for w in _words(n))]


def section_markdown(article: Article, section_id: str, names: list[str]) -> str:
    """A section's verbatim paragraphs as Markdown, with the given place names (see place_names) marked."""
    paragraphs = article.paragraphs(section_id)
    present = names_in(" ".join(paragraphs), names)
    return "\n\n".join(mark_places(p, present)[0] for p in paragraphs)


def feature_markdown(item: Shown, article: Article) -> str:
    """The details of a selected feature, as Markdown with every data string escaped."""
    props = item.props
    lines = [
        f"**{escape_md(props.name)}**  ",
        f"{escape_md(wording.kind_label(item.spec, props))} · {escape_md(wording.date_text(props))} · "
        f"status: {escape_md(props.status)}  ",
        f"Confidence: **{escape_md(grades.confidence_text(props))}** · "
        f"Credibility: **{escape_md(grades.credibility_text(props))}** · "
        f"Location: {escape_md(wording.accuracy_text(props))}",
        "",
        escape_md(props.description),
    ]
    published = article.meta.published
    if grades.after_article(props, published):
        lines += ["", f"**After the article** (dated {published.isoformat()}): context the article could not know."]
    for reason in (props.confidence_reason, props.credibility_reason):
        if reason:
            lines += ["", f"*{escape_md(reason)}*"]
    for field, versions in grades.dispute_views(props):
        lines += ["", f"**{grades.DISPUTED}** on the {field}:", ""]
        lines += [f"- {escape_md(v.value)} ({escape_md('; '.join(v.sources))})" for v in versions]
    if props.quote:
        lines += ["", f"> “{escape_md(props.quote)}”  ", "> — the article"]
    mentioned = [article.section(s).title for s in props.sections]
    lines += ["", "**Sections:** " + escape_md("; ".join(mentioned)), "", "**Sources**", ""]
    lines += [f"{i}. {source_markdown(s)}" for i, s in enumerate(props.sources, 1)]
    return "\n".join(lines)


def source_markdown(source: Source) -> str:
    """A citation as Markdown: the title links to the source when it has an http(s) URL."""
    title = escape_md(source.title)
    url = str(source.url or "")
    if url.startswith(("http://", "https://")):
        safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        title = f"[{title}]({safe})"
    return f"{escape_md(grades.reliability_text(source))} {title} ({escape_md(wording.source_meta(source))})"
