"""Reads the public reference page (docs/api-reference.txt) into structured data.

The page is the text rendering of the HTML reference, so its structure is
implicit: an operation starts with `METHOD Title` followed by its path; a field
is a name line followed by a qualifier line (`required`, `optional`, or
`1 \N{EN DASH} 120 optional` for a bounded integer); `Default:X` lines carry defaults and,
where the HTML had no line break, are glued to the next field's name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api-reference.txt"

# An operation heading may be glued to the previous example's closing brace.
OPERATION = re.compile(
    r"(?:^|(?<=\}))(GET|POST|PUT|DELETE) [A-Z][^\n]*\n(/container-registries\S*)$", re.MULTILINE
)
QUALIFIER = re.compile(r"^(?:(\d+) \N{EN DASH} (\d+) )?(required|optional)$")
SECTIONS = {
    "Query Parameters": "query",
    "Path Parameters": "path",
    "Request Body: application/json": "body",
    "200": "200",
    "default": "default",
}
# Lines that end a field list: the request/response examples and curl samples.
SECTION_END = ("Request:", "Response", "Request Body", "curl ", "Responses", "{")


@dataclass
class DocField:
    name: str
    required: bool
    bounds: tuple[int, int] | None = None
    default: str | None = None


@dataclass
class DocOperation:
    method: str
    path: str
    sections: dict[str, list[DocField]] = field(default_factory=dict)
    examples: list[object] = field(default_factory=list)


def operations(defaults: frozenset[str] = frozenset()) -> list[DocOperation]:
    """Every operation on the page; `defaults` are the default values to expect."""
    text = DOCS.read_text(encoding="utf-8")
    starts = list(OPERATION.finditer(text))
    result = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[match.end() : end]
        op = DocOperation(method=match.group(1), path=match.group(2))
        op.sections = _sections(body.splitlines(), defaults)
        op.examples = _examples(body)
        result.append(op)
    return result


def _sections(lines: list[str], defaults: frozenset[str]) -> dict[str, list[DocField]]:
    sections: dict[str, list[DocField]] = {}
    current: list[DocField] | None = None
    for i, line in enumerate(lines):
        if line in SECTIONS:
            current = sections.setdefault(SECTIONS[line], [])
            continue
        if line.startswith(SECTION_END):
            current = None
        if current is None:
            continue
        qualifier = QUALIFIER.match(line)
        if qualifier and i > 0:
            name = _field_name(lines[i - 1], current, defaults)
            bounds = (int(qualifier[1]), int(qualifier[2])) if qualifier[1] else None
            current.append(DocField(name, qualifier[3] == "required", bounds))
        elif line.startswith("Default:") and current:
            # A default glued to a section end ("Default:descRequest: ...").
            current[-1].default = _strip_glued_end(line.removeprefix("Default:"))
    return sections


def _field_name(line: str, fields: list[DocField], defaults: frozenset[str]) -> str:
    """The field name on `line`, split from a glued `Default:` of the field before.

    `Default:dtCreatedorder` cannot be split by its letters alone, so the split
    uses the defaults the caller expects; a glued line that starts with none of
    them raises, so a default dropped from the spec cannot go unnoticed.
    """
    if not line.startswith("Default:"):
        return line
    glued = line.removeprefix("Default:")
    for value in sorted(defaults, key=len, reverse=True):
        if glued.startswith(value) and len(glued) > len(value):
            fields[-1].default = value
            return glued[len(value) :]
    raise ValueError(f"cannot split {line!r} with the expected defaults {sorted(defaults)}")


def _strip_glued_end(value: str) -> str:
    for end in SECTION_END:
        if end.strip() and end.strip() in value:
            value = value[: value.index(end.strip())]
    return value


def _examples(body: str) -> list[object]:
    """The JSON examples after `Response` (success body, then error body, glued)."""
    found: list[object] = []
    decoder = json.JSONDecoder()
    marker = body.find("\nResponse\n")
    if marker < 0:
        return found
    rest = body[marker + len("\nResponse\n") :]
    while rest.startswith(("{", "[")):
        value, end = decoder.raw_decode(rest)
        found.append(value)
        rest = rest[end:]
    return found
