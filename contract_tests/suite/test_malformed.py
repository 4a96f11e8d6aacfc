"""A body that is not JSON is refused with 400 and an error body, never a 5xx, and answered."""

from __future__ import annotations

from api_spec.registries import CREATE
from contract_tests.engine.client import Client
from contract_tests.rules.exchange import Asked
from contract_tests.suite.marks import sends, to, writes

pytestmark = [writes, sends(to(CREATE, asked=(Asked.MALFORMED,)))]


def test_malformed_json_refused(client: Client) -> None:
    client.request(CREATE, raw=b'{"name": ')
