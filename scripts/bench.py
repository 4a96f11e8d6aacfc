"""`make bench`: speed and detection power, measured side by side in one run.

    python scripts/bench.py [--faults] [--make-test] [--max-examples N] [--seed N] [--out FILE]
                             [--page FILE]

Measures, on this machine and in this run (ratios are what to compare; absolute times drift
on shared machines):

0. start-up: `python -m contract_tests --help` and a bad argument, each under a second;
1. conformance: our suite (writes allowed) vs plain `schemathesis run --checks all`, same spec,
   budget and seed, in alternating pairs (the median of three), each run against a fresh
   server: the reference server (written apart from this project, on the standard library's
   http.server) with TCP_NODELAY, the headline; the bundled mock; and, as a footnote, the
   reference server without TCP_NODELAY, where a client's delayed ACK meets Nagle's
   algorithm, which measures the kernel more than either tool;
2. the requests of a write run at the remote default budget, with both teams; and what the
   consistency window costs (extra requests and seconds) against the reference server with
   and without a lagging list;
3. with `--faults`: the faults of the mock's catalogue each tool catches at the budget, and
   the ones ours catches with a single example;
   with `--make-test`: `make test` in a fresh clone, then again, wall and CPU time;
4. client overhead: the generated client vs raw httpx, per call (median);
5. mock pagination at 1,000 / 10,000 / 100,000 registries;
6. `make generate` wall time.

Prints one table, writes the figures as JSON (bench-results.json), and with `--page` renders
the dated performance page (docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from render_docs import between  # noqa: E402

from api_spec.registries import LIMIT  # noqa: E402
from contract_tests import baseline  # noqa: E402
from contract_tests.settings import REMOTE  # noqa: E402
from mock_server.faults import CATALOGUE  # noqa: E402
from mock_server.testing import (  # noqa: E402
    RunningMock,
    running_mock,
    running_reference_server,
    seed_registries,
    write_seed,
)

BIN = Path(sys.executable).parent
TOKEN = "bench-token-of-the-first-team"  # long enough for `token-prefix-match` to bite
SECOND_TOKEN = "bench-token-of-the-second-team"
LAG_MS = 250  # how far the lagging reference server's list trails its writes
SCALES = (1_000, 10_000, 100_000)
PAGE = int(LIMIT.maximum or 100)
Server = Callable[..., AbstractContextManager[RunningMock]]
SERVERS: dict[str, Server] = {
    # A server not written with the suite, where neither tool waits on Nagle: the headline.
    "reference-nodelay": functools.partial(running_reference_server, "--nodelay"),
    "mock": running_mock,
    "reference": running_reference_server,
}
PAIRS = 3  # alternating runs of the two tools per server; the median is quoted
STARTS = 5  # start-ups timed per command


def median_seconds(call: Callable[[], object], repeat: int, warmup: int = 3) -> float:
    for _ in range(warmup):  # connections, caches and lazy imports first
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def seed_file(directory: Path, count: int) -> str:
    return write_seed(directory / f"seed-{count}.json", seed_registries(count))


def auth(server: RunningMock) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token}"}


def requests_seen(server: RunningMock) -> int:
    """Requests the server answered: from the mock's log, or the reference server's
    connections."""
    try:
        return int(sum(server.requests()["counts"].values()))
    except httpx.HTTPStatusError:  # not the mock: the reference server counts per connection
        pass
    origin = httpx.URL(server.base_url).copy_with(path="/")
    connections = httpx.get(f"{origin}_stdlib/connections", headers=auth(server)).json()
    return int(sum(c["requests"] for c in connections["connections"])) - 1  # this request


# --- 1-3. conformance -------------------------------------------------------


def run_ours(
    server: RunningMock, workdir: Path, examples: int, seed: int, both_teams: bool = False
) -> int:
    """Failed checks of our suite: 0 when it passes. With `both_teams`, it is given the
    server's second team's token too, and judges isolation."""
    command = [
        str(BIN / "python"), "-m", "contract_tests", "--base-url", server.base_url,
        "--allow-writes", "--max-examples", str(examples), "--seed", str(seed),
        "--report-json", str(workdir / "report.json"),
    ]  # fmt: skip
    env = {**os.environ, "API_TOKEN": server.token, "XDG_CACHE_HOME": str(workdir)}
    if both_teams and server.second_token:
        env["SECOND_API_TOKEN"] = server.second_token
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):  # 2: the run could not be made; no verdict to count
        raise SystemExit(f"bench: the suite could not run: {result.stderr.strip()}")
    return len(json.loads((workdir / "report.json").read_text())["failed_checks"])


def run_plain(server: RunningMock, workdir: Path, examples: int, seed: int) -> int:
    """Findings of plain schemathesis beyond the refusals the docs allow.

    Its exit code is useless here: it fails a correct server for refusing schema-valid bodies
    by provider rules, so a fault counts as caught only by a finding of another kind.
    """
    findings = baseline.run(server.base_url, server.token, workdir, examples=examples, seed=seed)
    return sum(1 for finding in findings if not finding.documented)


Tool = Callable[[RunningMock, Path, int, int], int]
TOOLS: dict[str, Tool] = {"ours": run_ours, "schemathesis": run_plain}


def timed_run(
    tool: Tool,
    server: Server,
    examples: int,
    seed: int,
    *args: str,
    home: Path | None = None,
    second_token: str | None = None,
) -> dict[str, Any]:
    """One run against a fresh server, in `home` if given (a tool's caches kept there from one
    run to the next), else in a new directory."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        server(*args, token=TOKEN, second_token=second_token) as running,
    ):
        workdir = home or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        found = tool(running, workdir, examples, seed)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "findings": found, "requests": requests_seen(running)}


