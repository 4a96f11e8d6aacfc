"""Helpers for the mock's tests: an HTTP client of a running mock, and a registry body (seed
files come from `mock_server.testing`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from mock_server.testing import RunningMock, running_mock, seed_registries, write_seed

__all__ = [
    "PATH", "SEEDS", "TOKEN", "Api", "mock_api", "new_registry", "seed_registries", "seeded",
    "write_seed",
]  # fmt: skip

TOKEN = "mock-test-token"
PATH = "/container-registries"
SEEDS = ["seed00000", "seed00001", "seed00002"]  # what `seeded` starts with, oldest first


def new_registry(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "builds",
        "namespace": "team",
        "url": "ghcr.io",
        "username": "robot",
        "password": "s3cret-password",
    }
    return {**body, **overrides}


class Api:
    """An authenticated httpx client of one running mock, as one of its teams (the first
    unless `token` names another), plus its inspection endpoints."""

    blank = staticmethod(new_registry)

    def __init__(self, mock: RunningMock, timeout: float = 30, token: str | None = None) -> None:
        self.mock = mock
        self.token = token or mock.token
        self.http = httpx.Client(
            base_url=mock.base_url,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=timeout,
        )
        self.origin = str(httpx.URL(mock.base_url).copy_with(path="/"))
        self._second: Api | None = None

    @property
    def second(self) -> Api:
        """The same mock as its second team: its own token, its own registries."""
        if self._second is None:
            assert self.mock.second_token, "this server serves one team"
            self._second = type(self)(self.mock, token=self.mock.second_token)
        return self._second

    def close(self) -> None:
        self.http.close()
        if self._second is not None:
            self._second.close()

    def create(self, **overrides: Any) -> dict[str, Any]:
        answer = self.http.post(PATH, json=self.blank(**overrides))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def page(self, **params: Any) -> dict[str, Any]:
        answer = self.http.get(PATH, params=params)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def walk(self, **params: Any) -> list[dict[str, Any]]:
        """Every page of a list, following nextPage; each page's body in order."""
        pages = [self.page(**params)]
        while pages[-1]["hasMore"] and len(pages) < 1000:
            pages.append(self.page(**params, after=pages[-1]["nextPage"]))
        return pages

    def status(self, method: str, path: str = "", json: object = None) -> int:
        """The status `method` on the API's path plus `path` answers."""
        return self.http.request(method, PATH + path, json=json).status_code

    def stored(self) -> list[dict[str, Any]]:
        """Every stored record, in creation order (`/_mock/registries`)."""
        return self.mock.registries()

    def requests(self) -> dict[str, Any]:
        return self.mock.requests()


@contextmanager
def mock_api(*args: str) -> Iterator[Api]:
    with running_mock(*args, token=TOKEN) as mock:
        api = Api(mock)
        try:
            yield api
        finally:
            api.close()


@contextmanager
def seeded(folder: Path, *faults: str) -> Iterator[Api]:
    """A mock with the first team's `SEEDS` (created on 2026-01-01, a second apart), and
    `faults`; its seed file goes in `folder`."""
    seed = write_seed(folder / "seed.json", seed_registries(len(SEEDS)))
    with mock_api("--seed-file", seed, *(arg for f in faults for arg in ("--fault", f))) as api:
        yield api
