"""Command line: ``genesys-emulator --port 0 --seed demo [--state FILE] ...``.

Prints exactly one line once listening:
``genesys-emulator: serving http://127.0.0.1:<port>``; SIGTERM/SIGINT stop it.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import List, Optional

from . import event_delivery
from .faults import FaultConfigError, normalize, parse_consistency
from .seeds import SeedError, parse_spec
from .server import Emulator, EmulatorConfig


def _client(text: str) -> tuple:
    client_id, sep, secret = text.partition(":")
    if not sep or not client_id or not secret:
        raise argparse.ArgumentTypeError("expected ID:SECRET, got %r" % text)
    return client_id, secret


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="genesys-emulator",
        description="Local emulator of the Genesys Cloud Platform API v2 (routing).")
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=_non_negative, default=0,
                        help="port; 0 picks a free one (default 0)")
    parser.add_argument("--seed", default="demo",
                        help="empty | demo | demo-prod | large:N (default demo)")
    parser.add_argument("--id-salt", default="",
                        help="salt for seeded ids: same names, different ids (e.g. prod)")
    parser.add_argument("--state", metavar="FILE",
                        help="persist the org to FILE (loaded at start if it exists)")
    parser.add_argument("--rate-limit", type=_positive, metavar="N",
                        help="allow N API calls per token per window (default: no limit)")
    parser.add_argument("--rate-window", type=_positive, default=60, metavar="SECONDS",
                        help="rate-limit window in seconds (default 60)")
    parser.add_argument("--org-rate-limit", type=_positive, metavar="N",
                        help="allow N API calls per window over all tokens together (default: no limit)")
    parser.add_argument("--faults", metavar="JSON", help="fault-injection config (JSON object)")
    parser.add_argument("--consistency", metavar="MODE", default=None,
                        help='"strong" (default) or "eventual[:seconds]": reproduce the platform\'s '
                             'asynchronous member changes and cached reads (default lag 5 s)')
    parser.add_argument("--latency-ms", type=_non_negative, default=0, metavar="N",
                        help="extra latency on every API call")
    parser.add_argument("--client", type=_client, action="append", default=[],
                        metavar="ID:SECRET", help="extra OAuth client (repeatable)")
    parser.add_argument("--deliver-url", metavar="URL",
                        help="emulator-only: POST the EventBridge envelopes of audit events matched by enabled "
                             "EventBridge integrations to URL (stands in for an AWS API destination)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        parse_spec(args.seed)
        faults = normalize(json.loads(args.faults)) if args.faults else None
        parse_consistency(args.consistency)
    except (SeedError, FaultConfigError, ValueError) as exc:
        print("genesys-emulator: error: %s" % exc, file=sys.stderr)
        return 2
    clients = {"emulator-client": "emulator-secret"}
    clients.update(dict(args.client))
    config = EmulatorConfig(host=args.host, port=args.port, seed=args.seed,
                            id_salt=args.id_salt, state_file=args.state,
                            rate_limit=args.rate_limit, rate_window=args.rate_window,
                            org_rate_limit=args.org_rate_limit,
                            faults=faults, consistency=args.consistency,
                            latency_ms=args.latency_ms, clients=clients,
                            verbose=args.verbose)
    emulator = Emulator(config)
    if args.deliver_url:
        event_delivery.configure_delivery(emulator.store, args.deliver_url)
    port = emulator.bind()
    stop = threading.Event()

    def on_signal(signum, frame):  # noqa: ARG001 - signal handler signature
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    emulator.start()
    print("genesys-emulator: serving http://%s:%d" % (args.host, port), flush=True)
    while not stop.wait(0.5):
        pass
    emulator.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