def bench_conformance(examples: int, seed: int) -> dict[str, Any]:
    """Per server, PAIRS runs of each tool, alternating (ours, then plain, with a fresh server
    each), the ratio of each pair's wall times, and the medians.

    Each tool keeps its working directory from run to run, after one run that is not counted:
    plain schemathesis then starts from its example database and crash cache, as it does in a
    user's project on every run but the first. Cold, it shrinks again the failures it finds
    on a correct server (the refusals the docs allow) and takes about 40% longer, a figure
    that would flatter the suite.
    """
    results: dict[str, Any] = {}
    for name, server in SERVERS.items():
        runs: dict[str, list[dict[str, Any]]] = {tool: [] for tool in TOOLS}
        ratios = []
        with tempfile.TemporaryDirectory() as tmp:
            homes = {tool: Path(tmp) / tool for tool in TOOLS}
            for tool, run in TOOLS.items():
                timed_run(run, server, examples, seed, home=homes[tool])
            for _ in range(PAIRS):
                for tool, run in TOOLS.items():
                    runs[tool].append(timed_run(run, server, examples, seed, home=homes[tool]))
                ratios.append(runs["ours"][-1]["seconds"] / runs["schemathesis"][-1]["seconds"])
        results[name] = {
            **{tool: median_run(found) for tool, found in runs.items()},
            "ratio": statistics.median(ratios),
            "ratios": ratios,
        }
    return results


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time, with every run's seconds beside it."""
    chosen = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    return {**chosen, "all_seconds": [run["seconds"] for run in runs]}


def bench_startup() -> dict[str, Any]:
    """Wall seconds (median of STARTS) of `--help` and of a bad argument: each answers before
    anything heavy is imported."""
    commands = {
        "help": ["--help"],
        "bad_argument": ["--base-url", "http://127.0.0.1:9", "--max-examples", "0"],
    }
    env = {**os.environ, "API_TOKEN": TOKEN}
    result = {}
    for name, args in commands.items():
        command = [str(BIN / "python"), "-m", "contract_tests", *args]
        run = functools.partial(subprocess.run, command, cwd=ROOT, env=env, capture_output=True)
        result[name] = median_seconds(run, STARTS, warmup=1)
    return result


def bench_write_run(seed: int) -> dict[str, Any]:
    """A write run at the budget the suite uses against a remote host, with both teams."""
    ours = functools.partial(run_ours, both_teams=True)
    run = timed_run(ours, running_mock, REMOTE.max_examples, seed, second_token=SECOND_TOKEN)
    return {"max_examples": REMOTE.max_examples, **run}


