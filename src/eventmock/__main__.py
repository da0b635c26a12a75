"""``python -m eventmock serve [--host 127.0.0.1] [--port 4566]`` (also ``eventmock serve``)."""

from __future__ import annotations

import argparse
import sys

from eventmock.server import DEFAULT_HOST, DEFAULT_PORT, EventmockServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eventmock", description="eventmock: AWS's event-streaming APIs, emulated.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve every emulated service over HTTP, for any AWS client")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}, loopback only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    server = EventmockServer(args.host, args.port, quiet=not args.verbose)
    print(f"eventmock serving on {server.endpoint_url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
