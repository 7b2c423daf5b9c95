#!/usr/bin/env bash
# Builds the npm package's three WebAssembly modules into pkg/:
#   pkg/node      the rule engine and segments, for Node.js (CommonJS, loads synchronously)
#   pkg/web       the same, as an ES module for browsers and Deno (`init()` fetches the .wasm)
#   pkg/segments  segments() alone (no rule engine), as an ES module, for compose boxes
# Needs wasm-bindgen-cli of the version pinned in Cargo.toml (WASM_BINDGEN, default
# ../../target/tools/bin/wasm-bindgen, where .ci/run installs it) and `npm ci` (wasm-opt
# from the binaryen package).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
WASM_BINDGEN="${WASM_BINDGEN:-$ROOT/target/tools/bin/wasm-bindgen}"
WASM_OPT="node_modules/.bin/wasm-opt"
OUT="$ROOT/target/wasm32-unknown-unknown/release/smslint_wasm.wasm"

build() { # features target out-dir wasm-opt-level
  cargo build --locked --release --target wasm32-unknown-unknown -p smslint-wasm $1
  rm -rf "$3"
  "$WASM_BINDGEN" --target "$2" --out-dir "$3" "$OUT"
  "$WASM_OPT" "$4" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-simd -o "$3/smslint_wasm_bg.wasm" "$3/smslint_wasm_bg.wasm"
}

build "" nodejs pkg/node -O3
# Node reads pkg/node as CommonJS although the package is an ES module package; the glue's
# JavaScript snippets are ES modules, which Node 20.19 and later require() as they are.
echo '{"type": "commonjs"}' > pkg/node/package.json
echo '{"type": "module"}' > pkg/node/snippets/package.json
build "" web pkg/web -O3
build "--no-default-features" web pkg/segments -Oz
ls -l pkg/*/smslint_wasm_bg.wasm
