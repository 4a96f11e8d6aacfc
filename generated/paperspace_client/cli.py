# Copied by `make generate` from client_extras/paperspace_client/cli.py: edit that file, not this one.
"""`paperspace-registries`: the container-registries API from a shell, built on this client.

    paperspace-registries [--api-url URL] [--json] COMMAND
      list    [--limit N] [--order ORDER] [--order-by FIELD] [--all]
      get     ID
      create  --name N --namespace NS --url URL --username U [--kind K] --password-stdin
      update  ID [--name N] [--namespace NS] [--url URL] [--username U] [--kind K]
                 [--password-stdin]
      delete  ID [--yes]
      test    ID

Also `python -m paperspace_client`. The flags of `create` and `update` are the members of
the generated request models, and those of `list` the parameters of the generated list
function, so a change to openapi.yaml reaches them with `make generate`; `--help` on a
command shows the current set and the allowed values.

Configuration: the API key from PAPERSPACE_API_KEY only (a flag would land in shell
history and in `ps`); the base URL from --api-url, else PAPERSPACE_API_URL, else
https://api.paperspace.com/v1. A password is read from stdin (--password-stdin: one line,
or a prompt that does not echo on a terminal) and is never printed; nor is the key.

Output: an aligned table for `list`, `key: value` lines for one object, both with the
registry's identity first (id, name, kind, url, namespace, username), then its other members
(the timestamps), then any the API added; with --json, the API's objects as it sent them,
timestamps and added members included (for `list`, JSON Lines, one registry a line, printed
page by page). Values are the ones received (a timestamp as the API wrote it), not the
generated models' rewriting of them.

Manners, as `gh` and `doctl` have them:
  - `list` without --all prints one page; when the API says more exist (`hasMore`), one line
    on stderr says so and how to see them (`showing 20 registries; more exist: use --all, or
    --limit N (up to 120)`, the spec's bound). stdout holds the page only, with --json too.
  - `delete` asks first when stdin is a terminal (`Delete registry ID (NAME)? [y/N] `, on
    stderr, after a GET for the name); anything but y or yes cancels it. --yes (-y) skips the
    question; without it, a stdin that is not a terminal is refused before any request.
  - A misspelt command or flag gets the closest one: `unknown command 'lst'; did you mean
    'list'?`.

Exit status:
    0    success
    1    the API refused the request (one line on stderr: status, code, message), the
         network failed (one line naming the URL tried), `test` reported `success: false`
         (its error on stderr), or a `delete` was cancelled at its question (one line saying
         nothing was deleted)
    2    a usage or configuration problem (a bad or unknown flag or command, no
         PAPERSPACE_API_KEY, an empty password, a base URL without the API's `/v1` when
         `<URL>/v1` answers, `delete` without --yes when stdin is not a terminal), with one
         line on stderr
    130  interrupted (Ctrl-C)
    141  stdout was closed early (`| head`)
"""

from __future__ import annotations

import argparse
import difflib
import enum
import getpass
import inspect
import json
import os
import re
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NoReturn, Protocol, TextIO, TypeVar

import attrs
import httpx

from . import pagination
from .api.container_registries import (
    create_container_registry,
    delete_container_registry,
    get_container_registry,
    list_container_registries,
    test_container_registry_connection,
    update_container_registry,
)
from .client import (
    API_KEY_VARIABLE,
    API_URL_VARIABLE,
    DEFAULT_BASE_URL,
    USER_AGENT,
    VERSION,
    AuthenticatedClient,
)
from .errors import APIError, ConfigurationError, PaperspaceError, parsed_or_raise
from .models import (
    ContainerRegistry,
    ContainerRegistryPage,
    CreateContainerRegistryRequest,
    TestConnectionResult,
    UpdateContainerRegistryRequest,
)
from .types import UNSET, Response, Unset

