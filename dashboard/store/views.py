"""Saved views: a name for the URL state (query parameters) that reopens a view of the map."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.store.errors import NotFound, StoreError, clean_name
from dashboard.store.models import DEFAULT_WORKSPACE, SavedViewRow

QueryState = dict[str, str | list[str]]


@dataclass(frozen=True)
class SavedView:
    """A saved view: its name and the query parameters that reopen it."""

    id: int
    workspace: str
    name: str
    state: QueryState
    author: str
    created_at: dt.datetime


def view_of(row: SavedViewRow) -> SavedView:
    """The saved view of a row."""
    fields = {name: getattr(row, name) for name in SavedView.__dataclass_fields__}
    return SavedView(**fields | {"state": json.loads(row.state)})


def clean_state(state: QueryState) -> str:
    """Query parameters as JSON text: text names, each with a text value or a list of them."""
    ok = isinstance(state, dict) and all(
        isinstance(k, str)
        and (isinstance(v, str) or (isinstance(v, list) and all(isinstance(item, str) for item in v)))
        for k, v in state.items()
    )
    if not ok:
        raise StoreError("saved view: the state must map parameter names to text or lists of text")
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def save_view(
    engine: Engine, *, name: str, state: QueryState, author: str, workspace: str = DEFAULT_WORKSPACE
) -> SavedView:
    """Save the view under a name not yet taken in the workspace."""
    row = SavedViewRow(
        workspace=workspace,
        name=clean_name(name, "saved view"),
        state=clean_state(state),
        author=clean_name(author, "author"),
        created_at=dt.datetime.now(dt.UTC),
    )
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            session.add(row)
    except IntegrityError:
        raise StoreError(f"a saved view named '{row.name}' already exists: choose another name") from None
    return view_of(row)


def list_views(engine: Engine, workspace: str = DEFAULT_WORKSPACE) -> list[SavedView]:
    """The workspace's saved views by name."""
    query = select(SavedViewRow).where(SavedViewRow.workspace == workspace).order_by(SavedViewRow.name)
    with Session(engine) as session:
        return [view_of(row) for row in session.scalars(query)]


def delete_view(engine: Engine, view_id: int, workspace: str = DEFAULT_WORKSPACE) -> None:
    """Delete a saved view."""
    with Session(engine) as session, session.begin():
        row = session.get(SavedViewRow, view_id)
        if row is None or row.workspace != workspace:
            raise NotFound(f"no saved view {view_id}")
        session.delete(row)
