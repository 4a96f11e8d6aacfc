"""test-connection for real: the Docker Registry HTTP API v2 check, within bounds.

`GET /v2/` on the registry; on a 401 challenge, the credentials by Basic auth,
or a token from the challenge's realm (Bearer). Only hosts on the allow-list
(loopback, plus `--connect-allow`) are contacted, and the whole exchange has
one deadline, so a fuzzer's real-looking URLs can neither reach the internet
nor stall a run.
"""

from __future__ import annotations

import asyncio
import importlib
import ipaddress
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mock_server.config import Settings

if TYPE_CHECKING:
    import httpx
else:
    # httpx takes a fifth of a second to import (it loads its CLI); the mock starts
    # often in tests and rarely tests a connection, so it is loaded on first use.
    class _Lazy:
        def __getattr__(self, name: str) -> object:
            return getattr(importlib.import_module("httpx"), name)

    httpx = _Lazy()

_CHALLENGE_PARAM = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Outcome:
    success: bool
    error: str | None = None


class Refused(Exception):
    """The check ends with this message for the person reading the result."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _allowed(url: httpx.URL, settings: Settings) -> None:
    host = url.host.lower().rstrip(".")
    if not (is_loopback(host) or host in settings.connect_allow):
        raise Refused(
            f"the mock does not connect to {host or 'an empty host'}; "
            f"start it with --connect-allow {host or 'HOST'} to test this registry"
        )


def api_root(registry_url: str) -> httpx.URL:
    """`/v2/` on the registry's host; loopback without a scheme means plain HTTP."""
    text = registry_url.strip()
    if "://" not in text:
        host = text.split("/", 1)[0].rsplit(":", 1)[0].strip("[]").lower()
        text = ("http://" if is_loopback(host) else "https://") + text
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise Refused(f"{registry_url!r} is not a registry URL ({error})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise Refused(f"{registry_url!r} is not an http(s) registry URL")
    return url.copy_with(path="/v2/", query=None, fragment=None)


def _challenge(response: httpx.Response) -> tuple[str, dict[str, str]]:
    header = response.headers.get("WWW-Authenticate", "")
    scheme = header.split(" ", 1)[0].lower()
    return scheme, dict(_CHALLENGE_PARAM.findall(header))


async def _bearer_token(
    client: httpx.AsyncClient, params: dict[str, str], auth: httpx.BasicAuth, settings: Settings
) -> str:
    realm = params.get("realm", "")
    try:
        token_url = httpx.URL(realm)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise Refused(f"the registry's token realm {realm!r} is not a URL") from None
    _allowed(token_url, settings)
    query: dict[str, str] = {name: params[name] for name in ("service", "scope") if name in params}
    answer = await client.get(token_url, params=query, auth=auth)
    if answer.status_code in (401, 403):
        raise Refused("the registry's token service refused the credentials")
    try:
        body = answer.json()
        token = body.get("token") or body.get("access_token")
    except ValueError:
        token = None
    if answer.status_code != 200 or not isinstance(token, str):
        raise Refused(f"the registry's token service answered HTTP {answer.status_code}, no token")
    return token


async def _exchange(root: httpx.URL, username: str, password: str, settings: Settings) -> None:
    auth = httpx.BasicAuth(username, password)
    async with httpx.AsyncClient(timeout=settings.connect_timeout, trust_env=False) as client:
        answer = await client.get(root)
        if answer.status_code == 401:
            scheme, params = _challenge(answer)
            if scheme == "bearer":
                token = await _bearer_token(client, params, auth, settings)
                headers = {"Authorization": f"Bearer {token}"}
                answer = await client.get(root, headers=headers)
            else:
                answer = await client.get(root, auth=auth)
            if answer.status_code in (401, 403):
                raise Refused(f"the registry refused the credentials of user {username!r}")
        if answer.status_code != 200:
            raise Refused(
                f"the registry answered HTTP {answer.status_code} to GET {root}; "
                "is this a Docker registry?"
            )


async def test_connection(url: str, username: str, password: str, settings: Settings) -> Outcome:
    try:
        root = api_root(url)
        _allowed(root, settings)
        async with asyncio.timeout(settings.connect_timeout):
            await _exchange(root, username, password, settings)
    except Refused as refused:
        return Outcome(False, str(refused))
    except (TimeoutError, httpx.TimeoutException):
        return Outcome(False, f"no answer from {url} within {settings.connect_timeout:g} s")
    except httpx.ConnectError as error:
        return Outcome(False, f"could not connect to {url}: {error or 'connection refused'}")
    except (httpx.HTTPError, UnicodeError, ValueError) as error:
        return Outcome(False, f"could not test {url}: {type(error).__name__}: {error}")
    return Outcome(True)
