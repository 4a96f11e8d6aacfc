"""The times this server writes: when a registry is created or modified, and how the API shows
them (RFC 3339, UTC, a `+00:00` offset).

By default with microseconds, and every update moves dtModified on by at least one. With
`--whole-second-timestamps` the clock counts whole seconds, as a server whose clock or column
does: times are truncated, so two writes within one second may show the same dtModified, and
the truncated value is the one kept, so the list's order and cursors agree with what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Clock:
    whole_seconds: bool = False

    def now(self) -> datetime:
        moment = datetime.now(UTC)
        return moment.replace(microsecond=0) if self.whole_seconds else moment

    def after(self, previous: datetime) -> datetime:
        """The time of a write that follows one at `previous`: now, never before it, and with
        microseconds strictly after it (a wall clock may step back)."""
        floor = previous if self.whole_seconds else previous + TICK
        return max(self.now(), floor)

    def text(self, moment: datetime) -> str:
        """`...T10:00:00.123456+00:00`, or `...T10:00:00+00:00` in whole seconds."""
        spec = "seconds" if self.whole_seconds else "microseconds"
        return moment.astimezone(UTC).isoformat(timespec=spec)
