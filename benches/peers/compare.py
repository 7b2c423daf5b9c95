#!/usr/bin/env python3
"""Whole-process speed of `smslint segments --jsonl FILE --counts-only` against the peer SMS
segment counters of the shared benchmark kit (../shared/bench), in one run on one machine.

Usage (from the repository root):
    python3 benches/peers/compare.py                      # smslint, split-sms, twilio
    python3 benches/peers/compare.py --only split-sms,smsutil,sms-counter,sms-length,twilio
    python3 benches/peers/compare.py --limit 20000 --out /tmp/compare.md

The kit is installed with ../shared/bench/setup.sh when SMSLINT_BENCH_DIR (default
~/.cache/smslint-bench) does not hold it yet. Every program is timed the same way: wall
time around the whole process (start-up, reading, JSON decoding, counting, output) with
time.perf_counter, CPU time and peak memory from /usr/bin/time. smslint's stdout goes to a
file, whose segment total is summed after the clock stops. Peers print their own totals.
Ratios are medians measured in the same run; absolute times on a shared machine are noise.
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def kit_dir():
    d = os.environ.get("SMSLINT_BENCH_DIR", os.path.expanduser("~/.cache/smslint-bench"))
    if not os.path.exists(os.path.join(d, "corpus", "corpus.jsonl")):
        setup = os.path.join(ROOT, "..", "shared", "bench", "setup.sh")
        d = subprocess.run([setup], check=True, capture_output=True, text=True).stdout.strip()
    return d


def load_kit(d):
    spec = importlib.util.spec_from_file_location("peer_bench", os.path.join(d, "bench.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def time_smslint(binary, corpus):
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as out:
        path = out.name
    argv = [binary, "segments", "--jsonl", corpus, "--counts-only"]
    with open(path, "wb") as sink:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "MAXRSS_KB=%M CPU_USER=%U CPU_SYS=%S"] + argv,
                           stdout=sink, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    messages = segments = 0
    with open(path) as f:
        for line in f:
            segments += json.loads(line)["segments"]
            messages += 1
    os.unlink(path)
    stats = dict(kv.split("=") for kv in p.stderr.strip().splitlines()[-1].split())
    return {"messages": messages, "segments": segments, "wall_s": wall,
            "cpu_s": float(stats["CPU_USER"]) + float(stats["CPU_SYS"]),
            "maxrss_kb": int(stats["MAXRSS_KB"])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smslint", default=None, help="binary (default: cargo build --release)")
    ap.add_argument("--only", default="split-sms,twilio")
    ap.add_argument("--runs", type=int, default=5, help="runs of smslint")
    ap.add_argument("--peer-runs", type=int, default=3, help="runs of each fast peer")
    ap.add_argument("--slow-runs", type=int, default=1, help="runs of twilio and sms-toolkit")
    ap.add_argument("--limit", type=int, default=None, help="only the first N messages")
    ap.add_argument("--out", default=None, help="also write the Markdown table here")
    a = ap.parse_args()

    binary = a.smslint
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "smslint")
    d = kit_dir()
    kit = load_kit(d)
    corpus = os.path.join(d, "corpus", "corpus.jsonl")
    if a.limit:
        limited = os.path.join(tempfile.gettempdir(), f"smslint-corpus-{a.limit}.jsonl")
        with open(corpus) as src, open(limited, "w") as dst:
            for i, line in enumerate(src):
                if i >= a.limit:
                    break
                dst.write(line)
        corpus = limited

    rows = {}
    runs = [time_smslint(binary, corpus) for _ in range(a.runs)]
    rows["smslint"] = runs
    print(f"smslint: {[round(r['wall_s'], 3) for r in runs]} s", file=sys.stderr)
    for name in a.only.split(","):
        n = a.slow_runs if name in ("twilio", "twilio-smart", "sms-toolkit") else a.peer_runs
        runs = [kit.run_once(kit.PEERS[name], corpus, None) for _ in range(n)]
        rows[name] = runs
        print(f"{name}: {[round(r['wall_s'], 3) for r in runs]} s", file=sys.stderr)

    base = statistics.median(r["wall_s"] for r in rows["smslint"])
    lines = [
        f"Corpus: {rows['smslint'][0]['messages']:,} messages ({os.path.getsize(corpus) / 1e6:.1f} MB), "
        f"machine: {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}. Median whole-process wall time.",
        "",
        "| program | runs | segments | wall (median) | CPU | peak RSS | messages/s | smslint is faster by |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, runs in rows.items():
        wall = statistics.median(r["wall_s"] for r in runs)
        cpu = statistics.median(r["cpu_s"] for r in runs)
        rss = max(r["maxrss_kb"] for r in runs)
        msgs = runs[0]["messages"]
        ratio = "—" if name == "smslint" else f"{wall / base:,.0f}×"
        lines.append(f"| {name} | {len(runs)} | {runs[0]['segments']:,} | {wall:.3f} s | {cpu:.2f} s | "
                     f"{rss / 1024:.0f} MB | {msgs / wall:,.0f} | {ratio} |")
    table = "\n".join(lines)
    print(table)
    if a.out:
        with open(a.out, "w") as f:
            f.write(table + "\n")


if __name__ == "__main__":
    main()
