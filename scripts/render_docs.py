"""`make docs`: write the documentation that is read off the code, so it never drifts.

    python scripts/render_docs.py            # rewrite
    python scripts/render_docs.py --check    # exit 1, naming the files, when one is out of date

- docs/checks.md, whole, from the check registry (contract_tests.rules.registry.CHECKS);
- the checks table of README.md, between its `checks` markers, from the same registry;
- the fault table of docs/mock.md, between its `faults` markers, from the mock's catalogue
  (mock_server.faults.CATALOGUE) and the check that claims each fault, and its provider-rules
  table, between its `rules` markers, from openapi.yaml's x-provider-rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api_spec.registries import CREATE_BODY, RULES  # noqa: E402
from contract_tests import rules  # noqa: E402, F401 (registers the checks)
from contract_tests.rules.exchange import AUTHENTICATED, Asked  # noqa: E402
from contract_tests.rules.near_misses import AXES, EQUAL, HOW, VALUES  # noqa: E402
from contract_tests.rules.near_misses import cell as near_miss_cell  # noqa: E402
from contract_tests.rules.probes import BODIES, CHANNELS, METHODS, Row  # noqa: E402
from contract_tests.rules.registry import (  # noqa: E402
    ALL_OPERATIONS,
    CHECKS,
    Check,
    fault_table,
)
from contract_tests.rules.state import (  # noqa: E402
    create_persists,
    update_changes_only_what_was_sent,
    update_persists,
)
from contract_tests.suite.members import AWKWARD, WRITES, string_members  # noqa: E402
from mock_server.faults import CATALOGUE  # noqa: E402


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _judges(check: Check[Any]) -> str:
    """What it judges, and of what kinds of request, as the declaration says."""
    shape = check.shape.value
    if check.source == "schemathesis":
        shape += " (schemathesis's own check)"
    asked = set(check.asked)
    if asked == set(Asked):
        kinds = "any request"
    elif asked == set(AUTHENTICATED):
        kinds = "any request with a valid token"
    else:
        kinds = "; ".join(kind.value for kind in Asked if kind in asked)
    lags = "; read again before it fails (lag)" if check.lags else ""
    return f"{shape}: {kinds}{lags}"


def _requires(check: Check[Any]) -> str:
    return ", ".join(condition.name for condition in check.requires)


def _where(check: Check[Any]) -> str:
    if set(check.operations) >= set(ALL_OPERATIONS):
        return "every operation"
    return "<br>".join(f"`{operation}`" for operation in check.operations)


def checks_page() -> str:
    rows = [
        f"| `{c.name}` | {_cell(c.rule)} | {_cell(_judges(c))} | {_where(c)} | "
        f"{_cell(_requires(c))} | {_needs(c)} | {', '.join(f'`{f}`' for f in c.proven_by)} |"
        for c in CHECKS
    ]
    return (
        "\n".join(
            [
                "# The checks",
                "",
                "Every rule the contract suite applies is one check: an object registered in",
                "`contract_tests/rules/registry.py` with its rule, the function that decides it,",
                "and where it applies: what it judges (one exchange, two answers about one",
                "registry, two reads of the list, a walk, the run), the kinds of request and the",
                'operations, its preconditions (one that fails is "not judged", with the',
                "reason), whether it needs `--allow-writes` or a second team's token, and the",
                "faults of the mock's catalogue it must catch (`tests/contract/test_faults.py`",
                "runs each). The engine applies every check to everything it can judge, whichever",
                "test sent the requests. The summary, the reports and this page are read off the",
                "registry: `make docs` writes this page.",
                "",
                "Most checks judge an answer against what the reference model",
                "(`contract_tests/rules/model.py`) predicted for its request before it went out:",
                "a 2xx, a refusal and for which reason, and for a 2xx the registry as far as the",
                "run knows it, a deleted one included. `--checks NAMES` judges only those checks",
                "and runs only the tests that send what they need.",
                "",
                "| check | rule | judges | operations | preconditions | needs "
                "| proven by the faults |",
                "| --- | --- | --- | --- | --- | --- | --- |",
                *rows,
                "",
                "# The probes",
                "",
                "Requests no random generation reaches at a few examples, built from principles",
                "so each family is complete by construction, and sent in every run at any",
                "budget. Each row names the checks that judge it.",
                "",
                *awkward_section(),
                "",
                *near_miss_section(),
                "",
                *probes_sections(),
            ]
        )
        + "\n"
    )


def _names(checks: Iterable[Check[Any]]) -> str:
    return ", ".join(f"`{check.name}`" for check in checks)


def _shown(value: str) -> str:
    return repr(value) if len(value) < 30 else f"{value[:3]!r}... ({len(value)} characters)"


def awkward_section() -> list[str]:
    """The awkward values table: each value in each string member, at each write."""
    members = ", ".join(f"`{name}`" for name in string_members())
    writes = " and ".join(f"`{write.label}`" for write in WRITES)
    rows = [
        f"| {label} | {_cell(_shown(value))} | {members} | {writes} |" for label, value in AWKWARD
    ]
    return [
        "## Every member changed, in every run",
        "",
        "Each awkward value in every string member but the password, at every write (the name",
        "is the run's prefix, then the value), and the kind changed to every kind with provider",
        "rules, on a host its rules accept (`contract_tests/suite/members.py`). Judged by",
        f"{_names((create_persists, update_persists, update_changes_only_what_was_sent))}.",
        "",
        "| value | as sent | in the members | at |",
        "| --- | --- | --- | --- |",
        *rows,
    ]


def near_miss_section() -> list[str]:
    """Values by axes: each cell refused, equal by a standard, or not applicable."""
    header = "| value | " + " | ".join(f"{axis}: {HOW[axis]}" for axis in AXES) + " |"
    rows = []
    for value in VALUES:
        cells = []
        for axis in AXES:
            found = near_miss_cell(value, axis)
            if not found.applies:
                cells.append(f"cannot apply: {found.note}")
            elif found.rule == EQUAL:
                cells.append(f"equal ({found.note}): served as the value, or refused; "
                             f"{_names(found.checks)}")  # fmt: skip
            else:
                cells.append(f"refused; {_names(found.checks)}")
        rows.append(f"| {value} | " + " | ".join(_cell(cell) for cell in cells) + " |")
    return [
        "## Near misses: every value a server compares, on every axis",
        "",
        "Sent in every run (`contract_tests/rules/near_misses.py`); a variant that would change",
        "the route (an id cut to nothing) is not sent.",
        "",
        header,
        "| --- |" + " --- |" * len(AXES),
        *rows,
    ]


def _rows(title: str, intro: str, rows: Iterable[Row]) -> list[str]:
    return [
        f"## {title}",
        "",
        intro,
        "",
        "| probe | what is sent | what must come back | judged by |",
        "| --- | --- | --- | --- |",
        *(f"| {r.name} | {_cell(r.sent)} | {_cell(r.rule)} | {_names(r.checks)} |" for r in rows),
    ]


def probes_sections() -> list[str]:
    return [
        *_rows("Method semantics (RFC 9110 §9.2)", "Each method repeated, in every run.", METHODS),
        "",
        *_rows("Identity through every channel", "Every value the server hands one team, "
               "tried with the other team's token (with `SECOND_API_TOKEN`).", CHANNELS),
        "",
        *_rows("Bodies a parser chokes on", "As a create and as an update, in every run; never a "
               "5xx and never a hang.", BODIES),
    ]  # fmt: skip


def _needs(check: Check[Any]) -> str:
    needs = ["writes"] * check.needs_writes + ["a second team"] * check.needs_second_team
    return ", ".join(needs)


def checks_table() -> str:
    rows = [f"| `{c.name}` | {_cell(c.rule)} |" for c in CHECKS]
    return "\n".join(["| check | rule |", "| --- | --- |", *rows])


def faults_table() -> str:
    caught_by = fault_table()
    rows = [
        f"| {f.area} | `{f.name}` | {_cell(f.description)} | `{_name(caught_by.get(f.name))}` |"
        for f in CATALOGUE
    ]
    return "\n".join(
        ["| area | fault | the bug it plants | caught by |", "| --- | --- | --- | --- |", *rows]
    )


def _name(check: Check[Any] | None) -> str:
    return check.name if check is not None else "?"


def rules_table() -> str:
    kinds = [kind for kind in (CREATE_BODY.members[RULES.kind_member].enum or ())]
    rows = [
        f"| `{kind}` | "
        + (
            " or ".join(f"`{host}`" for host in RULES.hosts[kind])
            if RULES.has_rules(kind)
            else "anything"
        )
        + " |"
        for kind in kinds
    ]
    return "\n".join(
        [f"| `{RULES.kind_member}` | the `{RULES.member}`'s host must be |", "| --- | --- |", *rows]
    )


def between(marker: str, render: Callable[[], str]) -> Callable[[str], str]:
    """Replace what stands between `<!-- marker:start -->` and `<!-- marker:end -->`."""
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)", re.DOTALL)

    def rewrite(text: str) -> str:
        if not pattern.search(text):
            raise SystemExit(f"docs: no <!-- {marker}:start/end --> markers")
        return pattern.sub(lambda m: m.group(1) + render() + "\n" + m.group(2), text)

    return rewrite


TARGETS: dict[Path, Callable[[str], str]] = {
    ROOT / "docs" / "checks.md": lambda _: checks_page(),
    ROOT / "README.md": between("checks", checks_table),
    ROOT / "docs" / "mock.md": lambda text: between("rules", rules_table)(
        between("faults", faults_table)(text)
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of rewriting")
    args = parser.parse_args(argv)
    stale = []
    for path, render in TARGETS.items():
        current = path.read_text() if path.exists() else ""
        wanted = render(current)
        if wanted != current:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(wanted)
    if args.check and stale:
        print("out of date (run make docs): " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
