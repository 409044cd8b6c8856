"""Draft the text side of a bundle: read the text safely, find its title, front matter and sections."""

from __future__ import annotations

import re
from typing import Any

from dashboard.core.article import BLOCK_BREAK, split_blocks
from dashboard.data.places import fold

MAX_TEXT_BYTES = 200_000  # an analytical article is 5–50 KB; a book is not an article
HEADING_WORDS = 12
SECTION_PARAGRAPHS = 3  # without headings, a section every three paragraphs
SENTENCES = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")
WORLD = [[-60.0, -180.0], [75.0, 180.0]]


class DraftError(Exception):
    """A text that cannot be drafted, with one clear message."""


def read_text(raw: bytes, name: str) -> str:
    """The text of a file, or one clear message naming it: over the size cap, not UTF-8, or empty."""
    if len(raw) > MAX_TEXT_BYTES:
        raise DraftError(f"{name}: {len(raw):,} bytes is over the {MAX_TEXT_BYTES:,}-byte cap for an article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    if not text.strip():
        raise DraftError(f"{name}: the text is empty")
    return text


def slug(text: str, taken: set[str]) -> str:
    """A lower-case slug id, made unique against (and added to) those taken."""
    base = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60].strip("-") or "item"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def is_heading(block: str) -> bool:
    """A one-line block of a few words that does not end a sentence: a heading, a title or a date line."""
    line = block.lstrip("# ").strip()
    return "\n" not in block and len(line.split()) <= HEADING_WORDS and not re.search(r"[.!?:;,\"”]$", line)


def sentences(block: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of a block, spaces trimmed."""
    spans = []
    for m in SENTENCES.finditer(block):
        text = m.group(0)
        start = m.start() + len(text) - len(text.lstrip())
        end = m.end() - (len(text) - len(text.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans


def block_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) in the text of each block split_blocks returns, in order."""
    spans, pos = [], 0
    for piece in BLOCK_BREAK.split(text):
        start = text.index(piece, pos) if piece else pos
        pos = start + len(piece)
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def sentence_at(text: str, position: int) -> str:
    """The sentence of the text that holds a position, verbatim."""
    for start, end in block_spans(text):
        if start <= position < end:
            for s, e in sentences(text[start:end]):
                if start + s <= position < start + e:
                    return text[start + s : start + e]
            return text[start:end]
    raise ValueError(f"position {position} is in no block")


def first_sentence(block: str, limit: int = 160) -> str:
    """A paragraph's first sentence, cut at a word if long."""
    s, e = (sentences(block) or [(0, len(block))])[0]
    sentence = block[s:e]
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def front_matter(blocks: list[str]) -> list[int]:
    """The leading one-line blocks (title, date, byline) before the first paragraph; when the body has headings
    too, the last of those lines is the first section's heading instead."""
    front = []
    for i, block in enumerate(blocks[:-1]):
        if not is_heading(block):
            break
        front.append(i)
    later = any(is_heading(b) for b in blocks[len(front) :])
    if len(front) > 1 and later:
        front.pop()
    return front


def _groups(blocks: list[str], body: list[int]) -> list[tuple[str, list[int]]]:
    """(title, block indexes) per section: one per heading, or one every few paragraphs when there is none."""
    if any(is_heading(blocks[i]) for i in body):
        groups: list[tuple[str, list[int]]] = []
        for i in body:
            if is_heading(blocks[i]) or not groups:
                groups.append((blocks[i].lstrip("# ").strip() if is_heading(blocks[i]) else "Opening", []))
            groups[-1][1].append(i)
        return groups
    chunks = [body[k : k + SECTION_PARAGRAPHS] for k in range(0, len(body), SECTION_PARAGRAPHS)]
    first = body[0] if body else 0
    return [(_paragraphs_title(c[0] - first + 1, c[-1] - first + 1), c) for c in chunks]


def _paragraphs_title(first: int, last: int) -> str:
    """'Paragraph 4' or 'Paragraphs 1–3'."""
    return f"Paragraph {first}" if first == last else f"Paragraphs {first}–{last}"


def draft_sections(text: str) -> tuple[list[int], list[dict[str, Any]]]:
    """Front matter and sections (id, title, summary, blocks; no period yet, the world as view)."""
    blocks = split_blocks(text)
    front = front_matter(blocks)
    body = [i for i in range(len(blocks)) if i not in front]
    taken: set[str] = set()
    sections = []
    for title, members in _groups(blocks, body):
        paragraphs = [i for i in members if not is_heading(blocks[i])] or members
        summary = first_sentence(blocks[paragraphs[0]])
        sections.append(
            {"id": slug(title, taken), "title": title, "summary": summary, "bounds": WORLD, "paragraphs": members}
        )
    return front, sections


def draft_title(blocks: list[str], front: list[int]) -> str:
    """The title a text gives itself: its first front-matter line that is not a date, else its first words."""
    for i in front:
        line = blocks[i].lstrip("# ").strip()
        if not re.search(r"\b(19|20)\d\d\b", line):
            return line
    words = blocks[0].split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")
