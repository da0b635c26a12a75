"""What keeps a mock contained, and cheap to enter.

- **No real credential is read.** While a mock is active, ``AWS_CONFIG_FILE`` and
  ``AWS_SHARED_CREDENTIALS_FILE`` name harmless files that eventmock writes: the same
  profile names as the user's own files (so ``boto3.Session(profile_name="prod")``
  still works), each with the mock's fake keys and the profile's region, and nothing
  else: no key, ``credential_process``, SSO or role of the real profile is seen.
- **Nothing reaches the network.** The send guard sits in front of botocore's HTTP
  sender (``Endpoint._send``), below every ``before-send`` handler, so whatever
  eventmock or a mock underneath answered never meets it. A request that would still
  be sent while a mock is active, to anything but a loopback address, is refused with
  :class:`BlockedRequestError`: typically a client whose session was made before
  ``import eventmock`` and so lacks its hooks.
- **A fresh mock reuses what botocore loaded.** Each mock gives boto3 a fresh default
  session (so no client, credential or configuration leaks in from outside it), but
  the sessions made inside mocks share their loaders' caches: the service models and
  endpoint rulesets, pure data read from botocore's JSON files, are parsed once per
  process instead of once per test.
"""

from __future__ import annotations

import configparser
import ipaddress
import os
import tempfile
import threading
from typing import Any
from urllib.parse import urlsplit

import botocore.endpoint
import botocore.loaders
import botocore.session

from eventmock.core.errors import EventmockError
from eventmock.core.intercept import active


class BlockedRequestError(EventmockError, ConnectionRefusedError):
    """A request would have left the process while a mock is active."""


# -- the send guard ---------------------------------------------------------------

_original_send: Any = botocore.endpoint.Endpoint._send


def _is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_send(self: Any, request: Any) -> Any:
    if active.store is not None and not _is_loopback(request.url):
        raise BlockedRequestError(
            f"eventmock stopped a request to {request.url} from leaving the process: a mock is active, and neither "
            "eventmock nor a mock underneath answered it. Most likely its client (or botocore session) was made "
            "before eventmock was imported, so it lacks eventmock's hooks: import eventmock first (its pytest plugin "
            "does so when pytest starts), or make the client inside the mock."
        )
    return _original_send(self, request)


def install_guard() -> None:
    """Put the send guard in front of botocore's HTTP sender (once)."""
    if botocore.endpoint.Endpoint._send is not _guarded_send:
        botocore.endpoint.Endpoint._send = _guarded_send


# -- harmless configuration files -------------------------------------------------

_files_lock = threading.Lock()
_files: dict[tuple[Any, ...], tuple[str, str]] = {}
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
            found[name] = region if region is not None else found.get(name)
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
