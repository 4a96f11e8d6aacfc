"""Scripts that replay a finding a single request cannot show: a lost update, a skipped page.

By the time anyone runs a script, the run's cleanup has deleted the registries involved, so a
script makes its own and replays the run's requests against them. A person runs it against
the same server, often production, so it keeps every promise the suite keeps:

- a replay of a read-only run sends only GET;
- every registry it creates is named with the run's prefix (`contract-test-<run>-replay-N`),
  so `python -m contract_tests cleanup` finds it whatever happens;
- every walk has a page cap, and requests are paced as the run's were;
- it deletes what it created when it ends, on Ctrl-C and SIGTERM too.

The scripts use only Python's standard library and read the tokens from the environment.
"""

from __future__ import annotations

import re
from typing import Any

from api_spec.registries import ID, PAGINATION, WRITE_ONLY
from contract_tests.rules.exchange import Step
from contract_tests.rules.violations import Single, Story, Walk
from contract_tests.wire.credentials import VARIABLE, Team
from contract_tests.wire.policy import COLLECTION
from contract_tests.wire.redaction import REDACTED

# The pages a replayed walk follows at most.
MAX_PAGES = 50

_PRELUDE = '''#!/usr/bin/env python3
"""{title}

Replays the run's requests against registries of its own (named {prefix}replay-N), then
deletes them, on Ctrl-C and SIGTERM too. Run it with the token in ${first}{second_note}:
    python3 this-file.py
"""
import json, os, secrets, signal, time, urllib.error, urllib.parse, urllib.request

BASE = {base!r}
PREFIX = {prefix!r}
INTERVAL = {interval!r}  # seconds between requests, as the run was paced
MAX_PAGES = {max_pages!r}
TOKENS = {{"first": os.environ[{first!r}], "second": os.environ.get({second!r})}}
CREATED = []
TEAM = object()  # call's default token: the team's own
_last = [0.0]


def _stop(signum, frame):
    raise KeyboardInterrupt(f"signal {{signum}}")


signal.signal(signal.SIGTERM, _stop)


def call(method, path, query=None, body=None, note="", team="first", token=TEAM, raw=None):
    """Send one request with `team`'s token, or `token` (None: no token at all)."""
    if method != "GET" and READ_ONLY:
        raise SystemExit("refused: this replay of a read-only run sends only GET")
    who = f" [{{team}} token]" if team != "first" else ""
    if token is TEAM:
        token = TOKENS[team]
        if token is None:
            print(f"{{method}} {{path}}{{who}}: skipped, {second!r} is not set", flush=True)
            return None, None
    else:
        who = " [no token]" if token is None else " [another token]"
    wait = _last[0] + INTERVAL - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    _last[0] = time.monotonic()
    url = BASE + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = json.dumps(body).encode() if body is not None else None
    data = raw.encode() if raw is not None else data
    request = urllib.request.Request(url, data=data, method=method)
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, text = answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    except (OSError, ValueError) as error:  # no answer: refused, reset, timed out
        print(f"{{method}} {{path}}{{who}} -> no answer: {{error}}", flush=True)
        return None, None
    marker = f"   <-- {{note}}" if note else ""
    print(f"{{method}} {{path}}{{who}} -> {{status}} {{text[:300]}}{{marker}}", flush=True)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def secret():
    return "pw-" + secrets.token_hex(8)


def create(body, team="first", note="", token=TEAM):
    """Create a registry of the replay's own, named with the run's prefix (with another token
    too: a server that takes it creates a registry all the same, which is deleted after)."""
    body = dict(body, name=f"{{PREFIX}}replay-{{len(CREATED) + 1}}")
    status, answer = call("POST", {collection!r}, body=body, note=note, team=team, token=token)
    registry = answer.get({id!r}) if isinstance(answer, dict) else None
    if registry is not None:
        CREATED.append((team, registry))
    return registry


def walk(query, note="", between=None):
    """Follow the cursor from the first page for at most MAX_PAGES pages, printing the ids of
    each; `between(ids)` runs once, after the first page."""
    query = dict(query)
    for _ in range(MAX_PAGES):
        status, page = call("GET", {collection!r}, query, note=note)
        if status != 200 or not isinstance(page, dict):
            return
        items = page.get({results!r}) or []
        ids = [item.get({id!r}) for item in items if isinstance(item, dict)]
        print("   ids:", ids, flush=True)
        cursor = page.get({next_cursor!r})
        if page.get({has_more!r}) is not True or not cursor:
            return
        query[{cursor_param!r}] = cursor
        if between is not None:
            between(ids)
            between = None
    print(f"   stopped after {{MAX_PAGES}} pages", flush=True)


def delete_created():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the cleanup finishes once begun
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for team, registry in CREATED:
        call("DELETE", {collection!r} + "/" + urllib.parse.quote(registry, safe=""), team=team)

'''


def _body(body: Any) -> str:
    """A body as Python source, each redacted write-only member given a fresh secret."""
    if isinstance(body, dict):
        members = [
            f"{k!r}: secret()" if (k in WRITE_ONLY and v == REDACTED) else f"{k!r}: {v!r}"
            for k, v in body.items()
        ]
        return "{" + ", ".join(members) + "}"
    return repr(body)


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.splitlines()) or "    pass"


