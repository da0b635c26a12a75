"""Which service and operation an HTTP request is for, from the service models.

The service comes from ``X-Amz-Target``'s prefix, else the request's signature (the
credential scope of the ``Authorization`` header, or ``X-Amz-Credential`` of a
presigned URL, names the signing name: ``mobiletargeting`` for Pinpoint; a SigV2
presigned URL is S3's), else the host's first label (the endpoint prefix), unless the
host is an IP address. The operation comes from ``X-Amz-Target``
(``json``) or the ``Action`` parameter (``query``), or the method and path against every operation's ``requestUri`` template (rest protocols), compiled once
per service into a table of rules, most specific first.
"""

from __future__ import annotations

import ipaddress
import re
import threading
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

import botocore.loaders
from botocore.model import OperationModel, ServiceModel

from eventmock.core import registry
from eventmock.core.wire.http import HttpRequest

#: A SigV4 credential scope (``key/date/region/service/aws4_request``), or a SigV4a one,
#: which names no region (``key/date/service/aws4_request``).
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/(?:([^/,\s]+)/)?([^/,\s]+)/aws4_request")
#: SigV2's header (S3): ``AWS key:signature``.
_SIGV2_HEADER = re.compile(r"AWS ([^:\s]+):\S+")


def form_params(request: HttpRequest) -> list[tuple[str, str]]:
    """The parameters of a ``query`` protocol request: the form body's (a POST), else
    the query string's, decoded, in order."""
    if request.method == "POST" and request.body:
        return parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    return request.query_params


@dataclass(frozen=True)
class Scope:
    """What a request's signature says: access key id, region, signing name (each
    ``None`` for an unsigned request)."""

    access_key: str | None
    region: str | None
    signing_name: str | None


def _query_param(request: HttpRequest, name: str) -> str | None:
    if not request.query:
        return None
    lowered = name.lower()
    return next((v for k, v in request.query_params if k.lower() == lowered), None)


def scope_of(request: HttpRequest) -> Scope:
    """The scope of a SigV4 or SigV4a signature (header or presigned URL); a SigV4a
    scope names no region: the first of ``X-Amz-Region-Set`` is the region (none for
    ``*``: the client's). A SigV2 signature (S3's header, or a presigned URL's
    ``AWSAccessKeyId``) names only the key; a presigned one without ``Action`` is S3's."""
    authorization = request.headers.get("authorization") or ""
    match = _CREDENTIAL.search(authorization)
    if match is None:
        credential = _query_param(request, "X-Amz-Credential")
        match = _CREDENTIAL.search("Credential=" + credential) if credential else None
    if match is not None:
        region = match.group(2)
        if region is None:
            region_set = request.headers.get("x-amz-region-set") or _query_param(request, "X-Amz-Region-Set") or "*"
            first = region_set.split(",", 1)[0].strip()
            region = first if first and "*" not in first else None
        return Scope(match.group(1), region, match.group(3))
    sigv2 = _SIGV2_HEADER.fullmatch(authorization.strip())
    if sigv2 is not None:
        return Scope(sigv2.group(1), None, "s3")
    key = _query_param(request, "AWSAccessKeyId")
    if key and _query_param(request, "Signature") is not None:
        return Scope(key, None, None if _query_param(request, "Action") else "s3")
    return Scope(None, None, None)


def is_signed(request: HttpRequest) -> bool:
    """Whether a request carries an AWS signature (not checked: any key and signature
    will do): a SigV4 or SigV4a ``Authorization`` header, SigV2's (S3), or a presigned
    URL's (``X-Amz-Signature`` and ``X-Amz-Credential``; SigV2's ``AWSAccessKeyId`` and
    ``Signature``, in the URL or a query protocol's form)."""
    authorization = (request.headers.get("authorization") or "").lstrip()
    if authorization.startswith(("AWS4-", "AWS ")):
        return True
    if request.query and _query_param(request, "X-Amz-Signature") and _query_param(request, "X-Amz-Credential"):
        return True
    if request.query and _query_param(request, "AWSAccessKeyId") and _query_param(request, "Signature"):
        return True
    kind = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if request.method == "POST" and kind == "application/x-www-form-urlencoded":
        names = {k for k, _ in form_params(request)}
        return {"AWSAccessKeyId", "Signature"} <= names
    return False


