"""The URL as a typed contract: parse() a query into a ViewState (junk falls back with a notice), to_query() back."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from dashboard.core.viewstate import DEFAULT, MAX_TEXT, PARAMS, WHOLE_ARTICLE, ViewState, printable

ALIASES = {f.alias: name for name, f in ViewState.model_fields.items() if name != "notices"}


@dataclass(frozen=True)
class UrlContext:
    """What a URL may name in one bundle: its sections, layers, actors and features."""

    sections: Sequence[str]
    layers: Sequence[str]
    actors: Sequence[str]
    features: Collection[str] = ()


def _one(value: str | Sequence[str] | None) -> str | None:
    """The last value given for a parameter, or None."""
    if value is None or isinstance(value, str):
        return value
    return value[-1] if value else None


def _validated(raw: dict[str, str], notes: list[str]) -> ViewState:
    """The state the parameters give, each invalid one dropped with a notice naming it."""
    while True:
        try:
            return ViewState.model_validate(raw)
        except ValidationError as exc:
            failing = {str(item["loc"][0]): item["msg"] for item in exc.errors() if item["loc"]}
            if not set(failing) & set(raw):  # nothing left to drop: start from the defaults
                notes.append("Ignored the link's parameters: they do not describe a view.")
                return DEFAULT
            for alias, message in failing.items():
                if alias in raw:
                    notes.append(f"Ignored {alias}={raw.pop(alias)!r}: {message.removeprefix('Value error, ')}.")


def _within(state: ViewState, context: UrlContext, notes: list[str]) -> dict[str, Any]:
    """The fields that name something this bundle lacks, reset, with a notice each."""
    fix: dict[str, Any] = {}
    if state.section not in (WHOLE_ARTICLE, *context.sections):
        notes.append(f"Ignored section={state.section!r}: not one of {', '.join((WHOLE_ARTICLE, *context.sections))}.")
        fix["section"] = WHOLE_ARTICLE
    for name, allowed in (("layers", context.layers), ("actors", context.actors)):
        given = getattr(state, name) or ()
        unknown = [item for item in given if item not in allowed]
        if unknown:
            notes.append(f"Ignored unknown {name}: {', '.join(repr(u) for u in unknown)}.")
            fix[name] = tuple(item for item in allowed if item in given)
    if state.selected is not None and state.selected not in context.features:
        notes.append(f"Ignored sel={state.selected!r}: no such feature.")
        fix["selected"] = None
    return fix


def _coherent(state: ViewState, notes: list[str]) -> dict[str, Any]:
    """The fields that only make sense together: a centre needs both coordinates, a range its ends in order."""
    fix: dict[str, Any] = {}
    if (state.lat is None) != (state.lon is None):
        notes.append("Ignored the map centre: lat and lon must come together.")
        fix.update(lat=None, lon=None)
    if state.date_from and state.date_to and state.date_from > state.date_to:
        notes.append(f"Ignored the date range: {state.date_from} is after {state.date_to}.")
        fix.update(date_from=None, date_to=None)
    return fix


def parse(params: Mapping[str, str | Sequence[str]], context: UrlContext) -> ViewState:
    """Read a ViewState from URL parameters; anything invalid falls back to its default, with a notice."""
    notes: list[str] = []
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        notes.append(f"Ignored unknown parameter(s): {', '.join(unknown)}.")
    raw = {key: value for key in PARAMS if (value := _one(params.get(key))) is not None}
    for key in ("title", "caveat"):
        if key in raw and len(text := printable(raw[key])) > MAX_TEXT:
            notes.append(f"Shortened {key} to {MAX_TEXT} characters.")
            raw[key] = text[:MAX_TEXT].rstrip()
    state = _validated(raw, notes)
    state = state.model_copy(update=_within(state, context, notes))
    state = state.model_copy(update=_coherent(state, notes))
    return state.model_copy(update={"notices": tuple(notes)})


def _text(value: Any) -> str:
    """A state value as URL text."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def to_query(state: ViewState) -> dict[str, str]:
    """The URL parameters that differ from the defaults."""
    values = state.model_dump(by_alias=True, exclude={"notices"})
    defaults = DEFAULT.model_dump(by_alias=True, exclude={"notices"})
    return {key: _text(value) for key, value in values.items() if value != defaults[key] and value is not None}
