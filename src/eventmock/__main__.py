"""``python -m eventmock serve [--host 127.0.0.1] [--port 4566] [--allow-host NAME] [--verbose]``
(also ``eventmock serve``); ``eventmock coverage [-o FILE]`` (the coverage table,
:mod:`eventmock.coverage`); ``eventmock --version``.

Ctrl-C (SIGINT) and SIGTERM stop the server gracefully and exit with status 0, the
server's normal end, whatever stdout and stderr are: a line that cannot be written
(a pipe whose reader is gone, as when Ctrl-C also ends ``| tee``) is dropped, never
a traceback."""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
from types import FrameType
from typing import TextIO

from eventmock import __version__
from eventmock.server import DEFAULT_HOST, DEFAULT_PORT, EventmockServer


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 (a free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 65535, not {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 0 to 65535, not {port}")
    return port


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventmock", description="eventmock: AWS's event-driven services (EventBridge, SNS, SQS, Kinesis, Lambda, ...), emulated."
    )
    parser.add_argument("--version", action="version", version=f"eventmock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve every emulated service over HTTP, for any AWS client")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}, loopback only)")
    serve.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help=f"port to listen on, 0 to 65535 (default {DEFAULT_PORT}; 0 picks a free one)"
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host header names NAME (repeatable; *.example.com for a domain, * for any), "
        "for clients that reach the server by a name, as in a container network",
    )
    serve.add_argument("--verbose", action="store_true", help="print one line per request on stderr")
    coverage = commands.add_parser("coverage", help="print the per-service coverage table (markdown: docs/coverage.md)")
    coverage.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of printing it")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "coverage":
        return _coverage(args)
    try:
        return _serve(args)
    except KeyboardInterrupt:  # a second Ctrl-C while stopping, or one before serving began
        _say("eventmock stopped", sys.stderr)
        return 0


def _coverage(args: argparse.Namespace) -> int:
    from eventmock.coverage import markdown

    text = markdown()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _serve(args: argparse.Namespace) -> int:
    try:
        server = EventmockServer(args.host, args.port, verbose=args.verbose, allow_hosts=args.allow_host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _say(f"eventmock: port {args.port} on {args.host} is already in use (another eventmock, or LocalStack?); "
                 f"choose another with --port, or --port 0 for a free one", sys.stderr)
        else:
            _say(f"eventmock: cannot listen on {args.host} port {args.port}: {exc.strerror or exc}", sys.stderr)
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # Ctrl-C stops the server even where SIGINT was ignored when it started (a shell
    # script's background job, ``eventmock serve &``): Python then installs no handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _say(f"eventmock serving on {server.endpoint_url} (Ctrl-C to stop)", sys.stdout)
        server.serve_forever()
    except KeyboardInterrupt:
        server.stop()  # serve_forever stops on its way out; this covers an interrupt before it began
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _say("eventmock stopped", sys.stderr)
    return 0


def _say(line: str, stream: TextIO) -> None:
    """Write a line, or drop it when ``stream`` cannot be written to (a closed pipe).
    A stream that failed is pointed at the null device, so that the interpreter's
    flush at exit does not fail on it again."""
    try:
        print(line, file=stream, flush=True)
    except (OSError, ValueError):  # BrokenPipeError; a closed file
        _silence(stream)


def _silence(stream: TextIO) -> None:
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
