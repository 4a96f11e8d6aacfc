"""Opaque list cursors: the (sort value, id) key of the last item a page showed.

A key, not an offset, so a walk stays exact while others create and delete. A cursor is read
back only as it was issued: it carries a MAC under a key drawn when this module loads (a
cursor a character off could otherwise decode to another key: base64 ends in spare bits), and
since decoding is lenient (padding may be left off), each decoded cursor is encoded again and
compared. So a cursor a little off is refused as one the server never issued.

Two faults put more in a cursor: the team it was issued to (`cursor-crosses-teams`) and the
serial of the server-side iterator it names (`cursor-advances-on-read`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

Key = tuple[int, str]  # (dtCreated, or the sort field's time, in milliseconds; id)


@dataclass(frozen=True)
class Cursor:
    key: Key
    team: int | None = None  # `cursor-crosses-teams`: the team the cursor was issued to
    serial: int | None = None  # `cursor-advances-on-read`: the iterator the cursor names


_CURSOR = re.compile(r"c1(?:;t([0-9]+))?(?:;s([0-9]+))?:(-?[0-9]+):(.+)", re.DOTALL)
_OFFSET = re.compile(r"o1:([0-9]+)")
_KEY = secrets.token_bytes(32)
_MAC_BYTES = 8


def _mac(data: bytes) -> bytes:
    return hmac.new(_KEY, data, hashlib.sha256).digest()[:_MAC_BYTES]


def _text(raw: str) -> str:
    data = raw.encode("utf-8", "surrogatepass")  # a seed's id may hold a lone surrogate
    return base64.urlsafe_b64encode(data + _mac(data)).decode("ascii").rstrip("=")


def _raw(cursor: str) -> str:
    """The text inside a cursor we issued; ValueError for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = base64.urlsafe_b64decode(padded.encode("ascii"))
        payload, mac = data[:-_MAC_BYTES], data[-_MAC_BYTES:]
        if not hmac.compare_digest(mac, _mac(payload)):
            raise ValueError("not a cursor this server issued")
        return payload.decode("utf-8", "surrogatepass")
    except (binascii.Error, UnicodeError) as error:
        raise ValueError("not a cursor") from error


def encode(cursor: Cursor) -> str:
    team = "" if cursor.team is None else f";t{cursor.team}"
    serial = "" if cursor.serial is None else f";s{cursor.serial}"
    return _text(f"c1{team}{serial}:{cursor.key[0]}:{cursor.key[1]}")


def _optional(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


def decode(text: str) -> Cursor:
    """The cursor `text` is; ValueError for anything we did not issue."""
    match = _CURSOR.fullmatch(_raw(text))
    if match is None:
        raise ValueError("not a cursor")
    team, serial, millis, registry_id = match.groups()
    cursor = Cursor((int(millis), registry_id), _optional(team), _optional(serial))
    if encode(cursor) != text:
        raise ValueError("not a cursor as issued")
    return cursor


def encode_offset(offset: int) -> str:
    """A cursor that is really a position (the `cursor-offset` fault)."""
    return _text(f"o1:{offset}")


def decode_offset(text: str) -> int:
    match = _OFFSET.fullmatch(_raw(text))
    if match is None or encode_offset(int(match.group(1))) != text:
        raise ValueError("not a cursor")
    return int(match.group(1))
