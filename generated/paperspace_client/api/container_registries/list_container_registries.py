from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.container_registry_page import ContainerRegistryPage
from ...models.error import Error
from ...models.list_container_registries_order import ListContainerRegistriesOrder
from ...models.list_container_registries_order_by import ListContainerRegistriesOrderBy
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    json_order_by: str | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by.value

    params["orderBy"] = json_order_by

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/container-registries",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ContainerRegistryPage | Error:
    if response.status_code == 200:
        response_200 = ContainerRegistryPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ContainerRegistryPage | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> Response[ContainerRegistryPage | Error]:
    """List container registries

     Lists container registries for the current team.

    Args:
        after (str | Unset):
        limit (int | Unset):
        order_by (ListContainerRegistriesOrderBy | Unset):  Default:
            ListContainerRegistriesOrderBy.DTCREATED.
        order (ListContainerRegistriesOrder | Unset):  Default: ListContainerRegistriesOrder.DESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContainerRegistryPage | Error]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        order_by=order_by,
        order=order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> ContainerRegistryPage | Error | None:
    """List container registries

     Lists container registries for the current team.

    Args:
        after (str | Unset):
        limit (int | Unset):
        order_by (ListContainerRegistriesOrderBy | Unset):  Default:
            ListContainerRegistriesOrderBy.DTCREATED.
        order (ListContainerRegistriesOrder | Unset):  Default: ListContainerRegistriesOrder.DESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContainerRegistryPage | Error
    """

    return sync_detailed(
        client=client,
        after=after,
        limit=limit,
        order_by=order_by,
        order=order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> Response[ContainerRegistryPage | Error]:
    """List container registries

     Lists container registries for the current team.

    Args:
        after (str | Unset):
        limit (int | Unset):
        order_by (ListContainerRegistriesOrderBy | Unset):  Default:
            ListContainerRegistriesOrderBy.DTCREATED.
        order (ListContainerRegistriesOrder | Unset):  Default: ListContainerRegistriesOrder.DESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContainerRegistryPage | Error]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        order_by=order_by,
        order=order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> ContainerRegistryPage | Error | None:
    """List container registries

     Lists container registries for the current team.

    Args:
        after (str | Unset):
        limit (int | Unset):
        order_by (ListContainerRegistriesOrderBy | Unset):  Default:
            ListContainerRegistriesOrderBy.DTCREATED.
        order (ListContainerRegistriesOrder | Unset):  Default: ListContainerRegistriesOrder.DESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContainerRegistryPage | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            limit=limit,
            order_by=order_by,
            order=order,
        )
    ).parsed
