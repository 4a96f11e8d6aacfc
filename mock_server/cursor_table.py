"""What a server keeps of its cursors on its own side, for the faults whose bug lives there. A
correct mock keeps nothing: each of its cursors carries its position, and is read back only
exactly as issued.

- `cursor-case-insensitive`: the cursors issued sit in a column compared ignoring case, so a
  cursor in another case reads back as the one issued.
- `cursor-advances-on-read`: a cursor names a server-side iterator (as an Elasticsearch scroll
  id does), and each read moves that iterator on: the first read of a cursor is right, a
  second one gives the page after.
- `cursor-crosses-teams`: a cursor names the team it was issued to.
"""

from __future__ import annotations

import itertools
import threading

from mock_server import cursors
from mock_server.config import Settings
from mock_server.cursors import Cursor, Key


class CursorTable:
    def __init__(self, settings: Settings) -> None:
        self._folded = settings.fault("cursor-case-insensitive")
        self._iterators = settings.fault("cursor-advances-on-read")
        self._teams = settings.fault("cursor-crosses-teams")
        self._lock = threading.Lock()
        self._issued: dict[str, str] = {}  # a cursor's case-folded text -> the cursor
        self._serials = itertools.count(1)
        self._resume: dict[int, Key] = {}  # an iterator's serial -> where its next read starts

    def issue(self, key: Key, team: int | None) -> str:
        """A cursor for the page after `key` of `team`'s walk (None: every team's)."""
        serial = next(self._serials) if self._iterators else None
        text = cursors.encode(Cursor(key, team if self._teams else None, serial))
        if self._folded:
            with self._lock:
                self._issued[text.casefold()] = text
        return text

    def as_issued(self, text: str) -> str:
        """The cursor `text` is taken for: itself, or the one issued equal to it but for
        case."""
        if not self._folded:
            return text
        with self._lock:
            return self._issued.get(text.casefold(), text)

    def team(self, cursor: Cursor) -> int | None:
        """The team whose walk a cursor continues, when the cursor is trusted to say."""
        return cursor.team if self._teams else None

    def start(self, cursor: Cursor) -> Key:
        """The key a read of `cursor` starts after: its own, or where its iterator's previous
        read stopped."""
        if not self._iterators or cursor.serial is None:
            return cursor.key
        with self._lock:
            return self._resume.get(cursor.serial, cursor.key)

    def read(self, cursor: Cursor, last: Key | None) -> None:
        """Move `cursor`'s iterator past a page that ended at `last` (None: an empty page)."""
        if self._iterators and cursor.serial is not None and last is not None:
            with self._lock:
                self._resume[cursor.serial] = last