PROG = "paperspace-registries"
# The client names itself; the command adds its own name, so the API sees who calls.
COMMAND_USER_AGENT = f"{USER_AGENT} {PROG}/{VERSION}"
# The write-only member of the request bodies: read from stdin, never a flag, never printed.
SECRET = "password"
USAGE, FAILURE, INTERRUPTED, BROKEN_PIPE = 2, 1, 130, 141
# The API's version path (`/v1`), which a base URL must end in: a missing one is the likeliest
# reason for a 404 from every route.
API_ROOT = httpx.URL(DEFAULT_BASE_URL).path.rstrip("/")
# Control characters would break a table row or fake a line of output: shown escaped.
_CONTROL = {code: f"\\x{code:02x}" for code in [*range(32), 127]}


class UsageError(Exception):
    """A problem the user fixes on the command line: exit 2 with this one line."""


class _Model(Protocol):
    """What the CLI needs of a generated model: its JSON object and the members the spec lacks."""

    additional_properties: dict[str, Any]

    def to_dict(self) -> dict[str, Any]: ...


M = TypeVar("M", bound=_Model)


# Flags from the generated code


@dataclass(frozen=True)
class Option:
    """A flag made from a model member or a keyword of a generated function.

    Attributes:
        name: the member's or keyword's Python name; the flag is `--name-with-dashes`.
        convert: turns the flag's text into the value the generated code takes.
        choices: the allowed texts (an enum's values, true/false), or None for any.
        required: whether the flag must be given.
        help: what `--help` says of it.
    """

    name: str
    convert: Callable[[str], Any]
    choices: tuple[str, ...] | None
    required: bool
    help: str

    @property
    def flag(self) -> str:
        return flag_for(self.name)

    @property
    def dest(self) -> str:
        """Prefixed, so a member named like a global flag (`json`) cannot overwrite it."""
        return f"member_{self.name}"


def flag_for(name: str) -> str:
    """The flag of a Python name: `order_by` is `--order-by`."""
    return "--" + name.replace("_", "-")


def _allowed_types(hint: Any) -> list[Any]:
    """The types a hint allows besides Unset and None: `X | Unset` gives [X]."""
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    return [kind for kind in (typing.get_args(hint) if union else (hint,)) if kind not in (Unset, type(None))]


def _is_true(text: str) -> bool:
    return text == "true"


def option_for(name: str, hint: Any, *, required: bool, description: str) -> Option | None:
    """The flag for a member or keyword of this type, or None for a type one flag cannot hold
    (a nested object, a list): such members are left to the API's default."""
    allowed = _allowed_types(hint)
    if len(allowed) != 1 or not isinstance(allowed[0], type):
        return None
    kind = allowed[0]
    if issubclass(kind, enum.Enum):
        return Option(name, kind, tuple(str(member.value) for member in kind), required, description)
    if kind is bool:
        return Option(name, _is_true, ("true", "false"), required, description)
    if kind in (str, int, float):
        return Option(name, kind, None, required, description)
    return None


_ATTRIBUTE = re.compile(r"^(\s+)(\w+) \([^)]*\):\s*(.*)$")


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=\.)\s", text.strip(), maxsplit=1)[0]


def attribute_help(model: type) -> dict[str, str]:
    """The first sentence of each member's description in the model's docstring.

    The generator writes the spec's descriptions there, one `name (type): text` entry per
    member, continued on deeper-indented lines; this is where --help gets them.
    """
    described: dict[str, list[str]] = {}
    current: list[str] | None = None
    depth = 0
    for line in (model.__doc__ or "").splitlines():
        match = _ATTRIBUTE.match(line)
        if match:
            depth, current = len(match[1]), described.setdefault(match[2], [])
            current.append(match[3])
        elif current is not None and line.strip() and len(line) - len(line.lstrip()) > depth:
            current.append(line.strip())
        else:
            current = None
    return {name: _first_sentence(" ".join(parts)) for name, parts in described.items()}


def model_options(model: type[attrs.AttrsInstance]) -> list[Option]:
    """A flag for each member of a request body, except the secret (see --password-stdin)."""
    hints = typing.get_type_hints(model)
    described = attribute_help(model)
    options = []
    for member in attrs.fields(model):
        if not member.init or member.name == SECRET:
            continue
        required = member.default is attrs.NOTHING
        option = option_for(
            member.name,
            hints[member.name],
            required=required,
            description=described.get(member.name, ""),
        )
        if option is not None:
            options.append(option)
    return options


