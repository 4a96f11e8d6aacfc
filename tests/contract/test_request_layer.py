"""The request layer keeps its rules even when a server tries to steer it elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from contract_tests.connect import wire_for
from contract_tests.settings import Settings
from contract_tests.wire.client import Wire
from contract_tests.wire.errors import UnsafeRequest
from contract_tests.wire.policy import MISSING_ID_PREFIX
from tests.loopback import serve


def _steering_server(hits: list[str]) -> Starlette:
    """Answers a DELETE of any made-up id with a 307 (which keeps the method) to `victim`."""

    async def registry(request: Request) -> Response:
        registry_id = request.path_params["id"]
        hits.append(f"{request.method} {registry_id}")
        if registry_id == "victim":
            return JSONResponse({"id": "victim"})
        return RedirectResponse("/container-registries/victim", status_code=307)

    return Starlette(
        routes=[Route("/container-registries/{id}", registry, methods=["DELETE", "PATCH"])]
    )


def _wire(base_url: str, tmp_path: Path) -> Wire:
    settings = Settings(base_url, "layer-token", allow_writes=True, ledger=tmp_path / "ledger")
    return wire_for(settings)


def test_a_redirect_cannot_carry_a_delete_to_a_registry_the_run_does_not_own(
    tmp_path: Path,
) -> None:
    hits: list[str] = []
    with serve(lambda _: _steering_server(hits)) as url:
        wire = _wire(url, tmp_path)
        made_up = MISSING_ID_PREFIX + "0123"
        answer = wire.session().delete(wire.url(f"/container-registries/{made_up}"))
    assert answer.status_code == 307
    assert hits == [f"DELETE {made_up}"]


@pytest.mark.parametrize("method", ["DELETE", "PATCH", "PUT"])
def test_no_write_of_any_method_reaches_a_registry_the_run_does_not_own(
    method: str, tmp_path: Path
) -> None:
    hits: list[str] = []
    with serve(lambda _: _steering_server(hits)) as url:
        wire = _wire(url, tmp_path)
        with pytest.raises(UnsafeRequest):
            wire.session().request(method, wire.url("/container-registries/victim"))
    assert hits == []