def is_address(host: str) -> bool:
    """Whether a host is an IP address (which names no service)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class Models:
    """The service models of the emulated services, loaded once, and the indexes that
    find a service from a request."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._loader: botocore.loaders.Loader | None = None
        self._models: dict[str, ServiceModel] = {}
        self._indexed: frozenset[str] = frozenset()
        self._by_signing: dict[str, list[str]] = {}
        self._by_target: dict[str, str] = {}
        self._by_prefix: dict[str, list[str]] = {}
        self._routers: dict[str, OperationRouter] = {}

    def loader(self) -> botocore.loaders.Loader:
        """The loader of the models: one of its own, as botocore edits the models its
        clients load (S3's ``requestUri`` loses its ``/{Bucket}`` on a client's first
        call), and the sessions made inside mocks share their loaders' caches
        (eventmock.core.containment); routing needs the models as AWS wrote them."""
        with self._lock:
            if self._loader is None:
                self._loader = botocore.loaders.create_loader()
            return self._loader

    def model(self, service: str) -> ServiceModel:
        found = self._models.get(service)
        if found is None:
            with self._lock:
                data = self.loader().load_service_model(service, "service-2")
                found = self._models[service] = ServiceModel(data, service_name=service)
        return found

    def router(self, service: str) -> OperationRouter:
        found = self._routers.get(service)
        if found is None:
            found = self._routers[service] = OperationRouter(self.model(service))
        return found

    def _index(self) -> None:
        services = frozenset(registry.SERVICES)
        if services == self._indexed:
            return
        by_signing: dict[str, list[str]] = {}
        by_target: dict[str, str] = {}
        by_prefix: dict[str, list[str]] = {}
        for service in sorted(services):
            model = self.model(service)
            by_signing.setdefault(model.signing_name or service, []).append(service)
            by_prefix.setdefault(model.endpoint_prefix or service, []).append(service)
            target = model.metadata.get("targetPrefix")
            if target:
                by_target[target] = service
        self._by_signing, self._by_target, self._by_prefix = by_signing, by_target, by_prefix
        self._indexed = services

    def service_of(self, request: HttpRequest, scope: Scope) -> str | None:
        """The emulated service ``request`` is for, or ``None``."""
        self._index()
        target = request.headers.get("x-amz-target")
        if target:
            service = self._by_target.get(target.rsplit(".", 1)[0])
            if service is not None:
                return service
        candidates = self._by_signing.get(scope.signing_name or "", [])
        if not candidates and not is_address(request.host):  # 127.0.0.1 names no service
            label = request.host.split(".", 1)[0]
            candidates = self._by_prefix.get(label, [])
        if len(candidates) == 1:
            return candidates[0]
        for service in candidates:  # several services sign alike: the one whose paths match
            if self.router(service).match(request) is not None:
                return service
        return None


@dataclass(frozen=True)
class _Rule:
    operation: str
    method: str
    pattern: re.Pattern[str]
    labels: tuple[tuple[str, bool], ...]  # (group name, greedy), in group order
    label_names: dict[str, str]  # group name -> label name in the template
    #: Query keys (and values, ``None``: any) the template requires (S3's ``?uploads``)
    #: and the input's required query-string members require.
    query: tuple[tuple[str, str | None], ...]
    #: S3's operation hint in the template (``?x-id=GetObject``): botocore sends it,
    #: not every client does; where it is sent, it must agree.
    x_id: str | None
    #: Headers the input's required header members require (S3's copy source).
    headers: tuple[str, ...]
    rank: tuple[int, int, int, int]


