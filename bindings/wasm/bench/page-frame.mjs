import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, normalize, extname } from "node:path";
// The compose box in Debian's Chromium: milliseconds per update (an input event: segments,
// the marked parts, the UCS-2 table and the findings) on 1,600-character bodies.
//   node bench/page-frame.mjs
const HERE = new URL("..", import.meta.url).pathname;
const T = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
const server = createServer((req, res) => { const p = normalize(join(HERE, new URL(req.url, "http://x").pathname)); if (!existsSync(p)) { res.writeHead(404).end(); return; } res.writeHead(200, { "content-type": T[extname(p)] ?? "application/octet-stream" }); res.end(readFileSync(p)); });
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await b.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/www/index.html`);
await page.waitForSelector("body[data-ready=true]");
const ms = await page.evaluate(() => {
  const body = document.getElementById("body");
  const times = [];
  for (const text of ["a".repeat(1600), "é".repeat(1600), "It’s “done” ".repeat(130), "🎉".repeat(800)]) {
    for (let i = 0; i < 20; i++) {
      body.value = text.slice(0, 1599) + String(i % 10);
      const t = performance.now();
      body.dispatchEvent(new Event("input"));
      times.push(performance.now() - t);
    }
  }
  times.sort((x, y) => x - y);
  return { median: times[times.length >> 1], max: times[times.length - 1] };
});
console.log(JSON.stringify(ms));
await b.close(); server.close();
