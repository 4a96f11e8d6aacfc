"""Registry ids: random UUIDs (version 4), and whether a string is in that format at all."""

from __future__ import annotations

import re
import uuid

# 8-4-4-4-12 lowercase hex digits: the form `str(uuid.UUID(...))` writes.
_CANONICAL = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def new_id() -> str:
    return str(uuid.uuid4())


def is_well_formed(text: str) -> bool:
    """Whether `text` is a UUID written as this server writes its ids (`--strict-ids`
    answers 400 for any other string). Any version counts: a well-formed id this server
    did not issue is simply not found."""
    return _CANONICAL.fullmatch(text) is not None
