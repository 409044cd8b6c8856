"""What the store refuses, each with one message a user can act on."""

from __future__ import annotations

from dashboard.store.models import NAME_LENGTH


class StoreError(ValueError):
    """A change the store refuses: a bad name or colour, a name already taken."""


class NotFound(StoreError):
    """No such overlay, note or view in this workspace."""


def clean_name(value: str, what: str) -> str:
    """A name trimmed, or a message if it is empty or too long."""
    name = " ".join(value.split())
    if not name:
        raise StoreError(f"{what}: give a name")
    if len(name) > NAME_LENGTH:
        raise StoreError(f"{what}: a name of {len(name)} characters is over the {NAME_LENGTH}-character cap")
    return name