def has_secret(model: type[attrs.AttrsInstance]) -> tuple[bool, bool]:
    """Whether the body has the secret member, and whether it is required."""
    for member in attrs.fields(model):
        if member.name == SECRET:
            return True, member.default is attrs.NOTHING
    return False, False


def default_help(default: Any) -> str:
    """What --help says of a keyword's default: the spec's, or none (the API chooses)."""
    if default is inspect.Parameter.empty:
        return ""
    return "default: the API's" if isinstance(default, Unset) else f"default: {default}"


def parameter_options(function: Callable[..., Any], notes: Mapping[str, str]) -> list[Option]:
    """A flag for each keyword-only parameter of a generated function but `client`, its help
    the keyword's note in `notes` (the generated docstrings have none) and its default.

    For `list_container_registries.iter_pages`, those are the query parameters other than
    the cursor, which the walk sets itself; their defaults are the spec's.
    """
    hints = typing.get_type_hints(function)
    options = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY or parameter.name == "client":
            continue
        said = [notes.get(parameter.name, ""), default_help(parameter.default)]
        option = option_for(
            parameter.name,
            hints[parameter.name],
            required=parameter.default is inspect.Parameter.empty,
            description="; ".join(filter(None, said)),
        )
        if option is not None:
            options.append(option)
    return options


def given(args: argparse.Namespace, options: Sequence[Option]) -> dict[str, Any]:
    """The flags the user gave, as the generated code takes them; the others are left out, so
    the generated defaults apply (a member left UNSET is not sent)."""
    values = {option.name: getattr(args, option.dest) for option in options}
    return {
        option.name: option.convert(values[option.name]) if option.choices else values[option.name]
        for option in options
        if values[option.name] is not None
    }


def page_size_help(size: pagination.PageSize) -> str:
    """`page size, LOW to HIGH`: the bounds the generated module took from the spec."""
    low, high = size.minimum, size.maximum
    if low is not None and high is not None:
        bounds = f"{low} to {high}"
    elif low is not None:
        bounds = f"at least {low}"
    elif high is not None:
        bounds = f"at most {high}"
    else:
        return "page size"
    return f"page size, {bounds}"


def more_exist(shown: int, size: pagination.PageSize) -> str:
    """The note for a page that more follow: how many it shows, and the flags that show the
    rest. A larger page is offered only while the spec allows one, up to its bound."""
    noun = "registry" if shown == 1 else "registries"
    ways = ["--all"]
    if size.maximum is None:
        ways.append(f"{flag_for(size.keyword)} N")
    elif shown < size.maximum:
        ways.append(f"{flag_for(size.keyword)} N (up to {size.maximum})")
    return f"showing {shown} {noun}; more exist: use {', or '.join(ways)}"


PAGE_SIZE = list_container_registries.PAGE_SIZE
LIST_OPTIONS = parameter_options(list_container_registries.iter_pages, {PAGE_SIZE.keyword: page_size_help(PAGE_SIZE)})
CREATE_OPTIONS = model_options(CreateContainerRegistryRequest)
UPDATE_OPTIONS = model_options(UpdateContainerRegistryRequest)


# The password


def read_password(stdin: TextIO) -> str:
    """One line from stdin without its line ending, or a prompt that does not echo on a
    terminal: never an argument, which shell history and `ps` would show."""
    if stdin.isatty():
        try:
            text = getpass.getpass("Password: ")
        except EOFError:
            text = ""
    else:
        text = stdin.readline().removesuffix("\n").removesuffix("\r")
    if not text:
        raise UsageError("--password-stdin: the password is empty")
    return text


def secret_member(args: argparse.Namespace, stdin: TextIO) -> dict[str, str]:
    """`{"password": ...}` when --password-stdin was given, else nothing."""
    return {SECRET: read_password(stdin)} if getattr(args, "password_stdin", False) else {}


# What the API sent


