"""Near misses of every value a server compares, by construction: each value (an id, a token, a
cursor, an enum value, a page size) varied on each axis on which storage engines and parsers
blur two values, as one table (`TABLE`, values by axes).

A cell either cannot apply, and says why (and a variant that would change the route, an id cut
to nothing, is not sent); or it is a value that a standard calls equal to the
original (a percent-encoded unreserved character in a path or query, RFC 3986 §2.3; a JSON
escape, RFC 8259 §7; two spaces after `Bearer`, RFC 6750 §2.1), which a server may serve as the
original, and then must serve the same thing; or it is another value, which must be refused.
Each cell names the checks that judge it. The suite sends every cell that applies in every
run (`contract_tests.suite.test_near_misses`); `docs/checks.md` shows the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from contract_tests.rules.pagination import page_size_within_limit, same_page_again
from contract_tests.rules.registry import Check
from contract_tests.rules.requests import (
    cursor_near_miss_refused,
    invalid_input_refused,
    limit_out_of_range_refused,
    unknown_id_refused,
    valid_input_accepted,
    wrong_token_refused,
)
from contract_tests.rules.state import create_persists, get_returns_requested_id
from contract_tests.wire.variants import FULLWIDTH

AXES = (
    "case",
    "whitespace",
    "prefix",
    "extension",
    "percent-encoding",
    "look-alike",
    "trailing NUL",
)
# What each axis does to a value, in words (the table's header).
HOW = {
    "case": "letters in the other case",
    "whitespace": "a trailing space (two spaces after `Bearer` for the token)",
    "prefix": "cut short by one character",
    "extension": "one character more",
    "percent-encoding": "a character percent-encoded (a JSON escape in a body)",
    "look-alike": "a letter or digit made fullwidth (NFKC folds it; NFC and NFD leave ASCII as is)",
    "trailing NUL": "U+0000 appended",
}
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def other_case(value: str) -> str | None:
    swapped = value.swapcase()
    return swapped if swapped != value else None


def spaced(value: str) -> str:
    """A trailing space: what SQL's PAD SPACE collations and every trim() ignore."""
    return f"{value} "


def cut(value: str) -> str | None:
    return value[:-1] or None


def extended(value: str) -> str:
    return value + (value[-1] if value else "x")


def percent_encoded(value: str) -> str | None:
    """The first unreserved character written as %XX: the same value by RFC 3986 §2.3."""
    for index, char in enumerate(value):
        if char in UNRESERVED:
            return f"{value[:index]}%{ord(char):02X}{value[index + 1 :]}"
    return None


def json_escaped(value: str) -> str | None:
    """The JSON text of `value` with its first character as a \\u escape: the same string."""
    if not value:
        return None
    return '"' + f"\\u{ord(value[0]):04x}" + value[1:] + '"'


def look_alike(value: str) -> str | None:
    for index, char in enumerate(value):
        if char.isascii() and char.isalnum():
            return value[:index] + chr(ord(char) + FULLWIDTH) + value[index + 1 :]
    return None


def with_nul(value: str) -> str:
    return value + "\x00"


VARY: dict[str, Callable[[str], str | None]] = {
    "case": other_case,
    "whitespace": spaced,
    "prefix": cut,
    "extension": extended,
    "percent-encoding": percent_encoded,
    "look-alike": look_alike,
    "trailing NUL": with_nul,
}
REFUSED, EQUAL = "refused", "equal"


@dataclass(frozen=True)
class Cell:
    value: str  # the row: what is varied
    axis: str  # the column
    rule: str  # REFUSED, EQUAL, or "" when it cannot apply
    checks: tuple[Check[Any], ...] = ()  # what judges it
    note: str = ""  # why it cannot apply, or the standard that makes it equal

    @property
    def applies(self) -> bool:
        return bool(self.rule)


def _row(
    value: str,
    refused_by: tuple[Check[Any], ...],
    *,
    equal: Mapping[str, tuple[str, tuple[Check[Any], ...]]] | None = None,
    cannot: Mapping[str, str] | None = None,
) -> list[Cell]:
    """A value's cells: refused on every axis, but those it is equal on or cannot vary on."""
    cells = []
    for axis in AXES:
        if cannot and axis in cannot:
            cells.append(Cell(value, axis, "", (), cannot[axis]))
        elif equal and axis in equal:
            standard, judges = equal[axis]
            cells.append(Cell(value, axis, EQUAL, judges, standard))
        else:
            cells.append(Cell(value, axis, REFUSED, refused_by))
    return cells


RFC3986 = "RFC 3986 §2.3: an unreserved character percent-encoded is the character"
PATH_EQUAL = {"percent-encoding": (RFC3986, (get_returns_requested_id,))}
TABLE: tuple[Cell, ...] = (
    *_row("id (the path of a get)", (unknown_id_refused,), equal=PATH_EQUAL),
    *_row(
        "token (the Authorization header)", (wrong_token_refused,),
        equal={"whitespace": ("RFC 6750 §2.1: `Bearer 1*SP b64token`; sent as two spaces "
                              "after Bearer, it acts for its team", (valid_input_accepted,))},
        cannot={"trailing NUL": "RFC 9110 §5.5 forbids NUL in a field value: it cannot be sent"},
    ),
    *_row(
        "cursor (`after`)", (cursor_near_miss_refused,),
        equal={"percent-encoding": (RFC3986 + "; it must list the same page", (same_page_again,))},
    ),
    *_row(
        "sort direction (`order`)", (invalid_input_refused,),
        equal={"percent-encoding": (RFC3986, (valid_input_accepted,))},
    ),
    *_row(
        "sort field (`orderBy`)", (invalid_input_refused,),
        equal={"percent-encoding": (RFC3986, (valid_input_accepted,))},
    ),
    *_row(
        "kind (a create's body)", (invalid_input_refused,),
        equal={"percent-encoding": ("RFC 8259 §7: a \\u escape in a JSON string is the "
                                    "character", (valid_input_accepted, create_persists))},
    ),
    *_row(
        "page size (`limit`)", (limit_out_of_range_refused,),
        equal={"percent-encoding": (RFC3986 + "; a page of at most that size",
                                    (page_size_within_limit,))},
        cannot={"case": "a number has no case",
                "prefix": "a prefix of a whole number is another whole number, a valid size"},
    ),
)  # fmt: skip
VALUES = tuple(dict.fromkeys(cell.value for cell in TABLE))


def cell(value: str, axis: str) -> Cell:
    return next(c for c in TABLE if c.value.startswith(value) and c.axis == axis)


# Page sizes that start like one but are not whole numbers, beside the axes' (a server that
# parses a leading integer, as JavaScript's parseInt does, pages with them).
NOT_WHOLE_NUMBERS = ("12abc", "1.5", "1e2", "0x10")
