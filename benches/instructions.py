#!/usr/bin/env python3
"""Instructions per `check_message` under callgrind, for the four bench messages.

Runs `check_message_loop NAME N` under `valgrind --tool=callgrind` for two values of N and
divides the difference in instructions by the difference in N, so that start-up, loading
the rule pack and warming up drop out. Instruction counts do not move with the host's
load, so two builds can be compared on a busy machine.

    cargo bench --bench check_message_loop --no-run
    python3 benches/instructions.py [BINARY]
    python3 benches/instructions.py [BINARY] --rules MESSAGE

Without BINARY, the newest `target/release/deps/check_message_loop-*` is used.

With `--rules MESSAGE`, what each message rule of the built-in pack costs on that message:
the check with that rule alone (`SMSLINT_SELECT`), the same less the check with no rule
(the engine's own share), and what the full pack saves without it (`SMSLINT_IGNORE`).
The last is what a rule adds to a full check; it is smaller than its cost alone when it
shares work with other rules (a parsed number, a local time, a search of the body) and can
come out slightly negative when leaving it out changes which rule pays for shared work.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys
import tempfile

MESSAGES = ["agent-reply", "marketing", "long-agent-reply", "inbound"]
LOW, HIGH = 2_000, 12_000


def instructions(binary: str, name: str, n: int, env: dict[str, str] | None = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, name, str(n)],
            check=True,
            capture_output=True,
            env={**os.environ, **(env or {})},
        )
        with open(out, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"summary: (\d+)", line)
                if m:
                    return int(m.group(1))
    raise RuntimeError("callgrind wrote no summary")


def per_check(binary: str, name: str, env: dict[str, str] | None = None) -> float:
    """Instructions per check of message `name`, start-up and warm-up left out."""
    high = instructions(binary, name, HIGH, env)
    return (high - instructions(binary, name, LOW, env)) / (HIGH - LOW)


def message_rules() -> list[str]:
    """The ids of the built-in pack's message rules, read from the rule files."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules")
    ids = []
    for path in sorted(glob.glob(os.path.join(root, "*", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        rule = re.search(r"^id: *(\S+)", text, re.MULTILINE)
        if rule and re.search(r"^applies_to: *message *$", text, re.MULTILINE):
            ids.append(rule.group(1))
    return ids


def rule_costs(binary: str, name: str) -> None:
    full = per_check(binary, name)
    # A selection no rule matches: the engine's own share of a check.
    empty = per_check(binary, name, {"SMSLINT_SELECT": "-"})
    print(f"{name}: {full:,.0f} instructions per check, {empty:,.0f} with no rule")
    print(f"{'rule':<40} {'alone':>8} {'less engine':>12} {'adds to full':>13}")
    rows = []
    for rule in message_rules():
        alone = per_check(binary, name, {"SMSLINT_SELECT": rule})
        without = per_check(binary, name, {"SMSLINT_IGNORE": rule})
        rows.append((alone, rule, full - without))
    for alone, rule, adds in sorted(rows, reverse=True):
        print(f"{rule:<40} {alone:>8,.0f} {alone - empty:>12,.0f} {adds:>13,.0f}")


def main() -> None:
    args = sys.argv[1:]
    per_rule = None
    if "--rules" in args:
        at = args.index("--rules")
        if at + 1 >= len(args):
            sys.exit("--rules needs a message name: " + ", ".join(MESSAGES))
        per_rule = args[at + 1]
        if per_rule not in MESSAGES:
            sys.exit(f"no message `{per_rule}`: " + ", ".join(MESSAGES))
        del args[at : at + 2]
    if args:
        binary = args[0]
    else:
        found = [
            p
            for p in glob.glob("target/release/deps/check_message_loop-*")
            if os.access(p, os.X_OK) and not p.endswith(".d")
        ]
        if not found:
            sys.exit("build it first: cargo bench --bench check_message_loop --no-run")
        binary = max(found, key=os.path.getmtime)
    if per_rule is not None:
        rule_costs(binary, per_rule)
        return
    print(f"{'message':<18} {'instructions/check':>20}")
    for name in MESSAGES:
        print(f"{name:<18} {per_check(binary, name):>20,.0f}")


if __name__ == "__main__":
    main()