@dataclass(frozen=True)
class Received(Generic[M]):
    """An answer's model, and its JSON object as the API sent it: what is printed.

    The model checks the answer (a body the spec does not allow raises, as `sync` does) and
    tells the spec's members from added ones; the printed values are the sent ones, since the
    model's `to_dict` rewrites them (`...09.148Z` becomes `...09.148000+00:00`).
    """

    model: M
    body: dict[str, Any]


def received(response: Response[Any], expected: type[M]) -> Received[M]:
    """The answer of a generated `*_detailed` function, or the error `sync` would raise."""
    return Received(parsed_or_raise(response, expected), json.loads(response.content))


def page_items(page: Received[ContainerRegistryPage]) -> list[Received[ContainerRegistry]]:
    """Each registry of a page with its object as sent, found under the spec's items member."""
    sent = page.body[list_container_registries.ITEMS_MEMBER]
    return [Received(model, body) for model, body in zip(page.model.items, sent, strict=True)]


# Output

_REGISTRY = attrs.fields(ContainerRegistry)
# What a reader scans a registry for, in this order: which one, what kind, where it lives, who
# logs in. Named through the generated model, so mypy and the import fail if the spec renames
# one; single words, so their Python names are their JSON names.
LEADING = tuple(
    member.name
    for member in (
        _REGISTRY.id,
        _REGISTRY.name,
        _REGISTRY.kind,
        _REGISTRY.url,
        _REGISTRY.namespace,
        _REGISTRY.username,
    )
)


def as_sent(answer: Received[M]) -> dict[str, Any]:
    """The JSON object as the API sent it, less the secret in case a faulty server echoes it."""
    return {key: value for key, value in answer.body.items() if key != SECRET}


def shown(answer: Received[M]) -> dict[str, Any]:
    """The object as sent, its members reordered for reading: the LEADING ones, then the
    spec's others in its order (a registry's timestamps), then any the API added."""
    body = as_sent(answer)
    added = answer.model.additional_properties
    spec_order = [key for key in answer.model.to_dict() if key not in added]
    order = dict.fromkeys(key for key in [*LEADING, *spec_order, *body] if key in body)
    return {key: body[key] for key in order}


