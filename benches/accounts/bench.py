#!/usr/bin/env python3
"""Whole-process benchmark of `smslint check` over many account files.

    cargo build --release && python3 benches/accounts/bench.py [--files 10000] [--numbers 5] [--runs 5]
        [--binary PATH ...]

writes FILES account files of NUMBERS numbers each into a temporary directory (realistic
accounts: self-provisioned Twilio numbers across US and Canadian area codes, engagements,
one default; every 50th account has a mistake so findings are rendered too), then runs
`target/release/smslint check DIR` RUNS times and prints the median wall time, CPU time,
peak memory and the exit code. The issue's target: 10,000 files of 5 numbers within 2 s.

With several `--binary` (two builds to compare), the runs alternate between them over the
same files, and the script says whether their outputs are identical.
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
    parser.add_argument("--binary", action="append", type=Path,
                        help="a smslint binary (default target/release/smslint); repeat to compare")
    args = parser.parse_args()
    binaries = args.binary or [REPO / "target" / "release" / "smslint"]
    for binary in binaries:
        if not binary.is_file():
            sys.exit(f"{binary}: build first: cargo build --release")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(args.files):
            (root / f"account-{i:05d}.yaml").write_text(account(i, args.numbers, rng))
        walls = {b: [] for b in binaries}
        cpus = {b: [] for b in binaries}
        codes = {b: set() for b in binaries}
        outputs, peaks = {}, {}
        for _ in range(args.runs):
            for binary in binaries:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run([binary, "check", root], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                walls[binary].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus[binary].append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
                codes[binary].add(done.returncode)
                outputs[binary] = (done.stdout, done.stderr)
                peaks[binary] = max(peaks.get(binary, 0), after.ru_maxrss / 1024)
    for binary in binaries:
        summary = outputs[binary][0].decode().strip().splitlines()[-1:]
        print(f"{binary}: {args.files} files x {args.numbers} numbers, {args.runs} runs")
        w = walls[binary]
        print(f"  wall median {statistics.median(w):.3f} s (min {min(w):.3f}, max {max(w):.3f})")
        # ru_maxrss of children is the largest child so far, so with several binaries the
        # peak is an upper bound for the later ones.
        print(f"  cpu median {statistics.median(cpus[binary]):.3f} s, peak RSS <= {peaks[binary]:.0f} MB, "
              f"exit codes {sorted(codes[binary])}")
        print(f"  last line: {summary[0] if summary else ''}")
    if len(binaries) > 1:
        same = all(outputs[b] == outputs[binaries[0]] for b in binaries)
        print(f"outputs identical: {same}")


if __name__ == "__main__":
    main()
