"""Reading a request's body off the connection, however it is framed (RFC 9112 §6).

A body is read to its end even when it is refused, so the next request on a kept-alive
connection starts where it should; only a body too large to drain, or framed so that its end
cannot be found, closes the connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from io import BufferedIOBase

from reference_server.errors import ApiError, BadRequest, PayloadTooLarge

MAX_BODY_BYTES = 64 * 1024
# A refused body is still read and dropped up to this much; past it the connection is closed.
DRAIN_LIMIT = 16 * 1024 * 1024
READ_SIZE = 64 * 1024
_HEX = re.compile(rb"[0-9A-Fa-f]+")


@dataclass(frozen=True)
class Body:
    data: bytes = b""
    rejection: ApiError | None = None  # the answer instead of the operation's
    close: bool = False  # whether the connection can carry no further request


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge(f"The request body is over {MAX_BODY_BYTES} bytes")


def read_body(headers: Message, rfile: BufferedIOBase) -> Body:
    if "chunked" in headers.get("Transfer-Encoding", "").lower():
        # Both framings at once: the chunks win, and the connection closes after (§6.3).
        return _chunked(rfile, close=headers.get("Content-Length") is not None)
    declared = headers.get("Content-Length")
    if declared is None:
        return Body()
    if not declared.strip().isdigit():
        return Body(rejection=BadRequest("Content-Length is not a number"), close=True)
    length = int(declared)
    if length <= MAX_BODY_BYTES:
        return Body(rfile.read(length))
    _drop(rfile, min(length, DRAIN_LIMIT))
    return Body(rejection=too_large(), close=length > DRAIN_LIMIT)


def _drop(rfile: BufferedIOBase, count: int) -> None:
    while count > 0:
        chunk = rfile.read(min(count, READ_SIZE))
        if not chunk:
            return
        count -= len(chunk)


def _chunked(rfile: BufferedIOBase, *, close: bool) -> Body:
    """Chunks up to the last, their extensions and the trailer fields dropped (§7.1)."""
    kept: list[bytes] = []
    total = 0
    while True:
        size_line = rfile.readline(1024).split(b";", 1)[0].strip()
        if _HEX.fullmatch(size_line) is None:  # int(..., 16) would take "-1" or "0x1"
            return Body(rejection=BadRequest("Malformed chunked body"), close=True)
        size = int(size_line, 16)
        if size == 0:
            break
        total += size
        if total > DRAIN_LIMIT:
            return Body(rejection=too_large(), close=True)
        data = rfile.read(size)
        rfile.readline(8)  # the CRLF that ends the chunk
        if total <= MAX_BODY_BYTES:
            kept.append(data)
    while rfile.readline(8192) not in (b"\r\n", b"\n", b""):
        pass  # a trailer field
    if total > MAX_BODY_BYTES:
        return Body(rejection=too_large(), close=close)
    return Body(b"".join(kept), close=close)