def cell(value: Any) -> str:
    """A value as text: strings as they are, anything else as JSON (true, 3, {...})."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value)
    return text.translate(_CONTROL)


class Table:
    """An aligned table printed a page at a time, so a long listing streams.

    The columns are those of the first page (its header is printed once); a value wider
    than its column widens it from its own page on.
    """

    def __init__(self) -> None:
        self.columns: list[str] = []
        self.widths: list[int] = []

    def lines(self, rows: Sequence[Mapping[str, Any]]) -> list[str]:
        if not rows:
            return []
        header = []
        if not self.columns:
            self.columns = list(dict.fromkeys(key for row in rows for key in row))
            self.widths = [len(column) for column in self.columns]
            header = [self.columns]
        cells = [[cell(row.get(column)) for column in self.columns] for row in rows]
        for texts in cells:
            self.widths = [max(width, len(text)) for width, text in zip(self.widths, texts, strict=True)]
        return [self._line(texts) for texts in [*header, *cells]]

    def _line(self, texts: Sequence[str]) -> str:
        padded = [text.ljust(width) for text, width in zip(texts[:-1], self.widths, strict=False)]
        return "  ".join([*padded, texts[-1]])


@dataclass
class Output:
    """Where the commands print: tables and `key: value` lines, or JSON with --json."""

    as_json: bool
    stream: TextIO
    table: Table = field(default_factory=Table)

    def one(self, answer: Received[M]) -> None:
        """One object: `key: value` lines, or the object as sent, as indented JSON."""
        if self.as_json:
            self._write([json.dumps(as_sent(answer), indent=2)])
        else:
            self._write([f"{key}: {cell(value)}" for key, value in shown(answer).items()])

    def page(self, answers: Sequence[Received[M]]) -> None:
        """A page of a list: its table rows, or one JSON object a line; flushed at once."""
        if self.as_json:
            self._write([json.dumps(as_sent(answer)) for answer in answers])
        else:
            self._write(self.table.lines([shown(answer) for answer in answers]))

    def _write(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.stream.write(line + "\n")
        self.stream.flush()


def refusal(error: APIError) -> str:
    """Status, code and message, then the details, which name the refused members (`limit:
    must be between ...`): the part that says what to change."""
    line = f"{error.status_code} {error.code or 'error'}: {error.message}"
    if error.details:
        line += " (" + "; ".join(f"{key}: {cell(value)}" for key, value in error.details.items()) + ")"
    return line


def say(message: str) -> None:
    """One line on stderr, whitespace collapsed so a multi-line message stays one line."""
    sys.stderr.write(f"{PROG}: {' '.join(message.split())}\n")
    sys.stderr.flush()


def fail(status: int, message: str) -> int:
    """`say` the message; return the exit status."""
    say(message)
    return status


# The commands: each takes the client, the parsed arguments and the output; returns the status.
# They call the generated `sync_detailed` functions, which keep the body as sent.


def pages(
    client: AuthenticatedClient, query: Mapping[str, Any], *, every: bool
) -> Iterator[Received[ContainerRegistryPage]]:
    """The first page, or with `every` each page in turn, following the cursor as the
    generated `iter_pages` does; a page is fetched once the one before is printed."""

    def fetch(cursor: str | None) -> Received[ContainerRegistryPage]:
        after = UNSET if cursor is None else cursor
        answer = list_container_registries.sync_detailed(client=client, after=after, **query)
        return received(answer, ContainerRegistryPage)

    def cursor_after(page: Received[ContainerRegistryPage]) -> str | None:
        return pagination.next_cursor(page.model.has_more, page.model.next_page) if every else None

    return pagination.iter_pages(fetch, cursor_after)


def run_list(client: AuthenticatedClient, args: argparse.Namespace, out: Output) -> int:
    """Print each page as it arrives: all of them with --all, else the first, and then say on
    stderr if more exist, so a user is not misled by a short listing; stdout stays the page a
    script parses."""
    for page in pages(client, given(args, LIST_OPTIONS), every=args.all):
        out.page(page_items(page))
        if not args.all and page.model.has_more is True:
            say(more_exist(len(page.model.items), PAGE_SIZE))
    return 0


def run_get(client: AuthenticatedClient, args: argparse.Namespace, out: Output) -> int:
    answer = get_container_registry.sync_detailed(args.id, client=client)
    out.one(received(answer, ContainerRegistry))
    return 0


def run_create(client: AuthenticatedClient, args: argparse.Namespace, out: Output) -> int:
    members = given(args, CREATE_OPTIONS) | secret_member(args, sys.stdin)
    body = CreateContainerRegistryRequest(**members)
    answer = create_container_registry.sync_detailed(client=client, body=body)
    out.one(received(answer, ContainerRegistry))
    return 0


def run_update(client: AuthenticatedClient, args: argparse.Namespace, out: Output) -> int:
    """Send only the members given; an update that names none is a usage error, not a no-op."""
    members = given(args, UPDATE_OPTIONS)
    if not members and not getattr(args, "password_stdin", False):
        flags = [option.flag for option in UPDATE_OPTIONS]
        raise UsageError(f"update: nothing to change; give one or more of {', '.join(flags)}, --password-stdin")
    body = UpdateContainerRegistryRequest(**(members | secret_member(args, sys.stdin)))
    answer = update_container_registry.sync_detailed(args.id, client=client, body=body)
    out.one(received(answer, ContainerRegistry))
    return 0


def ask(question: str, stdin: TextIO) -> str:
    """The answer typed after `question`, stripped and lowered; "" at the end of input. The
    question goes to stderr, so stdout holds only the deleted registry."""
    sys.stderr.write(question)
    sys.stderr.flush()
    line = stdin.readline()
    if not line.endswith("\n"):  # Ctrl-D: what follows starts a line of its own
        sys.stderr.write("\n")
    return line.strip().lower()


def confirmed(client: AuthenticatedClient, identifier: str, stdin: TextIO) -> bool:
    """Whether the user at the terminal answers y or yes to deleting the registry, which a GET
    names in the question. Without a terminal nobody can answer, and a script that waited
    would hang: a usage error naming --yes, before any request."""
    if not stdin.isatty():
        raise UsageError(
            f"delete: stdin is not a terminal, so nobody can confirm; pass --yes to delete {cell(identifier)}"
        )
    answer = get_container_registry.sync_detailed(identifier, client=client)
    name = received(answer, ContainerRegistry).model.name
    question = f"Delete registry {cell(identifier)} ({cell(name)})? [y/N] "
    return ask(question, stdin) in ("y", "yes")


def run_delete(client: AuthenticatedClient, args: argparse.Namespace, out: Output) -> int:
    """Print the registry the API deleted, as it returns it; without --yes, only once the user
    at the terminal said yes (exit 1 if not)."""
    if not args.yes and not confirmed(client, args.id, sys.stdin):
        return fail(FAILURE, f"delete cancelled: nothing was deleted ({cell(args.id)} is kept)")
    answer = delete_container_registry.sync_detailed(args.id, client=client)
    out.one(received(answer, ContainerRegistry))
    return 0


def run_test(client: AuthenticatedClient, args: argparse.Namespace, out: Output) -> int:
    """Exit 1 when the API could not connect to the registry: a check a script can branch on.

    The result goes to stdout with --json either way; without it, only a success is printed
    there, and a failure is the one line on stderr.
    """
    answer = test_container_registry_connection.sync_detailed(args.id, client=client)
    result = received(answer, TestConnectionResult)
    if out.as_json or result.model.success:
        out.one(result)
    if result.model.success:
        return 0
    error = result.model.error
    reason = error if isinstance(error, str) and error else "no reason given"
    return fail(FAILURE, f"connection test of {args.id} failed: {reason}")


# The parser


class _Parser(argparse.ArgumentParser):
    """A usage error ends with one line and exit 2, not the usage dump: a CI log shows what
    to fix, and --help shows the rest."""

    def error(self, message: str) -> NoReturn:
        self.refuse(f"{message} (see --help)")

    def refuse(self, line: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: {line}\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """An unknown command gets the closest one, not argparse's list of them all. argparse
        checks a command here, before the subcommand's action runs, so this is the hook."""
        if isinstance(action, argparse._SubParsersAction) and value not in action.choices:
            self.refuse(unknown_command(str(value), list(action.choices)))
        super()._check_value(action, value)


