"""Flat JSON Schema objects and query parameters, and what a server checks of a request.

Only what this API's schemas use is modelled: objects of scalar members (string, integer,
number, boolean, possibly nullable, possibly an enum), which is what a request body or a query
parameter of the API can be. Anything else is accepted as it comes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_INTEGER = re.compile(r"-?[0-9]+")


class _Missing:
    """The absence of a `default` (None is a value a schema may default to)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def json_type(value: object) -> str:
    """The JSON type of a parsed JSON value, as JSON Schema names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _article(json_name: str) -> str:
    return (
        json_name
        if json_name == "null"
        else ("an " if json_name[0] in "aeiou" else "a ") + json_name
    )


def _types(schema: Mapping[str, Any]) -> frozenset[str]:
    declared = schema.get("type")
    if declared is None:
        return frozenset()  # any type
    return frozenset([declared] if isinstance(declared, str) else declared)


@dataclass(frozen=True)
class Member:
    """One member of an object schema."""

    name: str
    types: frozenset[str]
    required: bool = False
    enum: tuple[Any, ...] | None = None
    format: str | None = None
    write_only: bool = False
    default: Any = MISSING
    description: str = ""

    @classmethod
    def from_schema(cls, name: str, schema: Mapping[str, Any], required: bool) -> Member:
        enum = schema.get("enum")
        return cls(
            name=name,
            types=_types(schema),
            required=required,
            enum=tuple(enum) if enum is not None else None,
            format=schema.get("format"),
            write_only=bool(schema.get("writeOnly")),
            default=schema.get("default", MISSING),
            description=str(schema.get("description", "")),
        )

    @property
    def nullable(self) -> bool:
        return "null" in self.types

    def problem(self, value: object) -> str | None:
        """Why `value` is not valid for this member, or None."""
        if self.types:
            kind = json_type(value)
            allowed = kind in self.types or (kind == "integer" and "number" in self.types)
            if not allowed:
                wanted = " or ".join(_article(t) for t in sorted(self.types))
                return f"must be {wanted}, not {_article(kind)}"
        if self.enum is not None and value not in self.enum:
            return "must be one of " + ", ".join(str(v) for v in self.enum)
        return None


@dataclass(frozen=True)
class ObjectSchema:
    """An object of scalar members; unknown members are allowed, as everywhere in this API."""

    name: str
    members: dict[str, Member] = field(default_factory=dict)

    @classmethod
    def from_schema(cls, name: str, schema: Mapping[str, Any]) -> ObjectSchema:
        required = set(schema.get("required", []))
        properties: Mapping[str, Any] = schema.get("properties", {})
        members = {
            key: Member.from_schema(key, value, key in required)
            for key, value in properties.items()
        }
        return cls(name, members)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, member in self.members.items() if member.required)

    @property
    def write_only(self) -> tuple[str, ...]:
        return tuple(name for name, member in self.members.items() if member.write_only)

    def problems(self, body: object, *, enforce_required: bool = True) -> dict[str, str]:
        """Each offending member and why, all at once; `body` when it is not an object."""
        if not isinstance(body, dict):
            return {"body": f"must be a JSON object, not {_article(json_type(body))}"}
        problems: dict[str, str] = {}
        for name, member in self.members.items():
            if name not in body:
                if member.required and enforce_required:
                    problems[name] = "is required"
                continue
            problem = member.problem(body[name])
            if problem is not None:
                problems[name] = problem
        return problems

    def known(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The members of `body` this schema names, in the schema's order; the rest dropped."""
        return {name: body[name] for name in self.members if name in body}


@dataclass(frozen=True)
class Parameter:
    """A query or path parameter, with the schema of its value."""

    name: str
    location: str
    required: bool
    member: Member
    minimum: float | None = None
    maximum: float | None = None

    @classmethod
    def from_spec(cls, data: Mapping[str, Any]) -> Parameter:
        schema: Mapping[str, Any] = data.get("schema", {})
        return cls(
            name=str(data["name"]),
            location=str(data["in"]),
            required=bool(data.get("required", False)),
            member=Member.from_schema(str(data["name"]), schema, bool(data.get("required"))),
            minimum=schema.get("minimum"),
            maximum=schema.get("maximum"),
        )

    @property
    def default(self) -> Any:
        return self.member.default

    @property
    def enum(self) -> tuple[Any, ...] | None:
        return self.member.enum

    @property
    def is_integer(self) -> bool:
        return "integer" in self.member.types

    def bounds_text(self) -> str:
        return f"between {self.minimum:g} and {self.maximum:g}"

    def parse(self, text: str | None) -> Any:
        """The value a query string carries (its default when absent); ValueError says why not."""
        if text is None:
            return None if self.default is MISSING else self.default
        value: Any = text
        if self.is_integer:
            if not _INTEGER.fullmatch(text):
                raise ValueError("must be an integer")
            value = int(text)
        problem = self.member.problem(value) or self.bounds_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    def bounds_problem(self, value: Any) -> str | None:
        if not isinstance(value, int | float):
            return None
        low = self.minimum if self.minimum is not None else float("-inf")
        high = self.maximum if self.maximum is not None else float("inf")
        if not low <= value <= high:
            return f"must be {self.bounds_text()}"
        return None
