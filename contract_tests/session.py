"""The one request layer every request of a run goes through, schemathesis's included.

It enforces the write policy, paces requests, waits out 429s within a bound, writes created ids
to the ledger the moment a create answers, remembers every password it sends, reads at most
MAX_BODY bytes of an answer, and counts requests that got no answer.

Connections are kept alive, as HTTP/1.1 intends: this layer never asks for `Connection: close`,
so it never sends on a connection the server was told it may close.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from api_spec.registries import ID, WRITE_ONLY
from contract_tests.api import operation_for
from contract_tests.ledger import Ledger
from contract_tests.pacing import MAX_THROTTLE_RETRIES, Pacer, retry_after_seconds
from contract_tests.policy import WritePolicy
from contract_tests.redaction import Secrets
from contract_tests.stopping import Stopper
from contract_tests.violations import Finding, RunError, StoppedAnswering

# Far above any real answer (a page of the largest limit is tens of kilobytes): past this, the
# rest of a body is not read and the answer is a finding of `response_size_bounded`.
MAX_BODY = 4 * 1024 * 1024
# This many requests in a row without an answer, and the server has stopped answering.
MAX_SILENT = 3
# Marks a request whose answer was cut at MAX_BODY, for the check that reports it.
BODY_CUT = "contract_body_cut"


class ThrottledForever(RunError):
    """429s outlasted the retry bound; the finding is in the pacer."""


class _QuickAck:
    """Acknowledge the answer's first segment at once (Linux TCP_QUICKACK).

    A server that writes its headers and its body in two sends without TCP_NODELAY holds the
    body back until the headers are acknowledged (Nagle's algorithm), while this side delays
    that acknowledgement (delayed ACK): 40 ms lost on every kept-alive request. Asking for a
    quick ACK before each read removes the stall without touching the HTTP exchange.
    """

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


@dataclass
class Guards:
    """What every session of a run shares."""

    policy: WritePolicy
    pacer: Pacer
    ledger: Ledger
    secrets: Secrets
    stopper: Stopper
    timeout: float
    on_request: Callable[[], None] | None = None  # told of every request sent (progress)
    silent: int = 0  # requests in a row that got no answer
    unsure_creates: int = 0  # creates whose answer never came: the server may hold a registry

    @property
    def stopped_answering(self) -> str:
        return (
            f"the server stopped answering: {MAX_SILENT} requests in a row got no answer "
            f"within {self.timeout:g} s"
        )


class GuardedSession(requests.Session):
    def __init__(self, guards: Guards, token: str | None) -> None:
        super().__init__()
        self.guards = guards
        self.token = token
        adapter = QuickAckAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        guards = self.guards
        guards.stopper.checkpoint()
        guards.policy.authorize(method, url)
        # The policy sees only this URL: a redirect (307 keeps the method) could carry a
        # DELETE to a registry this run does not own. The API never redirects.
        kwargs["allow_redirects"] = False
        kwargs["headers"] = self._with_auth(kwargs.get("headers"))
        kwargs["timeout"] = self._timeout()
        kwargs["stream"] = True  # the body is read here, up to MAX_BODY
        guards.secrets.remember_body(kwargs.get("json"), WRITE_ONLY)
        guards.secrets.remember_body(_json_or_none(kwargs.get("data")), WRITE_ONLY)
        creating = method.upper() == "POST" and guards.policy.is_collection(url)
        if creating:
            with guards.stopper.hold():
                return self._send(method, url, creating, *args, **kwargs)
        return self._send(method, url, creating, *args, **kwargs)

    def _timeout(self) -> float:
        left = self.guards.stopper.time_left()
        # After a signal, no request may outlast the stop deadline.
        return self.guards.timeout if left is None else max(min(self.guards.timeout, left), 0.1)

    def _send(
        self, method: str, url: str, creating: bool, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if self.guards.silent >= MAX_SILENT:
            # Hypothesis replays a failing example: against a silent server each replay would
            # wait out another timeout.
            raise StoppedAnswering(self.guards.stopped_answering)
        try:
            response = self.send_until_not_throttled(method, url, *args, **kwargs)
        except (requests.Timeout, requests.ConnectionError):
            self.no_answer(creating)
            raise
        self.guards.silent = 0
        _read_capped(response)
        self._note_ownership(method.upper(), url, response)
        return response

    def no_answer(self, creating: bool) -> None:
        guards = self.guards
        guards.silent += 1
        if creating:
            guards.unsure_creates += 1
        if guards.silent >= MAX_SILENT:
            raise StoppedAnswering(guards.stopped_answering)

    def _with_auth(self, headers: Any) -> dict[str, str]:
        """The session's credentials replace whatever the caller generated (schemathesis does)."""
        merged = {k: v for k, v in dict(headers or {}).items() if k.lower() != "authorization"}
        if self.token:
            merged["Authorization"] = f"Bearer {self.token}"
        return merged

    def send_until_not_throttled(
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        pacer = self.guards.pacer
        if pacer.throttled_out is not None and not pacer.cleaning_up:
            # The server already outlasted the retry bound once; waiting again proves nothing.
            raise ThrottledForever(pacer.throttled_out.received)
        waited = 0.0
        operation = operation_for(method, url)
        for attempt in range(MAX_THROTTLE_RETRIES + 1):
            pacer.before_request()
            if self.guards.on_request is not None:
                self.guards.on_request()
            response = super().request(method, url, *args, **kwargs)
            if response.status_code != 429:
                if attempt:
                    pacer.recovered.add(operation)
                return response
            _read_capped(response)  # read, so the kept-alive connection can carry the retry
            pacer.throttled += 1
            if attempt == MAX_THROTTLE_RETRIES:
                break  # no retry follows: waiting would only delay the verdict
            pause = retry_after_seconds(response.headers.get("Retry-After"))
            waited += pause
            time.sleep(pause)
        pacer.throttled_out = Finding(
            check="throttling_recovers",
            operation=operation,
            cause="the server never stopped throttling",
            expected=f"429 to stop within {MAX_THROTTLE_RETRIES} retries honouring Retry-After",
            received=(
                f"429 on all {MAX_THROTTLE_RETRIES + 1} attempts over {waited:.1f} s "
                f"({method.upper()} {self.guards.secrets.text(url)})"
            ),
        )
        raise ThrottledForever(pacer.throttled_out.received)

    def _note_ownership(self, method: str, url: str, response: requests.Response) -> None:
        if not response.ok:
            return
        policy, ledger = self.guards.policy, self.guards.ledger
        if method == "POST" and policy.is_collection(url):
            registry_id = _body_id(response)
            if registry_id is not None:
                policy.owned.add(registry_id)
                ledger.created(registry_id)
        elif method == "DELETE":
            registry_id, _ = policy.target(url)
            if registry_id is not None and registry_id in policy.owned:
                ledger.deleted(registry_id)


def _read_capped(response: requests.Response) -> None:
    """Read the body, at most MAX_BODY bytes of it; a longer one is cut and its request marked."""
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            response._content = b"".join(chunks)[:MAX_BODY]
            setattr(response.request, BODY_CUT, size)
            response.close()  # the rest is never read: the connection is dropped, not reused
            return
    response._content = b"".join(chunks)


def _body_id(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    registry_id = body.get(ID) if isinstance(body, dict) else None
    # A non-string id is a schema violation reported elsewhere, but it is still ours to delete.
    return str(registry_id) if registry_id is not None else None


def _json_or_none(data: Any) -> Any:
    if isinstance(data, bytes | str):
        try:
            return json.loads(data)
        except ValueError:
            return None
    return None
