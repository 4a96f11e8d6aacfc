"""What the command line chose, read by the rest of the server."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    base_path: str = "/v1"  # "" or "/..." without a trailing slash
    nodelay: bool = False  # TCP_NODELAY on accepted connections
    # Two misbehaviours, for the tests of a client's manners.
    stop_answering_after: int | None = None
    pad_list_bytes: int = 0
    # Two behaviours that differ from the mock's and stay within the docs.
    test_connection_stub: bool = False
    strict_ids: bool = False
    # Behaviours of production APIs, correct all the same; each off by default.
    list_lag_ms: int = 0  # lists read a replica this many milliseconds behind
    unavailable_every: int | None = None  # every Nth API request answered 503
    retry_after: int = 1  # the seconds those 503s ask for
    sequential_ids: bool = False  # ids "1", "2"... from one sequence for both teams
    preexisting: int = 0  # registries each team holds from the start
    close_every: int | None = None  # a connection closed after its Nth request
    whole_second_timestamps: bool = False
