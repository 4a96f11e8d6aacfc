"""The command line: parse options, load the seed, bind, announce, serve."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import uvicorn

from api_spec.registries import LIMIT
from mock_server import seed
from mock_server.app import build_app
from mock_server.config import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_LIMIT,
    DEFAULT_MAX_BODY_BYTES,
    Settings,
)
from mock_server.faults import BY_NAME, catalogue_lines, closest
from mock_server.store import Store
from mock_server.teams import TeamsError, teams

# Seconds a stopping mock waits for the requests in flight. Without a bound, one request held
# on purpose (the `hang-on-malformed-json` fault) would keep it alive after SIGTERM forever.
SHUTDOWN_GRACE = 1


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def _page_size(text: str) -> int:
    try:
        return int(LIMIT.parse(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text}: a page size {error}") from None


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds in (0, 600]")
    return value


def _token(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("a token cannot be empty")
    return text


def _fault(text: str) -> str:
    if text not in BY_NAME:
        guess = closest(text)
        hint = f"did you mean {guess}? " if guess else ""
        raise argparse.ArgumentTypeError(f"no fault {text!r}; {hint}--list-faults lists them")
    return text


class OneLineParser(argparse.ArgumentParser):
    """A bad option ends with one line saying what to fix and exit 2, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"mock_server: {message}\n")


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(
        prog="python -m mock_server",
        description="Serve a stateful mock of the Paperspace container-registries API.",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    p.add_argument("--base-path", default="/v1", help="path prefix of the API (default /v1)")
    p.add_argument("--token", help="the first team's bearer token "
                   "(default: $API_TOKEN, else a development one)")  # fmt: skip
    p.add_argument("--team-token", type=_token, action="append", default=[], metavar="TOKEN",
                   help="a further team's bearer token; repeatable (default: one further team, "
                   "$SECOND_API_TOKEN, else a development one)")  # fmt: skip
    p.add_argument("--seed-file", type=Path, help="JSON list of registries to start with")
    p.add_argument("--fault", type=_fault, action="append", default=[], help="plant a bug")
    p.add_argument("--list-faults", action="store_true", help="print the faults and exit")
    p.add_argument("--connect-allow", action="append", default=[], metavar="HOST",
                   help="a host test-connection may contact besides loopback")  # fmt: skip
    p.add_argument("--connect-timeout", type=_seconds, default=DEFAULT_CONNECT_TIMEOUT)
    p.add_argument("--default-limit", type=_page_size, default=DEFAULT_LIMIT)
    p.add_argument("--timestamp-style", choices=["millis", "seconds-offset"], default="millis")
    p.add_argument("--error-extras", action="store_true", help="add `issues` to error bodies")
    p.add_argument("--throttle-every", type=_positive_int, default=0, metavar="N")
    p.add_argument("--retry-after", type=_positive_int, default=1, metavar="SECONDS")
    p.add_argument("--max-body-bytes", type=_positive_int, default=DEFAULT_MAX_BODY_BYTES)
    return p


def settings_from(args: argparse.Namespace, tokens: Sequence[str]) -> Settings:
    return Settings(
        token=tokens[0],
        team_tokens=tuple(tokens[1:]),
        base_path="/" + args.base_path.strip("/") if args.base_path.strip("/") else "",
        faults=frozenset(args.fault),
        connect_allow=frozenset(host.lower().rstrip(".") for host in args.connect_allow),
        connect_timeout=args.connect_timeout,
        default_limit=args.default_limit,
        timestamp_style=args.timestamp_style,
        error_extras=args.error_extras,
        throttle_every=args.throttle_every,
        retry_after=args.retry_after,
        max_body_bytes=args.max_body_bytes,
    )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit TCP_NODELAY on Linux. Without it, h11 writes
    # headers and body separately and Nagle's algorithm meets the client's
    # delayed ACK: every kept-alive request stalls 40 ms on loopback.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _url(sock: socket.socket, base_path: str) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{base_path}"


def planting_lines(faults: Sequence[str]) -> list[str]:
    """`mock_server: planting fault NAME: description`, one line per fault, in the order given
    (a fault named twice once), so a log says which bugs the mock serves."""
    return [
        f"mock_server: planting fault {name}: {BY_NAME[name].description}"
        for name in dict.fromkeys(faults)
    ]


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    if args.list_faults:
        print("\n".join(catalogue_lines()))
        return 0
    try:
        served = teams(args.token, args.team_token, os.environ)
        registries = seed.load(args.seed_file) if args.seed_file else []
        sock = _bind(args.host, args.port)
    except (TeamsError, seed.SeedError) as error:
        print(f"mock_server: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        hint = "; --port 0 picks a free port" if args.port else ""
        print(
            f"mock_server: cannot listen on {args.host}:{args.port}: {error}{hint}", file=sys.stderr
        )
        return 2
    if served.notice:
        print(served.notice, flush=True)
    settings = settings_from(args, served.tokens)
    app = build_app(settings, Store(seed.at_start_up(registries, settings)))
    for line in planting_lines(args.fault):
        print(line)
    print(f"mock_server: serving {_url(sock, settings.base_path)}", flush=True)
    # No websockets: the API has none, and loading their protocol slows every start.
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off", ws="none",
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )  # fmt: skip
    uvicorn.Server(config).run(sockets=[sock])
    return 0
