// The npm package as a Node.js backend uses it: the engine and segments from pkg/node,
// every error path, and agreement with the `smslint` command (SMSLINT_BIN, default the
// workspace's target/debug/smslint) on the repository's fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const require = createRequire(import.meta.url);
const smslint = require("../pkg/node/smslint_wasm.js");
const ROOT = new URL("../../../", import.meta.url).pathname;
const BIN = process.env.SMSLINT_BIN ?? join(ROOT, "target/debug/smslint");

const message = (fields = {}) => ({
  direction: "outbound", sender: "agent", provider: "twilio",
  from: "+14155550100", to: "+13055550123", brand: "Acme", body: "Your order has shipped.",
  send_at: "2026-11-23T15:30:00Z", ...fields,
});

const engine = new smslint.Engine();

test("the built-in pack loads and narrows by select and ignore", () => {
  assert.ok(engine.rules.includes("us.quiet-hours"));
  const us = new smslint.Engine({ select: ["us."] });
  assert.ok(us.rules.length > 0 && us.rules.every((r) => r.startsWith("us.")));
  assert.ok(!new smslint.Engine({ ignore: ["us.quiet-hours"] }).rules.includes("us.quiet-hours"));
  assert.throws(() => new smslint.Engine({ select: ["provisoning.area-code"] }),
    (e) => e.name === "InputError" && /did you mean `provisioning.area-code`/.test(e.message));
  assert.throws(() => new smslint.Engine({ selct: ["us."] }), (e) => e.name === "InputError" && /selct/.test(e.message));
});

test("a clean message is clean", () => {
  const report = engine.checkMessage(message());
  assert.deepEqual(report, { findings: [], failures: [], hasErrors: false, isClean: true });
});

test("findings carry rule, severity, message and help; a Date is read as its instant", () => {
  const night = new Date("2026-11-24T02:30:00Z"); // 21:30 in Miami
  const report = engine.checkMessage(message({
    sender: "system", category: "marketing", send_at: night,
    body: "Acme: 30% off today! Reply STOP to opt out.", recipient: { consent: "express_written" },
  }));
  assert.equal(report.hasErrors, true);
  assert.deepEqual(report.findings.map((f) => f.rule), ["us.quiet-hours", "us.state-quiet-hours"]);
  const [quiet] = report.findings;
  assert.equal(quiet.severity, "error");
  assert.match(quiet.message, /21:30 EST \(America\/New_York\)/);
  assert.match(quiet.help, /08:00/);
  assert.equal(quiet.span, null);
  assert.throws(() => engine.checkMessage(message({ send_at: new Date("nope") })), /invalid Date/);
});

