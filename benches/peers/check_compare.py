#!/usr/bin/env python3
"""Whole-process speed of `smslint check --jsonl` (every message rule of the built-in pack)
against split-sms only counting segments, on the shared kit's 200,000-message corpus.

Usage (from the repository root):
    python3 benches/peers/check_compare.py [--runs 5] [--peer-runs 3] [--limit N]

Each corpus body is wrapped as an outbound marketing message (a sender, numbers, consent,
a first message of a program), so every message rule runs, and written to a temporary
JSONL file; smslint checks it, split-sms counts the plain bodies, both timed the same way
as `compare.py` does (wall time around the whole process, CPU and peak memory from
/usr/bin/time). The issue's target: smslint at least 10x faster than split-sms.
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def compare_module():
    spec = importlib.util.spec_from_file_location("compare", os.path.join(HERE, "compare.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def wrap(corpus, out_path, limit):
    recipients = ["+13055550123", "+14155550123", "+16475550123", "+12125550123", "+14105550123"]
    with open(corpus) as src, open(out_path, "w") as dst:
        for i, line in enumerate(src):
            if limit and i >= limit:
                break
            message = {
                "id": f"m-{i}",
                "direction": "outbound",
                "sender": "system",
                "provider": "twilio",
                "from": "+14155550100",
                "to": recipients[i % len(recipients)],
                "brand": "Acme",
                "body": json.loads(line),
                "send_at": "2026-11-23T17:30:00Z",
                "category": "marketing",
                "recipient": {"consent": "express_written", "messages_last_24h": i % 4},
                "conversation": {"consumer_initiated": False, "first_message": i % 10 == 0},
            }
            dst.write(json.dumps(message, ensure_ascii=False) + "\n")


def time_check(binary, path):
    with tempfile.TemporaryFile() as sink:
        t0 = time.perf_counter()
        p = subprocess.run(
            ["/usr/bin/time", "-f", "MAXRSS_KB=%M CPU_USER=%U CPU_SYS=%S", binary, "check", "--jsonl", path],
            stdout=sink, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        sink.seek(0)
        lines = sum(1 for _ in sink)
    if p.returncode not in (0, 1):
        raise RuntimeError(p.stderr[-2000:])
    stats = dict(kv.split("=") for kv in p.stderr.strip().splitlines()[-1].split())
    return {"messages": lines, "wall_s": wall,
            "cpu_s": float(stats["CPU_USER"]) + float(stats["CPU_SYS"]),
            "maxrss_kb": int(stats["MAXRSS_KB"])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-runs", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "smslint")
    compare = compare_module()
    d = compare.kit_dir()
    kit = compare.load_kit(d)
    corpus = os.path.join(d, "corpus", "corpus.jsonl")
    if a.limit:
        limited = os.path.join(tempfile.gettempdir(), f"smslint-corpus-{a.limit}.jsonl")
        with open(corpus) as src, open(limited, "w") as dst:
            for i, line in enumerate(src):
                if i >= a.limit:
                    break
                dst.write(line)
        corpus = limited
    wrapped = os.path.join(tempfile.gettempdir(), "smslint-check-messages.jsonl")
    wrap(corpus, wrapped, None)
    smslint = [time_check(binary, wrapped) for _ in range(a.runs)]
    print(f"smslint check: {[round(r['wall_s'], 3) for r in smslint]} s", file=sys.stderr)
    peer = [kit.run_once(kit.PEERS["split-sms"], corpus, None) for _ in range(a.peer_runs)]
    print(f"split-sms: {[round(r['wall_s'], 3) for r in peer]} s", file=sys.stderr)
    base = statistics.median(r["wall_s"] for r in smslint)
    print(f"Corpus: {smslint[0]['messages']:,} messages, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}.")
    print("")
    print("| program | runs | wall (median) | CPU | peak RSS | messages/s | smslint is faster by |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, runs in [("smslint check --jsonl (all message rules)", smslint), ("split-sms 0.1.7 (segments only)", peer)]:
        wall = statistics.median(r["wall_s"] for r in runs)
        cpu = statistics.median(r["cpu_s"] for r in runs)
        rss = max(r["maxrss_kb"] for r in runs)
        msgs = runs[0]["messages"]
        ratio = "—" if runs is smslint else f"{wall / base:,.1f}×"
        print(f"| {name} | {len(runs)} | {wall:.3f} s | {cpu:.2f} s | {rss / 1024:.0f} MB | {msgs / wall:,.0f} | {ratio} |")
    os.unlink(wrapped)


if __name__ == "__main__":
    main()
