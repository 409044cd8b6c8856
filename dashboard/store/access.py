"""Who may write: the workspace key, compared in constant time; with none configured, everyone only reads."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard import config


@dataclass(frozen=True)
class Access:
    """Whether this session may write, and the sentence that tells the user (never the key)."""

    can_write: bool
    message: str


def configured_key(secrets: Mapping[str, object], env: Mapping[str, str]) -> str | None:
    """The workspace key from the app's secrets, else the environment; None when neither sets a non-blank one."""
    for value in (secrets.get(config.SECRETS_WORKSPACE_KEY), env.get(config.ENV_WORKSPACE_KEY)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def key_matches(configured: str | None, given: str | None) -> bool:
    """Whether the key given is the one configured, compared in constant time; never true without both."""
    if not configured or not given:
        return False
    return hmac.compare_digest(configured.encode("utf-8"), given.strip().encode("utf-8"))


def access(configured: str | None, given: str | None) -> Access:
    """What a session may do, given the configured key and the one its user entered."""
    if not configured:
        return Access(False, config.READ_ONLY_NO_KEY)
    if not given:
        return Access(False, config.READ_ONLY_NO_ENTRY)
    if not key_matches(configured, given):
        return Access(False, config.READ_ONLY_WRONG_KEY)
    return Access(True, config.WRITABLE)
