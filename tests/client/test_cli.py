"""`paperspace-registries` as a user runs it: real subprocesses against the real mock.

Each test runs `python -m paperspace_client` (and one the installed console script) with
PAPERSPACE_API_KEY and PAPERSPACE_API_URL in its environment, and checks what a script
relies on: the output, the exit status, one line on stderr, and no password anywhere; and
what a person at a terminal meets: the note that more registries exist, the question before
a delete (on a pseudo-terminal), the closest command to a misspelt one.
"""

from __future__ import annotations

import base64
import json
import os
import pty
import select
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs
import pytest
from paperspace_client.client import USER_AGENT, VERSION
from paperspace_client.models import (
    ContainerRegistryKind,
    CreateContainerRegistryRequest,
    UpdateContainerRegistryRequest,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api_spec.registries import LIMIT
from mock_server.testing import RunningMock, running_mock
from tests.loopback import Answer, catch_all, serve

from .support import registry, write_seed
from .test_user_agent import header_server

MODULE = [sys.executable, "-m", "paperspace_client"]
SCRIPT = Path(sys.executable).parent / "paperspace-registries"
TOKEN = "cli-token"
COUNT = 23  # four pages of 7, the last one short
LARGE = 3000  # enough pages at --limit 1 to interrupt a walk, enough rows to fill a pipe
PASSWORD = "s3cret-from-stdin"
# A kind without provider rules, so a loopback URL is allowed.
KIND = ContainerRegistryKind.OTHER.value
# The order a registry's members are shown in, as a table's columns or `key: value` lines.
COLUMNS = ["id", "name", "kind", "url", "namespace", "username", "dtCreated", "dtModified"]


@dataclass(frozen=True)
class Mock:
    running: RunningMock
    ids: list[str]  # the seeded registries, oldest first

    @property
    def base_url(self) -> str:
        return self.running.base_url

    def requests(self) -> dict[str, Any]:
        return self.running.requests()


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def one_error_line(self) -> str:
        """The single line a failure writes on stderr (and never a traceback)."""
        assert "Traceback" not in self.stderr
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith("paperspace-registries")
        return lines[0]


def environment(base_url: str | None, token: str | None = TOKEN) -> dict[str, str]:
    """This process's environment without any PAPERSPACE_ setting, then the given ones."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERSPACE_")}
    if token is not None:
        env["PAPERSPACE_API_KEY"] = token
    if base_url is not None:
        env["PAPERSPACE_API_URL"] = base_url
    return env


def run(env: dict[str, str], *args: str, stdin: str = "", command: Sequence[str] = MODULE) -> Run:
    done = subprocess.run(
        [*command, *args], input=stdin, env=env, capture_output=True, text=True, timeout=120
    )
    return Run(done.returncode, done.stdout, done.stderr)


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def new_requests(mock: Mock, before: list[list[str]]) -> list[list[str]]:
    """The API requests the mock has seen since its log was `before`."""
    log: list[list[str]] = mock.requests()["log"]
    return log[len(before) :]


def _seeded(tmp_path_factory: pytest.TempPathFactory, count: int, *args: str) -> Iterator[Mock]:
    seed = tmp_path_factory.mktemp("cli") / "seed.json"
    ids = write_seed(seed, count)
    with running_mock("--seed-file", str(seed), *args, token=TOKEN) as mock:
        yield Mock(mock, ids)


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    """Read-only tests: the seeded registries stay as they are."""
    yield from _seeded(tmp_path_factory, COUNT)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    """Tests that create, update and delete: each works on registries of its own."""
    yield from _seeded(tmp_path_factory, 3)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    yield from _seeded(tmp_path_factory, LARGE)


@pytest.fixture
def env(listing: Mock) -> dict[str, str]:
    return environment(listing.base_url)


@pytest.fixture
def wenv(writable: Mock) -> dict[str, str]:
    return environment(writable.base_url)


@contextmanager
def basic_auth_registry(password: str) -> Iterator[str]:
    """A registry on loopback whose `/v2/` accepts only robot:`password` by Basic auth; its
    `host:port`. A connection test passes only if the mock was given this password."""
    expected = "Basic " + base64.b64encode(f"robot:{password}".encode()).decode()

    async def v2(request: Request) -> Response:
        if request.headers.get("authorization") == expected:
            return JSONResponse({})
        return Response(status_code=401, headers={"WWW-Authenticate": 'Basic realm="cli"'})

    app = Starlette(routes=[Route("/v2/", v2)])
    with serve(lambda _: app) as url:
        yield url.removeprefix("http://")


def create(env: dict[str, str], url: str, password: str = PASSWORD, *extra: str) -> Run:
    flags = ["--name", "cli-made", "--namespace", "team", "--url", url, "--username", "robot"]
    return run(env, "create", *flags, "--kind", KIND, "--password-stdin", *extra, stdin=password)


def created_id(env: dict[str, str], url: str, password: str = PASSWORD) -> str:
    made = create(env, url, password + "\n", "--json")
    assert made.status == 0, made.stderr
    identifier: str = json.loads(made.stdout)["id"]
    return identifier


# Help and flags


def test_help_lists_every_command_and_the_exit_statuses() -> None:
    done = run(environment(None, None), "--help")
    assert done.status == 0
    for command in ("list", "get", "create", "update", "delete", "test"):
        assert f"    {command} " in done.stdout
    assert "130 interrupted" in " ".join(done.stdout.split())


def test_version_names_the_command_and_the_package_version() -> None:
    done = run(environment(None, None), "--version")
    assert (done.status, done.stdout.strip()) == (0, f"paperspace-registries {VERSION}")


@pytest.mark.parametrize(
    ("command", "model"),
    [("create", CreateContainerRegistryRequest), ("update", UpdateContainerRegistryRequest)],
)
def test_body_flags_are_the_request_models_members_but_the_password(
    command: str, model: type[attrs.AttrsInstance]
) -> None:
    shown = run(environment(None, None), command, "--help").stdout
    members = [member.name for member in attrs.fields(model) if member.init]
    assert "password" in members
    for name in members:
        if name != "password":
            assert f"--{name.replace('_', '-')} " in shown
    assert "--password " not in shown and "--password-stdin" in shown
    kinds = ",".join(kind.value for kind in ContainerRegistryKind)
    assert f"--kind {{{kinds}}}" in shown


def test_limit_help_gives_the_specs_bounds() -> None:
    shown = " ".join(run(environment(None, None), "list", "--help").stdout.split())
    assert f"--limit LIMIT page size, {LIMIT.minimum:g} to {LIMIT.maximum:g}" in shown


# list


def assert_aligned(header: str, rows: list[str]) -> None:
    """Every column of every row starts where its header does."""
    starts = [header.index(column) for column in header.split()]
    for row in rows:
        for start in starts[1:]:
            assert row[start - 1] == " " and row[start] != " ", (row, start)


def more_exist(shown: int, *, larger_page: bool = True) -> str:
    """The line `list` writes on stderr when more registries follow its page."""
    ways = f"--all, or --limit N (up to {LIMIT.maximum:g})" if larger_page else "--all"
    noun = "registry" if shown == 1 else "registries"
    return f"paperspace-registries: showing {shown} {noun}; more exist: use {ways}\n"


def test_list_prints_one_page_as_an_aligned_table(listing: Mock, env: dict[str, str]) -> None:
    done = run(env, "list", "--limit", "5")
    assert (done.status, done.stderr) == (0, more_exist(5))
    header, *rows = done.lines
    assert header.split() == COLUMNS
    assert [row.split()[0] for row in rows] == listing.ids[::-1][:5]
    assert_aligned(header, rows)


@pytest.mark.parametrize(
    "args", [["list"], ["--json", "list", "--limit", "1"]], ids=["default-page", "json"]
)
def test_list_says_on_stderr_that_more_exist(env: dict[str, str], args: list[str]) -> None:
    """stdout is the page alone (a table, or JSON Lines a script parses); stderr counts it and
    says how to see the rest."""
    done = run(env, *args)
    rows = json_lines(done.stdout) if "--json" in args else done.lines[1:]
    assert done.status == 0
    assert 0 < len(rows) < COUNT
    assert done.stderr == more_exist(len(rows))


def test_list_offers_only_all_when_the_page_is_the_largest(large: Mock) -> None:
    done = run(environment(large.base_url), "--json", "list", "--limit", f"{LIMIT.maximum:g}")
    assert done.status == 0
    assert len(json_lines(done.stdout)) == LIMIT.maximum
    assert done.stderr == more_exist(int(LIMIT.maximum), larger_page=False)


@pytest.mark.parametrize(
    "args",
    [["list", "--limit", str(COUNT)], ["list", "--limit", str(COUNT + 7)], ["list", "--all"]],
    ids=["exact-fit", "room-to-spare", "all"],
)
def test_list_says_nothing_when_no_more_exist(env: dict[str, str], args: list[str]) -> None:
    done = run(env, *args)
    assert (done.status, done.stderr, len(done.lines)) == (0, "", 1 + COUNT)


def test_list_json_prints_one_registry_a_line(listing: Mock, env: dict[str, str]) -> None:
    done = run(env, "--json", "list", "--limit", "5", "--order", "asc")
    assert done.status == 0
    assert [item["id"] for item in json_lines(done.stdout)] == listing.ids[:5]


def test_list_all_walks_every_page_once(listing: Mock, env: dict[str, str]) -> None:
    before = listing.requests()["log"]
    done = run(env, "--json", "list", "--all", "--limit", "7", "--order", "asc")
    after = listing.requests()["log"][len(before) :]
    assert done.status == 0
    assert [item["id"] for item in json_lines(done.stdout)] == listing.ids
    assert after.count(["GET", "/v1/container-registries"]) == 4  # ceil(23 / 7) pages


def test_list_all_table_has_one_header_and_every_row(listing: Mock, env: dict[str, str]) -> None:
    done = run(env, "list", "--all", "--limit", "7")
    assert done.status == 0
    header, *rows = done.lines
    assert len(rows) == COUNT
    assert header not in rows
    assert_aligned(header, rows)  # across pages too


def test_flags_are_accepted_after_the_command(listing: Mock) -> None:
    env = environment("http://127.0.0.1:9/v1")  # the environment's URL is not used
    done = run(env, "list", "--limit", "2", "--json", "--api-url", listing.base_url)
    assert done.status == 0, done.stderr
    assert len(json_lines(done.stdout)) == 2


def test_api_url_flag_wins_over_the_environment(listing: Mock) -> None:
    env = environment("http://127.0.0.1:9/v1")
    done = run(env, "--api-url", listing.base_url, "get", listing.ids[1])
    assert done.status == 0, done.stderr
    assert f"id: {listing.ids[1]}" in done.lines


# get


def test_get_prints_key_value_lines(listing: Mock, env: dict[str, str]) -> None:
    done = run(env, "get", listing.ids[3])
    expected = registry(3)
    assert (done.status, done.stderr) == (0, "")
    for key in ("id", "name", "namespace", "url", "username"):
        assert f"{key}: {expected[key]}" in done.lines
    assert [line.split(": ")[0] for line in done.lines] == COLUMNS
    assert "password" not in done.stdout


def test_timestamps_are_printed_as_the_api_sent_them(listing: Mock, env: dict[str, str]) -> None:
    sent = [registry(index)["dtCreated"] for index in range(COUNT)]  # e.g. ...T00:00:03.000Z
    one = json.loads(run(env, "--json", "get", listing.ids[3]).stdout)
    listed = json_lines(run(env, "--json", "list", "--all", "--order", "asc").stdout)
    assert one["dtCreated"] == sent[3]
    assert [item["dtCreated"] for item in listed] == sent
    assert f"dtCreated: {sent[3]}" in run(env, "get", listing.ids[3]).lines


@contextmanager
def api_sending(item: dict[str, Any]) -> Iterator[str]:
    """A loopback API whose list is one page holding `item`, and whose get answers it; its
    base URL. For bodies the mock does not send: members the spec lacks, other timestamps."""
    with catch_all() as server:
        page = {"items": [item], "hasMore": False, "nextPage": None}
        server.routes[("GET", "/v1/container-registries")] = Answer.json(200, page)
        server.routes[("GET", f"/v1/container-registries/{item['id']}")] = Answer.json(200, item)
        yield f"{server.base_url}/v1"


def test_members_the_api_added_are_kept_and_values_are_as_sent() -> None:
    body = {key: value for key, value in registry(1).items() if key != "password"}
    sent = "2026-12-01T19:49:09.148Z"
    added = {"region": "eu-west", "labels": {"team": "ml"}}
    item: dict[str, Any] = {"kind": KIND, **body, "dtCreated": sent, "dtModified": sent, **added}
    with api_sending(item) as url:
        env = environment(url)
        one, listed = run(env, "--json", "get", body["id"]), run(env, "--json", "list")
        lines, table = run(env, "get", body["id"]).lines, run(env, "list").lines
    assert list(json.loads(one.stdout).items()) == list(item.items())  # members in sent order
    assert json_lines(listed.stdout) == [item]
    assert lines == [f"{key}: {item[key]}" for key in COLUMNS] + [
        "region: eu-west",
        'labels: {"team": "ml"}',
    ]
    assert table[0].split() == [*COLUMNS, *added]
    assert f"  {sent}  {sent}  eu-west  " in table[1]


def test_get_json_prints_the_registry(listing: Mock, env: dict[str, str]) -> None:
    done = run(env, "--json", "get", listing.ids[3])
    shown = json.loads(done.stdout)
    assert done.status == 0
    assert {key: shown[key] for key in ("id", "name", "url")} == {
        key: registry(3)[key] for key in ("id", "name", "url")
    }
    assert "password" not in shown


# Refusals by the API: exit 1, one line with status, code and message


@pytest.mark.parametrize(
    "args",
    [["get"], ["delete", "--yes"], ["test"], ["update", "--name", "x"]],
    ids=["get", "delete", "test", "update"],
)
def test_an_unknown_id_exits_1_with_status_code_and_message(
    env: dict[str, str], args: list[str]
) -> None:
    command, *flags = args
    done = run(env, command, "no-such-registry", *flags)
    line = done.one_error_line()
    assert done.status == 1
    assert done.stdout == ""
    assert "404 NOT_FOUND: " in line
    assert len(line.split("404 NOT_FOUND: ", 1)[1]) > 0  # the API's message


def test_a_limit_the_api_refuses_exits_1_naming_the_member(env: dict[str, str]) -> None:
    done = run(env, "list", "--limit", "0")
    line = done.one_error_line()
    assert done.status == 1
    assert "400 BAD_REQUEST" in line and "limit" in line


def test_a_wrong_key_exits_1(listing: Mock) -> None:
    done = run(environment(listing.base_url, "not-the-token"), "list")
    assert done.status == 1
    assert "401" in done.one_error_line()
    assert "not-the-token" not in done.stderr + done.stdout


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:9", "registries.invalid"],  # nothing listens on port 9; .invalid never resolves
    ids=["refused", "no-such-host"],
)
def test_a_network_failure_exits_1_naming_the_url_without_secrets(host: str) -> None:
    env = environment(f"http://robot:url-secret@{host}/v1")
    done = create(env, "127.0.0.1:9")  # a POST: not retried, so the failure is immediate
    line = done.one_error_line()
    assert done.status == 1
    assert f" http://{host}/v1/container-registries: ConnectError: " in line
    for secret in ("url-secret", TOKEN, PASSWORD):
        assert secret not in done.stderr + done.stdout


# A base URL without the API's /v1


def test_a_base_url_without_v1_is_told_to_add_it(listing: Mock) -> None:
    root = listing.base_url.removesuffix("/v1")
    assert root != listing.base_url
    for args in (["list"], ["get", listing.ids[0]], ["test", listing.ids[0]]):
        done = run(environment(root), *args)
        line = done.one_error_line()
        assert (done.status, done.stdout) == (2, "")
        assert f"no container-registries API at {root} (404 " in line
        assert line.endswith(f"did you mean PAPERSPACE_API_URL={listing.base_url}?"), line
    flagged = run(environment(None), "--api-url", f"{root}/", "list")
    assert flagged.one_error_line().endswith(f"did you mean --api-url {listing.base_url}?")


def test_a_404_is_the_apis_answer_when_v1_does_not_answer_either() -> None:
    with catch_all() as server:  # 404 on every path
        done = run(environment(server.base_url), "list")
    line = done.one_error_line()
    assert done.status == 1
    assert "404 NOT_FOUND: none" in line and "did you mean" not in line
    assert [seen.path for seen in server.seen] == [
        "/container-registries",
        "/v1/container-registries",  # the one look at <URL>/v1
    ]


# Usage and configuration: exit 2, one line


@pytest.mark.parametrize(
    ("key", "command"),
    [(None, ["list"]), ("", ["get", "reg00001"]), ("  ", ["test", "reg00001"])],
    ids=["unset", "empty", "blank"],
)
def test_no_key_exits_2_naming_the_variable(
    listing: Mock, key: str | None, command: list[str]
) -> None:
    done = run(environment(listing.base_url, key), *command)
    assert done.status == 2
    assert "PAPERSPACE_API_KEY" in done.one_error_line()
    assert done.stdout == ""


def test_no_key_is_found_before_the_password_is_read(listing: Mock) -> None:
    done = create(environment(listing.base_url, None), "127.0.0.1:9")
    assert done.status == 2
    assert "PAPERSPACE_API_KEY" in done.one_error_line()


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["list", "--order", "sideways"],
        ["list", "--limit", "many"],
        ["list", "--lim", "2"],  # no abbreviations: a script says what it means
        ["get"],
        ["create", "--name", "x"],
        ["create", "--name", "x", "--namespace", "n", "--url", "u", "--username", "r"],
        [
            "create",
            "--name",
            "x",
            "--namespace",
            "n",
            "--url",
            "u",
            "--username",
            "r",
            "--password",
            "pw",
        ],
        ["update", "reg00001", "--kind", "nonsense"],
        ["update", "reg00001"],  # nothing to change
        ["--api-url", "ftp://example.com", "list"],
        ["--api-url", "not a url", "list"],
    ],
)
def test_usage_errors_exit_2_with_one_line(env: dict[str, str], args: list[str]) -> None:
    done = run(env, *args)
    assert done.status == 2
    done.one_error_line()
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["lst"], "unknown command 'lst'; did you mean 'list'?"),
        (["--json", "delet", "reg00001"], "unknown command 'delet'; did you mean 'delete'?"),
        (["list", "--lim", "2"], "unknown flag '--lim' for list; did you mean '--limit'?"),
        (["delete", "reg00001", "--yse"], "unknown flag '--yse' for delete; did you mean '--yes'?"),
        (["frobnicate"], "unknown command 'frobnicate' (one of: list, get, create, update, "),
    ],
    ids=["command", "command-after-a-flag", "flag", "yes", "nothing-close"],
)
def test_a_misspelling_gets_the_closest_command_or_flag(
    listing: Mock, env: dict[str, str], args: list[str], line: str
) -> None:
    before = listing.requests()["log"]
    done = run(env, *args)
    assert (done.status, done.stdout) == (2, "")
    assert done.one_error_line().startswith(f"paperspace-registries: {line}")
    assert new_requests(listing, before) == []


def test_a_bad_url_in_the_environment_exits_2() -> None:
    done = run(environment("api.example.com/v1"), "list")
    assert done.status == 2
    assert "PAPERSPACE_API_URL" in done.one_error_line()


@pytest.mark.parametrize("stdin", ["", "\n", "\r\n"], ids=["nothing", "newline", "crlf"])
def test_an_empty_password_exits_2_and_creates_nothing(
    writable: Mock, wenv: dict[str, str], stdin: str
) -> None:
    before = writable.requests()["counts"].get("POST", 0)
    done = create(wenv, "127.0.0.1:9", stdin)
    assert done.status == 2
    assert "password" in done.one_error_line()
    assert writable.requests()["counts"].get("POST", 0) == before


# create, update, delete, test


def test_create_reads_the_password_from_stdin_and_never_prints_it(wenv: dict[str, str]) -> None:
    done = create(wenv, "127.0.0.1:9", PASSWORD + "\n")
    assert (done.status, done.stderr) == (0, "")
    assert "name: cli-made" in done.lines
    identifier = next(line for line in done.lines if line.startswith("id: ")).removeprefix("id: ")
    shown = [
        done,
        run(wenv, "--json", "get", identifier),
        run(wenv, "get", identifier),
        run(wenv, "--json", "list", "--all"),
        run(wenv, "list", "--all"),
    ]
    assert all(output.status == 0 for output in shown)
    for output in shown:
        assert PASSWORD not in output.stdout + output.stderr
    assert "password" not in json.loads(shown[1].stdout)


def _read_terminal(primary: int, until: bytes | None, timeout: float = 30.0) -> bytes:
    """What the command wrote to its terminal: up to `until`, or with None, all that comes
    before `timeout` passes without more."""
    seen = b""
    while until is None or until not in seen:
        ready, _, _ = select.select([primary], [], [], timeout)
        if not ready:
            break
        try:
            chunk = os.read(primary, 1024)
        except OSError:  # EIO: the command closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_a_terminal_gets_a_prompt_that_does_not_echo(wenv: dict[str, str]) -> None:
    """On a terminal, --password-stdin prompts; what is typed does not appear on it."""
    primary, secondary = pty.openpty()
    # The command's stdin is the terminal, and its controlling terminal, as in a shell.
    bootstrap = (
        f"import os, runpy; os.setsid(); os.dup2(os.open({os.ttyname(secondary)!r}, os.O_RDWR), 0);"
        "runpy.run_module('paperspace_client', run_name='__main__', alter_sys=True)"
    )
    flags = ["--name", "typed", "--namespace", "team", "--url", "127.0.0.1:9", "--username", "r"]
    command = [sys.executable, "-c", bootstrap, "--json", "create", *flags, "--kind", KIND]
    try:
        with subprocess.Popen(
            [*command, "--password-stdin"], env=wenv, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        ) as process:  # fmt: skip
            prompt = _read_terminal(primary, b"Password: ")
            os.write(primary, f"{PASSWORD}\n".encode())
            stdout, stderr = process.communicate(timeout=60)
            after = _read_terminal(primary, None, timeout=0.5)
    finally:
        os.close(primary)
        os.close(secondary)
    assert process.returncode == 0, stderr
    assert b"Password: " in prompt
    assert PASSWORD.encode() not in prompt + after
    assert PASSWORD not in stdout + stderr
    assert json.loads(stdout)["name"] == "typed"


def test_create_json_prints_the_new_registry(wenv: dict[str, str]) -> None:
    done = create(wenv, "127.0.0.1:9", PASSWORD, "--json")
    made = json.loads(done.stdout)
    assert done.status == 0
    assert (made["name"], made["kind"], made["url"]) == ("cli-made", KIND, "127.0.0.1:9")
    assert run(wenv, "--json", "get", made["id"]).stdout == done.stdout


def test_update_sends_only_the_members_given(wenv: dict[str, str]) -> None:
    identifier = created_id(wenv, "127.0.0.1:9")
    done = run(wenv, "update", identifier, "--name", "renamed")
    assert (done.status, done.stderr) == (0, "")
    assert "name: renamed" in done.lines
    assert "namespace: team" in done.lines  # left as it was
    shown = json.loads(run(wenv, "--json", "update", identifier, "--username", "other").stdout)
    assert (shown["name"], shown["username"]) == ("renamed", "other")


def test_update_and_test_use_the_password_from_stdin(wenv: dict[str, str]) -> None:
    """The registry takes only the new password: the test fails with the one given at create,
    passes after `update --password-stdin`, so the password reached the API both times."""
    with basic_auth_registry("new-password") as host:
        identifier = created_id(wenv, host, "old-password")
        refused = run(wenv, "test", identifier)
        assert refused.status == 1
        assert "refused the credentials" in refused.one_error_line()
        updated = run(wenv, "update", identifier, "--password-stdin", stdin="new-password\n")
        assert updated.status == 0, updated.stderr
        passed = run(wenv, "test", identifier)
        passed_json = run(wenv, "--json", "test", identifier)
    assert (passed.status, passed.stdout, passed.stderr) == (0, "success: true\n", "")
    assert (passed_json.status, json.loads(passed_json.stdout)) == (0, {"success": True})
    for output in (refused, updated, passed, passed_json):
        assert "password" not in output.stdout + output.stderr


def test_a_failed_connection_test_exits_1_with_its_error(
    listing: Mock, env: dict[str, str]
) -> None:
    # The seeded registries are on ghcr.io, a host the mock does not connect to.
    done = run(env, "test", listing.ids[0])
    assert (done.status, done.stdout) == (1, "")
    assert "does not connect to ghcr.io" in done.one_error_line()
    as_json = run(env, "--json", "test", listing.ids[0])
    result = json.loads(as_json.stdout)
    assert as_json.status == 1
    assert result["success"] is False and "ghcr.io" in result["error"]
    assert result["error"] in as_json.one_error_line()


@pytest.mark.parametrize(
    ("as_json", "yes"), [(False, "--yes"), (True, "-y")], ids=["table-yes", "json-y"]
)
def test_delete_with_yes_prints_the_deleted_registry_and_sends_only_the_delete(
    writable: Mock, wenv: dict[str, str], as_json: bool, yes: str
) -> None:
    identifier = created_id(wenv, "127.0.0.1:9")
    before = writable.requests()["log"]
    done = run(wenv, *(["--json"] if as_json else []), "delete", identifier, yes)
    assert (done.status, done.stderr) == (0, "")
    assert new_requests(writable, before) == [["DELETE", f"/v1/container-registries/{identifier}"]]
    if as_json:
        assert json.loads(done.stdout)["id"] == identifier
    else:
        assert f"id: {identifier}" in done.lines
    assert run(wenv, "get", identifier).status == 1


def test_delete_without_a_terminal_or_yes_is_refused_before_any_request(
    writable: Mock, wenv: dict[str, str]
) -> None:
    """A script that forgot --yes: it never waits for an answer nobody can give."""
    identifier = created_id(wenv, "127.0.0.1:9")
    before = writable.requests()["log"]
    done = run(wenv, "delete", identifier, stdin="y\n")  # stdin is a pipe, not a terminal
    line = done.one_error_line()
    assert (done.status, done.stdout) == (2, "")
    assert "not a terminal" in line and "pass --yes" in line
    assert new_requests(writable, before) == []
    assert run(wenv, "get", identifier).status == 0


def run_on_terminal(env: dict[str, str], args: Sequence[str], typed: bytes) -> Run:
    """Run the command with a pseudo-terminal as stdin and stderr, as in a shell with stdout
    redirected; type `typed` once it asks [y/N]. The Run's stderr is what the terminal showed,
    the terminal's CRLF line endings made LF."""
    primary, secondary = pty.openpty()
    try:
        with subprocess.Popen(
            [*MODULE, *args], env=env, stdin=secondary, stdout=subprocess.PIPE,
            stderr=secondary, text=True, start_new_session=True,
        ) as process:  # fmt: skip
            shown = _read_terminal(primary, b"[y/N] ")
            os.write(primary, typed)
            stdout, _ = process.communicate(timeout=60)
            shown += _read_terminal(primary, None, timeout=0.5)
    finally:
        os.close(primary)
        os.close(secondary)
    return Run(process.returncode, stdout, shown.decode().replace("\r\n", "\n"))


@pytest.mark.parametrize(
    ("typed", "deleted"),
    [
        (b"y\n", True),
        (b"YES\n", True),
        (b"n\n", False),
        (b"\n", False),  # the default, N
        (b"\x04", False),  # Ctrl-D: the end of input
    ],
    ids=["y", "YES", "n", "enter", "ctrl-d"],
)
def test_delete_on_a_terminal_asks_first(
    writable: Mock, wenv: dict[str, str], typed: bytes, deleted: bool
) -> None:
    identifier = created_id(wenv, "127.0.0.1:9")
    before = writable.requests()["log"]
    done = run_on_terminal(wenv, ["delete", identifier], typed)
    question = f"Delete registry {identifier} (cli-made)? [y/N] "
    assert done.stderr.startswith(question), done.stderr
    sent = [method for method, _ in new_requests(writable, before)]
    if deleted:
        assert (done.status, sent) == (0, ["GET", "DELETE"])
        assert f"id: {identifier}" in done.lines
        assert run(wenv, "get", identifier).status == 1
    else:
        assert (done.status, done.stdout, sent) == (1, "", ["GET"])
        cancelled = "paperspace-registries: delete cancelled: nothing was deleted"
        assert done.stderr.splitlines()[-1].startswith(cancelled), done.stderr
        assert run(wenv, "get", identifier).status == 0


def test_delete_of_an_unknown_id_on_a_terminal_does_not_ask(wenv: dict[str, str]) -> None:
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [*MODULE, "delete", "no-such-registry"], env=wenv, stdin=secondary,
            capture_output=True, text=True, timeout=60, start_new_session=True,
        )  # fmt: skip
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 1
    assert "404 NOT_FOUND" in Run(done.returncode, done.stdout, done.stderr).one_error_line()
    assert "[y/N]" not in done.stderr


