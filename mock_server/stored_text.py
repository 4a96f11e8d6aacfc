"""What a write stores of the free-text members: what was sent, or, under the near-miss
faults, a little less (a create or update that answers 200 and stores other text)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_server.config import Settings
from mock_server.faults import NAME_CUT, TEXT_CUT
from mock_server.resource import plain_text_members

# The member whose column `names-cut-short` makes too short.
NAME = "name"


def _bent(name: str, text: str, settings: Settings) -> str:
    if settings.fault("trims-strings"):
        text = text.strip()  # a form library's habit, applied where the API promised none
    if settings.fault("nul-truncates"):
        text = text.partition("\x00")[0]  # a C string ends at its first NUL
    if settings.fault("truncates-long-strings"):
        text = text[:TEXT_CUT]  # a short column in a database that truncates quietly
    if name == NAME and settings.fault("names-cut-short"):
        text = text[:NAME_CUT]  # MySQL without strict mode cuts to the column's width
    return text


def as_stored(fields: Mapping[str, Any], settings: Settings) -> dict[str, Any]:
    """`fields` as a write stores them: each free-text member passed through the faults."""
    text = set(plain_text_members())
    return {
        name: _bent(name, value, settings) if name in text and isinstance(value, str) else value
        for name, value in fields.items()
    }
