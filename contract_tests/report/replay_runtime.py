# The part of every replay script that is the same whatever it replays, embedded in each script
# as it is here: it sends requests exactly, keeps the suite's promises (a read-only replay sends
# only GET, every registry it makes carries the run's prefix and is deleted at the end, on Ctrl-C
# and SIGTERM too, walks stop at a page cap, requests are paced), and compares the answer the
# check found wrong with the finding's expectation, which is data (`EXPECT`), never a rule's
# code. It uses only Python's standard library, and no name from the API: the script's CONFIG
# names the members, paths and variables.
#
# A replay ends with one line and an exit code: `reproduced: ...` (1), `did not reproduce` (0),
# `could not replay: ...` (2, as when a token is not set) or `interrupted` (130).

import base64
import http.client
import json
import os
import secrets
import signal
import sys
import time
import urllib.parse
from collections.abc import Callable
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

REPRODUCED, NOT_REPRODUCED, COULD_NOT, INTERRUPTED = 1, 0, 2, 130
SHOWN = 300  # characters of an answer printed
TEAM = object()  # `call`'s default token: the team's own
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _look_alike(value: str) -> str:
    at = next((i for i, c in enumerate(value) if c.isascii() and c.isalnum()), None)
    return value if at is None else value[:at] + chr(ord(value[at]) + 0xFEE0) + value[at + 1 :]


# The near misses of an id the run sent, by axis: what a server may blur with the id.
NEAR: dict[str, Callable[[str], str]] = {
    "case": str.swapcase, "whitespace": lambda v: v + " ", "prefix": lambda v: v[:-1],
    "extension": lambda v: v + v[-1:], "look-alike": _look_alike,
    "trailing NUL": lambda v: v + "\0",
}  # fmt: skip


class CannotReplay(Exception):
    """The replay cannot go on: a token is not set, or a registry it needs was not made."""


class Sent:
    """What a judged request was: its method, path, body and team."""

    def __init__(self, method: str, path: str, body: Any, team: str) -> None:
        self.method, self.path, self.body, self.team = method, path, body, team


