"""`make bench`: speed and detection power, measured side by side in one run.

    python scripts/bench.py [--faults] [--max-examples N] [--seed N] [--out FILE]

Measures, on this machine and in this run (ratios are what to compare; absolute
times drift on shared machines):

1. conformance: our suite vs plain `schemathesis run --checks all`, same spec,
   budget and seed, against the bundled mock: wall time, requests sent, and with
   `--faults` the faults of the mock's catalogue each tool catches;
2. client overhead: the generated client vs raw httpx, per call (median);
3. mock pagination at 1,000 / 10,000 / 100,000 registries: first page, a page
   deep in the walk, the full walk at limit=120;
4. `make generate` wall time.

Prints one table and writes the figures as JSON (bench-results.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mock_server.faults import CATALOGUE  # noqa: E402
from mock_server.testing import RunningMock, running_mock  # noqa: E402
from tests.mock import plain_schemathesis  # noqa: E402

BIN = Path(sys.executable).parent
TOKEN = "bench-token"
SCALES = (1_000, 10_000, 100_000)
PAGE = 120


def median_seconds(call: Callable[[], object], repeat: int, warmup: int = 3) -> float:
    for _ in range(warmup):  # connections, caches and lazy imports first
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def seed_file(directory: Path, count: int) -> Path:
    path = directory / f"seed-{count}.json"
    registries = [
        {
            "name": f"bench-{i}",
            "namespace": "bench",
            "url": "registry.example.test",
            "username": "bench",
            "password": "bench-password",
        }
        for i in range(count)
    ]
    path.write_text(json.dumps(registries))
    return path


def auth(mock: RunningMock) -> dict[str, str]:
    return {"Authorization": f"Bearer {mock.token}"}


def requests_seen(mock: RunningMock) -> int:
    origin = httpx.URL(mock.base_url).copy_with(path="/")
    counts = httpx.get(f"{origin}_mock/requests", headers=auth(mock)).json()["counts"]
    return int(sum(counts.values()))


# --- 1. conformance -------------------------------------------------------


def run_ours(mock: RunningMock, workdir: Path, examples: int, seed: int) -> int:
    """Violations found by our suite: 0 when it passes (the exit code says which)."""
    command = [
        str(BIN / "python"), "-m", "contract_tests", "--base-url", mock.base_url,
        "--allow-writes", "--max-examples", str(examples), "--seed", str(seed),
    ]  # fmt: skip
    env = {**os.environ, "API_TOKEN": mock.token, "XDG_CACHE_HOME": str(workdir)}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):  # 2: the run could not be made; no verdict to count
        raise SystemExit(f"bench: the suite could not run: {result.stderr.strip()}")
    return result.returncode


def run_plain(mock: RunningMock, workdir: Path, examples: int, seed: int) -> int:
    """Findings of plain schemathesis --checks all beyond the refusals the API documents.

    Its exit code is useless here: it fails a correct server for refusing schema-valid
    bodies by provider rules, so a fault counts as caught only by a finding of another kind.
    """
    findings = plain_schemathesis.run(mock, workdir, examples=examples, seed=seed)
    return sum(1 for finding in findings if not finding.documented)


Tool = Callable[[RunningMock, Path, int, int], int]
TOOLS: dict[str, Tool] = {"ours": run_ours, "schemathesis": run_plain}


def timed_run(tool: Tool, examples: int, seed: int, *mock_args: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, running_mock(*mock_args, token=TOKEN) as mock:
        start = time.perf_counter()
        found = tool(mock, Path(tmp), examples, seed)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "findings": found, "requests": requests_seen(mock)}


def bench_conformance(examples: int, seed: int) -> dict[str, Any]:
    runs = {name: timed_run(tool, examples, seed) for name, tool in TOOLS.items()}
    runs["ratio"] = runs["ours"]["seconds"] / runs["schemathesis"]["seconds"]
    return runs


def bench_faults(examples: int, seed: int) -> dict[str, Any]:
    caught: dict[str, list[str]] = {name: [] for name in TOOLS}
    for fault in CATALOGUE:
        for name, tool in TOOLS.items():
            if timed_run(tool, examples, seed, "--fault", fault.name)["findings"]:
                caught[name].append(fault.name)
    names = [fault.name for fault in CATALOGUE]
    return {
        "total": len(names),
        **{f"{tool}_caught": len(found) for tool, found in caught.items()},
        **{f"{tool}_missed": sorted(set(names) - set(found)) for tool, found in caught.items()},
    }


# --- 2. client overhead ---------------------------------------------------


def bench_client(repeat: int = 300) -> dict[str, Any]:
    from paperspace_client import AuthenticatedClient
    from paperspace_client.api.container_registries import (
        get_container_registry,
        list_container_registries,
    )

    with (
        tempfile.TemporaryDirectory() as tmp,
        running_mock("--seed-file", str(seed_file(Path(tmp), PAGE)), token=TOKEN) as mock,
    ):
        raw = httpx.Client(base_url=mock.base_url, headers=auth(mock))
        client = AuthenticatedClient(base_url=mock.base_url, token=mock.token)
        registry_id = raw.get("/container-registries", params={"limit": 1}).json()["items"][0]["id"]
        calls: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "get": (
                lambda: get_container_registry.sync(registry_id, client=client),
                lambda: raw.get(f"/container-registries/{registry_id}").json(),
            ),
            "list120": (
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


# --- 3. mock pagination scale ---------------------------------------------


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
    with running_mock("--seed-file", str(seed_file(directory, count)), token=TOKEN) as mock:
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


# --- 4. make generate -----------------------------------------------------


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


# --- report ---------------------------------------------------------------


def versions() -> dict[str, str]:
    names = ["schemathesis", "hypothesis", "httpx", "openapi-python-client", "starlette", "uvicorn"]
    return {"python": platform.python_version(), **{n: metadata.version(n) for n in names}}


def rows(results: dict[str, Any]) -> Iterator[tuple[str, str]]:
    conf = results["conformance"]
    for tool in TOOLS:
        run = conf[tool]
        yield (
            f"conformance {tool}",
            f"{run['seconds']:.1f} s, {run['requests']} requests, "
            f"{run['findings']} findings on the clean mock",
        )
    yield "conformance ours/schemathesis", f"{conf['ratio']:.2f}x wall time"
    if "faults" in results:
        f = results["faults"]
        for tool in TOOLS:
            yield f"faults caught {tool}", f"{f[f'{tool}_caught']}/{f['total']}"
    for name, c in results["client"].items():
        yield (
            f"client {name}",
            f"{c['client_ms']:.2f} ms vs httpx {c['httpx_ms']:.2f} ms = {c['ratio']:.2f}x",
        )
    for s in results["scale"]:
        yield (
            f"mock {s['registries']:,} registries",
            f"first {s['first_page_ms']:.2f} ms, deep {s['deep_page_ms']:.2f} ms "
            f"(ratio {s['deep_first_ratio']:.2f}), walk {s['full_walk_s']:.2f} s "
            f"({s['us_per_registry_walked']:.1f} us/registry)",
        )
    yield "make generate", f"{results['generate']['seconds']:.2f} s"


@contextmanager
def section(name: str) -> Iterator[None]:
    print(f"bench: {name}...", file=sys.stderr, flush=True)
    yield


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", action="store_true", help="also run the fault catalogue")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results.json")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()}
    }
    results["versions"] = versions()
    results["budget"] = {"max_examples": args.max_examples, "seed": args.seed}
    with section("conformance"):
        results["conformance"] = bench_conformance(args.max_examples, args.seed)
    if args.faults:
        with section("fault catalogue"):
            results["faults"] = bench_faults(args.max_examples, args.seed)
    with section("client overhead"):
        results["client"] = bench_client()
    with section("mock pagination scale"), tempfile.TemporaryDirectory() as tmp:
        results["scale"] = [bench_scale(count, Path(tmp)) for count in SCALES]
    with section("make generate"):
        results["generate"] = bench_generate()
    width = max(len(label) for label, _ in rows(results))
    print(f"{'measure':<{width}}  result\n{'-' * width}  ------")
    for label, value in rows(results):
        print(f"{label:<{width}}  {value}")
    print(f"\n{os.cpu_count()} cores; figures written to {args.out}")
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