def bench_consistency(seed: int) -> dict[str, Any]:
    """What the consistency window costs: a write run with both teams against the reference
    server, whose list lags its writes by LAG_MS or not at all. The extra requests are the
    reads sent again; the extra seconds, the difference from the run without lag."""
    found: dict[str, Any] = {}
    for name, args in (("no lag", ()), (f"list lag {LAG_MS} ms", ("--list-lag", str(LAG_MS)))):
        with (
            tempfile.TemporaryDirectory() as tmp,
            running_reference_server(*args, token=TOKEN, second_token=SECOND_TOKEN) as server,
        ):
            start = time.perf_counter()
            run_ours(server, Path(tmp), REMOTE.max_examples, seed, both_teams=True)
            seconds = time.perf_counter() - start
            report = json.loads((Path(tmp) / "report.json").read_text())
        facts = report["server"]
        found[name] = {
            "seconds": seconds,
            "requests": report["requests"],
            "reread": sum(facts["rereads"].values()),
            "largest_lag_ms": max(facts["lags_ms"].values(), default=0),
            "failed_checks": report["failed_checks"],
        }
    calm, lagging = found["no lag"], found[f"list lag {LAG_MS} ms"]
    found["extra_seconds"] = lagging["seconds"] - calm["seconds"]
    found["extra_requests"] = lagging["requests"] - calm["requests"]
    return found


def caught_by(tool: Tool, examples: int, seed: int) -> list[str]:
    """The faults `tool` finds, each against a mock set up as the fault tests set it up: a
    team that already holds registries (old enough for `get-archived-404`), and a second team,
    whose token our suite is given so that it judges isolation."""
    with tempfile.TemporaryDirectory() as tmp:
        seeded = ("--seed-file", write_seed(Path(tmp) / "seed.json", seed_registries(6, "own")))
        return [
            fault.name
            for fault in CATALOGUE
            if timed_run(tool, running_mock, examples, seed, "--fault", fault.name, *seeded)[
                "findings"
            ]
        ]


def bench_faults(examples: int, seed: int) -> dict[str, Any]:
    names = [fault.name for fault in CATALOGUE]
    ours = functools.partial(run_ours, both_teams=True)
    caught = {
        "ours": caught_by(ours, examples, seed),
        "schemathesis": caught_by(run_plain, examples, seed),
    }
    caught["ours_one_example"] = caught_by(ours, 1, seed)
    return {
        "total": len(names),
        **{f"{tool}_caught": len(found) for tool, found in caught.items()},
        **{f"{tool}_missed": sorted(set(names) - set(found)) for tool, found in caught.items()},
    }


# --- the keep-alive stall --------------------------------------------------


def bench_stall(repeat: int = 50) -> dict[str, Any]:
    """Per-request time of a kept-alive GET against the reference server without TCP_NODELAY:
    a plain requests session (as plain schemathesis sends) vs the suite's, which asks for a
    quick ACK; and the same server with TCP_NODELAY, where neither should stall."""
    import requests

    from contract_tests.wire.quickack import QuickAckAdapter

    def per_request(session: requests.Session, server: RunningMock) -> float:
        url = f"{server.base_url}/container-registries"
        return median_seconds(lambda: session.get(url, headers=auth(server)).content, repeat) * 1e3

    result: dict[str, Any] = {}
    for name, args in (("no_nodelay", ()), ("nodelay", ("--nodelay",))):
        with running_reference_server(*args, token=TOKEN) as server:
            plain, quick = requests.Session(), requests.Session()
            quick.mount("http://", QuickAckAdapter())
            result[name] = {
                "plain_ms": per_request(plain, server),
                "suite_ms": per_request(quick, server),
            }
    return result


# --- 4. client overhead ---------------------------------------------------


def bench_client(repeat: int = 300) -> dict[str, Any]:
    from paperspace_client import AuthenticatedClient
    from paperspace_client.api.container_registries import (
        get_container_registry,
        list_container_registries,
    )

    with (
        tempfile.TemporaryDirectory() as tmp,
        running_mock("--seed-file", seed_file(Path(tmp), PAGE), token=TOKEN) as mock,
    ):
        raw = httpx.Client(base_url=mock.base_url, headers=auth(mock))
        client = AuthenticatedClient(base_url=mock.base_url, token=mock.token)
        registry_id = raw.get("/container-registries", params={"limit": 1}).json()["items"][0]["id"]
        calls: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "get": (
                lambda: get_container_registry.sync(registry_id, client=client),
                lambda: raw.get(f"/container-registries/{registry_id}").json(),
            ),
            "list_page": (
                lambda: list_container_registries.sync(client=client, limit=PAGE),
                lambda: raw.get("/container-registries", params={"limit": PAGE}).json(),
            ),
        }
        result: dict[str, Any] = {}
        for name, (generated, plain) in calls.items():
            gen_s, raw_s = median_seconds(generated, repeat), median_seconds(plain, repeat)
            result[name] = {
                "client_ms": gen_s * 1e3,
                "httpx_ms": raw_s * 1e3,
                "ratio": gen_s / raw_s,
            }
        raw.close()
        client.get_httpx_client().close()
        return result


