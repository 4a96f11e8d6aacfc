"""`make soak`: the suite's verdicts over many seeds, where one run proves little.

    python scripts/soak.py [--seeds N] [--workers N] [--only correct|faults] [--out FILE]
                           [--servers TEXT ...] [--faults NAME ...]

- correct: write runs with both teams' tokens against the clean mock, the reference server
  (written apart from the mock) and every correct-but-different variant of both, the
  production behaviours among them (lagging lists, a gateway's 503s, ids from one sequence,
  recycled connections, whole-second timestamps), one fresh server per run, N seeds each at
  the local budget and at the remote one: every run must pass (a false failure is a bug of
  the suite);
- faults: every fault of the mock's catalogue, at the remote budget and with one example,
  over N seeds each, judged by the check that claims it (`--checks`): every run must fail it.

Prints each failure as it comes, then the counts; writes them as JSON with `--out`. Runs are
forked from a process that has imported the suite and the servers (`tests.forks`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contract_tests import rules  # noqa: E402, F401 (registers the checks)
from contract_tests.rules.registry import fault_table  # noqa: E402
from contract_tests.settings import LOCAL, REMOTE  # noqa: E402
from mock_server import testing  # noqa: E402
from mock_server.faults import CATALOGUE  # noqa: E402
from tests import forks  # noqa: E402
from tests.contract.support import SECOND_TOKEN, TOKEN, run_against, seeded  # noqa: E402

Server = Callable[..., AbstractContextManager[testing.RunningMock]]
CORRECT: dict[str, tuple[Server, tuple[str, ...]]] = {
    "mock": (testing.running_mock, ()),
    "mock --base-path /api/v9": (testing.running_mock, ("--base-path", "/api/v9")),
    "mock --default-limit 7": (testing.running_mock, ("--default-limit", "7")),
    "mock --timestamp-style seconds-offset": (
        testing.running_mock,
        ("--timestamp-style", "seconds-offset"),
    ),
    "mock --error-extras": (testing.running_mock, ("--error-extras",)),
    "mock --throttle-every 150": (
        testing.running_mock,
        ("--throttle-every", "150", "--retry-after", "1"),
    ),
    "reference": (testing.running_reference_server, ("--nodelay",)),
    "reference --strict-ids": (testing.running_reference_server, ("--nodelay", "--strict-ids")),
    "reference --test-connection-stub": (
        testing.running_reference_server,
        ("--nodelay", "--test-connection-stub"),
    ),
    # Production behaviours, each correct by HTTP and the docs.
    "reference --list-lag 250": (testing.running_reference_server, ("--list-lag", "250")),
    "reference --unavailable-every 25": (
        testing.running_reference_server,
        ("--unavailable-every", "25"),
    ),
    "reference --sequential-ids --preexisting 3": (
        testing.running_reference_server,
        ("--sequential-ids", "--preexisting", "3"),
    ),
    "reference --close-every 3": (testing.running_reference_server, ("--close-every", "3")),
    "reference --whole-second-timestamps": (
        testing.running_reference_server,
        ("--whole-second-timestamps",),
    ),
}
BUDGETS = (LOCAL.max_examples, REMOTE.max_examples)


@dataclass(frozen=True)
class Run:
    name: str
    seed: int
    server: Server
    server_args: tuple[str, ...]
    suite_args: tuple[str, ...]
    expect: str | None  # the check that must fail; None: the run must pass


def correct_runs(seeds: int, servers: list[str] | None = None) -> Iterator[Run]:
    """Every correct server's runs, or those whose name holds one of `servers`."""
    for name, (server, args) in CORRECT.items():
        if servers and not any(text in name for text in servers):
            continue
        for examples in BUDGETS:
            for seed in range(1, seeds + 1):
                suite = ("--allow-writes", "--max-examples", str(examples))
                yield Run(f"{name} at {examples}", seed, server, args, suite, None)


def fault_runs(seeds: int, faults: list[str] | None = None) -> Iterator[Run]:
    """Every fault's runs, or those of the faults named."""
    claims = fault_table()
    for fault in CATALOGUE:
        if faults and fault.name not in faults:
            continue
        check = claims[fault.name]
        for examples in (REMOTE.max_examples, 1):
            for seed in range(1, seeds + 1):
                suite = ("--allow-writes", "--max-examples", str(examples), "--timeout", "3",
                         "--checks", check.name, "--fail-fast")  # fmt: skip
                name = f"{fault.name} at {examples}"
                yield Run(name, seed, testing.running_mock, ("--fault", fault.name), suite,
                          check.name)  # fmt: skip


def attempt(run: Run) -> tuple[Run, bool, str]:
    """One run against a fresh server: whether it went as expected, and its exit status and
    summary (stdout: the failures are there; stderr is progress)."""
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        server_args = (*run.server_args, *(seeded(workdir) if run.expect else ()))
        with run.server(*server_args, token=TOKEN, second_token=SECOND_TOKEN) as server:
            outcome = run_against(
                server.base_url, TOKEN, workdir / "run", *run.suite_args, "--seed",
                str(run.seed), second_token=SECOND_TOKEN,
            )  # fmt: skip
    told = f"exit {outcome.status}\n{outcome.stdout[-4000:]}"
    if run.expect is None:
        return run, outcome.status == 0, told
    caught = outcome.status == 1 and run.expect in outcome.failed_checks
    return run, caught, told


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds", type=int, default=20, help="seeds per server or fault, and budget"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=["correct", "faults"])
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--servers", nargs="+", help="only the correct servers whose name holds one"
    )
    parser.add_argument("--faults", nargs="+", help="only these faults")
    args = parser.parse_args(argv)
    unknown = set(args.faults or ()) - {fault.name for fault in CATALOGUE}
    if unknown:
        parser.error(f"no such fault: {', '.join(sorted(unknown))}")
    testing.use_launcher(forks.launch)
    runs: list[Run] = []
    if args.only != "faults":
        runs += correct_runs(args.seeds, args.servers)
    if args.only != "correct":
        runs += fault_runs(args.seeds, args.faults)
    failures: list[dict[str, object]] = []
    counts: dict[str, list[int]] = {"correct": [0, 0], "faults": [0, 0]}
    with ThreadPoolExecutor(args.workers) as pool:
        for run, good, output in pool.map(attempt, runs):
            kind = "correct" if run.expect is None else "faults"
            counts[kind][0] += int(good)
            counts[kind][1] += 1
            if not good:
                failures.append({"run": run.name, "seed": run.seed, "expect": run.expect})
                print(f"soak: {run.name}, seed {run.seed}: unexpected\n{output}", flush=True)
    for kind, (passed, total) in counts.items():
        if total:
            word = "passed" if kind == "correct" else "caught by its check"
            print(f"{kind}: {passed} of {total} {word}")
    if args.out is not None:
        args.out.write_text(json.dumps({"counts": counts, "failures": failures}, indent=2))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