test("the recipient's times take Dates, and an invalid one names its field", () => {
  const recipient = { consent: "express_written", opt_out_requested_at: new Date("2026-11-23T10:00:00Z") };
  const late = engine.checkMessage(message({
    sender: "system", category: "marketing", body: "Acme: sale! Reply STOP to opt out.",
    send_at: "2026-12-09T15:00:00Z", recipient,
  }));
  assert.deepEqual(late.findings.map((f) => f.rule), ["consent.opt-out-deadline"]);
  assert.ok(recipient.opt_out_requested_at instanceof Date, "the caller's object is left as it was");
  const pending = engine.checkMessage(message({ send_at: "2026-11-24T15:00:00Z", recipient }));
  assert.deepEqual(pending.findings.map((f) => f.rule), ["consent.opt-out-pending"]);
  assert.throws(() => engine.checkMessage(message({ recipient: { consent_at: new Date("nope") } })),
    /recipient\.consent_at` is an invalid Date/);
});

test("unknown keys, wrong types and bad values are errors that name the field", () => {
  const refused = (m, pattern) => assert.throws(() => engine.checkMessage(m), (e) => {
    assert.equal(e.name, "InputError");
    assert.ok(Array.isArray(e.problems) && e.problems.length > 0);
    assert.match(e.message, pattern);
    return true;
  });
  refused(message({ colour: "red" }), /unknown field `colour`/);
  refused(message({ bdy: "x" }), /did you mean `body`/);
  refused(message({ direction: "sideways" }), /`message.direction` cannot be `sideways`/);
  refused(message({ body: 5 }), /message.body/);
  refused(message({ recipient: { state: "Florida" } }), /write `FL` \(Florida\)/);
  refused(message({ send_at: "2026-11-23 10:30" }), /zone/);
  refused(message({ kind: "account" }), /kind/);
  refused("a string", /message/);
  assert.equal(engine.checkMessage(message({ recipient: { state: "fl" } })).isClean, true);
});

test("a message that cannot be placed fails closed", () => {
  const report = engine.checkMessage(message({ to: "3055550123" }));
  assert.deepEqual(report.findings.map((f) => f.rule), ["message.invalid-number"]);
  assert.match(report.findings[0].message, /write it as \+13055550123/);
});

test("documents are checked with lines and columns; broken ones are failures", () => {
  const text = readFileSync(join(ROOT, "fixtures/accounts/invalid/self-provisioned-problems.yaml"), "utf8");
  const [report] = engine.checkDocument(text, "problems.yaml");
  const provider = report.findings.find((f) => f.rule === "provisioning.provider");
  assert.deepEqual([provider.line, provider.column], [8, 15]);
  assert.equal(Buffer.from(text).subarray(...provider.span).toString(), "openmarket");
  const two = engine.checkDocument("kind: account\nid: a\nnumbers: []\n---\nkind: account\nid: 5\n");
  assert.equal(two[0].isClean, true);
  assert.equal(two[1].hasErrors, true);
  assert.match(two[1].failures[0].message, /must be a string/);
  assert.throws(() => engine.checkDocument("kind: account\nid: [a\n"), (e) => e.name === "InputError");
});

test("versionInfo names the built-in pack and the tzdb", () => {
  const [version, digest, tzdb] = smslint.versionInfo();
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.match(digest, /^[0-9a-f]{64}$/);
  assert.match(tzdb, /^\d{4}[a-z]$/);
});

const cli = existsSync(BIN);

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ya?ml|json)$/.test(name)) yield path;
  }
}

test("documents agree with the CLI", { skip: !cli && `no smslint binary at ${BIN}` }, () => {
  for (const folder of ["accounts/valid", "accounts/invalid", "messages/send-path", "repo/sms"]) {
    for (const path of files(join(ROOT, "fixtures", folder))) {
      const done = spawnSync(BIN, ["check", "--no-config", "--format", "json", relative(ROOT, path)], { cwd: ROOT, encoding: "utf8" });
      const reports = engine.checkDocument(readFileSync(path, "utf8"), path);
      if (done.status === 2) {
        assert.ok(reports.some((r) => r.failures.length > 0), path);
        continue;
      }
      const key = (f) => `${f.rule}@${f.line}:${f.column} ${f.message}`;
      const byCli = JSON.parse(done.stdout).findings.map(key).sort();
      const byJs = reports.flatMap((r) => r.findings).map(key).sort();
      assert.deepEqual(byJs, byCli, path);
    }
  }
});

test("segments agree with the CLI, field by field, on generated bodies", { skip: !cli && `no smslint binary at ${BIN}` }, () => {
  // Fixed bodies at known edges, then bodies drawn from pieces that exercise every part of
  // the result: extension characters, CR LF, accents (precomposed and combining), emoji
  // with skin tones and ZWJ, flags, CJK, astral characters, look-alikes (some replaced by
  // nothing), and lengths across segment boundaries.
  const bodies = ["", "Hello", "It’s done", "x".repeat(161), "€".repeat(80), "🇫🇷👍🏽 ok", "Merhaba şç", "a\r\nb\fc"];
  const pieces = ["Hello ", "{x}", "\r\n", "é", "e\u0301", "’", "“ok”", "—", "…", "\u00ad", "\u200b", "😀", "👍🏽",
    "👩‍👩‍👧", "🇺🇸", "中文", "𝐀", "ç", "ß", "\u00a0", "\t", "[]", "abc ".repeat(20)];
  let seed = 20261207;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 300; i++) {
    let body = "";
    const n = next() % 60;
    for (let k = 0; k < n; k++) body += pieces[next() % pieces.length];
    bodies.push(body);
  }
  const input = bodies.map((b) => JSON.stringify(b)).join("\n") + "\n";
  const lines = execFileSync(BIN, ["segments", "--jsonl", "-"], { input, encoding: "utf8", maxBuffer: 1 << 26 })
    .split("\n").filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(lines.length, bodies.length);
  bodies.forEach((body, i) => {
    const out = lines[i], js = smslint.segments(body), utf8 = Buffer.from(body, "utf8");
    assert.deepEqual(
      [js.encoding, js.segments, js.units, js.characters, js.graphemes, js.utf16Units, js.septets],
      [out.encoding, out.segments, out.units, out.characters, out.graphemes, out.utf16_units, out.septets], body);
    assert.deepEqual(js.parts.map(({ start, end, units, capacity }) => ({ start, end, units, capacity })), out.parts, body);
    for (const p of js.parts) assert.equal(p.text, utf8.subarray(p.start, p.end).toString("utf8"), body);
    assert.deepEqual(js.nonGsm, out.non_gsm.map(({ char, offset, index, replacement }) => ({ char, offset, index, replacement })), body);
    const { encoding, segments, units } = out.after_replacement;
    assert.deepEqual(js.afterReplacement, { encoding, segments, units }, body);
    assert.deepEqual(js.tables, null);
  });
});

test("messages agree with check --jsonl, the fast reading and the general one alike", { skip: !cli && `no smslint binary at ${BIN}` }, () => {
  const night = "2026-11-23T21:30:00-05:00";
  const messages = [
    message(),
    message({ kind: "message", id: "m-1", brand: "Acme" }),
    message({ to: "3055550123" }),
    message({ sender: "system", category: "marketing", send_at: night, body: "Acme: sale! Reply STOP to opt out.",
      recipient: { consent: "express_written", state: "fl", time_zone: "America/Chicago", opted_out: false,
        age_verified: true, messages_last_24h: 3 },
      conversation: { consumer_initiated: false, first_message: true } }),
    message({ direction: "inbound", sender: "consumer", from: "+13055550123", to: "+14155550100", body: "STOP" }),
    message({ body: "x".repeat(1700) }),
    message({ body: "It’s done 🎉", category: "informational", sender: "bot" }),
    message({ recipient: { messages_last_24h: 2.5 } }),
    message({ recipient: { opted_out: "yes" } }),
  ];
  const input = messages.map((m) => JSON.stringify(m)).join("\n") + "\n";
  const done = spawnSync(BIN, ["check", "--no-config", "--jsonl", "-"], { cwd: ROOT, input, encoding: "utf8" });
  const lines = done.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, messages.length);
  messages.forEach((m, i) => {
    if ("error" in lines[i]) {
      assert.throws(() => engine.checkMessage(m), (e) => e.name === "InputError", JSON.stringify(m));
      return;
    }
    const js = engine.checkMessage(m).findings.map((f) => [f.rule, f.message]);
    assert.deepEqual(js, lines[i].findings.map((f) => [f.rule, f.message]), JSON.stringify(m));
  });
});
