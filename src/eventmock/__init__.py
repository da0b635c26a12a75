"""eventmock: AWS's event-driven services, emulated in-process for boto3 tests.

``import eventmock`` installs the botocore hooks (they do nothing until a mock is
active); service backends load on first use.

    from eventmock import mock_aws

    @mock_aws
    def test_stream():
        pinpoint = boto3.client("pinpoint", region_name="us-east-1")
        ...
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from eventmock.core import containment as _containment
from eventmock.core import intercept as _intercept
from eventmock.core.errors import EventmockError, NotActiveError, NotEmulatedError, ServiceError, UnknownServiceError
from eventmock.core.http import HttpRequest, HttpResponse, register_http
from eventmock.core.intercept import DEFAULT_ACCOUNT_ID
from eventmock.core.leniency import Violation
from eventmock.handle import MockedAWS, current
from eventmock.mock import MockAWS, mock_aws
from eventmock.server import EventmockServer, server
from eventmock.coexist import cloudformation as _cloudformation  # noqa: F401  (registers the CloudFormation bridge)

if TYPE_CHECKING:
    from eventmock.services.dataexchange.backend import publish_revision
    from eventmock.services.lambda_.backend import LambdaContext, register_lambda

#: Names whose backends load on first use, as every backend does, so that
#: ``import eventmock`` stays cheap.
_LAZY = {
    "publish_revision": "eventmock.services.dataexchange.backend",
    "LambdaContext": "eventmock.services.lambda_.backend",
    "register_lambda": "eventmock.services.lambda_.backend",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'eventmock' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "EventmockError",
    "EventmockServer",
    "HttpRequest",
    "HttpResponse",
    "LambdaContext",
    "MockAWS",
    "MockedAWS",
    "NotActiveError",
    "NotEmulatedError",
    "ServiceError",
    "UnknownServiceError",
    "Violation",
    "current",
    "mock_aws",
    "publish_revision",
    "register_http",
    "register_lambda",
    "server",
]
#: The version, kept here only (pyproject.toml reads it; ``eventmock --version`` prints it).
__version__ = "0.2.0"

_intercept.install()
_containment.install_guard()
