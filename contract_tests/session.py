"""The one request layer every request of a run goes through, schemathesis's included.

It enforces the write policy, paces requests, waits out 429s within a bound, writes created ids
to the ledger the moment a create answers, and teaches the redactor every password it sends.
"""

from __future__ import annotations

import json
import time
from typing import Any

import requests

from contract_tests.ledger import Ledger
from contract_tests.pacing import MAX_THROTTLE_RETRIES, Pacer, retry_after_seconds
from contract_tests.policy import WritePolicy
from contract_tests.redaction import Redactor, curl_command
from contract_tests.violations import Finding, ThrottledForever


class GuardedSession(requests.Session):
    def __init__(
        self,
        policy: WritePolicy,
        pacer: Pacer,
        ledger: Ledger,
        redactor: Redactor,
        token: str | None,
        fresh_connections: bool = False,
    ) -> None:
        super().__init__()
        self.policy = policy
        self.pacer = pacer
        self.ledger = ledger
        self.redactor = redactor
        self.token = token
        self.fresh_connections = fresh_connections
        # The last answer, as requests gives it: checks read it whatever the caller got back.
        self.last_response: requests.Response | None = None

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        self.policy.authorize(method, url)
        # The policy sees only this URL: a redirect (307 keeps the method) could carry a
        # DELETE to a registry this run does not own. The API never redirects.
        kwargs["allow_redirects"] = False
        kwargs["headers"] = self._with_auth(kwargs.get("headers"))
        self.redactor.remember_body(kwargs.get("json"))
        self.redactor.remember_body(_json_or_none(kwargs.get("data")))
        response = self._send_until_not_throttled(method, url, *args, **kwargs)
        self._note_ownership(method.upper(), url, response)
        self.last_response = response
        return response

    def _with_auth(self, headers: Any) -> dict[str, str]:
        """The session's credentials replace whatever the caller generated (schemathesis does)."""
        merged = {k: v for k, v in dict(headers or {}).items() if k.lower() != "authorization"}
        if self.token:
            merged["Authorization"] = f"Bearer {self.token}"
        if self.fresh_connections:
            # On loopback a new connection costs ~1 ms, while a kept-alive one stalls 40 ms per
            # request on a server that writes a response in pieces without TCP_NODELAY (Nagle
            # meets delayed ACK). The bundled mock sets it; other local servers may not, and
            # sessions are opened per test, so closing leaves no idle sockets behind either.
            merged["Connection"] = "close"
        return merged

    def _send_until_not_throttled(
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if self.pacer.throttled_out is not None and not self.pacer.cleaning_up:
            # The server already outlasted the retry bound once; waiting again proves nothing.
            raise ThrottledForever(self.pacer.throttled_out)
        waited = 0.0
        for attempt in range(MAX_THROTTLE_RETRIES + 1):
            self.pacer.before_request()
            response = super().request(method, url, *args, **kwargs)
            if response.status_code != 429:
                return response
            self.pacer.throttled += 1
            if attempt == MAX_THROTTLE_RETRIES:
                break  # no retry follows: waiting would only delay the verdict
            pause = retry_after_seconds(response.headers.get("Retry-After"))
            waited += pause
            time.sleep(pause)
        self.pacer.throttled_out = Finding(
            check="throttling_recovers",
            operation=f"{method.upper()} {self.redactor.text(url)}",
            expected=(f"429 to stop within {MAX_THROTTLE_RETRIES} retries honouring Retry-After"),
            received=(
                f"the server never stopped throttling: 429 on all "
                f"{MAX_THROTTLE_RETRIES + 1} attempts over {waited:.1f}s"
            ),
            curl=self.curl(response.request),
        )
        raise ThrottledForever(self.pacer.throttled_out)

    def _note_ownership(self, method: str, url: str, response: requests.Response) -> None:
        if not response.ok:
            return
        if method == "POST" and self.policy.is_collection(url):
            registry_id = _body_id(response)
            if registry_id is not None:
                self.policy.owned.add(registry_id)
                self.ledger.created(registry_id)
        elif method == "DELETE":
            registry_id, _ = self.policy.target(url)
            if registry_id is not None and registry_id in self.policy.owned:
                self.ledger.deleted(registry_id)

    def curl(self, request: requests.PreparedRequest | None) -> str:
        if request is None:
            return ""
        body = request.body.encode() if isinstance(request.body, str) else request.body
        return curl_command(
            self.redactor,
            str(request.method),
            str(request.url),
            {str(k): str(v) for k, v in request.headers.items()},
            body if isinstance(body, bytes) else None,
        )


def _body_id(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    registry_id = body.get("id") if isinstance(body, dict) else None
    # A non-string id is a schema violation reported elsewhere, but it is still ours to delete.
    return str(registry_id) if registry_id is not None else None


def _json_or_none(data: Any) -> Any:
    if isinstance(data, bytes | str):
        try:
            return json.loads(data)
        except ValueError:
            return None
    return None
