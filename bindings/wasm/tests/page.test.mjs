// The compose box in a real browser: Debian's Chromium, driven by playwright-core over a
// static server on loopback. It types bodies, compares the numbers the page shows with the
// `smslint` command's JSON, checks the findings of the send the form describes, that every
// control has a label, and saves a screenshot (target/compose-box.png).
//
// Skipped when /usr/bin/chromium is missing, unless SMSLINT_REQUIRE_BROWSER is set (as
// .ci/run sets it, after installing the package).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { tmpdir } from "node:os";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const HERE = new URL("..", import.meta.url).pathname;
const ROOT = new URL("../../../", import.meta.url).pathname;
const BIN = process.env.SMSLINT_BIN ?? join(ROOT, "target/debug/smslint");
const required = Boolean(process.env.SMSLINT_REQUIRE_BROWSER);
const skip = !existsSync(CHROMIUM) && !required && `no Chromium at ${CHROMIUM}`;

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

function serve() {
  const server = createServer((req, res) => {
    const path = normalize(join(HERE, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!path.startsWith(HERE) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    res.end(readFileSync(path));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("the compose box counts, checks and explains in a browser", { skip }, async () => {
  const { chromium } = await import("playwright-core");
  const server = await serve();
  // A fresh, empty profile (Playwright's own launch makes one in a temporary folder too).
  const profile = mkdtempSync(join(tmpdir(), "smslint-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const page = context.pages()[0] ?? await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/www/index.html`);
    await page.waitForSelector("body[data-ready=true]");

    // The default send: marketing at 21:30 in Miami.
    const rules = await page.$$eval("#findings .rule", (nodes) => nodes.map((n) => n.textContent));
    assert.ok(rules.includes("error[us.quiet-hours]"), rules.join(", "));
    assert.match(await page.textContent("#findings"), /Source: 47 CFR 64\.1200/);

    const bodies = ["Hello there", "It’s “done” — now…", "€".repeat(90), "Sipariş 🇹🇷 ".repeat(30), "x".repeat(1600)];
    for (const body of bodies) {
      await page.fill("#body", body);
      const shown = await page.evaluate(() => ["encoding", "segments", "units", "characters"]
        .map((id) => document.getElementById(id).textContent));
      if (existsSync(BIN)) {
        const cli = JSON.parse(execFileSync(BIN, ["segments", "--format", "json", body], { encoding: "utf8" }));
        assert.deepEqual(shown, [cli.encoding, String(cli.segments), String(cli.units), String(cli.characters)], body);
      }
      const parts = await page.$$eval("#parts li", (n) => n.length);
      assert.equal(String(parts), shown[1]);
    }
    await page.fill("#body", "It’s done, Şükrü");
    assert.equal(await page.isVisible("#ucs2"), true);
    assert.match(await page.textContent("#ucs2-rows"), /U\+2019/);

    // A daytime informational send passes.
    await page.fill("#body", "Acme: your order has shipped. Reply STOP to opt out.");
    await page.selectOption("#category", "informational");
    await page.fill("#send-at", "2026-11-23T10:30:00-05:00");
    await page.dispatchEvent("#send", "input");
    assert.match(await page.textContent("#verdict"), /No findings/);
    // A number that cannot be read fails, with the number meant.
    await page.fill("#to", "3055550123");
    await page.dispatchEvent("#send", "input");
    assert.match(await page.textContent("#findings"), /write it as \+13055550123/);
    // A message that cannot be read says why.
    await page.fill("#send-at", "tonight");
    await page.dispatchEvent("#send", "input");
    assert.match(await page.textContent("#verdict"), /cannot be checked/);

    // Every control has a label a screen reader reads.
    const unlabelled = await page.$$eval("input, select, textarea",
      (nodes) => nodes.filter((n) => !(n.labels && n.labels.length && n.labels[0].textContent.trim())).map((n) => n.id));
    assert.deepEqual(unlabelled, []);
    assert.deepEqual(errors, []);

    mkdirSync(join(ROOT, "target"), { recursive: true });
    await page.fill("#send-at", "2026-11-23T21:30:00-05:00");
    await page.fill("#to", "+13055550123");
    await page.selectOption("#category", "marketing");
    await page.fill("#body", "Acme: 30% off everything today — don’t miss it! Reply STOP to opt out.");
    await page.screenshot({ path: join(ROOT, "target/compose-box.png"), fullPage: true });
  } finally {
    await context?.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
