"""Replay scripts: a finding as a test a person can run, put in a bug report or a CI job.

A script sends the failing request exactly as the run wrote it (its target, its bytes, the
token or the near miss of it), changing only what safety forces, and saying so: a registry the
run made is gone by then, so it makes its own (with the run's name, which carries the run's
prefix) and replays the run's requests against it; a password the run redacted is a fresh one.
It compares the answer the check found wrong with the finding's expectation, which is data
(`rules.expectations`), and ends with `reproduced` (exit 1) or `did not reproduce` (exit 0).

It keeps every promise the suite keeps (`report/replay_runtime.py`, embedded in each script):
a replay of a read-only run sends only GET; every registry it creates carries the run's prefix,
so `contract-tests cleanup` finds it whatever happens; every walk has a page cap; requests are
paced as the run's were; it deletes what it created when it ends, on Ctrl-C and SIGTERM too.
The scripts use only Python's standard library and read the tokens from the same variables as
the suite.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

from api_spec.registries import CREATED, ID, MODIFIED, PAGINATION, WRITE_ONLY
from contract_tests.rules.exchange import Step
from contract_tests.rules.state import CLOCK_TOLERANCE
from contract_tests.rules.violations import Single, Story, Walk
from contract_tests.settings import SECOND_TOKEN_VARIABLES, TOKEN_VARIABLES
from contract_tests.wire.policy import COLLECTION
from contract_tests.wire.redaction import REDACTED
from contract_tests.wire.session import MAX_BODY
from contract_tests.wire.variants import BY_AXIS

# The pages a replayed walk follows at most.
MAX_PAGES = 50
RUNTIME = Path(__file__).with_name("replay_runtime.py")
FAILING = "the answer the check found wrong"
ITEM = COLLECTION + "/{" + ID + "}"
# Where a script's own part begins: above it, the runtime every replay shares.
OWN_PART = "# --- This replay: where it sends, what it expects, its requests. ---"

_HEADER = '''#!/usr/bin/env python3
"""{title}

A replay of this finding: it sends the run's requests again, against registries of its own
(named with the run's prefix, {prefix!r}), compares the answer the check found wrong with
what {check} expects (EXPECT below), deletes what it made (on Ctrl-C and SIGTERM too), and
ends with one line: reproduced (exit 1), did not reproduce (exit 0), could not replay (2).
Run it with the token in ${first} (or ${first_alias}){second_note}:
    python3 this-file.py [BASE_URL]   (default: the server the run tested)
"""
'''


def script(
    title: str,
    base_url: str,
    prefix: str,
    rate: float | None,
    replay: Story | Walk | Single,
    *,
    read_only: bool,
    check: str,
    expectation: dict[str, Any],
    settle: float = 0.0,
    timeout: float = 30.0,
) -> str:
    """The replay of `replay` as a whole script: what it expects, its requests, the runtime."""
    if isinstance(replay, Story):
        lines = [] if read_only else _story(replay)
    elif isinstance(replay, Single):
        lines = _single(replay)
    else:
        lines = _walk(Walk((), replay.query) if read_only else replay)
    second = any("team='second'" in line for line in lines)
    config = {
        "base": base_url,
        "prefix": prefix,
        "check": check,
        "interval": round(1.0 / rate, 3) if rate else 0.0,
        "settle": settle,
        "timeout": timeout,  # seconds an answer may take, as in the run
        "max_pages": MAX_PAGES,
        "max_bytes": MAX_BODY,
        "read_only": read_only,
        "tokens": {"first": list(TOKEN_VARIABLES), "second": list(SECOND_TOKEN_VARIABLES)},
        "collection": COLLECTION,
        "id": ID,
        "created": CREATED,
        "modified": MODIFIED,
        # seconds a timestamp may be from the server's Date header, as the check allows
        "clock_leeway": CLOCK_TOLERANCE.total_seconds(),
        "write_only": sorted(WRITE_ONLY),
        "redacted": REDACTED,
        "pagination": {
            "results": PAGINATION.results,
            "next_cursor": PAGINATION.next_cursor,
            "has_more": PAGINATION.has_more,
            "cursor": PAGINATION.cursor,
        },
    }
    header = _HEADER.format(
        title=title.replace('"""', "'''").replace("\\", "\\\\"),
        prefix=prefix,
        check=check,
        first=TOKEN_VARIABLES[0],
        first_alias=TOKEN_VARIABLES[1],
        second_note=f" and ${SECOND_TOKEN_VARIABLES[0]}" if second else "",
    )
    parts = [
        header,
        RUNTIME.read_text(encoding="utf-8"),
        "",
        OWN_PART,
        f"CONFIG = {_literal(config)}",
        "# What the answer must be for the finding not to reproduce.",
        f"EXPECT = {_literal(expectation)}",
        "",
        "",
        "def steps(r: Replay) -> None:",
        _indent("\n".join(lines)),
        "",
        "",
        'if __name__ == "__main__":',
        "    Replay(CONFIG, EXPECT).run(steps)",
    ]
    return "\n".join(parts) + "\n"


def own_part(text: str) -> str:
    """A script's own part (what a report shows of it): the runtime above it is shared."""
    return text[text.index(OWN_PART) :] if OWN_PART in text else text


