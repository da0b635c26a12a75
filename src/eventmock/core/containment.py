"""What keeps a mock contained, and cheap to enter.

- **No real credential is read.** While a mock is active, ``AWS_CONFIG_FILE`` and
  ``AWS_SHARED_CREDENTIALS_FILE`` name harmless files that eventmock writes: the same
  profile names as the user's own files (so ``boto3.Session(profile_name="prod")``
  still works), each with the mock's fake keys and the profile's region, and nothing
  else: no key, ``credential_process``, SSO or role of the real profile is seen. A
  session made before the mock keeps what it had read: its credential providers
  (instance metadata, container credentials, ``credential_process``, SSO) are refused
  with :class:`BlockedRequestError` instead of running while a mock is active.
- **Nothing reaches the network.** The send guard sits in botocore's HTTP sender
  (``URLLib3Session.send``, and aiobotocore's when it is imported: :mod:`.aio`), below
  every ``before-send`` handler, so whatever eventmock or a mock underneath answered
  never meets it. While a mock is active it refuses, with :class:`BlockedRequestError`,
  a client's request to anything but a loopback address (``127.0.0.0/8``, ``::1``,
  ``localhost``) and every request that is no client's (a credential provider's);
  a ``*.localhost`` name is sent to ``127.0.0.1`` (with its ``Host`` header) rather
  than asked of a resolver, and no proxy is used. Once no mock is active, a client
  made inside one (or bound to a store, :meth:`Store.client`) still may not reach
  anything but loopback: :class:`MockExitedError`.
- **A fresh mock reuses what botocore loaded.** Each mock gives boto3 a fresh default
  session (so no client, credential or configuration leaks in from outside it), but
  the sessions made inside mocks share their loaders' caches: the service models and
  endpoint rulesets, pure data read from botocore's JSON files, are parsed once per
  process instead of once per test.
"""

from __future__ import annotations

import atexit
import configparser
import ipaddress
import os
import re
import shutil
import tempfile
import threading
from typing import Any
from urllib.parse import urlsplit

import botocore.credentials
import botocore.httpsession
import botocore.loaders
import botocore.session
import botocore.tokens
from botocore.awsrequest import AWSPreparedRequest, HeadersDict

from eventmock.core.errors import EventmockError
from eventmock.core.intercept import BOUND_STORE, MADE_IN_MOCK, active


class BlockedRequestError(EventmockError, ConnectionRefusedError):
    """A request would have left the process while a mock is active."""


class MockExitedError(BlockedRequestError):
    """A client made inside a mock would have sent a request out once the mock exited
    (with the mock's fake credentials, to the real AWS)."""


