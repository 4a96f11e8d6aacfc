from __future__ import annotations

from collections.abc import Iterator

import pytest

from .support import Api, api_of


@pytest.fixture
def api() -> Iterator[Api]:
    """A fresh server with TCP_NODELAY: its default two writes stall each kept-alive request
    about 40 ms on the client's delayed ACK, which the HTTP tests keep and these skip."""
    with api_of("--nodelay") as running:
        yield running
