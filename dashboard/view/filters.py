"""Pure filtering: (layers, ViewState) -> which features are shown, and which are in focus."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.features import CONFIDENCE_LEVELS, UNVERIFIED, Feature, Properties
from dashboard.core.manifest import LayerSpec
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.layers import Layer
from dashboard.view.grades import passes_credibility, passes_reliability

# "low" shows everything: an unverified (drafted) feature ranks with the low ones.
CONFIDENCE_RANK = {**{level: i for i, level in enumerate(CONFIDENCE_LEVELS)}, UNVERIFIED: len(CONFIDENCE_LEVELS) - 1}


@dataclass(frozen=True)
class Shown:
    """A feature that is drawn, its layer, and whether it is dimmed (outside the chosen section)."""

    spec: LayerSpec
    feature: Feature
    dimmed: bool

    @property
    def layer(self) -> str:
        """The id of the feature's layer."""
        return self.spec.id

    @property
    def props(self) -> Properties:
        """The feature's properties."""
        return self.feature.properties


def passes_dates(spec: LayerSpec, props: Properties, state: ViewState) -> bool:
    """Whether a feature's dates fit the chosen as-of date or range; undated features always do.

    On an as-of map an event (a layer the manifest marks as events) stays once it happened; anything
    else shows only while it lasts.
    """
    start, end = props.date_from, props.date_to
    if state.date_mode == "asof" and state.date_to:
        began = start is None or start <= state.date_to
        lasting = spec.event or end is None or end >= state.date_to
        return began and lasting
    if state.date_mode == "range" and (state.date_from or state.date_to):
        low, high = state.date_from, state.date_to
        return (start is None or high is None or start <= high) and (end is None or low is None or end >= low)
    return True


def passes_filters(spec: LayerSpec, props: Properties, state: ViewState) -> bool:
    """Whether a feature passes the actor, confidence and date filters."""
    if state.actors and not set(props.actors) & set(state.actors):
        return False
    if CONFIDENCE_RANK[props.confidence] > CONFIDENCE_RANK[state.min_confidence]:
        return False
    if not passes_grades(props, state):
        return False
    return passes_dates(spec, props, state)


def passes_grades(props: Properties, state: ViewState) -> bool:
    """Whether a feature passes the credibility, source-reliability and disputed-only filters."""
    if state.disputed_only and not props.disputes:
        return False
    return passes_credibility(props, state.max_credibility) and passes_reliability(props, state.min_reliability)


def shown_features(layers: dict[str, Layer], state: ViewState) -> list[Shown]:
    """Every feature to draw, in manifest order, with its focus for the chosen section."""
    out = []
    for layer_id, layer in layers.items():
        if state.layers is not None and layer_id not in state.layers:
            continue
        for feature in layer.features:
            props = feature.properties
            if not passes_filters(layer.spec, props, state):
                continue
            in_section = state.section == WHOLE_ARTICLE or state.section in props.sections
            if not in_section and state.others == "hide":
                continue
            out.append(Shown(layer.spec, feature, dimmed=not in_section))
    return out


def shown_ids(layers: dict[str, Layer], state: ViewState) -> list[str]:
    """The ids of every feature drawn."""
    return [s.feature.id for s in shown_features(layers, state)]


def focus_ids(layers: dict[str, Layer], state: ViewState) -> list[str]:
    """The ids of the features drawn in focus (not dimmed)."""
    return [s.feature.id for s in shown_features(layers, state) if not s.dimmed]


def find_feature(layers: dict[str, Layer], feature_id: str) -> Shown | None:
    """The feature with this id, with its layer, if any."""
    for layer in layers.values():
        for feature in layer.features:
            if feature.id == feature_id:
                return Shown(layer.spec, feature, False)
    return None
