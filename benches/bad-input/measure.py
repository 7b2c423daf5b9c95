#!/usr/bin/env python3
"""Peak memory and wall time of `smslint check` on every case of the bad-input corpus.

Usage: cargo build --release && python3 benches/bad-input/measure.py

Runs target/release/smslint on each file of fixtures/bad/ (as tests/bad_input.rs does) and
on the cases too large to commit (a 100 MB JSONL line, a 100 MB YAML file, 100 JSONL lines
just over the line limit), made in a temporary directory. Prints
a Markdown table: exit code, wall time and peak resident memory of each run, worst last.
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "release", "smslint")
GOOD = ('{"id": "ID", "direction": "outbound", "sender": "agent", "provider": "twilio", '
        '"from": "+14155550100", "to": "+13055550123", "body": "Your order has shipped."}')


def measure(args):
    start = time.perf_counter()
    proc = subprocess.Popen([BIN] + args, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss / 1024


def padded(path, head, mib, tail):
    """Writes head, `mib` MiB of `x`, then tail, to path (a chunk at a time)."""
    chunk = b"x" * (1 << 20)
    with open(path, "wb") as f:
        f.write(head)
        for _ in range(mib):
            f.write(chunk)
        f.write(tail)
    return path


def huge_cases(tmp):
    before = GOOD.replace("ID", "before").encode() + b"\n"
    after = GOOD.replace("ID", "after").encode() + b"\n"
    line = padded(os.path.join(tmp, "huge-line.jsonl"),
                  before + b'{"id": "huge", "body": "', 100, b'"}\n' + after)
    yaml = padded(os.path.join(tmp, "huge-file.yaml"), b'kind: account\nid: "', 100, b'"\n')
    # One 15 MiB string: about the largest file smslint parses (the limit is 16 MiB).
    under = padded(os.path.join(tmp, "just-under-the-limit.yaml"), b'kind: account\nid: "', 15, b'"\n')
    many = os.path.join(tmp, "many-long-lines.jsonl")
    with open(many, "wb") as f:
        # 100 lines just over the line limit: every one cut and reported.
        for i in range(100):
            f.write(b'{"id": "l%d", "body": "' % i + b"y" * (1 << 20) + b'"}\n')
    return [("100 MB single JSONL line (generated)", ["check", "--no-config", "--jsonl", line]),
            ("100 MB YAML file (generated)", ["check", "--no-config", yaml]),
            ("15 MiB YAML string, just under the 16 MiB file limit (generated)", ["check", "--no-config", under]),
            ("100 JSONL lines over 1 MiB (generated)", ["check", "--no-config", "--jsonl", many])]


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    bad = os.path.join(ROOT, "fixtures", "bad")
    cases = []
    for name in sorted(os.listdir(bad)):
        if name.endswith((".expected", ".py")):
            continue
        path = os.path.join("fixtures", "bad", name)
        args = ["check", "--no-config", "--jsonl", path] if name.endswith(".jsonl") else ["check", "--no-config", path]
        cases.append((name, args))
    with tempfile.TemporaryDirectory() as tmp:
        cases += huge_cases(tmp)
        rows = []
        for name, args in cases:
            code, wall, rss = measure(args)
            rows.append((name, code, wall, rss))
    rows.sort(key=lambda r: (r[3], r[2]))
    print("| input | exit | wall time | peak RSS |")
    print("|---|---:|---:|---:|")
    for name, code, wall, rss in rows:
        print(f"| {name} | {code} | {wall * 1000:.0f} ms | {rss:.1f} MB |")


if __name__ == "__main__":
    main()
