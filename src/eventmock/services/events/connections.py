"""EventBridge connections and API destinations, and the HTTP requests they send.

A connection holds how to authorise requests (``BASIC``, ``API_KEY``,
``OAUTH_CLIENT_CREDENTIALS``) and parameters added to every request; its secrets
(password, API key value, client secret, parameter values marked secret) are kept here
and never returned by any call. A ``BASIC`` or ``API_KEY`` connection is
``AUTHORIZED`` at once; an OAuth one is ``AUTHORIZING`` until its token request
succeeds: the request goes through :func:`eventmock.core.http.send` (register a handler
for the authorization endpoint with ``register_http``), at creation, at update, and
again at delivery while no token is held.

An API destination is an HTTPS endpoint reached through a connection; it is ``ACTIVE``
while its connection is ``AUTHORIZED``, else ``INACTIVE``. A rule's event reaches an
API destination target through :meth:`Connections._receive` (the delivery seam of
:mod:`eventmock.core.targets`): one request through :func:`eventmock.core.http.send`
with the connection's auth header, the connection's and the target's
``HttpParameters`` (path parameters fill the ``*`` of the endpoint in order, headers,
query string), and the event (or the target's input) as the body. An unreachable
endpoint, or a 401, 407, 409, 429 or 5xx answer, is retried under the target's
``RetryPolicy`` (:class:`~eventmock.services.events.delivery.RetryableError`); other
failures are not.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import urllib.parse
from typing import Any, Final

from eventmock.core import arns, clock, http, ids, targets
from eventmock.core.errors import ServiceError
from eventmock.core.targets import DeliveryError, Message
from eventmock.services.events.base import EventsBase, _validation
from eventmock.services.events.delivery import RetryableError
from eventmock.services.events.models import ApiDestination, Connection

AUTH_BLOCKS: Final = {
    "BASIC": "BasicAuthParameters",
    "API_KEY": "ApiKeyAuthParameters",
    "OAUTH_CLIENT_CREDENTIALS": "OAuthParameters",
}
#: The secret members of each auth block (never returned).
SECRETS: Final = {"BasicAuthParameters": ("Password",), "ApiKeyAuthParameters": ("ApiKeyValue",)}
DEFAULT_RATE_LIMIT: Final = 300
#: HTTP statuses after which EventBridge retries an API destination request.
RETRIED_STATUSES: Final = frozenset({401, 407, 409, 429})
USER_AGENT: Final = "Amazon/EventBridge/ApiDestinations"


def _connection_not_found(name: str, describing: bool = False) -> ServiceError:
    prefix = "Failed to describe the connection(s). " if describing else ""
    return ServiceError("ResourceNotFoundException", f"{prefix}Connection '{name}' does not exist.")


def _destination_not_found(name: str, describing: bool = False) -> ServiceError:
    prefix = "Failed to describe the api-destination(s). " if describing else ""
    return ServiceError("ResourceNotFoundException", f"{prefix}An api-destination '{name}' does not exist.")


def _public_parameters(parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    """HTTP parameters without the values marked secret."""
    if parameters is None:
        return None
    public: dict[str, Any] = {}
    for kind, items in parameters.items():
        public[kind] = [{k: v for k, v in item.items() if not (k == "Value" and item.get("IsValueSecret"))} for item in items]
    return public


def _pairs(parameters: dict[str, Any] | None, kind: str) -> list[tuple[str, str]]:
    return [(item.get("Key", ""), item.get("Value", "")) for item in (parameters or {}).get(kind) or ()]


def _snake(name: str) -> str:
    """``HeaderParameters`` -> ``header_parameters``."""
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def _secret_string(connection: Connection) -> str:
    """The connection's secret as AWS stores it in Secrets Manager (from AWS's
    responses recorded by LocalStack and moto's AWS-verified tests)."""
    auth = connection.auth_parameters
    if connection.authorization_type == "BASIC":
        basic = auth.get("BasicAuthParameters") or {}
        secret: dict[str, Any] = {"username": basic.get("Username"), "password": basic.get("Password")}
    elif connection.authorization_type == "API_KEY":
        key = auth.get("ApiKeyAuthParameters") or {}
        secret = {"api_key_name": key.get("ApiKeyName"), "api_key_value": key.get("ApiKeyValue")}
    else:
        oauth = auth.get("OAuthParameters") or {}
        client = oauth.get("ClientParameters") or {}
        secret = {
            "client_id": client.get("ClientID"),
            "client_secret": client.get("ClientSecret"),
            "authorization_endpoint": oauth.get("AuthorizationEndpoint"),
            "http_method": oauth.get("HttpMethod"),
        }
    invocation = auth.get("InvocationHttpParameters")
    if invocation is not None:
        secret["invocation_http_parameters"] = {
            _snake(kind): [{_snake(k): v for k, v in item.items()} for item in items] for kind, items in invocation.items()
        }
    return json.dumps(secret)


