"""The provider rules: where a registry of a given kind may live.

The spec's `x-provider-rules` lists host patterns per kind; a `*` at the start of a pattern
stands for one or more characters, the rest is literal. Each pattern is compiled once into a
regular expression, and a URL's host is taken apart here, with or without a scheme, user,
port or path, an IPv6 literal in brackets included.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from api_spec.registries import RULES

KIND = RULES.kind_member  # the body member naming the kind
URL = RULES.member  # the body member the rules constrain


def _compiled(pattern: str) -> re.Pattern[str]:
    wildcard, literal = pattern.startswith("*"), pattern.lstrip("*")
    return re.compile((".+" if wildcard else "") + re.escape(literal.lower()))


PATTERNS: Mapping[str, tuple[re.Pattern[str], ...]] = {
    kind: tuple(_compiled(pattern) for pattern in patterns)
    for kind, patterns in RULES.hosts.items()
}


def constrained(kind: object) -> bool:
    """Whether registries of `kind` must follow rules."""
    return isinstance(kind, str) and kind in PATTERNS


def host(url: str) -> str:
    """The host of a registry URL, lowercase, without a trailing dot; "" when it names none.

    `https://robot@Docker.IO:443/team` → `docker.io`; `ghcr.io/team` → `ghcr.io`;
    `[2001:db8::1]:5000` → `2001:db8::1`.
    """
    _, separator, after_scheme = url.partition("://")
    authority = (after_scheme if separator else url).split("/")[0]
    authority = authority.rpartition("@")[2]  # credentials end at the last @
    if authority.startswith("["):
        literal, closed, _ = authority[1:].partition("]")
        return literal.lower() if closed else ""
    return authority.partition(":")[0].lower().rstrip(".")


def rule_breach(kind: object, url: object) -> str | None:
    """Why the rules refuse a registry of `kind` at `url`, or None when they allow it."""
    if not constrained(kind):
        return None
    assert isinstance(kind, str)
    found = host(url) if isinstance(url, str) else ""
    if found and any(pattern.fullmatch(found) for pattern in PATTERNS[kind]):
        return None
    allowed: Sequence[str] = RULES.hosts[kind]
    return f"{kind} registries live on {', '.join(allowed)}; {found or 'no host'} is not one"
