"""The ``context`` a handler receives, as AWS's Python runtime gives it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock


@dataclass
class LambdaContext:
    """What a handler receives as ``context``, with the attributes of AWS's Python
    runtime context object.

    ``get_remaining_time_in_millis()`` counts down from the function's timeout on the
    mock's clock (:mod:`eventmock.core.clock`): under ``freeze_time`` it stays at the
    timeout until the test moves the clock, so it never depends on machine speed."""

    function_name: str
    invoked_function_arn: str
    aws_request_id: str
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    client_context: Any = None
    identity: Any = None
    timeout: int = 3
    log_group_name: str = field(init=False)
    #: The stream of the function's log group its output goes to (one per warm runtime,
    #: as AWS's per execution environment).
    log_stream_name: str = ""
    started: dt.datetime = field(init=False)

    def __post_init__(self) -> None:
        self.started = clock.now()
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        if not self.log_stream_name:
            day = self.started.strftime("%Y/%m/%d")
            self.log_stream_name = f"{day}/[{self.function_version}]{self.aws_request_id.replace('-', '')}"

    def elapsed_ms(self) -> int:
        return int((clock.now() - self.started).total_seconds() * 1000)

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self.timeout * 1000 - self.elapsed_ms())
