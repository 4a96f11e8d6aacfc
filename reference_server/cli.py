"""The command line: read the options and tokens, listen, announce the URL, serve until a
signal. A bad option or an unusable start ends with one line on stderr and exit status 2."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import NoReturn

from reference_server import preexisting
from reference_server.options import Options
from reference_server.server import Server
from reference_server.store import stores
from reference_server.teams import Teams, unusable_token

PROG = "reference_server"
TOKEN_ENV, SECOND_TOKEN_ENV = "API_TOKEN", "SECOND_API_TOKEN"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line saying what to fix, not a usage dump."""
        self.exit(2, f"{PROG}: {message}\n")


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _every(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return value


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=f"python -m {PROG}",
        description="Serve the container-registries API on http.server: an implementation "
        "written apart from the mock, to cross-check the contract suite.",
    )
    add = p.add_argument
    add("--host", default="127.0.0.1")
    add("--port", type=int, default=8000, help="0 picks a free port")
    add("--base-path", default="/v1", help="path prefix of the API (default /v1)")
    add("--token", help=f"the first team's bearer token (default ${TOKEN_ENV}; required)")
    add("--second-token", help=f"the second team's (default ${SECOND_TOKEN_ENV}, else random)")
    add("--nodelay", action="store_true", help="set TCP_NODELAY on connections")
    add("--stop-answering-after", type=_count, metavar="N",
        help="read but never answer every API request after the Nth")  # fmt: skip
    add("--pad-list-bytes", type=_count, default=0, metavar="N",
        help="append N spaces to every list answer")  # fmt: skip
    add("--test-connection-stub", action="store_true",
        help="test-connection succeeds for any host but one under .invalid")  # fmt: skip
    add("--strict-ids", action="store_true",
        help="400 for an id not in the form this server writes (a lowercase canonical UUID; "
        "with --sequential-ids, a decimal integer without leading zeros)")  # fmt: skip
    _production(p)
    return p


def _production(p: argparse.ArgumentParser) -> None:
    """The options that make the server behave as production APIs often do, correctly."""
    add = p.add_argument
    add("--list-lag", type=_count, default=0, metavar="MS",
        help="lists read a replica MS milliseconds behind, showing the registries as they "
        "were MS ms ago; get, update, delete and test-connection read fresh")  # fmt: skip
    add("--unavailable-every", type=_every, metavar="N",
        help="answer every Nth API request (any under the base path, authenticated or not, "
        "counted from start-up) 503 with Retry-After, as a busy gateway does; the first such "
        "request never reaches the service (nothing happens), the next is handled and its "
        "answer lost (a create may have made the registry), and so on in turn")  # fmt: skip
    add("--retry-after", type=_count, default=1, metavar="S",
        help="the Retry-After those 503s carry, in seconds (default 1)")  # fmt: skip
    add("--sequential-ids", action="store_true",
        help='ids "1", "2"... from one sequence shared by both teams')  # fmt: skip
    add("--preexisting", type=_count, default=0, metavar="N",
        help="start with N registries per team, made in turn, dated a day ago, named "
        "preexisting-<team>-<i>")  # fmt: skip
    add("--close-every", type=_every, metavar="N",
        help="answer a connection's Nth request with Connection: close, and close it")  # fmt: skip
    add("--whole-second-timestamps", action="store_true",
        help="dtCreated and dtModified in whole seconds (truncated)")  # fmt: skip


def _base_path(text: str) -> str:
    inner = text.strip("/")
    return f"/{inner}" if inner else ""


def _options(args: argparse.Namespace) -> Options:
    return Options(
        base_path=_base_path(args.base_path),
        nodelay=args.nodelay,
        stop_answering_after=args.stop_answering_after,
        pad_list_bytes=args.pad_list_bytes,
        test_connection_stub=args.test_connection_stub,
        strict_ids=args.strict_ids,
        list_lag_ms=args.list_lag,
        unavailable_every=args.unavailable_every,
        retry_after=args.retry_after,
        sequential_ids=args.sequential_ids,
        preexisting=args.preexisting,
        close_every=args.close_every,
        whole_second_timestamps=args.whole_second_timestamps,
    )


def _teams(args: argparse.Namespace, options: Options) -> Teams:
    """The two teams, holding their preexisting registries; ValueError says why they cannot
    be made."""
    first = args.token or os.environ.get(TOKEN_ENV) or ""
    if not first:
        raise ValueError(f"no token: pass --token or set {TOKEN_ENV}")
    second = args.second_token or os.environ.get(SECOND_TOKEN_ENV) or unusable_token()
    teams = Teams(first, second, stores(options))
    preexisting.preload(teams.all, options.preexisting)
    return teams


def _stop_on_signals(server: Server) -> None:
    """SIGTERM and SIGINT stop serving. shutdown() waits for the loop this very thread runs,
    so it is called from another."""

    def stop(signum: int, frame: FrameType | None) -> None:
        server.stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    options = _options(args)
    try:
        teams = _teams(args, options)
    except ValueError as error:
        return _fail(str(error))
    try:
        server = Server((args.host, args.port), options, teams)
    except OSError as error:
        hint = "; --port 0 picks a free port" if args.port else ""
        return _fail(f"cannot listen on {args.host}:{args.port}: {error}{hint}")
    _stop_on_signals(server)
    print(f"{PROG}: serving {server.base_url}", flush=True)
    try:
        # A short poll, so a signal's shutdown() lands in milliseconds, not half a second.
        server.serve_forever(poll_interval=0.05)
    finally:
        server.stopping.set()
        server.server_close()
    return 0
