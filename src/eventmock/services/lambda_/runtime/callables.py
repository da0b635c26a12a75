"""``register_lambda`` callables as a runtime: a Python callable instead of a package.

A callable bound to a function's ARN runs instead of the function's code (deployed or
not), for every version and alias, with the same context, log capture and error
payloads as a Python package's handler."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventmock.services.lambda_.runtime import Outcome
from eventmock.services.lambda_.runtime.inprocess import call_handler

if TYPE_CHECKING:
    from eventmock.services.lambda_.context import LambdaContext
    from eventmock.services.lambda_.model import Version


class CallableRuntime:
    def __init__(self, handler: Callable[[Any, Any], Any]) -> None:
        self.handler = handler

    def run(self, version: Version, payload: bytes, context: LambdaContext, environment: dict[str, str]) -> Outcome:
        event = json.loads(payload) if payload else {}
        return call_handler(self.handler, event, context, {}, [])

    def close(self) -> None:
        pass