def unknown_command(name: str, commands: Sequence[str]) -> str:
    """`unknown command 'lst'; did you mean 'list'?`, or with none close, the commands."""
    close = difflib.get_close_matches(name, commands, n=1)
    if close:
        return f"unknown command {name!r}; did you mean {close[0]!r}?"
    return f"unknown command {name!r} (one of: {', '.join(commands)})"


def unrecognized(extra: Sequence[str], command: str, flags: Sequence[str]) -> str:
    """The line for arguments the command does not take: for a flag close to one of its flags,
    that one (`unknown flag '--lim' for list; did you mean '--limit'?`), else argparse's."""
    for text in extra:
        flag = text.split("=", 1)[0]
        close = difflib.get_close_matches(flag, flags, n=1) if flag.startswith("-") else []
        if close:
            return f"unknown flag {flag!r} for {command}; did you mean {close[0]!r}?"
    return f"unrecognized arguments: {' '.join(extra)} (see --help)"


def _summary(module: types.ModuleType) -> str:
    """The operation's summary from the spec, the first line of its generated `sync`."""
    lines = (module.sync.__doc__ or "").strip().splitlines()
    return lines[0] if lines else ""


def _add_options(parser: argparse.ArgumentParser, options: Sequence[Option]) -> None:
    for option in options:
        metavar = None if option.choices else option.name.upper()
        parser.add_argument(
            option.flag,
            dest=option.dest,
            metavar=metavar,
            # argparse converts plain values, so `--limit many` is a usage error; a choice is
            # checked as text (argparse would show an enum member's repr) and converted after.
            type=str if option.choices else option.convert,
            choices=option.choices,
            required=option.required,
            help=option.help.replace("%", "%%"),
        )


