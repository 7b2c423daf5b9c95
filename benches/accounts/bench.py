#!/usr/bin/env python3
"""Whole-process benchmark of `smslint check` over many account files.

    cargo build --release && python3 benches/accounts/bench.py [--files 10000] [--numbers 5] [--runs 5]

writes FILES account files of NUMBERS numbers each into a temporary directory (realistic
accounts: self-provisioned Twilio numbers across US and Canadian area codes, engagements,
one default; every 50th account has a mistake so findings are rendered too), then runs
`target/release/smslint check DIR` RUNS times and prints the median wall time, CPU time,
peak memory and the exit code. The issue's target: 10,000 files of 5 numbers within 2 s.
"""

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
AREA_CODES = ["415", "212", "305", "312", "617", "206", "512", "647", "604", "514", "787", "876"]


def account(i: int, numbers: int, rng: random.Random) -> str:
    lines = ["kind: account", f'id: "account-{i}"', 'brand: "Brand {i}"', "numbers:"]
    held = []
    for n in range(numbers):
        number = f"+1{rng.choice(AREA_CODES)}555{rng.randrange(10000):04d}"
        held.append(number)
        provider = "openmarket" if i % 50 == 0 and n == 0 else "twilio"
        lines += [
            f'  - number: "{number}"',
            "    source: self_provisioned",
            f"    provider: {provider}",
            f'    alias: "Line {n + 1}"',
            f'    forwarding: "+1415555{rng.randrange(10000):04d}"',
            f'    skill: "skill-{n}"',
            f"    default: {'true' if n == 0 else 'false'}",
            "    status: active",
            f"    active_conversations: {rng.randrange(5)}",
        ]
    lines += [
        "engagements:",
        f'  - id: "eng-{i}"',
        "    channel: twilio_sms",
        "    numbers: [" + ", ".join(f'"{n}"' for n in held[:2]) + "]",
        "    published: true",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--numbers", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    binary = REPO / "target" / "release" / "smslint"
    if not binary.is_file():
        sys.exit("build first: cargo build --release")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(args.files):
            (root / f"account-{i:05d}.yaml").write_text(account(i, args.numbers, rng))
        walls, cpus, codes = [], [], set()
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([binary, "check", root], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            codes.add(done.returncode)
            summary = done.stdout.decode().strip().splitlines()[-1:]
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"smslint check: {args.files} files x {args.numbers} numbers, {args.runs} runs")
    print(f"  wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f})")
    print(f"  cpu median {statistics.median(cpus):.3f} s, peak RSS {peak_mb:.0f} MB, exit codes {sorted(codes)}")
    print(f"  last line: {summary[0] if summary else ''}")


if __name__ == "__main__":
    main()
