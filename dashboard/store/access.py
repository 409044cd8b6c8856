"""Who may write: the workspace key, compared in constant time; with none configured, everyone only reads.
And who is writing: the name a signing-in proxy passes in a configured header, when there is one."""

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


MAX_NAME = 80  # characters of a signed-in name, as of a typed one


def configured_user_header(secrets: Mapping[str, object], env: Mapping[str, str]) -> str | None:
    """The request header naming the signed-in user (secrets, else environment); None when not configured."""
    for value in (secrets.get(config.SECRETS_USER_HEADER), env.get(config.ENV_USER_HEADER)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def signed_in_user(headers: Mapping[str, str], header: str | None) -> str | None:
    """The name the proxy signed this request in as: the configured header's value (any case of its name),
    whitespace collapsed; None when no header is configured or the request carries none, or a name that is
    blank, too long or holds control characters (a proxy never sends those: refuse rather than sign with it)."""
    if not header:
        return None
    wanted = header.lower()
    value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    if not isinstance(value, str):
        return None
    name = " ".join(value.split())
    if not name or len(name) > MAX_NAME or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    return name
