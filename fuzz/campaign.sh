#!/usr/bin/env bash
# Runs one fuzz target with its dictionary and its input size at the limit it tests, for
# SECONDS (default 600), and prints libFuzzer's final statistics.
#
#     fuzz/campaign.sh TARGET [SECONDS]
#
# cargo-fuzz needs a nightly compiler; on a stable toolchain RUSTC_BOOTSTRAP=1 lets it use
# the sanitizer flags. Inputs grow to the limit at once (-len_control=0), which is what
# reached the prefix-operator overflow that short inputs never did.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-600}
case "$target" in
  condition) dict=dicts/condition.dict; max_len=4200 ;;       # MAX_CONDITION_BYTES 4,096
  rule_file) dict=dicts/yaml.dict;      max_len=1048700 ;;    # MAX_RULE_FILE_BYTES 1 MiB
  document)  dict=dicts/yaml.dict;      max_len=1048700 ;;    # well into the 16 MiB file bound
  jsonl)     dict=dicts/json.dict;      max_len=1048700 ;;    # MAX_LINE_BYTES 1 MiB
  segments)  dict=;                     max_len=70000 ;;      # MAX_BODY_BYTES 64 KiB
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
mkdir -p "corpus/$target"
args=(-max_total_time="$seconds" -len_control=0 -max_len="$max_len" -print_final_stats=1)
if [ -n "$dict" ]; then args+=(-dict="$dict"); fi
RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- "${args[@]}"
