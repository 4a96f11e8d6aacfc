from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from ... import errors, pagination
from ...client import AuthenticatedClient, Client
from ...models.container_registry import ContainerRegistry
from ...models.container_registry_page import ContainerRegistryPage
from ...models.error import Error
from ...models.list_container_registries_order import ListContainerRegistriesOrder
from ...models.list_container_registries_order_by import ListContainerRegistriesOrderBy
from ...types import UNSET, Response, Unset, http_status


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


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContainerRegistryPage | Error | None:
    # A body the spec did not foresee (a proxy's HTML page, a missing field) leaves
    # `parsed` empty instead of crashing; `sync` and `asyncio` raise a typed error for it.
    try:
        return _parse_body(client=client, response=response)
    except errors.UNREADABLE_BODY:
        return None


def _parse_body(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ContainerRegistryPage | Error:
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
        status_code=http_status(response.status_code),
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

    Does not raise for an error status: the `Response` carries the status, headers and raw
    `content`; `parsed` is the model, or None when the body could not be read (not JSON, a
    missing field).

    Raises:
        httpx.TransportError: If the request fails on the network after the retries.

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
) -> ContainerRegistryPage:
    """List container registries

     Lists container registries for the current team.

    Args:
        after (str | Unset):
        limit (int | Unset):
        order_by (ListContainerRegistriesOrderBy | Unset):  Default:
            ListContainerRegistriesOrderBy.DTCREATED.
        order (ListContainerRegistriesOrder | Unset):  Default: ListContainerRegistriesOrder.DESC.

    Raises:
        errors.APIError: If the API answers with an error; the subclass names the family
            (ValidationError, AuthenticationError, NotFoundError, RateLimitError, ServerError).
        httpx.TransportError: If the request fails on the network after the retries.

    Returns:
        ContainerRegistryPage
    """

    return errors.parsed_or_raise(
        sync_detailed(
            client=client,
            after=after,
            limit=limit,
            order_by=order_by,
            order=order,
        ),
        ContainerRegistryPage,
    )


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

    Does not raise for an error status: the `Response` carries the status, headers and raw
    `content`; `parsed` is the model, or None when the body could not be read (not JSON, a
    missing field).

    Raises:
        httpx.TransportError: If the request fails on the network after the retries.

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
) -> ContainerRegistryPage:
    """List container registries

     Lists container registries for the current team.

    Args:
        after (str | Unset):
        limit (int | Unset):
        order_by (ListContainerRegistriesOrderBy | Unset):  Default:
            ListContainerRegistriesOrderBy.DTCREATED.
        order (ListContainerRegistriesOrder | Unset):  Default: ListContainerRegistriesOrder.DESC.

    Raises:
        errors.APIError: If the API answers with an error; the subclass names the family
            (ValidationError, AuthenticationError, NotFoundError, RateLimitError, ServerError).
        httpx.TransportError: If the request fails on the network after the retries.

    Returns:
        ContainerRegistryPage
    """

    return errors.parsed_or_raise(
        await asyncio_detailed(
            client=client,
            after=after,
            limit=limit,
            order_by=order_by,
            order=order,
        ),
        ContainerRegistryPage,
    )


# What x-pagination and the page size's schema say, in the names a caller of `sync_detailed`
# meets: the keyword setting the page size and its bounds, and the member of a page's JSON body
# holding its items (to read them as sent, e.g. timestamps exactly as written).
PAGE_SIZE = pagination.PageSize("limit", minimum=1, maximum=120)
ITEMS_MEMBER = "items"


def _cursor_after(page: ContainerRegistryPage) -> str | None:
    """The cursor of the page after `page` (its `nextPage` while `hasMore` is true), or None."""
    return pagination.next_cursor(page.has_more, page.next_page)


def _items_of(page: ContainerRegistryPage) -> list[ContainerRegistry]:
    return page.items


def iter_pages(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> Iterator[ContainerRegistryPage]:
    """Every page of this list, fetched lazily one page at a time.

    Follows each page's `nextPage` cursor as `after` and stops when `hasMore`
    is false; the other arguments are sent with every request. Each item of a page is in its `items`.

    Raises:
        errors.APIError: As `sync` does, when a page request fails.
    """

    return pagination.iter_pages(
        lambda cursor: sync(
            client=client,
            after=UNSET if cursor is None else cursor,
            limit=limit,
            order_by=order_by,
            order=order,
        ),
        _cursor_after,
    )


def iter_items(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> Iterator[ContainerRegistry]:
    """Every item of this list, fetched lazily one page at a time.

    Follows each page's `nextPage` cursor as `after` and stops when `hasMore`
    is false; the other arguments are sent with every request. Items are yielded in the server's order, each once.

    Raises:
        errors.APIError: As `sync` does, when a page request fails.
    """

    return pagination.iter_items(
        iter_pages(
            client=client,
            limit=limit,
            order_by=order_by,
            order=order,
        ),
        _items_of,
    )


def aiter_pages(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> AsyncIterator[ContainerRegistryPage]:
    """Every page of this list, fetched lazily one page at a time.

    Follows each page's `nextPage` cursor as `after` and stops when `hasMore`
    is false; the other arguments are sent with every request. The async twin of `iter_pages`: use with `async for`.

    Raises:
        errors.APIError: As `sync` does, when a page request fails.
    """

    return pagination.aiter_pages(
        lambda cursor: asyncio(
            client=client,
            after=UNSET if cursor is None else cursor,
            limit=limit,
            order_by=order_by,
            order=order,
        ),
        _cursor_after,
    )


def aiter_items(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    order_by: ListContainerRegistriesOrderBy | Unset = ListContainerRegistriesOrderBy.DTCREATED,
    order: ListContainerRegistriesOrder | Unset = ListContainerRegistriesOrder.DESC,
) -> AsyncIterator[ContainerRegistry]:
    """Every item of this list, fetched lazily one page at a time.

    Follows each page's `nextPage` cursor as `after` and stops when `hasMore`
    is false; the other arguments are sent with every request. The async twin of `iter_items`: use with `async for`.

    Raises:
        errors.APIError: As `sync` does, when a page request fails.
    """

    return pagination.aiter_items(
        aiter_pages(
            client=client,
            limit=limit,
            order_by=order_by,
            order=order,
        ),
        _items_of,
    )