# --- 5. mock pagination scale ---------------------------------------------


def walk(http: httpx.Client, stop_at: int | None = None) -> tuple[int, str | None]:
    """Follow nextPage to the end (or to page `stop_at`); the pages seen and the cursor there."""
    params: dict[str, Any] = {"limit": PAGE}
    pages, cursor = 0, None
    while True:
        body = http.get("/container-registries", params=params).json()
        pages += 1
        cursor = body.get("nextPage")
        if not body["hasMore"] or (stop_at is not None and pages >= stop_at):
            return pages, cursor
        params = {"limit": PAGE, "after": cursor}


def bench_scale(count: int, directory: Path) -> dict[str, Any]:
    with running_mock("--seed-file", seed_file(directory, count), token=TOKEN) as mock:
        http = httpx.Client(base_url=mock.base_url, headers=auth(mock), timeout=60)
        first = median_seconds(
            lambda: http.get("/container-registries", params={"limit": PAGE}), 30
        )
        deep_page = max(1, int(count / PAGE * 0.9))
        _, cursor = walk(http, stop_at=deep_page)
        deep_params = {"limit": PAGE, "after": cursor}
        deep = median_seconds(lambda: http.get("/container-registries", params=deep_params), 30)
        start = time.perf_counter()
        pages, _ = walk(http)
        full = time.perf_counter() - start
        http.close()
    return {
        "registries": count,
        "first_page_ms": first * 1e3,
        "deep_page_ms": deep * 1e3,
        "deep_page_number": deep_page,
        "deep_first_ratio": deep / first,
        "full_walk_s": full,
        "pages": pages,
        "us_per_registry_walked": full / count * 1e6,
    }


# --- 6. make generate -----------------------------------------------------


