"""`hang-on-malformed-json`: a held request holds only itself, and never the mock's stop."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from .support import PATH, mock_api, new_registry, seed_registries, write_seed


def hold(url: str, token: str, outcome: list[BaseException | int]) -> threading.Thread:
    """A client posting a body that is not JSON, in a thread, waiting up to a minute."""

    def post() -> None:
        try:
            answer = httpx.post(
                url + PATH, content=b"{", timeout=60, headers={"Authorization": f"Bearer {token}"}
            )
            outcome.append(answer.status_code)
        except httpx.HTTPError as error:
            outcome.append(error)

    client = threading.Thread(target=post, daemon=True)
    client.start()
    return client


def test_others_are_served_while_a_request_is_held(tmp_path: Path) -> None:
    seed = write_seed(tmp_path / "seed.json", seed_registries(2))
    with mock_api("--seed-file", seed, "--fault", "hang-on-malformed-json") as api:
        outcome: list[BaseException | int] = []
        client = hold(api.mock.base_url, api.token, outcome)
        time.sleep(0.5)  # the body is sent and held by now
        assert api.http.get(PATH, timeout=5).status_code == 200
        assert api.http.post(PATH, json=new_registry(), timeout=5).status_code == 200
        with pytest.raises(httpx.ReadTimeout):  # a malformed update is held too
            api.http.put(f"{PATH}/seed00000", content=b"[", timeout=1)
        assert api.http.put(f"{PATH}/seed00000", json={"name": "x"}, timeout=5).status_code == 200
        assert client.is_alive() and not outcome, "the held request was answered"


def test_a_held_request_does_not_delay_the_mocks_stop() -> None:
    with mock_api("--fault", "hang-on-malformed-json") as api:
        outcome: list[BaseException | int] = []
        client = hold(api.mock.base_url, api.token, outcome)
        time.sleep(0.5)
        assert client.is_alive(), "the malformed body was answered"
        started = time.monotonic()
        api.mock.process.terminate()
        api.mock.process.wait(timeout=10)
        stopped_after = time.monotonic() - started
        client.join(timeout=10)
    assert stopped_after < 5
    assert len(outcome) == 1 and isinstance(outcome[0], httpx.TransportError)
