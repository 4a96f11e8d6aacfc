"""The catalogue of server bugs the mock can plant, one realistic bug per name.

`--fault NAME` switches one on; the contract suite proves it catches each one.
The catalogue is data, so tools can iterate it: `CATALOGUE` in the order
`--list-faults` prints, each entry naming the area of the contract it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Area = Literal[
    "schema",
    "error",
    "validation",
    "auth",
    "pagination",
    "persistence",
    "secrets",
    "server-error",
    "throttling",
    "consistency",
    "test-connection",
    "size",
    "isolation",
    "near-miss",
    "tombstone",
    "hang",
    "hostile-input",
]

# The measures of the faults that take one (their code reads them from here, so a description
# never disagrees with its bug).
TOKEN_PREFIX = 12  # `token-prefix-match`: the characters of a token compared
SHORT_ID = 6  # `id-prefix-match`: the shortest prefix of an id that resolves
TEXT_CUT = 100  # `truncates-long-strings`: the characters of a text member kept
ARCHIVE_DAYS = 30  # `get-archived-404`: the age at which get stops finding a registry
NAME_CUT = 64  # `names-cut-short`: the characters of `name` kept (a VARCHAR(64) column)
INT_BITS = 64  # `big-int-500`: the width of the integers a body's numbers are converted to
TEAM_PARAMETER = "team"  # `location-names-team`: the query parameter get takes a team from


@dataclass(frozen=True)
class Fault:
    name: str
    area: Area
    description: str


CATALOGUE: tuple[Fault, ...] = (
    # Response bodies that break the schema.
    Fault("missing-field", "schema", "registry bodies omit the required `namespace`"),
    Fault("id-as-number", "schema", "registry `id` is an integer instead of a string"),
    Fault("kind-out-of-enum", "schema", 'registry `kind` is "Other", outside the enum'),
    Fault("timestamp-not-datetime", "schema", "`dtCreated` is an epoch number in milliseconds"),
    Fault("null-required", "schema", "registry `username` is null"),
    Fault("test-connection-shape", "schema", 'test-connection answers {"ok": true}, no `success`'),
    Fault("success-text-plain", "schema", "successful answers carry Content-Type text/plain"),
    # Error answers.
    Fault("error-plain-text", "error", "404 answers are text/plain, not a JSON error body"),
    Fault("error-missing-code", "error", "error bodies lack `code`"),
    Fault("unknown-id-500", "error", "unknown registry ids answer 500 instead of 404"),
    Fault(
        "unknown-id-401",
        "error",
        "an id the team does not hold answers 401 UNAUTHORIZED, not 404, for every by-id "
        "operation (an authorizer that finds no owner for the resource)",
    ),
    # Input validation.
    Fault("accept-invalid", "validation", "create accepts bodies missing required fields"),
    Fault(
        "limit-unchecked", "validation", "list answers 200 for a `limit` outside the spec's bounds"
    ),
    Fault("refuse-valid", "validation", "create refuses names longer than 8 characters (400)"),
    Fault("parse-error-500", "validation", "malformed JSON answers 500 instead of PARSE_ERROR"),
    Fault("crash-on-unicode", "validation", "non-ASCII in `name` answers 500"),
    # Authentication.
    Fault("no-auth", "auth", "requests without a token are accepted"),
    Fault("any-token", "auth", "any bearer token is accepted"),
    Fault("auth-wrong-status", "auth", "auth failures answer 403 FORBIDDEN instead of 401"),
    # Pagination.
    Fault("page-overflow", "pagination", "pages hold limit+1 items"),
    Fault("wrong-order", "pagination", "`order` is ignored: always ascending"),
    Fault("default-order-asc", "pagination", "without `order` the list is ascending, not desc"),
    Fault("cursor-skip", "pagination", "each next page skips one item"),
    Fault("cursor-repeat", "pagination", "each next page repeats the last item of the one before"),
    Fault("hasmore-without-next", "pagination", "last page: hasMore true, nextPage null"),
    Fault("nextpage-on-last", "pagination", "last page: a nextPage cursor with hasMore false"),
    Fault("empty-last-page", "pagination", "a full last page says hasMore, then an empty page"),
    Fault("cursor-ignored", "pagination", "`after` is ignored: always the first page"),
    Fault(
        "cursor-advances-on-read",
        "pagination",
        "a cursor is a server-side iterator (as Elasticsearch's scroll): reading it again "
        "gives the page after the one its previous read gave",
    ),
    # Persistence of writes.
    Fault("lost-create", "persistence", "create answers 200 but stores nothing"),
    Fault("lost-update", "persistence", "update answers the new body but stores nothing"),
    Fault("partial-update-clears", "persistence", 'fields omitted from an update become ""'),
    Fault("delete-noop", "persistence", "delete answers 200 but the registry stays"),
    Fault("dtmodified-regress", "persistence", "update sets dtModified before dtCreated"),
    Fault("list-stale", "persistence", "list omits registries created after start-up"),
    Fault("get-wrong-id", "persistence", "get returns another registry when several exist"),
    Fault(
        "update-ignores-empty",
        "persistence",
        'an update ignores members sent as "" (a `value or old` merge): the old value stays',
    ),
    Fault(
        "dtmodified-frozen",
        "persistence",
        "an update never moves `dtModified` (the create's stays)",
    ),
    Fault(
        "create-deduplicates",
        "persistence",
        "a create repeating an earlier create's body (password included) answers the earlier "
        "registry (an idempotency cache keyed on a hash of the body)",
    ),
    # Secrets.
    Fault("echo-password", "secrets", "registry bodies include the `password`"),
    Fault("echo-password-header", "secrets", "create/update put the password in X-Debug-Password"),
    # Server errors on odd but valid input.
    Fault("empty-string-500", "server-error", "create with an empty-string field answers 500"),
    Fault("max-limit-500", "server-error", "list with the largest `limit` allowed answers 500"),
    # Pagination under writes, and persistence of the members an update leaves alone.
    Fault(
        "cursor-offset",
        "pagination",
        "the cursor is an offset: a write between pages shifts the walk",
    ),
    Fault(
        "update-moves-dtcreated", "persistence", "an update also moves `dtCreated` to its own time"
    ),
    Fault("update-refuses-unchanged", "validation", "an update that changes nothing answers 400"),
    Fault(
        "update-replay-409",
        "validation",
        "an update repeating the body of the registry's previous update answers 409 CONFLICT "
        "(replay protection keyed on the body)",
    ),
    Fault(
        "default-sort-modified",
        "pagination",
        "a list naming no `orderBy` sorts by `dtModified`, not `dtCreated`",
    ),
    Fault(
        "list-shows-deleted", "persistence", "a deleted registry stays in the list (soft delete)"
    ),
    # Secrets in other forms.
    Fault(
        "echo-password-base64",
        "secrets",
        "registry bodies carry `auth`: base64 of username:password",
    ),
    Fault("test-connection-leaks", "secrets", "a failed test-connection quotes user:password@host"),
    # One registry, one representation; safe methods; the server's own clock.
    Fault("list-timezone", "consistency", "list items show timestamps an hour ahead, labelled Z"),
    Fault("get-touches", "consistency", "get records an access: it moves `dtModified`"),
    Fault(
        "test-connection-touches", "consistency", "test-connection stores its time in `dtModified`"
    ),
    Fault("clock-skew", "consistency", "timestamps are local time (UTC+2) labelled Z"),
    # test-connection that tests nothing.
    Fault(
        "test-connection-always-succeeds",
        "test-connection",
        "test-connection answers success without trying",
    ),
    # Answers too large to read.
    Fault("huge-page", "size", "list answers carry 8 MiB of trailing whitespace"),
    # Throttling.
    Fault(
        "throttle-forever", "throttling", "every authenticated request answers 429 (Retry-After: 1)"
    ),
    # One team's registries out of another team's reach.
    Fault("list-leaks-teams", "isolation", "the list shows every team's registries"),
    Fault("get-across-teams", "isolation", "get finds a registry of any team"),
    Fault("update-across-teams", "isolation", "update changes a registry of any team"),
    Fault(
        "update-applied-then-refused",
        "isolation",
        "an update of another team's registry answers 404, but after it wrote the change "
        "(the authorization check runs after the write)",
    ),
    Fault("delete-across-teams", "isolation", "delete removes a registry of any team"),
    Fault(
        "list-leaks-newest-other-team",
        "isolation",
        "the list shows every team's registries, and the second team starts up holding the "
        "newest registry",
    ),
    Fault(
        "cursor-crosses-teams",
        "isolation",
        "a cursor names its team and a list follows it, whatever the token (a tenant id in a "
        "stateless cursor)",
    ),
    Fault(
        "test-connection-across-teams",
        "isolation",
        "test-connection finds a registry of any team",
    ),
    Fault(
        "location-names-team",
        "isolation",
        f"create answers a Location with `?{TEAM_PARAMETER}=N`, and get honours that parameter "
        "over the token (an admin's impersonation parameter left on)",
    ),
    # Input a little off a valid one, taken as if it were that one.
    Fault("id-case-insensitive", "near-miss", "get finds a registry by its id in another case"),
    Fault(
        "id-prefix-match",
        "near-miss",
        f"get resolves a unique prefix of {SHORT_ID}+ characters of an id (as git short hashes)",
    ),
    Fault(
        "token-prefix-match",
        "near-miss",
        f"bearer tokens are compared on their first {TOKEN_PREFIX} characters only",
    ),
    Fault("limit-parses-prefix", "near-miss", "`limit` is read as parseInt reads: 12abc is 12"),
    Fault("trims-strings", "near-miss", "create/update strip whitespace around text members"),
    Fault(
        "truncates-long-strings",
        "near-miss",
        f"create/update silently cut text members to {TEXT_CUT} characters",
    ),
    Fault(
        "names-cut-short",
        "near-miss",
        f"create/update silently cut `name` to {NAME_CUT} characters (a VARCHAR({NAME_CUT}) "
        "column in MySQL without strict mode)",
    ),
    Fault(
        "nul-truncates",
        "near-miss",
        "create/update cut text members at U+0000 (a C string): ab\\u0000cd is stored as ab",
    ),
    Fault(
        "token-case-insensitive",
        "near-miss",
        "bearer tokens are compared ignoring case (a case-insensitive collation)",
    ),
    Fault(
        "id-trailing-space",
        "near-miss",
        "get finds a registry by its id with trailing spaces (MySQL's PAD SPACE collation)",
    ),
    Fault(
        "enum-case-insensitive",
        "near-miss",
        "`order`, `orderBy` and `kind` match their enums ignoring case (Jackson's "
        "ACCEPT_CASE_INSENSITIVE_ENUMS): GHCR is ghcr",
    ),
    Fault(
        "kind-fullwidth",
        "near-miss",
        "`kind` is matched after NFKC normalization: fullwidth ghcr (U+FF47 U+FF48 U+FF43 "
        "U+FF52) is ghcr (MySQL's utf8mb4_unicode_ci collation)",
    ),
    Fault(
        "limit-whitespace",
        "near-miss",
        "`limit` is read as JavaScript's Number() reads it: blanks around the digits are taken",
    ),
    Fault(
        "cursor-case-insensitive",
        "near-miss",
        "a cursor in another case is taken as the cursor (a case-insensitive cursor column)",
    ),
    # Secrets in error messages.
    Fault("echo-invalid-body", "secrets", "a 400 for an invalid body quotes it, password and all"),
    # A deleted registry stays gone, for every operation.
    Fault(
        "update-revives-deleted", "tombstone", "an update of a deleted registry restores it (200)"
    ),
    Fault(
        "test-connection-after-delete",
        "tombstone",
        "test-connection of a deleted registry answers 200, not 404",
    ),
    Fault(
        "delete-twice-200",
        "tombstone",
        "deleting a deleted registry answers 200 with it (a soft delete that finds the row "
        "whatever its flag)",
    ),
    Fault(
        "list-cache-misses-deletes",
        "tombstone",
        "lists come from a per-team cache that creates and updates refresh but deletes do not: "
        "a deleted registry stays listed until the team's next write",
    ),
    # State as it is now, not as it was created.
    Fault(
        "test-connection-stale-url",
        "test-connection",
        "test-connection judges the URL a registry was created with, not its current one",
    ),
    Fault(
        "get-archived-404",
        "consistency",
        f"get answers 404 for registries over {ARCHIVE_DAYS} days old, which the list shows",
    ),
    # Answers that never come.
    Fault("hang-on-malformed-json", "hang", "a body that is not JSON is never answered"),
    # Hostile input answered with a crash where a refusal belongs.
    Fault(
        "id-nul-500",
        "hostile-input",
        "an id holding U+0000 (%00) answers 500 for every by-id operation (PostgreSQL refuses "
        "NUL in text)",
    ),
    Fault(
        "deep-json-500",
        "hostile-input",
        "a body nested past the parser's recursion limit answers 500 (Python's json raises "
        "RecursionError, which is no ValueError)",
    ),
    Fault(
        "non-object-body-500",
        "hostile-input",
        "a create or update body that is JSON but not an object answers 500 (.get on a list)",
    ),
    Fault(
        "big-int-500",
        "hostile-input",
        f"a body integer beyond {INT_BITS} bits answers 500 (numbers converted to "
        f"int{INT_BITS} before validation overflow)",
    ),
)

BY_NAME: dict[str, Fault] = {fault.name: fault for fault in CATALOGUE}


def catalogue_lines() -> list[str]:
    """What `--list-faults` prints: `AREA  NAME  description`, aligned, one fault a line."""
    area = max(len(fault.area) for fault in CATALOGUE)
    name = max(len(fault.name) for fault in CATALOGUE)
    return [f"{f.area:<{area}}  {f.name:<{name}}  {f.description}" for f in CATALOGUE]


def closest(name: str) -> str | None:
    """The fault name most like `name`, for a did-you-mean."""
    import difflib

    matches = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.5)
    return matches[0] if matches else None