# The installed command, User-Agent, interruptions


def test_the_console_script_is_installed(listing: Mock, env: dict[str, str]) -> None:
    assert SCRIPT.is_file(), "run `make install`: the venv predates [project.scripts]"
    done = run(env, "--json", "get", listing.ids[2], command=[str(SCRIPT)])
    assert done.status == 0
    assert json.loads(done.stdout)["id"] == listing.ids[2]
    assert run(env, "get", "no-such-registry", command=[str(SCRIPT)]).status == 1


def test_requests_name_the_command_in_user_agent() -> None:
    body = {**registry(1), "dtModified": registry(1)["dtCreated"], "kind": KIND}
    del body["password"]
    with header_server(body) as server:
        done = run(environment(server.base_url), "get", "reg00001")
    assert done.status == 0, done.stderr
    assert server.user_agents == [[f"{USER_AGENT} paperspace-registries/{VERSION}"]]


def test_a_password_the_api_echoes_is_not_printed(tmp_path: Path) -> None:
    """A faulty server that returns the password: the command still does not print it."""
    seed = tmp_path / "seed.json"
    write_seed(seed, 2)
    with running_mock("--seed-file", str(seed), "--fault", "echo-password", token=TOKEN) as mock:
        env = environment(mock.base_url)
        outputs = [
            run(env, "get", "reg00001"),
            run(env, "--json", "get", "reg00001"),
            run(env, "list"),
            run(env, "--json", "list"),
        ]
    for output in outputs:
        assert output.status == 0
        assert "password-1" not in output.stdout and "password" not in output.stdout


def test_ctrl_c_exits_130_without_a_traceback(large: Mock) -> None:
    command = [*MODULE, "--json", "list", "--all", "--limit", "1"]
    with subprocess.Popen(
        command, env=environment(large.base_url), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    ) as process:  # fmt: skip
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())
        # The first page is printed while the walk goes on: the listing streams.
        assert first["id"] == large.ids[-1]
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == ""


def test_a_closed_stdout_ends_quietly(large: Mock) -> None:
    """`| head`: the reader goes away mid-listing; no BrokenPipeError reaches the user."""
    command = [*MODULE, "list", "--all", "--limit", "100"]
    with subprocess.Popen(
        command, env=environment(large.base_url), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    ) as process:  # fmt: skip
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # far more rows follow than a pipe buffers
        stderr = process.stderr.read()
        process.wait(timeout=60)
    assert process.returncode == 141
    assert stderr == ""