def _merged(base: dict[str, Any] | None, given: dict[str, Any] | None) -> dict[str, Any] | None:
    """An auth block as UpdateConnection leaves it: ``given`` members over ``base``."""
    if given is None:
        return copy.deepcopy(base)
    merged = copy.deepcopy(base or {})
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **copy.deepcopy(value)}
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class Connections(EventsBase):
    """CreateConnection ... DeleteConnection, CreateApiDestination ...
    DeleteApiDestination; delivery to API destination targets."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.connections: dict[str, Connection] = {}
        self.api_destinations: dict[str, ApiDestination] = {}

    # -- connections --------------------------------------------------------------

    def _connection(self, name: str, describing: bool = False) -> Connection:
        connection = self.connections.get(name)
        if connection is None:
            raise _connection_not_found(name, describing)
        return connection

    def _authorize(self, connection: Connection) -> None:
        """Bring the connection to ``AUTHORIZED``: at once, or for OAuth once its token
        request succeeds (it stays ``AUTHORIZING`` otherwise)."""
        if connection.authorization_type != "OAUTH_CLIENT_CREDENTIALS":
            connection.state = "AUTHORIZED"
            connection.last_authorized = clock.now()
            return
        connection.state = "AUTHORIZING"
        connection.token = None
        self._fetch_token(connection)

    def _fetch_token(self, connection: Connection) -> str | None:
        """The OAuth access token: the one held while it lasts, else a new one from the
        authorization endpoint (``None`` if that fails)."""
        now = clock.now()
        if connection.token is not None and (connection.token_expires is None or now < connection.token_expires):
            return connection.token
        oauth = connection.auth_parameters.get("OAuthParameters") or {}
        client = oauth.get("ClientParameters") or {}
        extra = oauth.get("OAuthHttpParameters")
        url = oauth.get("AuthorizationEndpoint", "")
        query = _pairs(extra, "QueryStringParameters")
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        credentials = f"{client.get('ClientID', '')}:{client.get('ClientSecret', '')}".encode()
        headers = {
            "Authorization": "Basic " + base64.b64encode(credentials).decode(),
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": USER_AGENT,
            **dict(_pairs(extra, "HeaderParameters")),
        }
        body = urllib.parse.urlencode(_pairs(extra, "BodyParameters"))
        try:
            response = http.send(self.store, oauth.get("HttpMethod", "POST"), url, headers, body)
            answer = json.loads(response.body) if response.ok else None
        except http.Unreachable:
            return None
        except Exception:  # noqa: BLE001 - a failing handler or body is a failed authorization
            return None
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(token, str):
            return None
        expires_in = answer.get("expires_in") if isinstance(answer, dict) else None
        connection.token = token
        connection.token_expires = _expiry(now, expires_in)
        connection.state = "AUTHORIZED"
        connection.last_authorized = now
        return token

    def _save_secret(self, connection: Connection) -> None:
        """Keep the connection's secret in Secrets Manager, as AWS does: a secret named
        ``events!connection/<name>/<uuid>``, owned by ``events``. eventmock answers
        Secrets Manager itself (so the user's reads of the secret find it); under
        ``mock_aws(exclude=["secretsmanager"])`` the mock underneath does, and with
        none the secret is kept only here."""
        value = _secret_string(connection)
        params: dict[str, Any]
        try:
            if connection.secret_saved:
                params = {"SecretId": connection.secret_arn, "SecretString": value}
                targets.sdk_call(self.store, "secretsmanager", "PutSecretValue", params, self.account_id, self.region)
                return
            params = {
                "Name": f"events!connection/{connection.name}/{ids.uuid4()}",
                "SecretString": value,
                "Tags": [{"Key": "aws:secretsmanager:owningService", "Value": "events"}],
            }
            created = targets.sdk_call(self.store, "secretsmanager", "CreateSecret", params, self.account_id, self.region)
        except DeliveryError:
            return  # the secret is kept here all the same
        connection.secret_arn = created["ARN"]
        connection.secret_saved = True

    def _delete_secret(self, connection: Connection) -> None:
        if not connection.secret_saved:
            return
        params = {"SecretId": connection.secret_arn, "ForceDeleteWithoutRecovery": True}
        try:
            targets.sdk_call(self.store, "secretsmanager", "DeleteSecret", params, self.account_id, self.region)
        except DeliveryError:
            pass

    def _connection_state(self, connection: Connection, state: str | None = None) -> dict[str, Any]:
        return {
            "ConnectionArn": connection.arn,
            "ConnectionState": state or connection.state,
            "CreationTime": connection.created,
            "LastModifiedTime": connection.modified,
            "LastAuthorizedTime": connection.last_authorized,
        }

    @staticmethod
    def _check_auth(authorization_type: str, auth_parameters: dict[str, Any]) -> None:
        block = AUTH_BLOCKS[authorization_type]
        if auth_parameters.get(block) is None:
            raise _validation(f"{block} must be specified for the authorization type {authorization_type}.")

    def create_connection(
        self,
        Name: str,
        AuthorizationType: str,
        AuthParameters: dict[str, Any],
        Description: str | None = None,
        InvocationConnectivityParameters: dict[str, Any] | None = None,
        KmsKeyIdentifier: str | None = None,
    ) -> dict[str, Any]:
        if Name in self.connections:
            raise ServiceError("ResourceAlreadyExistsException", f"Connection {Name} already exists.")
        self._check_auth(AuthorizationType, AuthParameters)
        now = clock.now()
        resource_id = ids.uuid4()
        connection = Connection(
            name=Name,
            arn=self._arn(f"connection/{Name}/{resource_id}"),
            secret_arn=arns.build(
                "secretsmanager", self.region, self.account_id, f"secret:events!connection/{Name}/{ids.uuid4()}-{ids.hex32()[:6]}"
            ),
            authorization_type=AuthorizationType,
            auth_parameters=copy.deepcopy(AuthParameters),
            created=now,
            modified=now,
            description=Description,
            invocation_connectivity_parameters=copy.deepcopy(InvocationConnectivityParameters),
            kms_key_identifier=KmsKeyIdentifier,
            # AWS describes even an OAuth connection still authorising with this time.
            last_authorized=now,
        )
        self.connections[Name] = connection
        try:
            self._save_secret(connection)
            self._authorize(connection)
        except BaseException:
            del self.connections[Name]  # a call that fails leaves nothing behind
            raise
        oauth = AuthorizationType == "OAUTH_CLIENT_CREDENTIALS"
        # AWS answers before an OAuth connection's token request.
        answer = self._connection_state(connection, "AUTHORIZING" if oauth else None)
        answer.pop("LastAuthorizedTime")
        return answer

    def describe_connection(self, Name: str) -> dict[str, Any]:
        connection = self._connection(Name, describing=True)
        auth = connection.auth_parameters
        public: dict[str, Any] = {}
        if "BasicAuthParameters" in auth:
            public["BasicAuthParameters"] = {"Username": auth["BasicAuthParameters"].get("Username")}
        if "ApiKeyAuthParameters" in auth:
            public["ApiKeyAuthParameters"] = {"ApiKeyName": auth["ApiKeyAuthParameters"].get("ApiKeyName")}
        if "OAuthParameters" in auth:
            oauth = auth["OAuthParameters"]
            public["OAuthParameters"] = {
                "ClientParameters": {"ClientID": (oauth.get("ClientParameters") or {}).get("ClientID")},
                "AuthorizationEndpoint": oauth.get("AuthorizationEndpoint"),
                "HttpMethod": oauth.get("HttpMethod"),
                "OAuthHttpParameters": _public_parameters(oauth.get("OAuthHttpParameters")),
            }
        if "InvocationHttpParameters" in auth:
            public["InvocationHttpParameters"] = _public_parameters(auth["InvocationHttpParameters"])
        return {
            **self._connection_state(connection),
            "Name": connection.name,
            "Description": connection.description,
            "AuthorizationType": connection.authorization_type,
            "SecretArn": connection.secret_arn,
            "KmsKeyIdentifier": connection.kms_key_identifier,
            "AuthParameters": public,
        }

    def list_connections(
        self,
        NamePrefix: str | None = None,
        ConnectionState: str | None = None,
        NextToken: str | None = None,
        Limit: int | None = None,
    ) -> dict[str, Any]:
        connections = sorted(
            (
                c
                for c in self.connections.values()
                if c.name.startswith(NamePrefix or "") and ConnectionState in (None, c.state)
            ),
            key=lambda c: c.name,
        )
        page, token = self._page(connections, NextToken, Limit)
        listed = [
            {**self._connection_state(c), "Name": c.name, "AuthorizationType": c.authorization_type} for c in page
        ]
        return {"Connections": listed, "NextToken": token}

    def update_connection(
        self,
        Name: str,
        Description: str | None = None,
        AuthorizationType: str | None = None,
        AuthParameters: dict[str, Any] | None = None,
        InvocationConnectivityParameters: dict[str, Any] | None = None,
        KmsKeyIdentifier: str | None = None,
    ) -> dict[str, Any]:
        connection = self._connection(Name)
        authorization_type = AuthorizationType or connection.authorization_type
        if AuthParameters is not None and AuthorizationType is not None and AuthorizationType != connection.authorization_type:
            auth_parameters = copy.deepcopy(AuthParameters)  # a new type: its parameters replace the old
        else:
            auth_parameters = {
                key: merged
                for key in {*connection.auth_parameters, *(AuthParameters or {})}
                if (merged := _merged(connection.auth_parameters.get(key), (AuthParameters or {}).get(key))) is not None
            }
        self._check_auth(authorization_type, auth_parameters)
        connection.authorization_type = authorization_type
        connection.auth_parameters = auth_parameters
        if Description is not None:
            connection.description = Description
        if InvocationConnectivityParameters is not None:
            connection.invocation_connectivity_parameters = copy.deepcopy(InvocationConnectivityParameters)
        if KmsKeyIdentifier is not None:
            connection.kms_key_identifier = KmsKeyIdentifier
        connection.modified = clock.now()
        self._save_secret(connection)
        self._authorize(connection)
        oauth = authorization_type == "OAUTH_CLIENT_CREDENTIALS"
        return self._connection_state(connection, "AUTHORIZING" if oauth else None)

    def deauthorize_connection(self, Name: str) -> dict[str, Any]:
        connection = self._connection(Name)
        # The secrets go; what is not secret stays, to be authorised again by an update.
        for block, members in SECRETS.items():
            for member in members:
                (connection.auth_parameters.get(block) or {}).pop(member, None)
        oauth_client = (connection.auth_parameters.get("OAuthParameters") or {}).get("ClientParameters")
        if oauth_client is not None:
            oauth_client.pop("ClientSecret", None)
        connection.token = None
        connection.state = "DEAUTHORIZED"
        connection.modified = clock.now()
        return self._connection_state(connection, "DEAUTHORIZING")

    def delete_connection(self, Name: str) -> dict[str, Any]:
        connection = self._connection(Name)
        del self.connections[Name]
        self._delete_secret(connection)
        return self._connection_state(connection, "DELETING")

    # -- API destinations ---------------------------------------------------------

    def _destination(self, name: str, describing: bool = False) -> ApiDestination:
        destination = self.api_destinations.get(name)
        if destination is None:
            raise _destination_not_found(name, describing)
        return destination

    def _connection_by_arn(self, arn_text: str) -> Connection:
        name = arn_text.split("/")[1] if arn_text.count("/") >= 2 else arn_text
        connection = self.connections.get(name)
        if connection is None or connection.arn != arn_text:
            raise _connection_not_found(name)
        return connection

    def _destination_state(self, destination: ApiDestination) -> str:
        connection = self.connections.get(destination.connection_arn.split("/")[1])
        authorized = connection is not None and connection.arn == destination.connection_arn and connection.state == "AUTHORIZED"
        return "ACTIVE" if authorized else "INACTIVE"

    def _destination_summary(self, destination: ApiDestination) -> dict[str, Any]:
        return {
            "ApiDestinationArn": destination.arn,
            "Name": destination.name,
            "ApiDestinationState": self._destination_state(destination),
            "ConnectionArn": destination.connection_arn,
            "InvocationEndpoint": destination.invocation_endpoint,
            "HttpMethod": destination.http_method,
            "InvocationRateLimitPerSecond": destination.invocation_rate_limit_per_second,
            "CreationTime": destination.created,
            "LastModifiedTime": destination.modified,
        }

    def _destination_answer(self, destination: ApiDestination) -> dict[str, Any]:
        return {
            "ApiDestinationArn": destination.arn,
            "ApiDestinationState": self._destination_state(destination),
            "CreationTime": destination.created,
            "LastModifiedTime": destination.modified,
        }

    def create_api_destination(
        self,
        Name: str,
        ConnectionArn: str,
        InvocationEndpoint: str,
        HttpMethod: str,
        Description: str | None = None,
        InvocationRateLimitPerSecond: int | None = None,
    ) -> dict[str, Any]:
        if Name in self.api_destinations:
            raise ServiceError("ResourceAlreadyExistsException", f"An api-destination '{Name}' already exists.")
        self._connection_by_arn(ConnectionArn)
        now = clock.now()
        destination = ApiDestination(
            name=Name,
            arn=self._arn(f"api-destination/{Name}/{ids.uuid4()}"),
            connection_arn=ConnectionArn,
            invocation_endpoint=InvocationEndpoint,
            http_method=HttpMethod,
            invocation_rate_limit_per_second=InvocationRateLimitPerSecond or DEFAULT_RATE_LIMIT,
            created=now,
            modified=now,
            description=Description,
        )
        self.api_destinations[Name] = destination
        return self._destination_answer(destination)

    def describe_api_destination(self, Name: str) -> dict[str, Any]:
        destination = self._destination(Name, describing=True)
        return {**self._destination_summary(destination), "Description": destination.description}

    def list_api_destinations(
        self,
        NamePrefix: str | None = None,
        ConnectionArn: str | None = None,
        NextToken: str | None = None,
        Limit: int | None = None,
    ) -> dict[str, Any]:
        destinations = sorted(
            (
                d
                for d in self.api_destinations.values()
                if d.name.startswith(NamePrefix or "") and ConnectionArn in (None, d.connection_arn)
            ),
            key=lambda d: d.name,
        )
        page, token = self._page(destinations, NextToken, Limit)
        return {"ApiDestinations": [self._destination_summary(d) for d in page], "NextToken": token}

    def update_api_destination(
        self,
        Name: str,
        Description: str | None = None,
        ConnectionArn: str | None = None,
        InvocationEndpoint: str | None = None,
        HttpMethod: str | None = None,
        InvocationRateLimitPerSecond: int | None = None,
    ) -> dict[str, Any]:
        destination = self._destination(Name)
        if ConnectionArn is not None:
            self._connection_by_arn(ConnectionArn)
            destination.connection_arn = ConnectionArn
        if Description is not None:
            destination.description = Description
        if InvocationEndpoint is not None:
            destination.invocation_endpoint = InvocationEndpoint
        if HttpMethod is not None:
            destination.http_method = HttpMethod
        if InvocationRateLimitPerSecond is not None:
            destination.invocation_rate_limit_per_second = InvocationRateLimitPerSecond
        destination.modified = clock.now()
        return self._destination_answer(destination)

    def delete_api_destination(self, Name: str) -> None:
        self._destination(Name)
        del self.api_destinations[Name]

    # -- delivery -----------------------------------------------------------------

    def _receive(self, arn: arns.Arn, message: Message) -> http.HttpResponse:
        """Send a rule's event to the API destination ``arn`` names."""
        kind, _, rest = arn.resource.partition("/")
        destination = self.api_destinations.get(rest.split("/")[0]) if kind == "api-destination" else None
        if destination is None or destination.arn != str(arn):
            raise DeliveryError("NO_RESOURCE", f"API destination {arn} does not exist.")
        connection = self.connections.get(destination.connection_arn.split("/")[1])
        if connection is None or connection.arn != destination.connection_arn:
            raise DeliveryError("NO_RESOURCE", f"Connection {destination.connection_arn} does not exist.")
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
        if connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS":
            token = self._fetch_token(connection) if connection.state in ("AUTHORIZED", "AUTHORIZING") else None
            if token is None:
                raise RetryableError("SDK_CLIENT_ERROR", f"Unable to invoke ApiDestination endpoint: connection {connection.name} is not authorized.")
            headers["Authorization"] = f"Bearer {token}"
        elif connection.state != "AUTHORIZED":
            raise DeliveryError("SDK_CLIENT_ERROR", f"Unable to invoke ApiDestination endpoint: connection {connection.name} is not authorized.")
        elif connection.authorization_type == "BASIC":
            basic = connection.auth_parameters.get("BasicAuthParameters") or {}
            credentials = f"{basic.get('Username', '')}:{basic.get('Password', '')}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
        else:
            api_key = connection.auth_parameters.get("ApiKeyAuthParameters") or {}
            headers[api_key.get("ApiKeyName", "")] = api_key.get("ApiKeyValue", "")
        target = dict((message.parameters or {}).get("HttpParameters") or {})
        invocation = connection.auth_parameters.get("InvocationHttpParameters")
        headers.update(target.get("HeaderParameters") or {})
        headers.update(_pairs(invocation, "HeaderParameters"))
        url = destination.invocation_endpoint
        for value in target.get("PathParameterValues") or ():
            url = url.replace("*", urllib.parse.quote(str(value), safe=""), 1)
        query = {**(target.get("QueryStringParameters") or {}), **dict(_pairs(invocation, "QueryStringParameters"))}
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        body = message.text
        extra_body = _pairs(invocation, "BodyParameters")
        if extra_body:
            try:
                document = json.loads(body)
            except (ValueError, RecursionError):
                document = None
            if isinstance(document, dict):
                document.update(extra_body)
                body = json.dumps(document)
        try:
            response = http.send(self.store, destination.http_method, url, headers, body)
        except http.Unreachable as error:
            raise RetryableError("SDK_CLIENT_ERROR", f"Unable to invoke ApiDestination endpoint: {error}") from error
        except Exception as error:  # noqa: BLE001 - the handler's failure is the endpoint's
            raise RetryableError("SDK_CLIENT_ERROR", f"Unable to invoke ApiDestination endpoint: {type(error).__name__}: {error}") from error
        if response.ok:
            return response
        failure = f"Unable to invoke ApiDestination endpoint: The endpoint responded with {response.status}."
        if response.status in RETRIED_STATUSES or response.status >= 500:
            raise RetryableError("SDK_CLIENT_ERROR", failure)
        raise DeliveryError("SDK_CLIENT_ERROR", failure)


def _expiry(now: dt.datetime, expires_in: Any) -> dt.datetime | None:
    """When a token expiring in ``expires_in`` seconds expires: ``None`` (held until
    refused) when the answer gives no number, or one no clock reaches (``1e30``,
    ``inf``, ``nan``)."""
    if not isinstance(expires_in, (int, float)) or isinstance(expires_in, bool):
        return None
    try:
        return now + dt.timedelta(seconds=expires_in)
    except (OverflowError, ValueError):
        return None
