"""EventBridge global endpoints, and PutEvents through one (``EndpointId``).

An endpoint belongs to the Region it is created in (its home Region) and names two
event buses of the same account: the one in the home Region is the primary, the one in
``RoutingConfig.FailoverConfig.Secondary.Route`` the secondary. PutEvents with the
endpoint's ``EndpointId`` (from a client in any Region) puts the events on the primary
bus, or on the secondary one once the route has failed over. With replication enabled
(``ReplicationConfig.State``, ``ENABLED`` unless given), events put on the primary are
also put on the secondary, as AWS replicates them.

AWS fails the route over when the endpoint's Route 53 health check turns unhealthy;
eventmock has no health checks, so a test fails it over itself::

    aws.backend("events", region="us-east-1").fail_over("my-endpoint")
    ...
    aws.backend("events", region="us-east-1").recover("my-endpoint")

CreateEndpoint answers ``CREATING`` and UpdateEndpoint ``UPDATING``, as AWS does; the
endpoint is ``ACTIVE`` for every later call.
"""

from __future__ import annotations

import copy
from typing import Any

from eventmock.core import arns, clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.events.base import EventsBase
from eventmock.services.events.models import Endpoint, EventBus


def _endpoint_not_found(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Endpoint {name} does not exist.")


class Endpoints(EventsBase):
    """CreateEndpoint ... DeleteEndpoint; the routing of PutEvents' ``EndpointId``."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        #: The endpoints whose home Region is this backend's, by name.
        self.endpoints: dict[str, Endpoint] = {}

    # -- failover (no AWS operation: AWS follows a Route 53 health check) --------

    def fail_over(self, name: str) -> None:
        """Fail the route of endpoint ``name`` over to its secondary Region."""
        self._endpoint(name).failed_over = True

    def recover(self, name: str) -> None:
        """Route endpoint ``name`` to its primary Region again."""
        self._endpoint(name).failed_over = False

    # -- lookups ------------------------------------------------------------------

    def _endpoint(self, name: str) -> Endpoint:
        endpoint = self.endpoints.get(name)
        if endpoint is None:
            raise _endpoint_not_found(name)
        return endpoint

    def _home(self, region: str | None) -> Endpoints:
        """The backend of the home Region a call names (this one if none)."""
        if region is None or region == self.region:
            return self
        return self._peer(self.account_id, region)

    def _by_id(self, endpoint_id: str) -> Endpoint | None:
        """The endpoint of this account with that id, whatever its home Region."""
        for backend in self.store.existing("events"):
            if isinstance(backend, Endpoints) and backend.account_id == self.account_id:
                for endpoint in backend.endpoints.values():
                    if endpoint.endpoint_id == endpoint_id:
                        return endpoint
        return None

    def _endpoint_buses(self, endpoint: Endpoint) -> tuple[str, str]:
        """The ARNs of the (primary, secondary) buses of ``endpoint``."""
        home = arns.parse(endpoint.arn)
        secondary_region = endpoint.routing_config["FailoverConfig"]["Secondary"]["Route"]
        listed = [bus["EventBusArn"] for bus in endpoint.event_buses]
        regions = [arn.region if (arn := arns.parse(text)) is not None else "" for text in listed]
        primary = next((b for b, r in zip(listed, regions) if home is not None and r == home.region), listed[0])
        secondary = next((b for b, r in zip(listed, regions) if r == secondary_region and b != primary), None)
        return primary, secondary or next(b for b in listed if b != primary)

    def _endpoint_routes(self, endpoint_id: str) -> list[tuple[EventsBase, EventBus]]:
        """Where PutEvents through ``endpoint_id`` puts its events (buses that do not
        exist are left out: AWS accepts the events and they go nowhere)."""
        endpoint = self._by_id(endpoint_id)
        if endpoint is None:
            raise ServiceError("ResourceNotFoundException", f"Endpoint {endpoint_id} does not exist.", status=400)
        primary, secondary = self._endpoint_buses(endpoint)
        replicated = (endpoint.replication_config or {}).get("State", "ENABLED") == "ENABLED"
        chosen = [secondary] if endpoint.failed_over else [primary, secondary] if replicated else [primary]
        routes: list[tuple[EventsBase, EventBus]] = []
        for bus_arn in chosen:
            arn = arns.parse(bus_arn)
            if arn is None:
                continue
            owner = self._peer(arn.account, arn.region)
            bus = owner.buses.get(arn.resource[len("event-bus/") :])
            if bus is not None:
                routes.append((owner, bus))
        return routes

    # -- operations ---------------------------------------------------------------

    def create_endpoint(
        self,
        Name: str,
        RoutingConfig: dict[str, Any],
        EventBuses: list[dict[str, str]],
        Description: str | None = None,
        ReplicationConfig: dict[str, Any] | None = None,
        RoleArn: str | None = None,
    ) -> dict[str, Any]:
        if Name in self.endpoints:
            raise ServiceError("ResourceAlreadyExistsException", f"Endpoint {Name} already exists.")
        now = clock.now()
        endpoint = Endpoint(
            name=Name,
            arn=self._arn(f"endpoint/{Name}"),
            endpoint_id=f"{ids.hex32()[:10]}.veo",
            routing_config=copy.deepcopy(RoutingConfig),
            event_buses=copy.deepcopy(EventBuses),
            created=now,
            modified=now,
            description=Description,
            replication_config=copy.deepcopy(ReplicationConfig),
            role_arn=RoleArn,
        )
        self.endpoints[Name] = endpoint
        return {
            "Name": endpoint.name,
            "Arn": endpoint.arn,
            "RoutingConfig": endpoint.routing_config,
            "ReplicationConfig": endpoint.replication_config,
            "EventBuses": endpoint.event_buses,
            "RoleArn": endpoint.role_arn,
            "State": "CREATING",
        }

    def describe_endpoint(self, Name: str, HomeRegion: str | None = None) -> dict[str, Any]:
        return self._home(HomeRegion)._endpoint(Name).summary()

    def list_endpoints(
        self,
        NamePrefix: str | None = None,
        HomeRegion: str | None = None,
        NextToken: str | None = None,
        MaxResults: int | None = None,
    ) -> dict[str, Any]:
        home = self._home(HomeRegion)
        endpoints = sorted((e for e in home.endpoints.values() if e.name.startswith(NamePrefix or "")), key=lambda e: e.name)
        page, token = self._page(endpoints, NextToken, MaxResults)
        return {"Endpoints": [e.summary() for e in page], "NextToken": token}

    def update_endpoint(
        self,
        Name: str,
        Description: str | None = None,
        RoutingConfig: dict[str, Any] | None = None,
        ReplicationConfig: dict[str, Any] | None = None,
        EventBuses: list[dict[str, str]] | None = None,
        RoleArn: str | None = None,
    ) -> dict[str, Any]:
        endpoint = self._endpoint(Name)
        if Description is not None:
            endpoint.description = Description
        if RoutingConfig is not None:
            endpoint.routing_config = copy.deepcopy(RoutingConfig)
        if ReplicationConfig is not None:
            endpoint.replication_config = copy.deepcopy(ReplicationConfig)
        if EventBuses is not None:
            endpoint.event_buses = copy.deepcopy(EventBuses)
        if RoleArn is not None:
            endpoint.role_arn = RoleArn
        endpoint.modified = clock.now()
        return {
            "Name": endpoint.name,
            "Arn": endpoint.arn,
            "RoutingConfig": endpoint.routing_config,
            "ReplicationConfig": endpoint.replication_config,
            "EventBuses": endpoint.event_buses,
            "RoleArn": endpoint.role_arn,
            "EndpointId": endpoint.endpoint_id,
            "EndpointUrl": endpoint.url,
            "State": "UPDATING",
        }

    def delete_endpoint(self, Name: str) -> None:
        self._endpoint(Name)
        del self.endpoints[Name]