def bench_generate() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "generated"
        command = [
            str(BIN / "python"),
            str(ROOT / "scripts" / "generate_client.py"),
            "--target",
            str(target),
        ]
        seconds = median_seconds(
            lambda: subprocess.run(command, check=True, capture_output=True), 3
        )
    return {"seconds": seconds}


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (Linux's /proc/stat): rusage would
    miss the servers and suite runs the tests fork from a server process they never reap."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait; steal (the 8th) is not ours
    return (sum(fields[:7]) - idle) / os.sysconf("SC_CLK_TCK")


def bench_make_test() -> dict[str, Any]:
    """`make test` in a fresh clone of this checkout's HEAD, twice: the first run creates the
    environment (from uv's and npm's caches on this machine), the second finds it made. Wall
    time, and the machine's busy CPU time meanwhile (run it on an otherwise idle machine)."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        for _ in range(2):
            cpu, start = busy_cpu_seconds(), time.perf_counter()
            done = subprocess.run(
                ["make", "test"], cwd=clone, capture_output=True, text=True, check=False
            )
            seconds, cpu = time.perf_counter() - start, busy_cpu_seconds() - cpu
            if done.returncode != 0:
                raise SystemExit(f"bench: make test failed in {clone}:\n{done.stdout[-3000:]}")
            tests = re.findall(r"(\d+) passed", done.stdout)
            runs.append({"seconds": seconds, "cpu_seconds": cpu, "passed": int(tests[-1])})
    return {"fresh": runs[0], "second": runs[1]}


# --- report ---------------------------------------------------------------


def versions() -> dict[str, str]:
    names = ["schemathesis", "hypothesis", "httpx", "openapi-python-client", "starlette", "uvicorn"]
    return {"python": platform.python_version(), **{n: metadata.version(n) for n in names}}


SERVER_NAMES = {
    "mock": "the bundled mock",
    "reference": "the keep-alive reference server",
    "reference-nodelay": "the reference server with TCP_NODELAY",
}


def rows(results: dict[str, Any]) -> Iterator[tuple[str, str]]:
    budget = results["budget"]
    if "startup" in results:
        start = results["startup"]
        yield "`python -m contract_tests --help`", f"{start['help']:.2f} s"
        yield "a bad argument (`--max-examples 0`)", f"{start['bad_argument']:.2f} s"
    for name, conf in results["conformance"].items():
        where = SERVER_NAMES[name]
        for tool in TOOLS:
            run = conf[tool]
            times = ", ".join(f"{seconds:.1f}" for seconds in run.get("all_seconds", []))
            yield (
                f"{where}: {tool}",
                f"{run['seconds']:.1f} s ({times}), {run['requests']} requests, "
                f"{run['findings']} findings",
            )
        pairs = ", ".join(f"{ratio:.2f}" for ratio in conf.get("ratios", []))
        yield f"{where}: ours / schemathesis", f"**{conf['ratio']:.2f}x** wall time ({pairs})"
    if "stall" in results:
        for name, label in (("no_nodelay", "no TCP_NODELAY"), ("nodelay", "TCP_NODELAY")):
            stall = results["stall"][name]
            yield (
                f"kept-alive GET, reference server with {label}",
                f"plain session {stall['plain_ms']:.2f} ms, the suite's {stall['suite_ms']:.2f} ms",
            )
    write = results["write_run"]
    yield (
        f"write run at the remote budget ({write['max_examples']} examples), both teams, requests",
        f"**{write['requests']}**",
    )
    if "consistency" in results:
        window = results["consistency"]
        for name, run in window.items():
            if isinstance(run, dict):
                yield (
                    f"consistency window, reference server, {name}",
                    f"{run['reread']} reads sent again of {run['requests']} requests, "
                    f"{run['seconds']:.1f} s, largest lag seen {run['largest_lag_ms']} ms, "
                    f"failed: {', '.join(run['failed_checks']) or 'none'}",
                )
        yield (
            "consistency window, the cost of a lagging list",
            f"{window['extra_requests']:+d} requests, {window['extra_seconds']:+.1f} s",
        )
    runs = (("fresh", "a fresh clone, first install included"), ("second", "again"))
    for run, label in runs if "make_test" in results else ():
        test = results["make_test"][run]
        yield (
            f"`make test`, {label}",
            f"**{test['seconds'] / 60:.1f} min** wall, {test['cpu_seconds'] / 60:.1f} min "
            f"CPU, {test['passed']} tests passed",
        )
    if "faults" in results:
        faults = results["faults"]
        for tool, label in (("ours", "ours"), ("schemathesis", "plain schemathesis")):
            yield (
                f"faults caught at {budget['max_examples']} examples, {label}",
                f"{faults[f'{tool}_caught']}/{faults['total']}",
            )
        yield (
            "faults caught at 1 example, ours",
            f"{faults['ours_one_example_caught']}/{faults['total']}",
        )
    for name, c in results["client"].items():
        yield (
            f"client {name} (median per call)",
            f"{c['client_ms']:.2f} ms vs httpx {c['httpx_ms']:.2f} ms = {c['ratio']:.2f}x",
        )
    for s in results["scale"]:
        yield (
            f"mock, {s['registries']:,} registries",
            f"first page {s['first_page_ms']:.2f} ms, page {s['deep_page_number']} "
            f"{s['deep_page_ms']:.2f} ms ({s['deep_first_ratio']:.2f}x), "
            f"full walk {s['full_walk_s']:.2f} s",
        )
    yield "make generate", f"{results['generate']['seconds']:.2f} s"


def headline(results: dict[str, Any]) -> str:
    """The figures the README states, with their date and where the rest are."""
    conformance, budget = results["conformance"], results["budget"]
    text = (
        f"Measured on {results['date']} (`{results['command']}`; all figures and the machine in "
        f"[docs/performance.md](docs/performance.md)): at `--max-examples "
        f"{budget['max_examples']}` and the same seed, the suite takes "
        f"{conformance['reference-nodelay']['ratio']:.2f}x the wall time of plain `schemathesis "
        f"run --checks all` against the reference server, a keep-alive server written apart "
        f"from it with TCP_NODELAY, and {conformance['mock']['ratio']:.2f}x against the bundled "
        f"mock (medians of {PAIRS} alternating pairs); a write run at the remote budget with "
        f"both teams sends {results['write_run']['requests']} requests."
    )
    if "faults" in results:
        faults = results["faults"]
        text += (
            f" It catches {faults['ours_caught']} of the mock's {faults['total']} planted bugs "
            f"({faults['ours_one_example_caught']} with a single example); plain schemathesis "
            f"catches {faults['schemathesis_caught']}."
        )
    return text


def page(results: dict[str, Any], command: str) -> str:
    machine, budget = results["machine"], results["budget"]
    versions_text = ", ".join(f"{name} {version}" for name, version in results["versions"].items())
    lines = [
        "# Performance",
        "",
        f"Measured on {results['date']} with `{command}` on {machine['cores']} cores "
        f"({machine['platform']}); {versions_text}. Conformance runs use "
        f"`--max-examples {budget['max_examples']} --seed {budget['seed']}` for both tools, our "
        f"suite with writes allowed, in {PAIRS} alternating pairs per server, each run against "
        "a fresh server, after one run of each that is not counted; each tool keeps its "
        "working directory, so plain schemathesis starts from its example database and crash "
        "cache as it does on a user's second run. The medians are quoted, every run in "
        "brackets. Compare the ratios, since absolute times move with the machine's load.",
        "",
        "| measure | result |",
        "| --- | --- |",
        *(f"| {label} | {value} |" for label, value in rows(results)),
    ]
    lines += [
        "",
        "The headline is the reference server with TCP_NODELAY, where neither tool waits on",
        "the kernel. Footnote: without TCP_NODELAY the reference server writes an answer's",
        "headers and body in two sends, as `http.server` does, and a kept-alive client that",
        "delays its ACK waits about 40 ms for every body (Nagle's algorithm meets delayed",
        "ACK). Plain schemathesis pays it on each request; the suite asks the kernel for a",
        "quick ACK before each read. That ratio measures the kernel more than either tool.",
    ]
    if "faults" in results:
        missed = (
            ", ".join(f"`{name}`" for name in results["faults"]["schemathesis_missed"]) or "none"
        )
        lines += [
            "",
            "Each fault runs against a fresh mock whose team already holds six registries, and",
            "which serves a second team; our suite is given that team's token too, so that it",
            "judges isolation (a token plain schemathesis has no use for).",
            f"Plain schemathesis missed: {missed}.",
        ]
        ours = results["faults"]
        for label, key in (
            ("at the budget", "ours_missed"),
            ("with one example", "ours_one_example_missed"),
        ):
            if ours.get(key):
                names = ", ".join(f"`{name}`" for name in ours[key])
                lines.append(f"Our suite missed, {label}, in a run of every check: {names}.")
    return "\n".join(lines) + "\n"


@contextmanager
def section(name: str, results: dict[str, Any], out: Path) -> Iterator[None]:
    """Announce a section; after it, save the figures so far (a long run keeps what it has)."""
    print(f"bench: {name}...", file=sys.stderr, flush=True)
    yield
    out.write_text(json.dumps(results, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", action="store_true", help="also run the fault catalogue")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results.json")
    parser.add_argument("--page", type=Path, help="render the dated performance page here")
    parser.add_argument("--make-test", action="store_true", help="also time make test, twice")
    parser.add_argument("--from-results", type=Path, help="render from these figures, no runs")
    args = parser.parse_args(argv)
    if args.from_results is not None:
        publish(json.loads(args.from_results.read_text()), args.page)
        return 0
    results: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
        "versions": versions(),
        "budget": {"max_examples": args.max_examples, "seed": args.seed},
    }
    results["command"] = "make bench-faults" if args.faults else "make bench"
    with section("start-up", results, args.out):
        results["startup"] = bench_startup()
    with section("conformance", results, args.out):
        results["conformance"] = bench_conformance(args.max_examples, args.seed)
    with section("keep-alive stall", results, args.out):
        results["stall"] = bench_stall()
    with section("write run at the remote budget", results, args.out):
        results["write_run"] = bench_write_run(args.seed)
    with section("consistency window", results, args.out):
        results["consistency"] = bench_consistency(args.seed)
    if args.make_test:
        with section("make test in a fresh clone", results, args.out):
            results["make_test"] = bench_make_test()
    if args.faults:
        with section("fault catalogue", results, args.out):
            results["faults"] = bench_faults(args.max_examples, args.seed)
    with section("client overhead", results, args.out):
        results["client"] = bench_client()
    with section("mock pagination scale", results, args.out), tempfile.TemporaryDirectory() as tmp:
        results["scale"] = [bench_scale(count, Path(tmp)) for count in SCALES]
    with section("make generate", results, args.out):
        results["generate"] = bench_generate()
    width = max(len(label) for label, _ in rows(results))
    print(f"{'measure':<{width}}  result\n{'-' * width}  ------")
    for label, value in rows(results):
        print(f"{label:<{width}}  {value.replace('**', '')}")
    print(f"\n{os.cpu_count()} cores; figures written to {args.out}")
    publish(results, args.page)
    return 0


def publish(results: dict[str, Any], target: Path | None) -> None:
    """The dated page, and the README's block of headline figures, from one set of results."""
    if target is None:
        return
    target.write_text(page(results, results.get("command", "make bench")))
    readme = ROOT / "README.md"
    readme.write_text(between("performance", lambda: headline(results))(readme.read_text()))


if __name__ == "__main__":
    sys.exit(main())
