"""What the server has seen: the connections it accepted and the requests each carried (shown
at `/_stdlib/connections`, so a test sees keep-alive from the server's side), and the count of
API requests that `--stop-answering-after` and `--unavailable-every` go by."""

from __future__ import annotations

import itertools
import threading
from typing import Any


class Traffic:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._peers: list[str] = []
        self._requests: list[int] = []  # per connection, in the order they were accepted
        # next() on an itertools.count is one C call, atomic under the GIL: no lock needed.
        self._api_requests = itertools.count(1)

    def opened(self, peer: tuple[Any, ...]) -> int:
        """Record a new connection; its number, for `served`."""
        with self._lock:
            self._peers.append(f"{peer[0]}:{peer[1]}")
            self._requests.append(0)
            return len(self._peers) - 1

    def served(self, connection: int) -> int:
        """Count one more request on a connection; how many it has carried."""
        with self._lock:
            self._requests[connection] += 1
            return self._requests[connection]

    def count_api_request(self) -> int:
        """Count one more API request; how many there have been since start-up."""
        return next(self._api_requests)

    def connections(self) -> dict[str, Any]:
        with self._lock:
            pairs = zip(self._peers, self._requests, strict=True)
            return {"connections": [{"peer": p, "requests": n} for p, n in pairs]}