def script(
    title: str,
    base_url: str,
    prefix: str,
    rate: float | None,
    replay: Story | Walk | Single,
    *,
    read_only: bool,
) -> str:
    """The replay of `replay` as a whole script: prelude, the requests, the cleanup. A replay
    of a read-only run creates nothing and refuses to send anything but GET."""
    if isinstance(replay, Story):
        lines = [] if read_only else _story(replay)
    elif isinstance(replay, Single):
        lines = _single(replay)
    else:
        lines = _walk(Walk((), replay.query) if read_only else replay)
    second = VARIABLE[Team.SECOND]
    uses_second = any("team='second'" in line for line in lines)
    prelude = _PRELUDE.format(
        title=title.replace('"""', "'''"),
        base=base_url,
        prefix=prefix,
        interval=round(1.0 / rate, 3) if rate else 0.0,
        max_pages=MAX_PAGES,
        first=VARIABLE[Team.FIRST],
        second=second,
        second_note=f" and ${second}" if uses_second else "",
        collection=COLLECTION,
        id=ID,
        results=PAGINATION.results,
        next_cursor=PAGINATION.next_cursor,
        has_more=PAGINATION.has_more,
        cursor_param=PAGINATION.cursor,
    )
    body = [prelude, f"READ_ONLY = {read_only!r}", "", "try:", _indent("\n".join(lines))]
    body += ["except KeyboardInterrupt:", "    print('interrupted: deleting what it created')"]
    body += ["finally:", "    delete_created()"]
    return "\n".join(body) + "\n"


def _story(story: Story) -> list[str]:
    """Its create, then each request about the registry, in the run's order."""
    lines = []
    for step in story.steps:
        note = "the answer the check found wrong" if step is story.failing else ""
        line = _step(step, note, "registry")
        if line is not None:
            lines.append(line)
    return lines


def _single(single: Single) -> list[str]:
    """The one request, as the run sent it (its registry was made up to be missing)."""
    step = single.step
    registry = repr(step.registry) if step.registry is not None else None
    line = _step(step, "the answer the check found wrong", registry, whole_list=False)
    return [line] if line is not None else []


_SHELL = re.compile(r"Bearer \$\{(\w+)(%\?)?\}(.*)")
_TEAMS = {variable: team.value for team, variable in VARIABLE.items()}


def _token(step: Step) -> str:
    """The `token` argument of `call` for the step's credentials, as Python: the team's own
    token by default, none, or a token made from it as the run made it (a near miss)."""
    if step.valid_token:
        return ""
    if not step.auth:
        return ", token=None"
    shaped = _SHELL.fullmatch(step.auth)
    if shaped is None:
        return f", token={step.auth.removeprefix('Bearer ')!r}"  # a made-up token, as sent
    variable, cut, suffix = shaped.groups()
    made = f"TOKENS[{_TEAMS.get(variable, Team.FIRST.value)!r}]" + ("[:-1]" if cut else "")
    return f", token={made}" + (f" + {suffix!r}" if suffix else "")


def _step(step: Step, note: str, registry: str | None, *, whole_list: bool = True) -> str | None:
    team = step.team if step.team in (Team.FIRST.value, Team.SECOND.value) else "first"
    who = f", team={team!r}{_token(step)}, note={note!r}"
    body = f", raw={step.body!r}" if step.raw else ""
    if step.body is not None and not step.raw:
        body = f", body={_body(step.body)}"
    if step.method == "POST" and step.template == COLLECTION and not step.raw:
        create = f"create({_body(step.body)}{who})"
        return f"registry = {create}" if registry == "registry" else create
    if step.registry is not None and registry is not None:
        quoted = "' + urllib.parse.quote(" + registry + ", safe='') + '"
        path = step.template.replace("{" + ID + "}", quoted)
        return f"call({step.method!r}, '{path}'{body}{who})".replace(" + ''", "")
    if step.method == "GET" and step.template == COLLECTION:
        query = {k: v for k, v in step.query.items() if k != PAGINATION.cursor}
        if whole_list:
            return f"walk({query!r}, note={note!r})"
        return f"call('GET', {COLLECTION!r}, query={query!r}{who})"
    if step.template == COLLECTION:
        return f"call({step.method!r}, {COLLECTION!r}{body}{who})"
    return None


def _walk(walk: Walk) -> list[str]:
    """Create registries like the run's, then walk the list as the failing test did, printing
    each page (with a create, or a delete of a registry the replay made, after the first)."""
    lines = [f"create({_body(body)})" for body in walk.bodies]
    if walk.bodies:
        lines.append("print('created:', [registry for _, registry in CREATED])")
    action = "None"
    if walk.between == "create" and walk.bodies:
        lines.append(f"def between(ids):\n    create({_body(walk.bodies[0])})")
        action = "between"
    elif walk.between == "delete" and walk.bodies:
        lines.append(
            "def between(ids):\n"
            "    ours = [r for _, r in CREATED if r in ids]\n"
            "    if ours:\n"
            f"        call('DELETE', {COLLECTION!r} + '/' + urllib.parse.quote(ours[0], safe=''))"
        )
        action = "between"
    lines.append(f"walk({walk.query!r}, note='compare with the ids created', between={action})")
    return lines
