from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.test_connection_result import TestConnectionResult
from ...types import Response, http_status


def _get_kwargs(
    id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/container-registries/{id}/test-connection".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TestConnectionResult | None:
    # A body the spec did not foresee (a proxy's HTML page, a missing field) leaves
    # `parsed` empty instead of crashing; `sync` and `asyncio` raise a typed error for it.
    try:
        return _parse_body(client=client, response=response)
    except errors.UNREADABLE_BODY:
        return None


def _parse_body(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | TestConnectionResult:
    if response.status_code == 200:
        response_200 = TestConnectionResult.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | TestConnectionResult]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | TestConnectionResult]:
    """Test a container registry connection

     Validate that a container registry can be connected to using the provided credentials.

    Args:
        id (str):

    Does not raise for an error status: the `Response` carries the status, headers and raw
    `content`; `parsed` is the model, or None when the body could not be read (not JSON, a
    missing field).

    Raises:
        httpx.TransportError: If the request fails on the network after the retries.

    Returns:
        Response[Error | TestConnectionResult]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
) -> TestConnectionResult:
    """Test a container registry connection

     Validate that a container registry can be connected to using the provided credentials.

    Args:
        id (str):

    Raises:
        errors.APIError: If the API answers with an error; the subclass names the family
            (ValidationError, AuthenticationError, NotFoundError, RateLimitError, ServerError).
        httpx.TransportError: If the request fails on the network after the retries.

    Returns:
        TestConnectionResult
    """

    return errors.parsed_or_raise(
        sync_detailed(
            id=id,
            client=client,
        ),
        TestConnectionResult,
    )


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | TestConnectionResult]:
    """Test a container registry connection

     Validate that a container registry can be connected to using the provided credentials.

    Args:
        id (str):

    Does not raise for an error status: the `Response` carries the status, headers and raw
    `content`; `parsed` is the model, or None when the body could not be read (not JSON, a
    missing field).

    Raises:
        httpx.TransportError: If the request fails on the network after the retries.

    Returns:
        Response[Error | TestConnectionResult]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
) -> TestConnectionResult:
    """Test a container registry connection

     Validate that a container registry can be connected to using the provided credentials.

    Args:
        id (str):

    Raises:
        errors.APIError: If the API answers with an error; the subclass names the family
            (ValidationError, AuthenticationError, NotFoundError, RateLimitError, ServerError).
        httpx.TransportError: If the request fails on the network after the retries.

    Returns:
        TestConnectionResult
    """

    return errors.parsed_or_raise(
        await asyncio_detailed(
            id=id,
            client=client,
        ),
        TestConnectionResult,
    )
