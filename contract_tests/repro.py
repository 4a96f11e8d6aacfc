"""Scripts that reproduce a stateful failure: they create their own registries, replay the
steps that led to the wrong answer, print it, and delete what they created.

A `curl` of the failing request alone cannot show a lost update or a skipped page: by the
time anyone runs it, the run's cleanup has deleted the registry. The scripts use only
Python's standard library and read the token from $API_TOKEN.
"""

from __future__ import annotations

from typing import Any

from api_spec.registries import ID, PAGINATION, WRITE_ONLY
from contract_tests.api import COLLECTION
from contract_tests.redaction import REDACTED
from contract_tests.transcript import Step

_PRELUDE = '''#!/usr/bin/env python3
"""{title}

Replays the run's steps against a registry of its own, then deletes it.
Run it with the token in $API_TOKEN: python3 this-file.py
"""
import json, os, secrets, urllib.error, urllib.parse, urllib.request

BASE = {base!r}
TOKEN = os.environ["API_TOKEN"]
CREATED = []


def call(method, path, query=None, body=None, note=""):
    url = BASE + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, text = answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    marker = f"   <-- {{note}}" if note else ""
    print(f"{{method}} {{path}} -> {{status}} {{text[:300]}}{{marker}}")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def secret():
    return "pw-" + secrets.token_hex(8)
'''

_WALK = f'''

def walk(query, note="", between=None):
    """Follow the cursor from the first page, printing the ids of each; `between(ids)` runs
    once, after the first page."""
    query = dict(query)
    while True:
        status, page = call("GET", {COLLECTION!r}, query, note=note)
        if status != 200 or not isinstance(page, dict):
            return
        items = page.get({PAGINATION.results!r}) or []
        print("   ids:", [item.get({ID!r}) for item in items if isinstance(item, dict)])
        cursor = page.get({PAGINATION.next_cursor!r})
        if page.get({PAGINATION.has_more!r}) is not True or not cursor:
            return
        query[{PAGINATION.cursor!r}] = cursor
        if between is not None:
            between([item.get({ID!r}) for item in items if isinstance(item, dict)])
            between = None
'''
_CLEANUP = f"""for registry in CREATED:
    call("DELETE", {COLLECTION!r} + "/" + urllib.parse.quote(registry, safe=""))"""


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


def _script(title: str, base_url: str, replay: list[str]) -> str:
    """The prelude, then the replay, then the cleanup, whatever happens in between."""
    parts = [_PRELUDE.format(title=title, base=base_url), _WALK, "", "try:"]
    parts += [_indent("\n".join(replay)), "finally:", _indent(_CLEANUP)]
    return "\n".join(parts) + "\n"


def _step(step: Step, note: str) -> str | None:
    if step.method == "POST" and step.template == COLLECTION:
        create = f"call('POST', {COLLECTION!r}, body={_body(step.body)}, note={note!r})"
        return f"status, answer = {create}\nregistry = answer[{ID!r}]\nCREATED.append(registry)"
    if step.registry is not None:
        path = step.template.replace(
            "{" + ID + "}", "' + urllib.parse.quote(registry, safe='') + '"
        )
        body = f", body={_body(step.body)}" if step.body is not None else ""
        return f"call({step.method!r}, '{path}'{body}, note={note!r})".replace(" + ''", "")
    if step.method == "GET" and step.template == COLLECTION:
        query = {k: v for k, v in step.query.items() if k != PAGINATION.cursor}
        return f"walk({query!r}, note={note!r})"
    return None


def registry_story(title: str, base_url: str, steps: list[Step], failing: Step) -> str:
    """Replay the story of one registry: its create, then each request about it."""
    replay = []
    for step in steps:
        line = _step(step, "the answer the check found wrong" if step is failing else "")
        if line is not None:
            replay.append(line)
    return _script(title, base_url, replay)


def _create(body: Any) -> str:
    return f"CREATED.append(call('POST', {COLLECTION!r}, body={_body(body)})[1][{ID!r}])"


# What a walk with writes between its pages does after the first page.
CREATE_BETWEEN = "create"
DELETE_BETWEEN = "delete"


def walk_story(
    title: str, base_url: str, bodies: list[Any], query: dict[str, Any], between: str = ""
) -> str:
    """Create registries, then walk the list as the failing test did, printing each page
    (with a create, or a delete of a registry already seen, after the first page)."""
    replay = [_create(body) for body in bodies]
    replay.append("print('created:', CREATED)")
    action = "None"
    if between == CREATE_BETWEEN and bodies:
        replay.append(f"def between(ids):\n    {_create(bodies[0])}")
        action = "between"
    elif between == DELETE_BETWEEN:
        path = f"{COLLECTION!r} + '/' + urllib.parse.quote(ids[0], safe='')"
        replay.append(f"def between(ids):\n    call('DELETE', {path})\n    CREATED.remove(ids[0])")
        action = "between"
    replay.append(f"walk({query!r}, note='compare with the ids created', between={action})")
    return _script(title, base_url, replay)
