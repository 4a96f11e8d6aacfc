"""Run settings: what a run may send, how much, how fast, and where it writes.

The defaults differ for a server on this machine and one elsewhere; they are worked out here
and nowhere else (`Settings.build`).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from contract_tests.wire.errors import RunError
from contract_tests.wire.ledger import DEFAULT_LEDGER

TOKEN_VARIABLES = ("API_TOKEN", "PAPERSPACE_API_KEY")
# A second team's token, to judge isolation: from the environment only, as the first.
SECOND_TOKEN_VARIABLES = ("SECOND_API_TOKEN", "PAPERSPACE_SECOND_API_KEY")
# Every registry a run creates is named NAME_PREFIX + run id + "-" + a counter.
NAME_PREFIX = "contract-test-"


@dataclass(frozen=True)
class Defaults:
    max_examples: int
    rate: float | None  # requests per second
    max_requests: int | None
    max_time: float | None  # seconds
    timeout: float  # seconds per request
    # Seconds after a write in which a read that shows the state before it is read again
    # (replicas and caches lag); each cause that outlasts it costs it once.
    consistency_window: float


# Against a host that is not this machine, runs are small and slow unless told otherwise.
LOCAL = Defaults(
    max_examples=25, rate=None, max_requests=None, max_time=None, timeout=10.0,
    consistency_window=2.0,
)  # fmt: skip
REMOTE = Defaults(
    max_examples=10, rate=2.0, max_requests=1500, max_time=1800.0, timeout=30.0,
    consistency_window=5.0,
)  # fmt: skip
DEFAULTED = ("max_examples", "rate", "max_requests", "max_time", "timeout", "consistency_window")


@dataclass(frozen=True)
class Settings:
    base_url: str
    token: str = field(repr=False)
    second_token: str | None = field(default=None, repr=False)
    allow_writes: bool = False
    max_examples: int = LOCAL.max_examples
    seed: int = 0
    fast: bool = False
    rate: float | None = None
    max_requests: int | None = None
    max_time: float | None = None
    timeout: float = LOCAL.timeout
    consistency_window: float = LOCAL.consistency_window
    fail_fast: bool = False  # stop at the first failed check
    ledger: Path = DEFAULT_LEDGER
    run_id: str = ""
    report: Path | None = None
    report_json: Path | None = None
    checks: tuple[str, ...] = ()  # the names --checks chose; empty: every check

    @classmethod
    def build(cls, base_url: str, token: str, **given: object) -> Settings:
        """Settings from the options given (None: not given), the rest from the defaults."""
        defaults = LOCAL if is_local(base_url) else REMOTE
        chosen = {name: value for name, value in given.items() if value is not None}
        for name in DEFAULTED:
            chosen.setdefault(name, getattr(defaults, name))
        chosen.setdefault("seed", new_seed())
        chosen.setdefault("run_id", new_run_id())
        return cls(base_url=base_url, token=token, **chosen)  # type: ignore[arg-type]

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    @property
    def name_prefix(self) -> str:
        return f"{NAME_PREFIX}{self.run_id}-"


def token_from_environment() -> str:
    token = _from_environment(TOKEN_VARIABLES)
    if token is None:
        raise RunError("no API token: export API_TOKEN (or PAPERSPACE_API_KEY) before running")
    return token


def second_token_from_environment() -> str | None:
    return _from_environment(SECOND_TOKEN_VARIABLES)


def _from_environment(names: tuple[str, ...]) -> str | None:
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def checked_base_url(url: str, *, insecure: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RunError(
            f"--base-url {url!r}: give an http(s) URL such as https://api.paperspace.com/v1"
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname) and not insecure:
        raise RunError(
            f"--base-url {url!r}: plain http to a remote host would send the token in clear; "
            "use https, or --insecure if you really mean it"
        )
    return url.rstrip("/")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local(url: str) -> bool:
    """True for a server on this machine: the suite's defaults are looser for it."""
    return is_loopback(urlsplit(url).hostname or "")


def new_run_id() -> str:
    return secrets.token_hex(4)


def new_seed() -> int:
    return secrets.randbelow(2**31)