# -- the send guard ---------------------------------------------------------------


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def _is_loopback(host: str) -> bool:
    """A literal loopback address, or ``localhost`` itself (resolved by the hosts
    file). ``*.localhost`` names are not: the system may ask DNS for them."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _to_loopback(request: Any) -> Any:
    """``request`` sent to ``127.0.0.1`` instead of its ``*.localhost`` name (RFC 6761
    names loopback; no resolver is asked), with the name in its ``Host`` header."""
    parts = urlsplit(request.url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    headers = HeadersDict(request.headers.items())
    if "Host" not in headers:
        headers["Host"] = netloc
    url = parts._replace(netloc="127.0.0.1" if parts.port is None else f"127.0.0.1:{parts.port}").geturl()
    moved = AWSPreparedRequest(request.method, url, headers, request.body, request.stream_output)
    moved.context = request.context
    return moved


def contained(request: Any) -> Any:
    """The request to send in ``request``'s place, or :class:`BlockedRequestError`.
    Outside a mock, one test for a request of a client made outside any mock."""
    context = getattr(request, "context", None) or {}
    config = context.get("client_config")
    if active.store is None:
        if getattr(config, BOUND_STORE, None) is not None:
            raise BlockedRequestError(
                f"eventmock stopped a request to {request.url}: it came from a client eventmock made to answer calls from "
                "its own state (a delivery, a Scheduler universal target), which never sends anything."
            )
        if getattr(config, MADE_IN_MOCK, False):
            host = _host(request.url)
            if not (_is_loopback(host) or host.endswith(".localhost")):
                raise MockExitedError(
                    f"eventmock stopped a request to {request.url}: its client was made inside a mock_aws that has "
                    "exited, and would send with the mock's fake credentials. Make the client where it is used (inside "
                    "the mock, or after it with your own credentials)."
                )
        return request
    host = _host(request.url)
    if config is None:
        raise BlockedRequestError(
            f"eventmock stopped a request to {request.url}: a mock is active, and a credential provider (instance "
            "metadata, container credentials) of a botocore session made before the mock tried to fetch credentials. "
            "Make the session inside the mock (it then gets the mock's fake credentials), or give it credentials."
        )
    if _is_loopback(host):
        return request
    if host.endswith(".localhost"):
        return _to_loopback(request)
    raise BlockedRequestError(
        f"eventmock stopped a request to {request.url} from leaving the process: a mock is active, and neither "
        "eventmock nor a mock underneath answered it. Most likely its client (or botocore session) was made "
        "before eventmock was imported, so it lacks eventmock's hooks: import eventmock first (its pytest plugin "
        "does so when pytest starts), or make the client inside the mock."
    )


_original_send: Any = botocore.httpsession.URLLib3Session.send


def _guarded_send(self: Any, request: Any) -> Any:
    return _original_send(self, contained(request))


# -- no proxy inside a mock ----------------------------------------------------------

_original_proxy_url_for: Any = botocore.httpsession.ProxyConfiguration.proxy_url_for


def _proxy_url_for(self: Any, url: str) -> Any:
    # Inside a mock only loopback is reached, and directly: a proxy (``HTTPS_PROXY``,
    # ``Config(proxies=...)``) would carry the request off the machine.
    return None if active.store is not None else _original_proxy_url_for(self, url)


# -- credential providers that run something other than an HTTP request ---------------


def _refuse(what: str) -> BlockedRequestError:
    return BlockedRequestError(
        f"eventmock stopped {what} of a botocore session made before the mock from running: a mock is active. Make "
        "the session inside the mock (it then gets the mock's fake credentials), or give it credentials."
    )


def _guard_provider(cls: Any, method: str, what: str, is_async: bool = False) -> None:
    original = getattr(cls, method, None)
    if original is None or getattr(original, "_eventmock_guarded", False):
        return
    async def guarded_async(self: Any, *args: Any, **kwargs: Any) -> Any:
        if active.store is not None:
            raise _refuse(what)
        return await original(self, *args, **kwargs)

    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        if active.store is not None:
            raise _refuse(what)
        return original(self, *args, **kwargs)

    chosen: Any = guarded_async if is_async else guarded
    chosen._eventmock_guarded = True
    setattr(cls, method, chosen)


#: Credential providers that reach out other than through an HTTP sender: a process,
#: or SSO's calls through a client of their own (refused with a clearer message than
#: the client's ``NotEmulatedError``).
_PROVIDERS = (
    (botocore.credentials.ProcessProvider, "_retrieve_credentials_using", "the credential_process of a profile"),
    (botocore.credentials.SSOCredentialFetcher, "_get_credentials", "the SSO credential provider"),
    (botocore.tokens.SSOTokenProvider, "_refresh_access_token", "the SSO token refresh"),
)


def install_guard() -> None:
    """Put the send guard in botocore's HTTP sender, keep proxies out of mocks, and
    refuse the credential providers that would run inside one (once)."""
    if botocore.httpsession.URLLib3Session.send is not _guarded_send:
        botocore.httpsession.URLLib3Session.send = _guarded_send
    if botocore.httpsession.ProxyConfiguration.proxy_url_for is not _proxy_url_for:
        botocore.httpsession.ProxyConfiguration.proxy_url_for = _proxy_url_for
    for cls, method, what in _PROVIDERS:
        _guard_provider(cls, method, what)
    from eventmock.core import aio

    aio.install()


# -- harmless configuration files -------------------------------------------------

_files_lock = threading.Lock()
_files: dict[tuple[Any, ...], tuple[str, str]] = {}
#: A region name (``us-east-1``, ``us-gov-west-1``): all of a profile's ``region``
#: that the harmless config copies.
_REGION = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,62}")
_FAKE_KEYS = "aws_access_key_id = testing\naws_secret_access_key = testing\naws_session_token = testing\n"


def _stat(path: str) -> tuple[str, float] | None:
    try:
        return path, os.stat(path).st_mtime
    except OSError:
        return None


def _profiles(config_path: str, credentials_path: str) -> dict[str, str | None]:
    """Profile name -> region, from the user's files (names and regions only)."""
    found: dict[str, str | None] = {"default": None}
    for path, is_config in ((credentials_path, False), (config_path, True)):
        parser = configparser.RawConfigParser(strict=False, interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
        for section in parser.sections():
            name = section[len("profile ") :].strip() if is_config and section.startswith("profile ") else section.strip()
            if is_config and section.startswith(("sso-session ", "services ")):
                continue
            region = parser.get(section, "region", fallback=None) if is_config else None
            if region is not None and not _REGION.fullmatch(region.strip()):
                region = None  # only a plain region name is copied: never a continuation line
            found[name] = region.strip() if region is not None else found.get(name)
    return found


def harmless_files(real_env: dict[str, str]) -> tuple[str, str]:
    """Paths of a config and a credentials file with the user's profile names, the
    fake keys and the profiles' regions (made once per version of the user's files)."""
    home = os.path.expanduser("~")
    config_path = real_env.get("AWS_CONFIG_FILE") or os.path.join(home, ".aws", "config")
    credentials_path = real_env.get("AWS_SHARED_CREDENTIALS_FILE") or os.path.join(home, ".aws", "credentials")
    key = (_stat(os.path.expanduser(config_path)), _stat(os.path.expanduser(credentials_path)))
    found = _files.get(key)
    if found is not None:
        return found
    with _files_lock:
        profiles = _profiles(os.path.expanduser(config_path), os.path.expanduser(credentials_path))
        folder = tempfile.mkdtemp(prefix="eventmock-aws-")
        atexit.register(shutil.rmtree, folder, True)  # the files live as long as the process
        config = os.path.join(folder, "config")
        credentials = os.path.join(folder, "credentials")
        with open(config, "w", encoding="utf-8") as out:
            for name, region in profiles.items():
                out.write("[default]\n" if name == "default" else f"[profile {name}]\n")
                out.write(_FAKE_KEYS)
                if region:
                    out.write(f"region = {region}\n")
        with open(credentials, "w", encoding="utf-8") as out:
            for name in profiles:
                out.write(f"[{name}]\n{_FAKE_KEYS}")
        found = _files[key] = (config, credentials)
    return found


# -- shared loader caches ---------------------------------------------------------

_original_create_loader: Any = botocore.session.create_loader
_loader_caches: dict[Any, dict[Any, Any]] = {}


def _create_loader(search_path_string: Any = None) -> Any:
    loader = _original_create_loader(search_path_string)
    loader._cache = _loader_caches.setdefault(search_path_string, {})
    return loader


def share_loaders(on: bool) -> None:
    """While on, botocore sessions made get loaders sharing one cache per data path."""
    botocore.session.create_loader = _create_loader if on else _original_create_loader
