"""Bodies a parser chokes on, every row of `rules.probes.BODIES` in every run, as a create and
(but the huge one) as an update of a registry the run holds: each written on the wire as its
bytes, with what it means for the model (a body that breaks the schema, one that is not JSON,
or a valid one a server may refuse, with its reason)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from api_spec.registries import CREATE, UPDATE, WRITE_ONLY
from contract_tests.engine.client import Client
from contract_tests.rules.exchange import Asked
from contract_tests.rules.probes import DEEP, HUGE
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.marks import sends, to, writes

pytestmark = [writes, sends(to(CREATE, UPDATE, asked=(Asked.INVALID, Asked.MALFORMED,
                                                      Asked.ALLOWED)))]  # fmt: skip
BOM = b"\xef\xbb\xbf"
MEMBER = "namespace"  # a string member the probes bend


@dataclass(frozen=True)
class Hostile:
    """A body as sent (`encoded`, or `raw` when it is no JSON) and what it means (`body`)."""

    name: str
    body: Any
    encoded: bytes | None = None
    raw: bytes | None = None
    leeway: str = ""
    alternatives: dict[str, tuple[Any, ...]] = field(default_factory=dict)


def _text(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False)


NAMES = ("deep nesting", "duplicate keys", "a big integer", "invalid UTF-8", "a byte-order mark",
         "a JSON string", "a JSON number", "a JSON array", "a JSON null", "U+0000")  # fmt: skip


def hostile(base: dict[str, Any], marker: Marker) -> dict[str, Hostile]:
    """Each hostile body, built on `base` (a valid body of the run's own)."""
    deep = _text({**base, MEMBER: "@"}).replace('"@"', "[" * DEEP + "]" * DEEP)
    twice = [marker.password(), marker.password()]
    duplicate = _text({**base, MEMBER: "first", "password": twice[0]})[:-1] + (
        f', "{MEMBER}": "second", "password": "{twice[1]}"}}'
    )
    nul = {**base, MEMBER: "before\u0000after"}
    made = [
        Hostile("deep nesting", {**base, MEMBER: []}, encoded=deep.encode()),
        Hostile("duplicate keys", {**base, MEMBER: "second", "password": twice[1]},
                encoded=duplicate.encode(), leeway="RFC 8259 §4 lets a parser refuse a name "
                "that is not unique", alternatives={MEMBER: ("first",)}),
        Hostile("a big integer", {**base, MEMBER: 2**70}),
        Hostile("invalid UTF-8", None, raw=_text(base)[:-1].encode() + b', "x": "\xff\xfe"}'),
        Hostile("a byte-order mark", base, encoded=BOM + _text(base).encode(),
                leeway="RFC 8259 §8.1 lets a parser refuse a byte-order mark"),
        Hostile("a JSON string", "text"),
        Hostile("a JSON number", 42),
        Hostile("a JSON array", []),
        Hostile("a JSON null", None, encoded=b"null"),
        Hostile("U+0000", nul, leeway="a server may refuse a string holding U+0000"),
    ]  # fmt: skip
    return {item.name: item for item in made}


def send(client: Client, operation: Any, item: Hostile, registry: str | None = None) -> None:
    written: dict[str, Any] = {"leeway": item.leeway, "alternatives": item.alternatives}
    if item.encoded is not None:
        written["encoded"] = item.encoded
    client.request(operation, registry_id=registry, body=item.body, raw=item.raw, **written)


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_body_is_refused_or_kept_as_sent(
    name: str, client: Client, marker: Marker, population: list[str], run_settings: Settings
) -> None:
    base = marker.owned(plain_body(run_settings.run_id, "hostile"))
    send(client, CREATE, hostile(base, marker)[name])
    if population:
        changes = {k: v for k, v in base.items() if k not in WRITE_ONLY and k != "name"}
        send(client, UPDATE, hostile(changes, marker)[name], population[0])


def test_a_huge_body_is_refused_or_kept_as_sent(
    client: Client, marker: Marker, run_settings: Settings
) -> None:
    base = marker.owned(plain_body(run_settings.run_id, "huge"))
    body = {**base, "padding": "x" * HUGE}
    client.request(CREATE, body=body, leeway="a body over the server's size limit",
                   encoded=_text(body).encode())  # fmt: skip
