"""Keep-alive without the 40 ms stall: an adapter that asks for a quick ACK before each read.

A server that writes an answer's headers and body in two sends without TCP_NODELAY holds the
body back until the headers are acknowledged (Nagle's algorithm), while a client delays that
acknowledgement (delayed ACK). Linux's TCP_QUICKACK removes the stall from this side, without
touching the HTTP exchange.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class _QuickAck:
    """Ask for a quick ACK before reading each answer (see the module docstring)."""

    def getresponse(self) -> Any:
        sock = getattr(self, "sock", None)
        option = getattr(socket, "TCP_QUICKACK", None)
        if sock is not None and option is not None:
            # Not a TCP socket (a proxy tunnel, a test double): nothing to speed up.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, option, 1)
        return super().getresponse()  # type: ignore[misc]


class _QuickAckHTTPConnection(_QuickAck, HTTPConnection):
    pass


class _QuickAckHTTPSConnection(_QuickAck, HTTPSConnection):
    pass


class _QuickAckHTTPPool(HTTPConnectionPool):
    ConnectionCls = _QuickAckHTTPConnection


class _QuickAckHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _QuickAckHTTPSConnection


class QuickAckAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        pools = self.poolmanager.pool_classes_by_scheme
        quick = {"http": _QuickAckHTTPPool, "https": _QuickAckHTTPSPool}
        self.poolmanager.pool_classes_by_scheme = {**pools, **quick}
