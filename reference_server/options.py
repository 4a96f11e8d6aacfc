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