class Answer:
    """What came back to one request: its status, headers and body (None: no answer)."""

    def __init__(
        self, status: int | None, headers: dict[str, str], raw: bytes, error: str = ""
    ) -> None:
        self.status = status
        self.headers = headers
        self.raw = raw
        self.error = error
        self.text = raw.decode("utf-8", "replace")
        try:
            self.json: Any = json.loads(self.text)
        except ValueError:
            self.json = None


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _instant(value: Any) -> Any:
    """A timestamp as an instant, so that two zones of one instant compare equal."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return value
    return value


def _same(one: Any, other: Any) -> bool:
    return bool(one == other or _instant(one) == _instant(other) != one)


class Replay:
    def __init__(self, config: dict[str, Any], expect: dict[str, Any]) -> None:
        # A base URL as the first argument replays against another server (a fixed build).
        self.config = {**config, "base": sys.argv[1]} if sys.argv[1:] else config
        self.expect = expect
        self.tokens = {team: self._token(names) for team, names in config["tokens"].items()}
        self.created: list[tuple[str, str]] = []  # (team, id) of each registry it made
        self.secrets: list[str] = []  # the password it sends
        self.seen: dict[str, dict[str, Any]] = {}  # each registry as last seen
        self.sent: dict[str, dict[str, Any]] = {}  # the members last written to each
        self.deleted: set[str] = set()
        self.mismatches: list[str] = []
        self.judged = 0
        self.last = 0.0

    @staticmethod
    def _token(names: list[str]) -> str | None:
        return next((os.environ[name] for name in names if os.environ.get(name)), None)

    # -- what a script calls ------------------------------------------------------------

    def secret(self) -> str:
        """The password of every body that carried one: the run's are redacted, and one fresh
        value keeps two bodies the run sent alike, alike."""
        if not self.secrets:
            self.secrets.append("pw-" + secrets.token_hex(8))
            print("changed: the password, to a fresh one (the run never writes its own down)")
        return self.secrets[0]

    def token(self, team: str) -> str:
        """A team's token, to make a near miss of it."""
        token = self.tokens.get(team)
        if token is None:
            raise CannotReplay(f"set ${self.config['tokens'][team][0]} to replay this")
        return token

    def path(self, template: str, registry: str | None, near: str = "") -> str:
        """The template about a registry: its id, or a near miss of it on the axis `near`, as
        the run wrote it in the path."""
        if registry is None:
            raise CannotReplay("the registry this request is about was not created")
        segment = urllib.parse.quote(registry, safe="")
        if near == "percent-encoding":  # RFC 3986 §2.3: the same id, written otherwise
            at = next((i for i, c in enumerate(segment) if c in UNRESERVED), None)
            segment = (
                segment
                if at is None
                else f"{segment[:at]}%{ord(segment[at]):02X}{segment[at + 1 :]}"
            )
        elif near:
            segment = urllib.parse.quote(NEAR[near](registry), safe="")
        return template.replace("{id}", segment)

    def create(self, body: dict[str, Any], **how: Any) -> str | None:
        """Create a registry of the replay's own: the body as the run sent it, but for a name
        without the run's prefix, which gets it (so that `cleanup` finds the registry)."""
        prefix, name = self.config["prefix"], body.get("name")
        if isinstance(name, str) and not name.startswith(prefix):
            print(f"changed: name {name!r} to {prefix + name!r}, so that cleanup finds it")
            body = dict(body, name=prefix + name)
        answer = self.call("POST", self.config["collection"], body=body, **how)
        registry = self._id_of(answer.json if answer else None)
        return registry if answer and answer.status and answer.status < 300 else None

    def call(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        raw: str | None = None,
        encoded: str | None = None,
        target: str | None = None,
        team: str = "first",
        token: Any = TEAM,
        gap: str = " ",
        note: str = "",
        judged: bool = False,
    ) -> Answer | None:
        """Send one request with `team`'s token, or `token` (None: none): `target` is the
        path and query exactly as the run wrote them, `encoded` the body's bytes as latin-1."""
        if method != "GET" and self.config["read_only"]:
            raise CannotReplay("a replay of a read-only run sends only GET")
        who = f" [{team} token]" if team != "first" else ""
        if token is TEAM:
            token = self.token(team)
        else:
            who = " [no token]" if token is None else " [another token]"
        if judged and not self.judged:
            self._wait_before_judged()
        target = target or path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = self._data(body, raw, encoded)
        answer = self._send(method, target, data, token, gap)
        self._show(method, target, who, answer, note)
        if judged:
            self._judge(Sent(method, path, body, team), answer)
        self._learn(method, path, body, team, answer)
        return answer

    def walk(
        self,
        query: dict[str, Any],
        note: str = "",
        between: Callable[[list[str]], bool] | None = None,
        judged: bool = False,
        **how: Any,
    ) -> list[list[str]]:
        """Follow the cursor from the first page, for at most the page cap, printing each
        page's ids; `between(ids)` runs after each page but the last, until it writes (says
        True); `how` is `call`'s."""
        names, query = self.config["pagination"], dict(query)
        pages: list[list[str]] = []
        existed = list(self.created)  # what the walk must list once, but for a delete
        for _ in range(self.config["max_pages"]):
            answer = self.call("GET", self.config["collection"], query=query, note=note,
                               judged=judged, **how)  # fmt: skip
            page = answer.json if answer else None
            if not answer or answer.status != 200 or not isinstance(page, dict):
                return pages
            items = page.get(names["results"]) or []
            pages.append([self._id_of(item) or "" for item in items])
            print("   ids:", pages[-1], flush=True)
            cursor = page.get(names["next_cursor"])
            if page.get(names["has_more"]) is not True or not isinstance(cursor, str):
                if judged:
                    self._judge_walk(pages, existed, ended=True)
                return pages
            if "same_twice" in self.expect and judged:
                self._same_twice(query, pages[-1])
            query[names["cursor"]] = cursor
            if between is not None and between(pages[-1]):
                between = None
        print(f"   stopped after {self.config['max_pages']} pages", flush=True)
        if judged:
            self._judge_walk(pages, existed, ended=False)
        return pages

    def _wait_before_judged(self) -> None:
        """A replica that lags catches up meanwhile; an update a while after the last write
        must move dtModified."""
        kept = self.expect.get("kept")
        moves = kept.get("move_after", 0.0) if isinstance(kept, dict) else 0.0
        wait = max(self.config["settle"], moves + 0.5 if moves else 0.0)
        if wait:
            print(f"waiting {wait:g} s before the request the check judged", flush=True)
            time.sleep(wait)

    def delete_one_made(self, ids: list[str]) -> bool:
        """Between pages: delete a registry the replay made that the page listed, if any."""
        ours = [registry for _, registry in self.created if registry in ids]
        if ours:
            self.call("DELETE", self.path(self.config["collection"] + "/{id}", ours[0]))
        return bool(ours)

    def run(self, steps: Callable[["Replay"], None]) -> None:
        """Run the steps, delete what they made whatever happens, and end with the verdict."""
        signal.signal(signal.SIGTERM, _stop)
        code, line = NOT_REPRODUCED, ""
        try:
            self.token("first")
            steps(self)
        except KeyboardInterrupt:
            code, line = INTERRUPTED, "interrupted: deleting what it created"
        except CannotReplay as reason:
            code, line = COULD_NOT, f"could not replay: {reason}"
        finally:
            self._delete_created()
        if code == NOT_REPRODUCED and not self.judged:
            code, line = COULD_NOT, "could not replay: the request the check judged was not sent"
        elif code == NOT_REPRODUCED and self.mismatches:
            code = REPRODUCED
            line = "reproduced: " + "; ".join(dict.fromkeys(self.mismatches))
        elif code == NOT_REPRODUCED:
            line = "did not reproduce: every answer was as " + self.config["check"] + " expects"
        print(line, flush=True)
        sys.exit(code)

    # -- the wire -----------------------------------------------------------------------

    def _data(self, body: Any, raw: str | None, encoded: str | None) -> bytes | None:
        """The body's bytes; a password the run redacted becomes a fresh one."""
        redacted = self.config["redacted"]
        if encoded is not None or raw is not None:
            text = encoded if encoded is not None else raw
            assert text is not None
            text = text.replace(redacted, self.secret())
            return text.encode("latin-1") if encoded is not None else text.encode("utf-8")
        return None if body is None else json.dumps(body).encode("utf-8")

    def _send(
        self, method: str, target: str, data: bytes | None, token: str | None, gap: str
    ) -> Answer | None:
        wait = self.last + self.config["interval"] - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last = time.monotonic()
        base = urllib.parse.urlsplit(self.config["base"])
        secure = base.scheme == "https"
        kind: type[http.client.HTTPConnection] = (
            http.client.HTTPSConnection if secure else http.client.HTTPConnection
        )
        connection = kind(base.netloc, timeout=self.config["timeout"])
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if token is not None:
            headers["Authorization"] = "Bearer" + gap + token
        try:
            connection.request(method, base.path.rstrip("/") + target, data, headers)
            response = connection.getresponse()
            raw = response.read(self.config["max_bytes"] + 1)
            names = {name.lower() for name in response.headers}
            found = {name: ", ".join(response.headers.get_all(name) or []) for name in names}
            return Answer(response.status, found, raw)
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out
            return Answer(None, {}, b"", f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    def _hidden(self, text: str) -> str:
        for value in self.secrets:
            text = text.replace(value, self.config["redacted"])
        return text

    def _show(self, method: str, target: str, who: str, answer: Answer | None, note: str) -> None:
        marker = f"   <-- {note}" if note else ""
        if answer is None or answer.status is None:
            error = answer.error if answer else ""
            print(f"{method} {target}{who} -> no answer ({error}){marker}", flush=True)
            return
        text = self._hidden(answer.text.replace("\n", " "))[:SHOWN]
        print(f"{method} {target}{who} -> {answer.status} {text}{marker}", flush=True)

    # -- what it remembers --------------------------------------------------------------

    def _id_of(self, value: Any) -> str | None:
        found = value.get(self.config["id"]) if isinstance(value, dict) else None
        return found if isinstance(found, str) else None

    def _registries(self, answer: Answer) -> list[dict[str, Any]]:
        body = answer.json
        if not isinstance(body, dict):
            return []
        items = body.get(self.config["pagination"]["results"])
        if isinstance(items, list):
            return [item for item in items if self._id_of(item)]
        return [body] if self._id_of(body) else []

    def _asked(self, path: str) -> str | None:
        collection = self.config["collection"] + "/"
        rest = path[len(collection) :] if path.startswith(collection) else ""
        return urllib.parse.unquote(rest.split("/")[0]) if rest else None

    def _learn(self, method: str, path: str, body: Any, team: str, answer: Answer | None) -> None:
        if answer is None or answer.status is None or answer.status >= 300:
            return
        for registry in self._registries(answer):
            self.seen[str(self._id_of(registry))] = registry
        made = self._id_of(answer.json) if method == "POST" else None
        asked = made or self._asked(path)
        if made:
            self.created.append((team, made))
        written = {k: v for k, v in body.items() if k not in self.config["write_only"]} if (
            isinstance(body, dict) and method in ("POST", "PUT", "PATCH")
        ) else {}  # fmt: skip
        if asked and written:
            self.sent[asked] = {**self.sent.get(asked, {}), **written}
        if asked and method == "DELETE":
            self.deleted.add(asked)

    def _delete_created(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the cleanup finishes once begun
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for team, registry in self.created:
            if registry not in self.deleted:
                path = self.path(self.config["collection"] + "/{id}", registry)
                self.call("DELETE", path, team=team, note="the replay's cleanup")

    # -- the comparison with EXPECT -----------------------------------------------------

    def _miss(self, text: str) -> None:
        self.mismatches.append(self._hidden(text))

    def _judge(self, sent: Sent, answer: Answer | None) -> None:
        self.judged += 1
        if answer is None or answer.status is None:
            if self.expect.get("answered"):
                self._miss(f"no answer within {self.config['timeout']:g} s")
            elif "statuses" in self.expect:
                self._miss("no answer")
            return
        for key, value in self.expect.items():
            judge = JUDGES.get(key)
            if judge is not None:
                found = judge(self, answer, value, sent)
                if found:
                    self._miss(found)

    def _judge_walk(
        self, pages: list[list[str]], existed: list[tuple[str, str]], *, ended: bool
    ) -> None:
        listed = [registry for page in pages for registry in page]
        if not ended and self.expect.get("walk_once"):
            self._miss(f"the walk had not ended after {len(pages)} pages")
        if self.expect.get("walk_once"):
            mine = [r for t, r in existed if t == "first" and r not in self.deleted]
            wrong = [r for r in mine if listed.count(r) != 1]
            twice = sorted({r for r in listed if listed.count(r) > 1})
            if wrong or twice:
                self._miss(f"a walk listed these not exactly once: {sorted(set(wrong + twice))}")
        if self.expect.get("no_empty_after_more") and any(not page for page in pages[1:]):
            self._miss("a page that said hasMore was followed by an empty page")

    def _same_twice(self, query: dict[str, Any], ids: list[str]) -> None:
        again = self.call("GET", self.config["collection"], query=query, note="the same page again")
        if again and again.status == 200:
            listed = [self._id_of(item) for item in self._registries(again)]
            if listed != ids:
                self._miss(f"the same page read twice listed {ids}, then {listed}")


def _status(replay: Replay, answer: Answer, allowed: list[str], sent: "Sent") -> str:
    status = str(answer.status)
    if status in allowed or f"{status[0]}xx" in allowed:
        return ""
    return f"{answer.status} where one of {', '.join(allowed)} was expected"


def _json(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    if "json" not in answer.headers.get("content-type", "") or answer.json is None:
        return f"a {answer.status} answer that is not JSON ({answer.headers.get('content-type')})"
    return ""


def _error_body(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    if answer.status is None or answer.status < 400:
        return ""
    body = answer.json
    if not isinstance(body, dict) or not all(
        isinstance(body.get(key), str) for key in ("code", "message")
    ):
        return f"a {answer.status} error whose body is not an object with a string code and message"
    return _json(replay, answer, value, sent)


TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict,
    "array": list, "null": type(None),
}  # fmt: skip


def _typed(value: Any, kinds: list[str]) -> bool:
    """Of one of JSON Schema's types (a boolean is no number)."""
    if isinstance(value, bool):
        return "boolean" in kinds
    return any(isinstance(value, TYPES[kind]) for kind in kinds if kind in TYPES)


def _schema(replay: Replay, answer: Answer, schema: dict[str, Any], sent: "Sent") -> str:
    if answer.status is None or not 200 <= answer.status < 300:
        return ""
    body = answer.json
    items = body.get(replay.config["pagination"]["results"]) if isinstance(body, dict) else None
    for value in items if isinstance(items, list) else [body]:
        if not isinstance(value, dict):
            return f"{str(value)[:80]} where an object was expected"
        missing = [name for name in schema["required"] if name not in value]
        if missing:
            return f"an answer without {', '.join(missing)}"
        for name, types in schema["types"].items():
            if name in value and not _typed(value[name], types):
                return f"{name} is {value[name]!r}, not of type {' or '.join(types)}"
        for name, allowed in schema["enums"].items():
            if name in value and value[name] not in allowed:
                return f"{name} is {value[name]!r}, not one of {allowed}"
    return ""


def _page(replay: Replay, answer: Answer, rules: dict[str, Any], sent: "Sent") -> str:
    names = replay.config["pagination"]
    body = answer.json if answer.status == 200 else None
    if not isinstance(body, dict) or not isinstance(body.get(names["results"]), list):
        return ""
    items = body[names["results"]]
    if "max_items" in rules and len(items) > rules["max_items"]:
        return f"a page of {len(items)} registries, asked for at most {rules['max_items']}"
    more, cursor = body.get(names["has_more"]), body.get(names["next_cursor"])
    if rules.get("has_more_matches") and (more is True) != isinstance(cursor, str):
        return f"{names['has_more']} is {more!r} while {names['next_cursor']} is {cursor!r}"
    if "sorted" in rules:
        field, ascending = rules["sorted"]
        keys = [_instant(item.get(field)) for item in items if isinstance(item, dict)]
        try:
            ordered = keys == sorted(keys, reverse=not ascending)
        except TypeError:
            ordered = False
        if not ordered:
            return f"a page not sorted by {field} {'ascending' if ascending else 'descending'}"
    return ""


def _registry(replay: Replay, answer: Answer, path: str) -> tuple[str | None, Any]:
    asked = replay._asked(path)
    for registry in replay._registries(answer):
        if asked is None or replay._id_of(registry) == asked:
            return asked, registry
    return asked, None


def _as_sent(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    asked, registry = _registry(replay, answer, sent.path)
    made = replay._id_of(answer.json) if sent.method == "POST" else None
    written = dict(replay.sent.get(made or asked or "", {}))
    if isinstance(sent.body, dict) and sent.method in ("POST", "PUT", "PATCH"):
        hidden = replay.config["write_only"]
        written.update({k: v for k, v in sent.body.items() if k not in hidden})
        registry = answer.json if isinstance(answer.json, dict) else registry
    if registry is None or (answer.status or 500) >= 300:
        return ""
    changed = [k for k, v in written.items() if registry.get(k) != v]
    return "; ".join(f"{k} is {registry.get(k)!r}, sent {written[k]!r}" for k in changed)


def _same_id(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    asked = replay._asked(sent.path)
    got = replay._id_of(answer.json)
    if asked and got and (answer.status or 500) < 300 and got != asked:
        return f"asked for {asked}, answered {got}"
    return ""


def _new_id(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    got = replay._id_of(answer.json)
    if got and (answer.status or 500) < 300 and any(got == r for _, r in replay.created):
        return f"a create answered {got}, the id of a registry that exists"
    return ""


def _kept(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    before, after = replay.seen.get(replay._asked(sent.path) or ""), answer.json
    if before is None or not isinstance(after, dict) or (answer.status or 500) >= 300:
        return ""
    written = sent.body if isinstance(sent.body, dict) else {}
    modified = replay.config["modified"]
    moved = [k for k, v in before.items() if k not in written and k != modified
             and not _same(after.get(k), v)]  # fmt: skip
    if moved:
        return f"an update changed {', '.join(moved)}, which it did not send"
    moved_on, was = _instant(after.get(modified, "")), _instant(before.get(modified, ""))
    if moved_on < was:
        return f"an update moved {modified} back"
    changed = any(not _same(before.get(k), v) for k, v in written.items() if k in before)
    if isinstance(value, dict) and value.get("move_after") and changed and moved_on == was:
        return f"an update that changed a member, seconds after the last write, left {modified}"
    return ""


def _unchanged(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    for registry in replay._registries(answer):
        before = replay.seen.get(str(replay._id_of(registry)))
        if before is not None:
            changed = [k for k in {*before, *registry} if not _same(before.get(k), registry.get(k))]
            if changed:
                return f"{', '.join(sorted(changed))} changed with nothing written between"
    return ""


def _gone(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    listed = [replay._id_of(r) for r in replay._registries(answer)]
    back = [r for r in listed if r in replay.deleted]
    return f"a deleted registry came back: {back[0]}" if back and answer.status == 200 else ""


def _others_absent(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    others = {r for team, r in replay.created if team != sent.team}
    listed = [replay._id_of(r) for r in replay._registries(answer)]
    shown = [r for r in listed if r in others]
    return f"the list shows the other team's registry {shown[0]}" if shown else ""


def _forms(value: str) -> list[str]:
    """A secret plain, percent-encoded, in hex, and in base64 at each of its three alignments
    (inside a longer text, as Docker's `username:password`, it may start at any)."""
    plain = value.encode()
    shifted = [base64.b64encode(b"\0" * n + plain).decode()[4 if n else 0 : -4] for n in range(3)]
    return [value, urllib.parse.quote(value, safe=""), plain.hex(), *shifted]


def _no_secret(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    heard = answer.text + " " + " ".join(answer.headers.values())
    for secret in replay.secrets:
        if any(form.lower() in heard.lower() for form in _forms(secret)):
            return "a password the replay sent came back"
    return ""


def _connection_fails(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    body = answer.json
    if answer.status == 200 and isinstance(body, dict):
        error = body.get("error")
        if body.get("success") is not False or not (isinstance(error, str) and error.strip()):
            return f"a test of a host that cannot exist answered {answer.text[:120]}"
    return ""


def _clock(replay: Replay, answer: Answer, value: Any, sent: "Sent") -> str:
    body = answer.json
    try:
        now = parsedate_to_datetime(answer.headers.get("date", "")).timestamp()
    except (TypeError, ValueError):
        return ""
    if not isinstance(body, dict) or (answer.status or 500) >= 300:
        return ""
    for name in (replay.config["created"], replay.config["modified"]):
        stamp = _instant(body.get(name))
        if isinstance(stamp, float) and abs(stamp - now) > replay.config["clock_leeway"]:
            return f"{name} {body.get(name)} is {stamp - now:+.0f} s from the server's Date"
    return ""


def _max_bytes(replay: Replay, answer: Answer, limit: int, sent: "Sent") -> str:
    return f"a body longer than {limit} bytes" if len(answer.raw) > limit else ""


JUDGES: dict[str, Callable[..., str]] = {
    "statuses": _status, "json": _json, "error_body": _error_body, "schema": _schema,
    "page": _page, "as_sent": _as_sent, "same_id": _same_id, "new_id": _new_id, "kept": _kept,
    "unchanged": _unchanged, "gone": _gone, "others_absent": _others_absent,
    "no_secret": _no_secret, "connection_fails": _connection_fails, "clock": _clock,
    "max_bytes": _max_bytes,
}  # fmt: skip
