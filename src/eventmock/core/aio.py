"""aiobotocore (and aioboto3, built on it): contained, and answered in its own types.

Nothing here imports aiobotocore: :func:`install` (at ``import eventmock``) adds an
import hook that patches aiobotocore's modules as they are first imported, or at once
if they already are. aiobotocore's clients carry eventmock's hooks like botocore's (an
``AioSession`` registers botocore's builtin handlers); what differs is below them:

- **the send guard**: aiobotocore sends through its own HTTP sessions
  (``AIOHTTPSession.send``, ``HttpxSession.send``), its endpoints and its credential
  fetchers alike; the guard (:func:`eventmock.core.containment.contained`) sits in
  front of them, as in front of botocore's. Its process and SSO credential
  providers are refused inside a mock, as botocore's are.
- **its response types**: an aiobotocore client (marked ``ASYNC_CLIENT`` on its
  config when it is made) awaits what botocore reads synchronously. A fast-path
  streaming output (``get_object``'s ``Body``, ``invoke``'s ``Payload``) is
  aiobotocore's ``StreamingBody`` over the answer's bytes (``await body.read()``,
  ``iter_chunks``, ``async with``); in wire mode the answer is an ``AioAWSResponse``
  whose content is awaited.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import io
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

#: On the ``Config`` of a client whose ``_make_api_call`` is a coroutine function
#: (aiobotocore's): it awaits response contents and streaming bodies.
ASYNC_CLIENT = "eventmock_async"


class AsyncRaw:
    """An answer's body as aiobotocore reads an ``aiohttp.ClientResponse``:
    ``await raw.read()`` for all of it, ``raw.content.read(n)`` for a stream."""

    def __init__(self, data: bytes, url: str | None = None) -> None:
        self._data = io.BytesIO(data)
        self.url = url
        self.content = self

    async def read(self, n: int | None = -1) -> bytes:
        return self._data.read(None if n is None or n < 0 else n)

    def at_eof(self) -> bool:
        return self._data.tell() >= len(self._data.getbuffer())

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass

    async def __aenter__(self) -> AsyncRaw:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        pass


def streaming_body(data: bytes) -> Any:
    """aiobotocore's ``StreamingBody`` over ``data``."""
    from aiobotocore.response import StreamingBody

    return StreamingBody(AsyncRaw(data), len(data))


def async_outputs(model: Any, parsed: dict[str, Any]) -> None:
    """Turn a fast-path answer's streaming payload into aiobotocore's type."""
    payload = model.output_shape.serialization.get("payload") if model.output_shape is not None else None
    if not isinstance(payload, str):
        return
    body = parsed.get(payload)
    if body is not None and hasattr(body, "read"):
        parsed[payload] = streaming_body(body.read())


def response(url: str, status: int, headers: dict[str, str], body: bytes) -> Any:
    """A wire-mode answer as aiobotocore reads it."""
    from aiobotocore.awsrequest import AioAWSResponse

    return AioAWSResponse(url, status, headers, AsyncRaw(body, url))


# -- the patches, applied when aiobotocore's modules load -------------------------------


def _guard_async_send(cls: Any) -> None:
    from eventmock.core.containment import contained

    original = cls.send
    if getattr(original, "_eventmock_guarded", False):
        return

    async def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await original(self, contained(request), *args, **kwargs)

    send._eventmock_guarded = True  # type: ignore[attr-defined]
    cls.send = send


def _patch_httpsession(module: ModuleType) -> None:
    _guard_async_send(module.AIOHTTPSession)


def _patch_httpxsession(module: ModuleType) -> None:
    cls = getattr(module, "HttpxSession", None)
    if cls is not None:
        _guard_async_send(cls)


def _patch_credentials(module: ModuleType) -> None:
    from eventmock.core.containment import _guard_provider

    for name, method, what in (
        ("AioProcessProvider", "_retrieve_credentials_using", "the credential_process of a profile"),
        ("AioSSOCredentialFetcher", "_get_credentials", "the SSO credential provider"),
    ):
        cls = getattr(module, name, None)
        if cls is not None:
            _guard_provider(cls, method, what, is_async=True)


def _patch_tokens(module: ModuleType) -> None:
    from eventmock.core.containment import _guard_provider

    cls = getattr(module, "AioSSOTokenProvider", None)
    if cls is not None:
        _guard_provider(cls, "_refresh_access_token", "the SSO token refresh", is_async=True)


_PATCHES: dict[str, Callable[[ModuleType], None]] = {
    "aiobotocore.httpsession": _patch_httpsession,
    "aiobotocore.httpxsession": _patch_httpxsession,
    "aiobotocore.credentials": _patch_credentials,
    "aiobotocore.tokens": _patch_tokens,
}


class _Finder(importlib.abc.MetaPathFinder):
    """Finds nothing itself: for the modules in ``_PATCHES``, asks the finders after
    it and patches the module once it has run."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        patch = _PATCHES.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        exec_module = getattr(loader, "exec_module", None)
        if exec_module is None:
            return spec

        def exec_and_patch(module: ModuleType) -> None:
            exec_module(module)
            patch(module)

        loader.exec_module = exec_and_patch  # type: ignore[method-assign,union-attr]
        return spec


_finder = _Finder()


def install() -> None:
    """Patch aiobotocore's modules now if they are loaded, else when they load (once)."""
    for name, patch in _PATCHES.items():
        module = sys.modules.get(name)
        if module is not None:
            patch(module)
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
