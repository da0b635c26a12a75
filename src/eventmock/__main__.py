"""``python -m eventmock serve [--host 127.0.0.1] [--port 4566] [--allow-host NAME] [--verbose]``
(also ``eventmock serve``)."""

from __future__ import annotations

import argparse
import errno
import signal
import sys
from types import FrameType

from eventmock.server import DEFAULT_HOST, DEFAULT_PORT, EventmockServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eventmock", description="eventmock: AWS's event-streaming APIs, emulated.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve every emulated service over HTTP, for any AWS client")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}, loopback only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host header names NAME (repeatable; *.example.com for a domain, * for any), "
        "for clients that reach the server by a name, as in a container network",
    )
    serve.add_argument("--verbose", action="store_true", help="print one line per request on stderr")
    args = parser.parse_args(argv)
    try:
        server = EventmockServer(args.host, args.port, verbose=args.verbose, allow_hosts=args.allow_host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"eventmock: port {args.port} on {args.host} is already in use (another eventmock, or LocalStack?); "
                  f"choose another with --port, or --port 0 for a free one", file=sys.stderr)
        else:
            print(f"eventmock: cannot listen on {args.host} port {args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"eventmock serving on {server.endpoint_url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    print("eventmock stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
