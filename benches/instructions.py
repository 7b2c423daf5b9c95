#!/usr/bin/env python3
"""Instructions per `check_message` under callgrind, for the four bench messages.

Runs `check_message_loop NAME N` under `valgrind --tool=callgrind` for two values of N and
divides the difference in instructions by the difference in N, so that start-up, loading
the rule pack and warming up drop out. Instruction counts do not move with the host's
load, so two builds can be compared on a busy machine.

    cargo bench --bench check_message_loop --no-run
    python3 benches/instructions.py [BINARY]

Without BINARY, the newest `target/release/deps/check_message_loop-*` is used.
"""

import glob
import os
import re
import subprocess
import sys
import tempfile

MESSAGES = ["agent-reply", "marketing", "long-agent-reply", "inbound"]
LOW, HIGH = 2_000, 12_000


def instructions(binary: str, name: str, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, name, str(n)],
            check=True,
            capture_output=True,
        )
        with open(out, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"summary: (\d+)", line)
                if m:
                    return int(m.group(1))
    raise RuntimeError("callgrind wrote no summary")


def main() -> None:
    if len(sys.argv) > 1:
        binary = sys.argv[1]
    else:
        found = [
            p
            for p in glob.glob("target/release/deps/check_message_loop-*")
            if os.access(p, os.X_OK) and not p.endswith(".d")
        ]
        if not found:
            sys.exit("build it first: cargo bench --bench check_message_loop --no-run")
        binary = max(found, key=os.path.getmtime)
    print(f"{'message':<18} {'instructions/check':>20}")
    for name in MESSAGES:
        per = (instructions(binary, name, HIGH) - instructions(binary, name, LOW)) / (HIGH - LOW)
        print(f"{name:<18} {per:>20,.0f}")


if __name__ == "__main__":
    main()
