#!/usr/bin/env python3
"""`Engine.check_message` from Python on the four messages of the Rust benchmarks
(`benches/common/messages.rs`), and `segments()` on a corpus, per call, best of 5 rounds.

    python3 bindings/python/bench/bench_check.py [--corpus FILE.jsonl]

Compare with `cargo bench --bench rules -- check_message` run on the same machine: the
issue's target is the Python call within 0.6 µs of the Rust call. With `--corpus` (JSON
lines with a `body`, such as the peer kit's), `segments()` is timed over every body, and
against `smsutil` when it is installed.
"""

import argparse
import json
import time

import smslint

BASE = {"direction": "outbound", "sender": "agent", "provider": "twilio",
        "from": "+14155550100", "to": "+13055550123"}
MESSAGES = {
    "agent-reply": {**BASE, "body": "Thanks for waiting! I checked and your refund went out today.",
                    "category": "conversational",
                    "conversation": {"consumer_initiated": True, "first_message": False}},
    "marketing": {**BASE, "sender": "system", "brand": "Acme",
                  "body": "Acme: 20% off all week at acme.example/sale. Reply STOP to opt out.",
                  "send_at": "2025-11-24T16:00:00Z", "category": "marketing",
                  "recipient": {"consent": "express_written", "messages_last_24h": 1},
                  "conversation": {"consumer_initiated": False, "first_message": False}},
    "long-agent-reply": {**BASE, "body": "Thanks for your patience while we look into your order. " * 12},
    "inbound": {**BASE, "direction": "inbound", "sender": "consumer", "from": "+13055550123",
                "to": "+14155550100", "body": "Is my order on its way? It was due yesterday"},
}


def per_call(fn, n: int) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus")
    parser.add_argument("--peer-site", help="a site-packages folder holding smsutil (the peer kit's venv)")
    args = parser.parse_args()
    engine = smslint.Engine()
    print(f"{'message':<18} {'µs per check_message':>22}")
    for name, m in MESSAGES.items():
        engine.check_message(m)
        print(f"{name:<18} {per_call(lambda m=m: engine.check_message(m), 50_000):>22.3f}")
    if args.corpus:
        rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
        bodies = [r if isinstance(r, str) else r["body"] for r in rows]
        start = time.perf_counter()
        for b in bodies:
            smslint.segments(b)
        ours = time.perf_counter() - start
        print(f"segments(): {len(bodies)} bodies in {ours:.3f} s ({len(bodies) / ours:,.0f}/s)")
        start = time.perf_counter()
        for b in bodies:
            smslint.count(b)
        counted = time.perf_counter() - start
        print(f"count(): {len(bodies)} bodies in {counted:.3f} s ({len(bodies) / counted:,.0f}/s)")
        if args.peer_site:
            import sys

            sys.path.append(args.peer_site)
        try:
            import smsutil  # type: ignore[import-not-found]
        except ImportError:
            return
        start = time.perf_counter()
        for b in bodies:
            try:
                smsutil.split(b)
            except Exception:  # smsutil refuses some bodies; the time still counts
                pass
        theirs = time.perf_counter() - start
        print(f"smsutil.split(): {theirs:.3f} s; segments() is {theirs / ours:.1f}x faster, count() {theirs / counted:.1f}x")


if __name__ == "__main__":
    main()