class OperationRouter:
    """Finds an operation of one service model from a request."""

    def __init__(self, model: ServiceModel) -> None:
        self.model = model
        self.protocol: str = registry.protocol_of(model)
        self.target_prefix: str = model.metadata.get("targetPrefix", "")
        self._rules: dict[str, list[_Rule]] = {}
        if self.protocol.startswith("rest-"):
            rules = [self._rule(model.operation_model(name)) for name in model.operation_names]
            for rule in sorted(rules, key=lambda r: r.rank, reverse=True):
                self._rules.setdefault(rule.method, []).append(rule)

    @staticmethod
    def _rule(op: OperationModel) -> _Rule:
        uri: str = op.http.get("requestUri", "/")
        path, _, query = uri.partition("?")
        pattern = ""
        labels: list[tuple[str, bool]] = []
        names: dict[str, str] = {}
        literal = 0
        for i, piece in enumerate(re.split(r"(\{[^}]+\})", path)):
            if piece.startswith("{"):
                name = piece[1:-1]
                greedy = name.endswith("+")
                group = f"g{i}"
                names[group] = name.rstrip("+")
                labels.append((group, greedy))
                pattern += f"(?P<{group}>.+)" if greedy else f"(?P<{group}>[^/]+)"
            else:
                literal += len(piece)
                pattern += re.escape(piece)
        pattern = pattern.rstrip("/") + "/?"
        static = [(key, value if value or "=" in item else None) for item in query.split("&") if item for key, _, value in [item.partition("=")]]
        x_id = next((value for key, value in static if key == "x-id"), None)
        required = [(key, value) for key, value in static if key != "x-id"]
        headers: list[str] = []
        shape = op.input_shape
        if shape is not None:
            for name in shape.required_members:
                member = shape.members[name]
                location = member.serialization.get("location")
                if location == "querystring" and member.type_name != "map":
                    required.append((member.serialization.get("name", name), None))
                elif location == "header":
                    headers.append(member.serialization.get("name", name))
        greedy = any(g for _, g in labels)
        return _Rule(
            operation=op.name,
            method=op.http.get("method", "POST").upper(),
            pattern=re.compile(pattern),
            labels=tuple(labels),
            label_names=names,
            query=tuple(required),
            headers=tuple(headers),
            x_id=x_id,
            # most specific first; of two operations alike on the wire, the current one
            rank=(len(required) + len(headers), 0 if greedy else 1, literal, 0 if op.deprecated else 1),
        )

    def match(self, request: HttpRequest) -> tuple[OperationModel, dict[str, str]] | None:
        """The operation and its URI labels (decoded), or ``None``."""
        if not self.protocol.startswith("rest-"):
            name = self._rpc_operation(request)
            if name is None or name not in self.model.operation_names:
                return None
            return self.model.operation_model(name), {}
        path = request.path
        query = dict(request.query_params) if request.query else {}
        x_id = query.get("x-id")
        fallback: tuple[_Rule, re.Match[str]] | None = None
        for rule in self._rules.get(request.method, ()):
            found = rule.pattern.fullmatch(path)
            if found is None:
                continue
            if not all(key in query and (value is None or query[key] == value) for key, value in rule.query):
                continue
            if not all(name in request.headers for name in rule.headers):
                continue
            if x_id is not None and rule.x_id != x_id:
                # the hint names another operation; this one only if none is named so
                if rule.x_id is None and fallback is None:
                    fallback = (rule, found)
                continue
            return self._found(rule, found)
        return self._found(*fallback) if fallback is not None else None

    def _found(self, rule: _Rule, found: re.Match[str]) -> tuple[OperationModel, dict[str, str]]:
        labels = {rule.label_names[group]: unquote(found.group(group)) for group, _ in rule.labels}
        return self.model.operation_model(rule.operation), labels

    def _rpc_operation(self, request: HttpRequest) -> str | None:
        if self.protocol == "query":
            return next((v for k, v in form_params(request) if k == "Action"), None)
        target = request.headers.get("x-amz-target") or ""
        prefix, _, name = target.rpartition(".")
        return name if prefix == self.target_prefix else None

    def static_query_keys(self, op: OperationModel) -> frozenset[str]:
        """The query keys an operation's ``requestUri`` itself carries (not params)."""
        _, _, query = op.http.get("requestUri", "/").partition("?")
        return frozenset(item.partition("=")[0] for item in query.split("&") if item)


#: Process-wide models and routers (the server and wire mode share them).
models = Models()
