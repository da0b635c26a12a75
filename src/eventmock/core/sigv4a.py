"""SigV4a, which botocore only has with the AWS CRT, for calls a mock answers.

Some calls are signed with SigV4a: EventBridge ``PutEvents`` to a global endpoint
(``EndpointId``), S3 multi-region access points. Without ``awscrt`` installed,
botocore refuses them while resolving the endpoint, before eventmock's hooks run.
:func:`install` gives botocore a ``v4a`` signer where it has none: while a mock is
active, or for a request to a loopback address (eventmock's server), it signs as SigV4
(eventmock checks no signature); otherwise it raises the ``MissingDependencyException``
botocore would have raised, and nothing is sent.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from botocore import auth
from botocore.exceptions import MissingDependencyException


_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class MockedSigV4A(auth.SigV4Auth):  # type: ignore[misc]
    def add_auth(self, request: Any) -> None:
        from eventmock.core import intercept

        to_loopback = urllib.parse.urlsplit(getattr(request, "url", "") or "").hostname in _LOOPBACK
        if intercept.active.store is None and not to_loopback:
            raise MissingDependencyException(
                msg="This operation requires an additional dependency. Use pip install botocore[crt] before proceeding."
            )
        super().add_auth(request)


def install() -> None:
    """Add the ``v4a`` signer if botocore has none (no CRT)."""
    auth.AUTH_TYPE_MAPS.setdefault("v4a", MockedSigV4A)
