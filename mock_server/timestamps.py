"""Timestamps: integer milliseconds inside, ISO 8601 text outside."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from mock_server.config import TimestampStyle

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def format_ms(ms: int, style: TimestampStyle = "millis") -> str:
    """`2026-11-27T10:00:00.123Z` (the API's style) or `2026-11-27T10:00:00+00:00`."""
    seconds, millis = divmod(ms, 1000)
    text = (_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{millis:03d}Z" if style == "millis" else f"{text}+00:00"


def parse_ms(text: str) -> int:
    """Milliseconds since the epoch of an ISO 8601 timestamp with a zone; ValueError if not."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return (moment - _EPOCH) // _MILLISECOND