def _literal(value: Any) -> str:
    """JSON data as a Python literal (true, false and null spelt as Python spells them)."""
    return repr(json.loads(json.dumps(value)))


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.splitlines()) or "    pass"


def _body(body: Any) -> str:
    """A body as Python source, each redacted write-only member given a fresh secret."""
    if isinstance(body, dict):
        members = [
            f"{k!r}: r.secret()" if (k in WRITE_ONLY and v == REDACTED) else f"{k!r}: {v!r}"
            for k, v in body.items()
        ]
        return "{" + ", ".join(members) + "}"
    return repr(body)


def _story(story: Story) -> list[str]:
    """Its create, then each request about the registry, in the run's order: the registry is
    the replay's own, named as the run named it."""
    lines = ["print('changed: the registry is one the replay makes; the run deleted its own')"]
    for step in story.steps:
        line = _step(step, step is story.failing, "registry")
        if line is not None:
            lines.append(line)
    return lines


def _single(single: Single) -> list[str]:
    """The one request, as the run sent it (it names no registry, or one made up to be
    missing)."""
    step = single.step
    registry = repr(step.registry) if step.registry is not None else None
    line = _step(step, True, registry, whole_list=False)
    return [line] if line is not None else []


def _token(step: Step) -> str:
    """The `token` and `gap` arguments of `call` for the step's credentials, as Python: the
    team's own token by default, none, a made-up one, or a near miss of the team's token made
    from it as the run made it."""
    if step.variant in BY_AXIS:
        variant = BY_AXIS[step.variant]
        team = step.varies or "first"
        made = f"(lambda token: {variant.python})(r.token({team!r}))"
        return f", token={made}" + (f", gap={variant.gap!r}" if variant.gap != " " else "")
    if step.valid_token:
        return ""
    if not step.auth:
        return ", token=None"
    return f", token={step.auth.removeprefix('Bearer ')!r}"  # a made-up token, as sent


def _payload(step: Step) -> str:
    if step.encoded:
        return f", encoded={step.encoded!r}"
    if step.raw:
        return f", raw={step.body!r}"
    return f", body={_body(step.body)}" if step.body is not None else ""


def _step(step: Step, judged: bool, registry: str | None, *, whole_list: bool = True) -> str | None:
    team = step.team if step.team in ("first", "second") else "first"
    how = f", team={team!r}" if team != "first" else ""
    how += _token(step) + (f", note={FAILING!r}, judged=True" if judged else "")
    plain = isinstance(step.body, dict) and not (step.raw or step.encoded)
    if step.method == "POST" and step.template == COLLECTION and plain:
        create = f"r.create({_body(step.body)}{how})"
        return f"registry = {create}" if registry == "registry" else create
    if step.registry is not None and registry is not None:
        return f"r.call({step.method!r}, {_path(step, registry)}{_payload(step)}{how})"
    if step.method == "GET" and step.template == COLLECTION and not step.target:
        first = {k: v for k, v in step.query.items() if k != PAGINATION.cursor}
        if whole_list:
            return f"r.walk({first!r}{how})"
        return f"r.call('GET', {COLLECTION!r}, query={first!r}{how})"
    if step.template == COLLECTION:
        target = f", target={step.target!r}" if step.target else ""
        query = f", query={step.query!r}" if step.query and not step.target else ""
        return f"r.call({step.method!r}, {COLLECTION!r}{query}{target}{_payload(step)}{how})"
    return None


def _path(step: Step, registry: str) -> str:
    """The step's path (and its target, when the run wrote it otherwise): about the replay's
    registry, or about an id made up to be missing, as the run sent it."""
    assert step.registry is not None
    quoted = urllib.parse.quote(step.registry, safe="")
    template = step.template.replace("{" + ID + "}", "{id}")
    query = f", query={step.query!r}" if step.query and not step.target else ""
    if registry != "registry":
        target = f", target={step.target!r}" if step.target else ""
        return repr(template.replace("{id}", quoted)) + target + query
    if step.near_miss and step.of:
        return f"r.path({template!r}, registry, near={step.near_miss!r}){query}"
    if step.target and quoted in step.target:
        written = step.target.replace(quoted, "{id}")
        return f"r.path({template!r}, registry), target=r.path({written!r}, registry){query}"
    return f"r.path({template!r}, registry){query}"


def _walk(walk: Walk) -> list[str]:
    """Create registries like the run's, then walk the list as the failing test did, printing
    each page, with a write between pages when the run's walk had one: a create, or a delete of
    a registry the replay made that a page listed."""
    lines = [f"r.create({_body(body)})" for body in walk.bodies]
    if walk.bodies:
        lines.append("print('created:', [registry for _, registry in r.created])")
    between = "None"
    if walk.between == "create" and walk.bodies:
        create = f"r.create({_body(walk.bodies[0])})"
        lines.append(f"def between(ids: list[str]) -> bool:\n    {create}\n    return True")
        between = "between"
    elif walk.between == "delete" and walk.bodies:
        between = "r.delete_one_made"
    lines.append(f"r.walk({walk.query!r}, note='compare with the ids created', "
                 f"between={between}, judged=True)")  # fmt: skip
    return lines
