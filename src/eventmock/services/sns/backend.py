"""Amazon SNS: topics (standard and FIFO), subscriptions, publishing and fan-out.

SNS speaks the ``query`` protocol; its errors are the model's codes
(``InvalidParameter``, ``NotFound``...) with the messages AWS sends, which mostly
begin ``Invalid parameter: <name>``. A topic lives in the account and region of its
ARN; a call naming a topic of another region is refused as AWS refuses it
(``Invalid parameter: TopicArn``), one naming another account's topic reaches it
(eventmock has no IAM).

Publishing is synchronous: when ``publish`` returns, every confirmed subscriber whose
filter policy matches has its copy (:mod:`.delivery`). Other services publish to a
topic through ``SnsBackend._receive`` (EventBridge rules' and schedules' SNS targets).

The operations live in one module per resource family, each a mixin of
:class:`~eventmock.services.sns.base.SnsBase` (the shared state and lookups):
``topics`` (topics, permissions, data protection, tags), ``subscriptions``,
``publishing`` (Publish, PublishBatch, deliveries from other services), ``sms``,
``sandbox`` (the SMS sandbox's phone numbers, origination numbers),
``platform`` (mobile push applications and endpoints).
"""

from __future__ import annotations

from eventmock.services.sns.base import SnsBase
from eventmock.services.sns.platform import PlatformApplications
from eventmock.services.sns.publishing import Publishing
from eventmock.services.sns.sandbox import SmsSandbox
from eventmock.services.sns.sms import Sms
from eventmock.services.sns.subscriptions import Subscriptions
from eventmock.services.sns.topics import Topics


class SnsBackend(Topics, Subscriptions, Publishing, Sms, SmsSandbox, PlatformApplications, SnsBase):
    """What dispatch sees: every family's operations on one account's and Region's
    state (:class:`~eventmock.services.sns.base.SnsBase`)."""
