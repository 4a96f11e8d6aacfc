"""How a value sent for an enum is matched against it: exactly, or under the near-miss faults
as a lenient deserializer or database collation matches it, which takes a value a little off
for the one it resembles (and stores that one)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from api_spec.registries import RULES
from api_spec.schema import ObjectSchema
from mock_server.config import Settings

Fold = Callable[[str], str]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def folds(member: str, settings: Settings) -> tuple[Fold, ...]:
    """What the server's matcher ignores in a value of `member`: nothing, or the case
    (`enum-case-insensitive`, Jackson's ACCEPT_CASE_INSENSITIVE_ENUMS), or for `kind` the
    width of its letters (`kind-fullwidth`, a collation equating fullwidth and ASCII)."""
    chosen: list[Fold] = []
    if settings.fault("enum-case-insensitive"):
        chosen.append(str.casefold)
    if member == RULES.kind_member and settings.fault("kind-fullwidth"):
        chosen.append(_nfkc)
    return tuple(chosen)


def matched(value: object, enum: tuple[Any, ...] | None, member_folds: tuple[Fold, ...]) -> Any:
    """The enum value `value` is taken for: itself, or the one a fold makes it equal to."""
    if not isinstance(value, str) or enum is None or value in enum:
        return value
    for fold in member_folds:
        for option in enum:
            if isinstance(option, str) and fold(option) == fold(value):
                return option
    return value


def body_matched(body: Mapping[str, Any], schema: ObjectSchema, settings: Settings) -> Any:
    """`body` with each enum member's value as the matcher takes it."""
    return {
        name: matched(value, member.enum, folds(name, settings))
        if (member := schema.members.get(name)) is not None
        else value
        for name, value in body.items()
    }
