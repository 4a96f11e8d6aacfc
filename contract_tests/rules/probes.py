"""The probes built from principles, beside the near misses (`rules.near_misses`), each family
a table whose every row names the checks that judge it (`docs/checks.md` shows them):

- method semantics (RFC 9110 §9.2): what repeating each method must do;
- identity through every channel: every value the server hands one team, tried with the other
  team's token;
- bodies a parser chokes on: each refused with the error body, never a 5xx and never a hang,
  but where the docs or a standard leave room, and then a 2xx stores what was sent.

The suite sends every row in every run (`suite.test_method_semantics`, `suite.test_isolation`,
`suite.test_hostile_bodies`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract_tests.rules.answers import SERVER_ERROR
from contract_tests.rules.isolation import other_team_cannot_read, teams_lists_disjoint
from contract_tests.rules.pagination import same_page_again
from contract_tests.rules.registry import Check
from contract_tests.rules.requests import (
    answers_every_request,
    invalid_input_refused,
    update_accepted,
    valid_input_accepted,
)
from contract_tests.rules.state import (
    create_makes_a_new_registry,
    create_persists,
    delete_removes,
    safe_methods_safe,
    update_changes_only_what_was_sent,
    update_persists,
)

# Past every common parser's limit: Python's json (about 1,000), Jackson's (1,000), serde's
# (128), Ruby's (100).
DEEP = 10_000
# Past every common limit on a body: nginx's 1 MiB, and most frameworks' few MiB.
HUGE = 4 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    name: str
    sent: str  # what is sent
    rule: str  # what must come back
    checks: tuple[Check[Any], ...]


METHODS = (
    Row("GET twice", "a registry read twice with nothing written between",
        "the same registry, member for member", (safe_methods_safe,)),
    Row("a page read twice", "one page of the list, read again with the same cursor",
        "the same registries in the same order (lag is waited out as for any read)",
        (same_page_again,)),
    Row("POST twice", "the same body, its name and password included, created twice",
        "a second, distinct registry: POST is not idempotent (§9.2.2)",
        (create_makes_a_new_registry,)),
    Row("PUT twice", "the same update sent twice to one registry",
        "the same registry, no member changed; dtModified may move or stay",
        (update_accepted, update_persists, update_changes_only_what_was_sent)),
    Row("DELETE twice", "a registry deleted, then deleted again", "the second is refused",
        (delete_removes,)),
)  # fmt: skip

CHANNELS = (
    Row("an id", "a get and a connection test of the other team's registry by its id",
        "404 (or 403) with an error body, none of its members", (other_team_cannot_read,)),
    Row("a cursor", "the list, with the other team's token, after a cursor issued to the first",
        "a page of its own team's registries only, or 400", (teams_lists_disjoint,)),
    Row("a header naming a resource", "a GET, on the same origin only, of each URL a "
        "`Location`, `Content-Location` or `Link` header named, with the other team's token",
        "404 (or 403), none of its members", (other_team_cannot_read,)),
)  # fmt: skip

REFUSED = (invalid_input_refused, SERVER_ERROR, answers_every_request)
LEEWAY = (valid_input_accepted, create_persists, SERVER_ERROR, answers_every_request)
BODIES = (
    Row("deep nesting", f"a member holding arrays nested {DEEP:,} levels deep",
        "a 4xx with the error body", REFUSED),
    Row("a huge body", f"a create {HUGE // (1024 * 1024)} MiB long (an unknown member)",
        "a 4xx, or a 2xx that stores what was sent", LEEWAY),
    Row("duplicate keys", "a member, and the password, named twice with two values",
        "a 4xx, or a 2xx that stores one of the values sent (RFC 8259 §4)", LEEWAY),
    Row("a big integer", "a string member holding 2**70", "a 4xx with the error body", REFUSED),
    Row("invalid UTF-8", "bytes that are no UTF-8 in a string", "400 with the error body",
        REFUSED),
    Row("a byte-order mark", "a UTF-8 BOM before the JSON",
        "a 4xx, or a 2xx as if it were absent (RFC 8259 §8.1)", LEEWAY),
    Row("a JSON string", 'the body `"text"`', "a 4xx with the error body", REFUSED),
    Row("a JSON number", "the body `42`", "a 4xx with the error body", REFUSED),
    Row("a JSON array", "the body `[]`", "a 4xx with the error body", REFUSED),
    Row("a JSON null", "the body `null`", "a 4xx with the error body", REFUSED),
    Row("U+0000", "a string member holding U+0000",
        "a 4xx, or a 2xx that stores it exactly", LEEWAY),
)  # fmt: skip
