"""The wire protocols: AWS's HTTP requests and responses, from the service models.

``parsers``
    an HTTP request to the operation and boto3's params, per protocol (``json``,
    ``rest-json``, ``rest-xml``).
``serializers``
    a backend's answer to AWS's HTTP response, per protocol, errors included.
``routing``
    which service and operation a request is for.
``endpoint``
    :func:`handle`: request in, response out, through the same dispatch as the fast
    path; used by wire mode (``mock_aws(wire=True)``, ``hook``) and the HTTP server.

Nothing here is imported by ``import eventmock``: the first wire call loads it.
"""

from eventmock.core.wire.endpoint import handle
from eventmock.core.wire.http import Headers, HttpRequest, HttpResponse

__all__ = ["Headers", "HttpRequest", "HttpResponse", "handle"]
