"""Opaque list cursors: the (dtCreated, id) key of the last item a page showed.

A key, not an offset, so a walk stays exact while others create and delete.
"""

from __future__ import annotations

import base64
import binascii

Key = tuple[int, str]  # (dtCreated in milliseconds, id)

_PREFIX = "c1:"


def encode(key: Key) -> str:
    raw = f"{_PREFIX}{key[0]}:{key[1]}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: str) -> Key:
    """The key a cursor of ours carries; ValueError for anything we did not issue."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError) as error:
        raise ValueError("not a cursor") from error
    if not text.startswith(_PREFIX):
        raise ValueError("not a cursor")
    millis, sep, registry_id = text[len(_PREFIX) :].partition(":")
    if not sep or not registry_id or not millis.lstrip("-").isdigit():
        raise ValueError("not a cursor")
    return int(millis), registry_id


_OFFSET_PREFIX = "o1:"


def encode_offset(offset: int) -> str:
    """A cursor that is really a position (the `cursor-offset` fault)."""
    return (
        base64.urlsafe_b64encode(f"{_OFFSET_PREFIX}{offset}".encode()).decode("ascii").rstrip("=")
    )


def decode_offset(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(
            (cursor + "=" * (-len(cursor) % 4)).encode("ascii")
        ).decode()
    except (binascii.Error, UnicodeError) as error:
        raise ValueError("not a cursor") from error
    if not text.startswith(_OFFSET_PREFIX) or not text[len(_OFFSET_PREFIX) :].isdigit():
        raise ValueError("not a cursor")
    return int(text[len(_OFFSET_PREFIX) :])
