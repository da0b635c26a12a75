"""AWS Data Exchange: data sets, revisions, assets, jobs that move assets between S3 and
revisions, event actions that export published revisions, tags.

Shapes follow the botocore model (``dataexchange``, rest-json): timestamps are
timestamps (``tzutc()``, milliseconds), ids are 32 lowercase hexadecimal characters,
errors carry ``Message`` and, for a resource that is missing or in the way, its
``ResourceId`` and ``ResourceType``. The model's constraints (the id pattern, matched
against the whole value, ``MaxResults``, lengths, enums) are checked by the core before
an operation runs and answered with ``ValidationException``.

Jobs run when they are started, synchronously: ``start_job`` returns with the job
``COMPLETED`` or in ``ERROR`` with its ``Errors``. Imports read the emulated S3 (any
bucket by name, as the S3 namespace is global); exports write it, all objects or
none, through :mod:`eventmock.services.s3.access`: eventmock's S3, or the mock
underneath's (moto's) while one takes S3 whole.

AWS publishes a finalized revision to subscribers through AWS Marketplace, which is
not emulated: :func:`publish_revision` stands in for it. Publishing runs the event
actions of the revision's data set (each an ``EXPORT_REVISIONS_TO_S3`` job, listed by
``list_jobs``) and puts the ``Revision Published To Data Set`` event on the default
EventBridge bus of the account and Region.

The operations live in one module per resource family, each a mixin of
:class:`~eventmock.services.dataexchange.base.DataExchangeBase` (the shared state,
lookups and event sending): ``data_sets``, ``grants`` (data grants, both sides),
``notifications`` (SendDataSetNotification), ``revisions`` (and assets), ``jobs`` (run
by ``transfers`` and ``api_assets``, which also sends SendApiAsset's requests),
``event_actions`` (and publishing), ``tags``.
"""

from __future__ import annotations

from eventmock.core import activation
from eventmock.core.intercept import DEFAULT_ACCOUNT_ID
from eventmock.services.dataexchange.base import DataExchangeBase
from eventmock.services.dataexchange.data_sets import DataSets
from eventmock.services.dataexchange.grants import DataGrants
from eventmock.services.dataexchange.notifications import Notifications
from eventmock.services.dataexchange.event_actions import EventActions
from eventmock.services.dataexchange.jobs import Jobs
from eventmock.services.dataexchange.revisions import Revisions
from eventmock.services.dataexchange.tags import Tags
from eventmock.services.dataexchange.transfers import Transfers


class DataExchangeBackend(DataSets, DataGrants, Notifications, Revisions, EventActions, Jobs, Transfers, Tags, DataExchangeBase):
    """What dispatch sees: every family's operations on one account's and Region's
    state (:class:`~eventmock.services.dataexchange.base.DataExchangeBase`)."""


def publish_revision(
    data_set_id: str,
    revision_id: str,
    *,
    account_id: str = DEFAULT_ACCOUNT_ID,
    region: str = "us-east-1",
    product_id: str | None = None,
    product_name: str | None = None,
) -> list[str]:
    """Publish a finalized revision, in the active mock, as AWS Marketplace does when a
    provider publishes it to a product (eventmock does not emulate AWS Marketplace).

    The data set is found in ``account_id`` and ``region`` (the default account and
    ``us-east-1`` unless given). Publishing runs every event action of the account and
    Region whose ``RevisionPublished.DataSetId`` is the data set (each an
    ``EXPORT_REVISIONS_TO_S3`` job that writes the revision's assets to S3), then puts
    the ``Revision Published To Data Set`` event (source ``aws.dataexchange``) on the
    default EventBridge bus of the account and Region. ``product_id`` and
    ``product_name`` fill the event's ``Product``, left out when neither is given.

    Returns the ids of the jobs the event actions ran, in event action order. Raises
    :class:`~eventmock.EventmockError` if the data set or revision does not exist, or
    the revision is not finalized, is revoked, or is already published.
    """
    backend = activation.active_store().backend("dataexchange", account_id, region)
    assert isinstance(backend, DataExchangeBackend)
    product = {k: v for k, v in (("Id", product_id), ("Name", product_name)) if v is not None}
    with backend.store.lock:
        jobs = backend._publish(data_set_id, revision_id, product or None)
    return [job.id for job in jobs]
