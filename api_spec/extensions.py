"""The spec's `x-` extensions: facts of the API that JSON Schema cannot state.

`x-pagination` (on a list operation) says how to walk the list; `x-provider-rules` (on the
kind enum) says where a registry of each kind may live. Both are described in the spec's
`info.description`; this module reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The two forms of OpenAPI runtime expression the extensions use.
_QUERY = re.compile(r"\$request\.query\.([A-Za-z0-9_.-]+)")
_BODY = re.compile(r"\$response\.body#/([A-Za-z0-9_.-]+)")


class ExtensionError(ValueError):
    """An extension the spec carries is not in the documented form."""


def query_parameter(expression: str) -> str:
    """`orderBy` of `$request.query.orderBy`."""
    match = _QUERY.fullmatch(expression)
    if match is None:
        raise ExtensionError(f"{expression!r} is not a $request.query.NAME expression")
    return match.group(1)


def body_member(expression: str) -> str:
    """`items` of `$response.body#/items` (a top-level member)."""
    match = _BODY.fullmatch(expression)
    if match is None:
        raise ExtensionError(f"{expression!r} is not a $response.body#/NAME expression")
    return match.group(1)


@dataclass(frozen=True)
class Pagination:
    """How to walk a cursor-paginated list: the names of its parameters and response members."""

    cursor: str  # query parameter taking the cursor
    limit: str  # query parameter taking the page size
    results: str  # response member holding the page's items
    next_cursor: str  # response member holding the next cursor, null on the last page
    has_more: str  # response member saying whether more pages follow
    sort_field: str | None = None  # query parameter naming the item member to sort by
    sort_direction: str | None = None  # query parameter choosing the direction
    ascending: str = "asc"
    descending: str = "desc"

    @classmethod
    def from_extension(cls, data: Mapping[str, Any]) -> Pagination:
        if data.get("style") != "cursor":
            raise ExtensionError(f"x-pagination style {data.get('style')!r}: only cursor is known")
        sort: Mapping[str, Any] = data.get("sort") or {}
        return cls(
            cursor=query_parameter(data["cursor"]),
            limit=query_parameter(data["limit"]),
            results=body_member(data["results"]),
            next_cursor=body_member(data["nextCursor"]),
            has_more=body_member(data["hasMore"]),
            sort_field=query_parameter(sort["field"]) if "field" in sort else None,
            sort_direction=query_parameter(sort["direction"]) if "direction" in sort else None,
            ascending=str(sort.get("ascending", "asc")),
            descending=str(sort.get("descending", "desc")),
        )


def host_of(url: str) -> str:
    """The host a registry URL names, with or without a scheme, path, user or port."""
    rest = url.split("://", 1)[-1]
    authority = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    if authority.startswith("["):  # an IPv6 literal
        return authority[1:].split("]", 1)[0].lower()
    return authority.split(":", 1)[0].lower().rstrip(".")


def host_matches(host: str, pattern: str) -> bool:
    """`*` at the start of a pattern stands for one or more characters; the rest is literal."""
    if pattern.startswith("*"):
        suffix = pattern[1:]
        return host.endswith(suffix) and len(host) > len(suffix)
    return host == pattern


@dataclass(frozen=True)
class ProviderRules:
    """Which hosts a registry's URL may be on, for each `kind` that has rules."""

    kind_member: str  # the body member naming the kind
    member: str  # the body member the rules constrain
    hosts: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_extension(cls, kind_member: str, data: Mapping[str, Any]) -> ProviderRules:
        hosts = {
            str(kind): tuple(str(h) for h in patterns) for kind, patterns in data["hosts"].items()
        }
        return cls(kind_member=kind_member, member=str(data["member"]), hosts=hosts)

    def has_rules(self, kind: object) -> bool:
        return kind in self.hosts

    def refusal(self, kind: object, url: str) -> str | None:
        """Why the rules refuse `url` for `kind`, or None when they accept it."""
        patterns = self.hosts.get(str(kind)) if isinstance(kind, str) else None
        if patterns is None:
            return None
        host = host_of(url)
        if any(host_matches(host, pattern) for pattern in patterns):
            return None
        return (
            f"a {kind} registry must be on {' or '.join(patterns)}, not {host or 'an empty host'}"
        )

    def accepted_host(self, kind: str, label: str = "contract") -> str | None:
        """A host the rules accept for `kind` (None when it has no rules)."""
        patterns = self.hosts.get(kind)
        if not patterns:
            return None
        return patterns[0].replace("*", label, 1)
