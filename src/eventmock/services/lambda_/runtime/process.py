"""Functions run in a subprocess: Python (on request) and Node.js (with a local ``node``).

A warm runtime is a worker process running a small bootstrap (below), which imports the
handler once and then answers one invocation per line of JSON on its stdin, with one
line of JSON on its stdout (the user's own output is captured in the worker and sent
back as log lines). A busy worker is not shared: a concurrent invocation starts
another (as AWS starts another execution environment). Workers end with the mock's
state (:meth:`ProcessRuntime.close`, and at exit).

The function's SDK calls from a subprocess reach the mock only over HTTP: when the call
that invokes the function came to eventmock's server, ``AWS_ENDPOINT_URL`` names that
server; otherwise it names a closed loopback port (``http://127.0.0.1:9``), so nothing
ever leaves the machine.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import threading
import weakref
from typing import IO, TYPE_CHECKING, Any

from eventmock.services.lambda_.runtime import Outcome, error_payload

if TYPE_CHECKING:
    from eventmock.services.lambda_.context import LambdaContext
    from eventmock.services.lambda_.model import Version

_PYTHON_BOOTSTRAP = r'''
import contextlib, importlib, io, json, logging, os, sys, time, traceback
directory, spec, *layers = sys.argv[1:]
sys.path[:0] = [directory, *layers]
out = sys.stdout
handler = fault = None

class Fault(Exception):
    pass

class Context:
    def __init__(self, c):
        self.__dict__.update(c)
        self._deadline = time.monotonic() + c.pop("timeout")
    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))

def error(kind, message, rid, stack=()):
    return {"errorMessage": message, "errorType": kind, "requestId": rid, "stackTrace": list(stack)}

def load(rid):
    global handler, fault
    module_name, dot, attr = spec.rpartition(".")
    if not dot or not module_name:
        fault = error("Runtime.MalformedHandlerName", f"Bad handler '{spec}': not enough values to unpack (expected 2, got 1)", rid)
        return
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        fault = error("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {exc}", rid)
        return
    except SyntaxError as exc:
        trace = [f'  File "{exc.filename}" Line {exc.lineno}\n    {(exc.text or "").strip()}\n']
        fault = error("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {exc}", rid, trace)
        return
    handler = getattr(module, attr, None)
    if handler is None:
        fault = error("Runtime.HandlerNotFound", f"Handler '{attr}' missing on module '{module_name}'", rid)

class Fmt(logging.Formatter):
    rid = ""
    def format(self, r):
        return "[%s]\t%s\t%s\t%s" % (r.levelname, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(r.created)) + ".%03dZ" % r.msecs, self.rid, r.getMessage())

buffer = io.StringIO()
log_handler = logging.StreamHandler(buffer)
fmt = Fmt()
log_handler.setFormatter(fmt)
logging.getLogger().addHandler(log_handler)
for line in sys.stdin:
    request = json.loads(line)
    rid = request["context"]["aws_request_id"]
    fmt.rid = rid
    os.environ.update(request["env"])
    buffer.seek(0); buffer.truncate()
    answer = {"error": None}
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            if handler is None and fault is None:
                load(rid)
            if fault is not None:
                raise Fault
            result = handler(json.loads(request["payload"] or "{}"), Context(request["context"]))
            try:
                answer["payload"] = json.dumps(result)
            except (TypeError, ValueError) as exc:
                answer = {"error": "Unhandled", "payload": json.dumps(error("Runtime.MarshalError", f"Unable to marshal response: {exc}", rid))}
        except Fault:
            answer = {"error": "Unhandled", "payload": json.dumps(dict(fault, requestId=rid))}
        except Exception as exc:
            print(f"[ERROR] {type(exc).__name__}: {exc}")
            stack = traceback.format_list(traceback.extract_tb(exc.__traceback__)[1:])
            answer = {"error": "Unhandled", "payload": json.dumps(error(type(exc).__name__, str(exc), rid, stack))}
    answer["logs"] = buffer.getvalue().splitlines()
    out.write(json.dumps(answer) + "\n")
    out.flush()
'''

_NODE_BOOTSTRAP = r'''
const fs = require("fs"), path = require("path"), url = require("url"), readline = require("readline");
const [directory, spec, ...layers] = process.argv.slice(1);
process.env.NODE_PATH = [...layers, process.env.NODE_PATH || ""].join(path.delimiter);
require("module").Module._initPaths();
const write = process.stdout.write.bind(process.stdout);
let handler = null, fault = null, logs = [], rid = "";
for (const [level, name] of [["INFO", "log"], ["INFO", "info"], ["WARN", "warn"], ["ERROR", "error"], ["DEBUG", "debug"]]) {
  console[name] = (...args) => { logs.push(`${new Date().toISOString()}\t${rid}\t${level}\t${require("util").format(...args)}`); };
}
async function load() {
  const dot = spec.lastIndexOf(".");
  const modulePath = spec.slice(0, dot), name = spec.slice(dot + 1);
  const base = path.join(directory, modulePath);
  let mod = null;
  for (const ext of [".js", ".mjs", ".cjs"]) {
    if (fs.existsSync(base + ext)) { mod = await import(url.pathToFileURL(base + ext).href); break; }
  }
  if (mod === null) {
    fault = { errorType: "Runtime.ImportModuleError", errorMessage: `Error: Cannot find module '${modulePath}'\nRequire stack:\n- /var/runtime/index.mjs`, trace: [] };
    return;
  }
  handler = mod[name] || (mod.default && mod.default[name]);
  if (typeof handler !== "function") {
    handler = null;
    fault = { errorType: "Runtime.HandlerNotFound", errorMessage: `${modulePath}.${name} is undefined or not exported`, trace: [] };
  }
}
const rl = readline.createInterface({ input: process.stdin });
const queue = [];
let busy = false;
async function serve() {
  if (busy) return;
  busy = true;
  while (queue.length) {
    const request = JSON.parse(queue.shift());
    rid = request.context.aws_request_id;
    Object.assign(process.env, request.env);
    logs = [];
    let answer;
    try {
      if (handler === null && fault === null) await load();
      if (fault !== null) throw Object.assign(new Error(fault.errorMessage), { fault });
      const deadline = Date.now() + request.context.timeout * 1000;
      const context = {
        functionName: request.context.function_name, functionVersion: request.context.function_version,
        invokedFunctionArn: request.context.invoked_function_arn, memoryLimitInMB: String(request.context.memory_limit_in_mb),
        awsRequestId: rid, logGroupName: request.context.log_group_name, logStreamName: request.context.log_stream_name,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), callbackWaitsForEmptyEventLoop: true,
      };
      const event = JSON.parse(request.payload || "{}");
      const result = handler.length >= 3
        ? await new Promise((resolve, reject) => handler(event, context, (e, r) => (e ? reject(e) : resolve(r))))
        : await handler(event, context);
      answer = { error: null, payload: result === undefined ? "null" : JSON.stringify(result) };
    } catch (e) {
      const body = e && e.fault ? e.fault : {
        errorType: (e && e.name) || "Error", errorMessage: e && e.message !== undefined ? e.message : String(e),
        trace: e && e.stack ? String(e.stack).split("\n") : [],
      };
      if (!(e && e.fault)) logs.push(`${new Date().toISOString()}\t${rid}\tERROR\tInvoke Error \t${JSON.stringify(body)}`);
      answer = { error: "Unhandled", payload: JSON.stringify(body) };
    }
    answer.logs = logs;
    write(JSON.stringify(answer) + "\n");
  }
  busy = false;
}
rl.on("line", (line) => { queue.push(line); serve(); });
'''


class _Worker:
    def __init__(self, command: list[str], directory: str) -> None:
        self.process = subprocess.Popen(
            command, cwd=directory, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1
        )

    def ask(self, request: dict[str, Any]) -> dict[str, Any] | None:
        stdin: IO[str] | None = self.process.stdin
        stdout: IO[str] | None = self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(json.dumps(request) + "\n")
            stdin.flush()
            line = stdout.readline()
        except OSError:
            return None
        return json.loads(line) if line else None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


_all: weakref.WeakSet[ProcessRuntime] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for runtime in list(_all):
        runtime.close()


class ProcessRuntime:
    """A package run by worker processes (``python`` or ``node``)."""

    def __init__(self, language: str, directory: str, layers: list[str]) -> None:
        self.language = language
        self.directory = directory
        self.layers = layers
        self.idle: list[_Worker] = []
        self.lock = threading.Lock()
        self.endpoint = "http://127.0.0.1:9"
        _all.add(self)

    def _command(self, version: Version) -> list[str]:
        handler = str(version.settings.get("Handler") or "")
        if self.language == "node":
            return ["node", "-e", _NODE_BOOTSTRAP, "--", self.directory, handler, *[os.path.join(layer, "..", "nodejs", "node_modules") for layer in self.layers]]
        return [sys.executable, "-c", _PYTHON_BOOTSTRAP, self.directory, handler, *self.layers]

    def run(self, version: Version, payload: bytes, context: LambdaContext, environment: dict[str, str]) -> Outcome:
        with self.lock:
            worker = self.idle.pop() if self.idle else None
        if worker is None:
            worker = _Worker(self._command(version), self.directory)
        request = {
            "payload": payload.decode(),
            "env": {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": context.invoked_function_arn.split(":")[4], "AWS_SECRET_ACCESS_KEY": "eventmock", **environment},
            "context": {
                "function_name": context.function_name,
                "function_version": context.function_version,
                "invoked_function_arn": context.invoked_function_arn,
                "memory_limit_in_mb": context.memory_limit_in_mb,
                "aws_request_id": context.aws_request_id,
                "log_group_name": context.log_group_name,
                "log_stream_name": context.log_stream_name,
                "timeout": context.timeout,
            },
        }
        answer = worker.ask(request)
        if answer is None:
            worker.close()
            message = f"RequestId: {context.aws_request_id} Error: Runtime exited without providing a reason"
            return Outcome(error_payload("Runtime.ExitError", message, context.aws_request_id), "Unhandled", [message])
        with self.lock:
            self.idle.append(worker)
        return Outcome(str(answer["payload"]).encode(), answer.get("error"), list(answer.get("logs") or []))

    def close(self) -> None:
        with self.lock:
            workers, self.idle = self.idle, []
        for worker in workers:
            worker.close()
