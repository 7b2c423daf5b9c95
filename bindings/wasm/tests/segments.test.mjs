// segments(): the full build and the segments-only build (pkg/segments, an ES module for
// compose boxes) count alike, options are checked, and the small build has no engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const full = require("../pkg/node/smslint_wasm.js");
const small = await import("../pkg/segments/smslint_wasm.js");
small.initSync({ module: readFileSync(new URL("../pkg/segments/smslint_wasm_bg.wasm", import.meta.url)) });

test("GSM-7, UCS-2, parts and look-alikes", () => {
  const hello = full.segments("Hello");
  assert.deepEqual([hello.encoding, hello.segments, hello.units, hello.unit], ["GSM-7", 1, 5, "septets"]);
  assert.deepEqual(hello.capacity, [160, 153]);
  assert.deepEqual(hello.parts, [{ start: 0, end: 5, units: 5, capacity: 160, text: "Hello" }]);
  const curly = full.segments("It’s done");
  assert.equal(curly.encoding, "UCS-2");
  assert.deepEqual(curly.nonGsm, [{ char: "’", offset: 2, index: 2, replacement: "'" }]);
  assert.deepEqual(curly.afterReplacement, { encoding: "GSM-7", segments: 1, units: 9 });
  const smart = full.segments("It’s done", { smart: true });
  assert.deepEqual([smart.encoding, smart.text], ["GSM-7", "It's done"]);
});

test("national tables and split policies", () => {
  const turkish = "Merhaba, siparişiniz yola çıktı. ".repeat(3);
  assert.equal(full.segments(turkish).encoding, "UCS-2");
  for (const national of ["turkish", ["turkish"], "all"]) {
    const counted = full.segments(turkish, { national });
    assert.equal(counted.encoding, "GSM-7");
    assert.notEqual(counted.tables, null);
  }
  const flags = "🇫🇷".repeat(40);
  assert.ok(full.segments(flags, { split: "codepoint" }).segments >= full.segments(flags).segments);
});

test("options are checked: unknown keys and values are errors", () => {
  assert.throws(() => full.segments("x", { nationl: "turkish" }), (e) => e.name === "InputError" && /nationl/.test(e.message));
  assert.throws(() => full.segments("x", { split: "word" }), /`split` cannot be `word`/);
  assert.throws(() => full.segments("x", { national: "klingon" }), /no national language table `klingon`/);
  assert.equal(full.segments("x", undefined).segments, 1);
  assert.equal(full.segments("x", null).segments, 1);
});

test("the segments-only build counts as the full one and has no engine", () => {
  for (const body of ["Hello", "It’s done", "€".repeat(200), "🇫🇷👍🏽", "Merhaba şç"]) {
    assert.deepEqual(small.segments(body, { national: "all" }), full.segments(body, { national: "all" }));
  }
  assert.equal(small.Engine, undefined);
  assert.equal(typeof full.Engine, "function");
});

test("the segments-only module stays small for a compose box", () => {
  const wasm = readFileSync(new URL("../pkg/segments/smslint_wasm_bg.wasm", import.meta.url));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  // The budget: what a compose box can load with the page (measured 2026-12-07, see README).
  assert.ok(gzipped < 120 * 1024, `${wasm.length} bytes, ${gzipped} gzipped`);
  assert.ok(statSync(new URL("../pkg/node/smslint_wasm_bg.wasm", import.meta.url)).size > wasm.length);
});

test("count() gives the counts of segments() without the lists", () => {
  for (const body of ["Hello", "It’s done", "€".repeat(200), "🇫🇷👍🏽", "x".repeat(1600), ""]) {
    const c = full.count(body);
    const s = full.segments(body);
    assert.deepEqual(c, { encoding: s.encoding, segments: s.segments, units: s.units, characters: s.characters }, body);
  }
  assert.equal(small.count("Hello").segments, 1);
});

test("a body that is not a string is an InputError, not a count of its String()", () => {
  for (const module of [full, small]) {
    for (const call of [(b) => module.count(b), (b) => module.segments(b)]) {
      for (const body of [undefined, null, 42, ["Hi"], { body: "Hi" }, new String("Hi")]) {
        assert.throws(() => call(body), (e) => e.name === "InputError" && /takes the body as a string/.test(e.message), String(body));
      }
    }
  }
});

test("long bodies, lone surrogates and bodies after them are read whole", () => {
  // Each body is written into one buffer the module reuses and grows: a long one, then a
  // short one, must each be counted alone.
  const long = "é".repeat(70_000);
  assert.deepEqual(full.count(long), { encoding: "GSM-7", segments: 458, units: 70_000, characters: 70_000 });
  assert.deepEqual(full.count("Hi"), { encoding: "GSM-7", segments: 1, units: 2, characters: 2 });
  const big = full.segments("😀".repeat(40_000));
  assert.equal(big.parts.map((p) => p.text).join(""), "😀".repeat(40_000));
  // A lone surrogate cannot be sent as UTF-16 text either: it is read as U+FFFD, as
  // TextEncoder does.
  assert.deepEqual(full.count("a\ud800b"), full.count("a\ufffdb"));
});
