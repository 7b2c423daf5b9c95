#!/usr/bin/env python3
"""Writes a fuzz corpus directory as fixtures/fuzz/TARGET.hex (one input per line, hex), the
form tests/fuzz_regressions.rs replays. Usage: tools/fuzz_corpus_to_hex.py TARGET DIR [DIR...]
(the corpus, minimised first with `cargo +nightly fuzz cmin TARGET DIR`, and any crash
inputs). Inputs over --max-bytes (default 4096) are left out, and at most --max-inputs are
kept (an even sample of the rest, in order of size), so the fixture stays small and
`cargo test` replays it in seconds."""
import argparse
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("target")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--max-bytes", type=int, default=4096)
    ap.add_argument("--max-inputs", type=int, default=None)
    args = ap.parse_args()
    inputs = set()
    for d in args.dirs:
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                data = f.read()
            if len(data) <= args.max_bytes:
                inputs.add(data)
    inputs = sorted(inputs, key=lambda d: (len(d), d))
    if args.max_inputs and len(inputs) > args.max_inputs:
        step = len(inputs) / args.max_inputs
        inputs = [inputs[int(i * step)] for i in range(args.max_inputs)]
    out = os.path.join(ROOT, "fixtures", "fuzz", f"{args.target}.hex")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(f"# {len(inputs)} inputs of the {args.target} fuzz target (tools/fuzz_corpus_to_hex.py)\n")
        for data in inputs:
            f.write(data.hex() + "\n")
    print(f"{out}: {len(inputs)} inputs")


if __name__ == "__main__":
    main()