def _add_secret(parser: argparse.ArgumentParser, model: type[attrs.AttrsInstance]) -> None:
    present, required = has_secret(model)
    if present:
        text = "read the password from stdin (one line; a prompt without echo on a terminal)"
        parser.add_argument("--password-stdin", action="store_true", required=required, help=text)


def _add_globals(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """--api-url and --json, accepted before the command and after it. After it they default
    to nothing, so leaving them out there does not undo the same flag given before."""
    parser.add_argument(
        "--api-url",
        metavar="URL",
        default=argparse.SUPPRESS if after_command else None,
        help=f"the API's base URL (default: ${API_URL_VARIABLE}, else {DEFAULT_BASE_URL})",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if after_command else False,
        help="print the API's JSON objects as it sent them (for list, JSON Lines: one registry a line)",
    )


Runner = Callable[[AuthenticatedClient, argparse.Namespace, Output], int]


@dataclass(frozen=True)
class Command:
    """A subcommand: its operation's module (for the summary), what runs it, and its arguments."""

    name: str
    module: types.ModuleType
    run: Runner
    takes_id: bool = True
    options: Sequence[Option] = ()
    body: type[attrs.AttrsInstance] | None = None  # the request model, for --password-stdin
    paged: bool = False  # takes --all
    confirms: bool = False  # asks first on a terminal; takes --yes
    note: str = ""  # what its --help says after the summary


COMMANDS = [
    Command(
        "list",
        list_container_registries,
        run_list,
        takes_id=False,
        options=LIST_OPTIONS,
        paged=True,
        note="Prints one page; when more exist, a line on stderr says so and how to see them.",
    ),
    Command("get", get_container_registry, run_get),
    Command(
        "create",
        create_container_registry,
        run_create,
        takes_id=False,
        options=CREATE_OPTIONS,
        body=CreateContainerRegistryRequest,
    ),
    Command(
        "update",
        update_container_registry,
        run_update,
        options=UPDATE_OPTIONS,
        body=UpdateContainerRegistryRequest,
    ),
    Command(
        "delete",
        delete_container_registry,
        run_delete,
        confirms=True,
        note="On a terminal, asks first (y/N) and exits 1 unless the answer is y or yes. "
        "Without a terminal it needs --yes, else it exits 2 and deletes nothing.",
    ),
    Command("test", test_container_registry_connection, run_test),
]


def _add_command(commands: argparse._SubParsersAction[_Parser], spec: Command) -> None:
    summary = _summary(spec.module)
    description = f"{summary}. {spec.note}" if spec.note else summary
    parser = commands.add_parser(spec.name, help=summary, description=description, allow_abbrev=False)
    if spec.takes_id:
        parser.add_argument("id", metavar="ID", help="the registry's id")
    _add_options(parser, spec.options)
    if spec.body is not None:
        _add_secret(parser, spec.body)
    if spec.paged:
        parser.add_argument(
            "--all",
            action="store_true",
            help="follow the cursor to the last page (default: one page)",
        )
    if spec.confirms:
        parser.add_argument(
            "--yes",
            "-y",
            action="store_true",
            help="do not ask (needed when stdin is not a terminal, as in a script)",
        )
    _add_globals(parser, after_command=True)
    # A misspelt flag is matched against these; argparse keeps them only in `_actions`.
    flags = [flag for action in parser._actions for flag in action.option_strings]
    parser.set_defaults(run=spec.run, command=spec.name, command_flags=flags)


def build_parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description=f"Manage Paperspace container registries. The API key is read from ${API_KEY_VARIABLE}.",
        epilog="exit status: 0 success; 1 refused by the API, a network failure, a failed "
        "connection test, or a delete cancelled at its question; 2 a usage or configuration "
        "problem (an unknown command or flag, delete without --yes when stdin is not a "
        "terminal); 130 interrupted",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {VERSION}")
    _add_globals(parser, after_command=False)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for spec in COMMANDS:
        _add_command(commands, spec)
    return parser


# Running


@dataclass(frozen=True)
class Target:
    """The base URL, and how it was given: a message about it says what to change there."""

    url: str
    source: str  # "--api-url", or PAPERSPACE_API_URL (also for the default)

    def setting(self, url: str) -> str:
        """`url` given the way this one was: `--api-url URL` or `PAPERSPACE_API_URL=URL`."""
        return f"{self.source} {url}" if self.source == "--api-url" else f"{self.source}={url}"


def base_url(args: argparse.Namespace, environ: Mapping[str, str]) -> Target:
    """--api-url, else PAPERSPACE_API_URL, else the public API; refused unless http(s)."""
    url = args.api_url or environ.get(API_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
    source = "--api-url" if args.api_url else API_URL_VARIABLE
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise UsageError(f"{source}: {url!r} is not a URL ({error})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UsageError(f"{source}: {url!r} is not an http(s) URL")
    return Target(url, source)


def make_client(url: str, environ: Mapping[str, str], **options: Any) -> AuthenticatedClient:
    """The client for the key in the environment and `url`, naming the command in User-Agent;
    raises ConfigurationError without a key. `options` go to the client (retry=None...)."""
    return AuthenticatedClient.from_env(
        {**environ, API_URL_VARIABLE: url}, headers={"User-Agent": COMMAND_USER_AGENT}, **options
    )


def answers_the_list(url: str, environ: Mapping[str, str]) -> bool:
    """Whether the API at `url` answers the list with a page: one look, not retried."""
    size: dict[str, Any] = {}
    if PAGE_SIZE.minimum is not None:
        size[PAGE_SIZE.keyword] = PAGE_SIZE.minimum  # the smallest page will do
    try:
        with make_client(url, environ, retry=None) as client:
            answer = list_container_registries.sync_detailed(client=client, **size)
    except httpx.HTTPError:
        return False
    return answer.status_code == 200 and isinstance(answer.parsed, ContainerRegistryPage)


def missing_root(target: Target, error: APIError, environ: Mapping[str, str]) -> str | None:
    """For a 404 from a base URL without the API's `/v1`, when `<URL>/v1` answers the list,
    the line saying so, worded as the contract suite's preflight words it; else None.

    Every route of such a URL is missing, so its 404 is no answer about a registry: the
    configuration is what to fix (exit 2)."""
    base = target.url.rstrip("/")
    if error.status_code != 404 or base.endswith(API_ROOT):
        return None
    candidate = base + API_ROOT
    if not answers_the_list(candidate, environ):
        return None
    return (
        f"no container-registries API at {target.url} ({refusal(error)}); {candidate} answers "
        f"the list: did you mean {target.setting(candidate)}?"
    )


def unreachable(error: httpx.HTTPError, target: Target) -> str:
    """The line for a request that got no answer, naming the URL it went to, less any user
    info (a password may sit there) and the query. The key travels in a header, never here."""
    try:
        url = error.request.url
    except RuntimeError:  # the error came before any request was built
        url = httpx.URL(target.url)
    tried = url.copy_with(userinfo=b"", query=None)
    return f"no answer from {tried}: {type(error).__name__}: {str(error) or 'no detail'}"


def run(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Run the parsed command; every error a user can meet becomes one line and a status."""
    try:
        target = base_url(args, environ)
    except UsageError as error:
        return fail(USAGE, str(error))
    try:
        with make_client(target.url, environ) as client:
            status: int = args.run(client, args, Output(args.json, sys.stdout))
            return status
    except (UsageError, ConfigurationError) as error:
        return fail(USAGE, str(error))
    except APIError as error:
        hint = missing_root(target, error, environ)
        return fail(USAGE, hint) if hint else fail(FAILURE, refusal(error))
    except PaperspaceError as error:
        return fail(FAILURE, str(error))
    except httpx.HTTPError as error:
        return fail(FAILURE, unreachable(error, target))


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line, or exit 2 with one line, naming the closest flag of the
    command for a misspelt one (argparse only lists what it did not recognize)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        parser.refuse(unrecognized(extra, args.command, args.command_flags))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: the exit status (see the module docstring), never a traceback
    for an API, network, usage or interrupt error."""
    try:
        return run(parse(argv), os.environ)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE


__all__ = ["main"]
