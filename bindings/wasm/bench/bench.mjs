// Speed of the Node.js package, in one process: `checkMessage` on the four messages of the
// Rust benchmarks, and `segments()` over a corpus of bodies (one JSON string or object with a
// `body` per line) against split-sms when its folder is given.
//
//   node bench/bench.mjs [CORPUS.jsonl [PEER_NODE_MODULES]]
//
// `../shared/bench/setup.sh` writes the peer kit's corpus and installs split-sms 0.1.7.
// SMSLINT_PKG names another build's folder (default pkg/node), to compare two builds.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const smslint = require(join(process.env.SMSLINT_PKG ?? new URL("../pkg/node", import.meta.url).pathname, "smslint_wasm.js"));
const [corpus, peers] = process.argv.slice(2);

const base = { direction: "outbound", sender: "agent", provider: "twilio", from: "+14155550100", to: "+13055550123" };
const messages = {
  "agent-reply": { ...base, body: "Thanks for waiting! I checked and your refund went out today.", category: "conversational",
    conversation: { consumer_initiated: true, first_message: false } },
  marketing: { ...base, sender: "system", brand: "Acme", body: "Acme: 20% off all week at acme.example/sale. Reply STOP to opt out.",
    send_at: "2025-11-24T16:00:00Z", category: "marketing", recipient: { consent: "express_written", messages_last_24h: 1 },
    conversation: { consumer_initiated: false, first_message: false } },
  "long-agent-reply": { ...base, body: "Thanks for your patience while we look into your order. ".repeat(12) },
  inbound: { ...base, direction: "inbound", sender: "consumer", from: "+13055550123", to: "+14155550100",
    body: "Is my order on its way? It was due yesterday" },
};

const best = (fn, n) => {
  let min = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / n / 1000);
  }
  return min;
};

const engine = new smslint.Engine();
console.log("message            µs per checkMessage");
for (const [name, m] of Object.entries(messages)) {
  console.log(`${name.padEnd(18)} ${best(() => engine.checkMessage(m), 20000).toFixed(3).padStart(10)}`);
}

if (corpus) {
  const bodies = readFileSync(corpus, "utf8").split("\n").filter(Boolean).map((line) => {
    const v = JSON.parse(line);
    return typeof v === "string" ? v : v.body;
  });
  const time = (fn) => {
    const start = process.hrtime.bigint();
    let segments = 0;
    for (const b of bodies) segments += fn(b);
    return [Number(process.hrtime.bigint() - start) / 1e9, segments];
  };
  const [ours, oursSegments] = time((b) => smslint.segments(b).segments);
  console.log(`segments(): ${bodies.length} bodies in ${ours.toFixed(3)} s (${Math.round(bodies.length / ours)}/s), ${oursSegments} segments`);
  if (peers) {
    const split = require(join(peers, "split-sms"));
    const [theirs, theirSegments] = time((b) => split.split(b).parts.length);
    console.log(`split-sms 0.1.7: ${theirs.toFixed(3)} s, ${theirSegments} segments; smslint is ${(theirs / ours).toFixed(1)}x faster`);
  }
}

if (corpus) {
  const bodies = readFileSync(corpus, "utf8").split("\n").filter(Boolean).map((line) => {
    const v = JSON.parse(line);
    return typeof v === "string" ? v : v.body;
  });
  const start = process.hrtime.bigint();
  let total = 0;
  for (const b of bodies) {
    const c = smslint.count(b);
    total += c.segments;

  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`count(): ${bodies.length} bodies in ${seconds.toFixed(3)} s (${Math.round(bodies.length / seconds)}/s), ${total} segments`);
}
