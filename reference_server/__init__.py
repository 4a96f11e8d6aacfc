"""The reference server: a second, independent implementation of the container-registries API,
on the standard library's `http.server`.

What it is for: the contract suite's verdicts must not be artefacts of our one mock. This
server is written apart from the mock: it imports nothing of `mock_server`, and reads the spec
through `api_spec` as a reader only (names, types, enums, bounds, provider host patterns),
checking requests with its own code (`validation`, `providers`), so a check that passes here
and on the mock passes because the API says so. `tests/reference_server/test_independence.py`
holds it to that. Benchmarks use it too (see `wire` on its two-send answers).

Where it differs from the mock, always within what HTTP, ISO 8601 and the docs allow:

- ids are UUID4 strings; timestamps are ISO 8601 UTC with microseconds and a `+00:00` offset;
- lists are ordered by dtCreated, ties broken by id (a shorter id first, so decimal ids go in
  numeric order);
- cursors are random tokens kept in memory per team, each standing for the (dtCreated, id) of
  the last item of the page that issued it (keyset, so a walk stays exact while others write);
  any other string, the empty one and another team's cursor included, is refused with 400;
- a list that names no `limit` gets pages of 10;
- error bodies always carry `issues` (as the live API's validation errors do), and a wrong
  token's 401 says `error="invalid_token"` (RFC 6750);
- JSON is sent as UTF-8 with `; charset=utf-8`, not ASCII-escaped;
- test-connection never touches the network: every registry answers `success: false`, with
  an error naming the host and never a credential;
- two teams, each with its own token and registries (`teams`).

Two behaviours, off by default, differ further and stay correct: `--test-connection-stub`
(success for any host but one under `.invalid`) and `--strict-ids` (400 for an id not in the
form this server writes: a lowercase canonical UUID, or with `--sequential-ids` a decimal
integer without leading zeros). Two misbehaviours, off by default, let tests check a client's
manners: `--stop-answering-after N` reads every API request after the Nth and never answers
it, and `--pad-list-bytes N` appends N spaces to every list answer.

Six more, off by default, behave as production APIs often do and stay correct, so a contract
suite must pass against each:

- `--list-lag MS`: a list (GET on the collection) reads a replica MS ms behind the primary,
  showing the registries as they were MS ms ago (one created since absent, one deleted since
  still there, one updated since as it was); get, update, delete and test-connection read the
  primary. Cursors stay keyset cursors, paging through the lagged view (`replica`).
- `--unavailable-every N`: a busy gateway answers every Nth API request (any under the base
  path, authenticated or not, counted in arrival order since start-up; not the inspection
  path) `503` with `Retry-After: 1` and a JSON `SERVICE_UNAVAILABLE` error. The first such
  request never reaches the service (nothing happens); the next is handled in full and its
  answer lost (a create answered 503 may have made the registry); and so on in turn (`gateway`).
- `--sequential-ids`: ids are "1", "2"... from one sequence shared by both teams, as one
  table's autoincrement key gives; each team still sees only its own (`ids`).
- `--preexisting N`: each team starts with N registries, made in turn (first team, second,
  first...), dated a day back, named `preexisting-<team>-<i>`: a user's own registries, which
  a test run must leave alone (`preexisting`).
- `--close-every N`: a connection's Nth request (any request on it) is answered with
  `Connection: close`, and the connection closed, as proxies recycle kept-alive connections.
- `--whole-second-timestamps`: dtCreated and dtModified are truncated to whole seconds
  (`...T10:00:00+00:00`); two writes within a second may share a dtModified, and the list's
  order is by the truncated dtCreated, ties by id (`clock`).

Bodies are read strictly (`codec`): UTF-8 JSON without a byte-order mark, nested at most 32
deep, else a 400 PARSE_ERROR; a name given twice keeps its last value; strings are kept exactly
as sent, NUL and lone surrogates included; a body over 64 KiB is a 413.

Run it as `python -m reference_server [--port 0] [--token T] [--second-token T]`; once
listening it prints `reference_server: serving <base URL>`.

The package, one concept per module:

- `cli`: the command line and start-up; `options`: what it chose.
- `server`: the listening server and what its handlers share.
- `wire`: HTTP/1.1 on http.server (keep-alive, two-send answers, JSON for every refusal);
  `framing`: reading a body, Content-Length or chunked, drained when refused.
- `routes`: which operation a method and path reach.
- `teams`: the two teams and bearer authentication.
- `operations`: the six operations; `connectivity`: test-connection's answer.
- `validation`: the bodies and the list's query against the spec; `providers`: URL hosts
  and the provider rules.
- `gateway`: the busy gateway of `--unavailable-every`.
- `store`: one team's registries and cursors; `view`: one state of them, sorted for paging;
  `replica`: the lagging view lists read with `--list-lag`; `preexisting`: the registries
  teams start with; `resource`: a registry, kept and shown; `ids`: where ids come from and
  their form; `clock`: the times written; `codec`: JSON in and out; `traffic`: connections
  and API requests seen.
- `errors`: the refusals, as exceptions:

    ApiError (status, code, message, details, headers)
     ├── BadRequest           400 BAD_REQUEST
     │    └── ParseError      400 PARSE_ERROR
     ├── Unauthorized         401 UNAUTHORIZED
     ├── NotFound             404 NOT_FOUND
     ├── MethodNotAllowed     405 METHOD_NOT_SUPPORTED
     ├── PayloadTooLarge      413 PAYLOAD_TOO_LARGE
     ├── InternalError        500 INTERNAL_SERVER_ERROR
     ├── ServiceUnavailable   503 SERVICE_UNAVAILABLE
     └── HttpRefusal          http.server's own refusals, status per instance
"""

from reference_server.cli import main, parser
from reference_server.errors import (
    ApiError,
    BadRequest,
    HttpRefusal,
    InternalError,
    MethodNotAllowed,
    NotFound,
    ParseError,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthorized,
)
from reference_server.options import Options
from reference_server.server import Server
from reference_server.teams import Team, Teams

__all__ = [
    "ApiError",
    "BadRequest",
    "HttpRefusal",
    "InternalError",
    "MethodNotAllowed",
    "NotFound",
    "Options",
    "ParseError",
    "PayloadTooLarge",
    "Server",
    "ServiceUnavailable",
    "Team",
    "Teams",
    "Unauthorized",
    "main",
    "parser",
]
