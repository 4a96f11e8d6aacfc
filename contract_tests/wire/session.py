"""The one request layer every request of a run goes through, schemathesis's included.

It enforces the write policy, paces requests, waits out 429s within a bound and retries a
gateway's 502, 503 or 504 to a request that is idempotent (RFC 9110 §9.2.2; a create is never
sent again here: whoever sent it looks for what it made first), writes created ids to the
ledger the moment a create answers, remembers every password it sends, reads at most
MAX_BODY bytes of an answer, and counts requests that got no answer. How each answer was
brought back is the session's `last` delivery.

Connections are kept alive, as HTTP/1.1 intends: this layer never asks for `Connection: close`,
so it never sends on a connection the server was told it may close.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from api_spec.registries import CREATED, ID, WRITE_ONLY
from contract_tests.wire.credentials import Credentials, Team
from contract_tests.wire.delivery import IDEMPOTENT, THROTTLED, TRANSIENT, Delivery
from contract_tests.wire.errors import StoppedAnswering, ThrottledForever
from contract_tests.wire.ledger import Ledger
from contract_tests.wire.pacing import (
    MAX_THROTTLE_RETRIES,
    MAX_TRANSIENT_RETRIES,
    Pacer,
    Throttled,
    backoff_seconds,
    retry_after_seconds,
)
from contract_tests.wire.policy import WritePolicy
from contract_tests.wire.quickack import QuickAckAdapter
from contract_tests.wire.quoting import quoted
from contract_tests.wire.redaction import Secrets
from contract_tests.wire.stopping import Stopper

# Far above any real answer (a page of the largest limit is tens of kilobytes): past this, the
# rest of a body is not read and the answer is a finding of `response_size_bounded`.
MAX_BODY = 4 * 1024 * 1024
# This many requests in a row without an answer, and the server has stopped answering.
MAX_SILENT = 3
# The exceptions of a request that got no answer (a timeout, a refused or dropped connection).
NO_ANSWER = (requests.Timeout, requests.ConnectionError)
# A request's keyword saying its URL goes on the wire exactly as written (percent-encoding and
# all), and the keywords of sending it rather than of preparing it.
EXACT = "exact_url"
SENDING = ("timeout", "allow_redirects", "stream", "verify", "cert", "proxies")


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
    # Creates whose answer never came, or came from a gateway: the server may hold a registry.
    unsure_creates: int = 0
    deleted: set[str] = field(default_factory=set)  # registries of the run a delete answered

    @property
    def stopped_answering(self) -> str:
        return (
            f"the server stopped answering: {MAX_SILENT} requests in a row got no answer "
            f"within {self.timeout:g} s"
        )


class GuardedSession(requests.Session):
    """A session sending one set of credentials, under the run's guards."""

    def __init__(self, guards: Guards, credentials: Credentials) -> None:
        super().__init__()
        self.guards = guards
        self.credentials = credentials
        self.last = Delivery()  # how the last request's answer was brought back
        adapter = QuickAckAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        guards = self.guards
        guards.stopper.checkpoint()
        guards.policy.authorize(method, url, self.credentials)
        # The policy sees only this URL: a redirect (307 keeps the method) could carry a
        # DELETE to a registry this run does not own. The API never redirects.
        kwargs["allow_redirects"] = False
        kwargs["headers"] = self._with_auth(kwargs.get("headers"))
        kwargs["timeout"] = self._timeout()
        kwargs["stream"] = True  # the body is read here, up to MAX_BODY
        if kwargs.get("verify", True) is True:
            kwargs["verify"] = self.verify  # the CA bundle the environment named, if any
        sent = kwargs.get("json")
        if sent is None:
            sent = _json_or_none(kwargs.get("data"))
            # A member named twice: every value it was given is a secret, not the last alone.
            for password in _written_under(kwargs.get("data"), WRITE_ONLY):
                guards.secrets.remember_password(password)
        guards.secrets.remember_body(sent, WRITE_ONLY)
        creating = method.upper() == "POST" and guards.policy.is_collection(url)
        if creating:
            with guards.stopper.hold():
                return self._send(method, url, creating, sent, *args, **kwargs)
        return self._send(method, url, creating, sent, *args, **kwargs)

    def _timeout(self) -> float:
        left = self.guards.stopper.time_left()
        # After a signal, no request may outlast the stop deadline.
        return self.guards.timeout if left is None else max(min(self.guards.timeout, left), 0.1)

    def _send(
        self, method: str, url: str, creating: bool, sent: Any, *args: Any, **kwargs: Any
    ) -> requests.Response:
        guards = self.guards
        if guards.silent >= MAX_SILENT:
            # Hypothesis replays a failing example: against a silent server each replay would
            # wait out another timeout.
            raise StoppedAnswering(guards.stopped_answering)
        self.last = Delivery(sent_at=time.monotonic())
        try:
            response = self._send_until_settled(method, url, *args, **kwargs)
        except NO_ANSWER:
            guards.silent += 1
            guards.unsure_creates += creating
            raise
        guards.silent = 0
        self._note_ownership(method.upper(), url, response, sent)
        return response

    def _with_auth(self, headers: Any) -> dict[str, str]:
        """The session's credentials replace whatever the caller generated (schemathesis does)."""
        merged = {k: v for k, v in dict(headers or {}).items() if k.lower() != "authorization"}
        if self.credentials.token:
            merged["Authorization"] = f"Bearer{self.credentials.gap}{self.credentials.token}"
        return merged

    def _send_until_settled(
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Send until the answer is not a "not now": a 429 is waited out for any method (the
        server did nothing), a 502, 503 or 504 for an idempotent one; each within a bound."""
        pacer = self.guards.pacer
        if pacer.throttled_out is not None and not pacer.cleaning_up:
            # The server already outlasted the retry bound once; waiting again proves nothing.
            raise ThrottledForever("the server never stopped throttling")
        retried: list[int] = []
        waited, throttles, transients = 0.0, 0, 0
        path = urlsplit(url).path
        while True:
            sent_at = time.monotonic()
            response, cut = self._attempt(method, url, *args, **kwargs)
            status = response.status_code
            self.last = Delivery(tuple(retried), waited, cut, sent_at, time.monotonic())
            throttled = status == THROTTLED
            transient = status in TRANSIENT and method.upper() in IDEMPOTENT
            if not (throttled or transient):
                if retried:
                    pacer.settled(method.upper(), path, tuple(retried))
                return response
            if throttled:
                pacer.throttled += 1
                throttles += 1
                if throttles > MAX_THROTTLE_RETRIES:
                    secrets = self.guards.secrets
                    text = secrets.text(response.text)
                    last = quoted(status, response.headers.get, text)
                    shown = secrets.text(path)
                    pacer.throttled_out = Throttled(method.upper(), shown, throttles, waited, last)
                    raise ThrottledForever("the server never stopped throttling")
            else:
                transients += 1
                if transients > MAX_TRANSIENT_RETRIES:
                    return response  # a 5xx that persists: the checks judge it
            header = response.headers.get("Retry-After")
            pause = (
                retry_after_seconds(header) if throttled or header else backoff_seconds(transients)
            )
            retried.append(status)
            waited += pause
            time.sleep(pause)

    def _attempt(
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> tuple[requests.Response, int | None]:
        """One request on the wire, its body read (to MAX_BODY); the size of a body cut."""
        self.guards.pacer.before_request()
        if self.guards.on_request is not None:
            self.guards.on_request()
        if kwargs.pop(EXACT, False):
            response = self._exactly(method, url, **kwargs)
        else:
            response = super().request(method, url, *args, **kwargs)
        return response, _read_capped(response)

    def _exactly(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send with the URL exactly as written: requests would otherwise decode every
        percent-encoded unreserved character, which is the very variant being sent."""
        sending = {k: kwargs.pop(k) for k in SENDING if k in kwargs}
        prepared = self.prepare_request(requests.Request(method, url, **kwargs))
        prepared.url = url
        return self.send(prepared, **sending)

    def _note_ownership(
        self, method: str, url: str, response: requests.Response, sent: Any
    ) -> None:
        """Keep the ledger true to what the server says exists, whatever it should say: a
        create that answered, a delete that answered, and an update that answered for a
        registry deleted before (a server that revives it must not keep it after the run);
        and the policy true to where each registry's URL points, as the run last set it."""
        policy, ledger, deleted = self.guards.policy, self.guards.ledger, self.guards.deleted
        if method == "DELETE" and response.status_code == 404 and self.last.transient:
            # A delete retried after a gateway's 5xx finds the registry gone: the first
            # attempt deleted it (its answer was what the gateway lost).
            registry_id, _ = policy.target(url)
            owner = policy.owner(registry_id) if registry_id is not None else None
            if registry_id is not None and owner is not None and owner is self.credentials.team:
                deleted.add(registry_id)
                ledger.deleted(registry_id, owner)
            return
        if not response.ok:
            return
        if method == "POST" and policy.is_collection(url):
            registry_id = _body_id(response)
            if registry_id is not None:
                team = self.credentials.team or Team.FIRST
                policy.own(team, registry_id)
                policy.pointed(registry_id, sent)
                ledger.created(registry_id, team, _stamp(response))
            return
        registry_id, _ = policy.target(url)
        owner = policy.owner(registry_id) if registry_id is not None else None
        if registry_id is None or owner is None:
            return
        if method == "DELETE" and registry_id not in deleted:
            deleted.add(registry_id)
            ledger.deleted(registry_id, owner)
        elif method == "PUT":
            policy.pointed(registry_id, sent)
            if registry_id in deleted:
                deleted.discard(registry_id)
                ledger.created(registry_id, owner)


def _read_capped(response: requests.Response) -> int | None:
    """Read the body, at most MAX_BODY bytes of it; a longer one is cut, and its size returned
    (None when it was read whole)."""
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            response._content = b"".join(chunks)[:MAX_BODY]
            response.close()  # the rest is never read: the connection is dropped, not reused
            return size
    response._content = b"".join(chunks)
    return None


def _stamp(response: requests.Response) -> str:
    """A registry's creation time as the answer wrote it ("" when it wrote none)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    stamp = body.get(CREATED) if isinstance(body, dict) else None
    return stamp if isinstance(stamp, str) else ""


def _body_id(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    registry_id = body.get(ID) if isinstance(body, dict) else None
    # A non-string id is a schema violation reported elsewhere, but it is still ours to delete.
    return str(registry_id) if registry_id is not None else None


def _written_under(data: Any, members: tuple[str, ...]) -> list[object]:
    """Every value a JSON body gives any of `members`, at any depth, each of a member named
    twice included (a parser keeps one of them, but the client sent both)."""
    found: list[object] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        found.extend(value for key, value in items if key in members)
        return dict(items)

    if isinstance(data, bytes | str):
        with contextlib.suppress(ValueError, RecursionError):
            json.loads(data, object_pairs_hook=pairs)
    return found


def _json_or_none(data: Any) -> Any:
    if isinstance(data, bytes | str):
        try:
            return json.loads(data)
        except (ValueError, RecursionError):
            return None
    return None
