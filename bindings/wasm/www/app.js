// The compose box: segments() on every keystroke (a few microseconds even for 1,600
// characters, so updates land within the frame), and the built-in rules on the message
// the form describes. The module loads from ../pkg/web once; the page then works offline.
import init, { Engine, segments } from "../pkg/web/smslint_wasm.js";

await init();
const engine = new Engine();
const $ = (id) => document.getElementById(id);
const text = (tag, content, className) => {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
};

function renderCounts(body) {
  const s = segments(body);
  $("encoding").textContent = s.encoding;
  $("segments").textContent = String(s.segments);
  $("segments-word").textContent = s.segments === 1 ? "segment" : "segments";
  $("units").textContent = `${s.units}`;
  $("unit").textContent = s.unit;
  $("characters").textContent = String(s.characters);
  const forcing = new Set(s.nonGsm.map((n) => n.offset));
  const bytes = new TextEncoder().encode(body);
  const decoder = new TextDecoder();
  const parts = $("parts");
  parts.replaceChildren(...s.parts.map((p, i) => {
    const li = document.createElement("li");
    li.append(text("span", `segment ${i + 1}: ${p.units}/${p.capacity} ${s.unit} · `, "meta"));
    // The part's text, with the characters that force UCS-2 marked.
    let at = p.start;
    for (const ch of decoder.decode(bytes.subarray(p.start, p.end))) {
      li.append(forcing.has(at) ? text("mark", ch) : document.createTextNode(ch));
      at += new TextEncoder().encode(ch).length;
    }
    return li;
  }));
  const ucs2 = $("ucs2");
  ucs2.hidden = s.nonGsm.length === 0;
  const seen = new Map();
  for (const n of s.nonGsm) if (!seen.has(n.char)) seen.set(n.char, n);
  $("ucs2-rows").replaceChildren(...[...seen.values()].slice(0, 50).map((n) => {
    const tr = document.createElement("tr");
    tr.append(
      text("td", n.char),
      text("td", `U+${n.char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`),
      text("td", `character ${n.index + 1}`),
      text("td", n.replacement === null ? "none" : n.replacement === "" ? "remove (invisible)" : n.replacement),
    );
    return tr;
  }));
  const after = s.afterReplacement;
  const saved = s.segments - after.segments;
  $("replacing").textContent = s.nonGsm.length === 0 ? "" :
    `With the look-alikes: ${after.encoding}, ${after.segments} segment${after.segments === 1 ? "" : "s"}` +
    (saved > 0 ? ` (saves ${saved}).` : ".");
  const national = $("national");
  national.hidden = true;
  if (s.encoding === "UCS-2") {
    const best = ["turkish", "spanish", "portuguese"]
      .map((name) => ({ name, counted: segments(body, { national: name }) }))
      .filter((n) => n.counted.segments < s.segments)
      .sort((a, b) => a.counted.segments - b.counted.segments)[0];
    if (best) {
      national.hidden = false;
      national.textContent = `The ${best.name} national shift tables send it as GSM-7 in ` +
        `${best.counted.segments} segment${best.counted.segments === 1 ? "" : "s"}, with no character changed.`;
    }
  }
}

function message() {
  const m = {
    direction: $("direction").value, sender: $("sender").value, provider: $("provider").value,
    from: $("from").value.trim(), to: $("to").value.trim(), body: $("body").value,
  };
  if ($("category").value) m.category = $("category").value;
  if ($("send-at").value.trim()) m.send_at = $("send-at").value.trim();
  if ($("consent").value) m.recipient = { consent: $("consent").value };
  return m;
}

function renderFindings() {
  const list = $("findings");
  const verdict = $("verdict");
  let report;
  try {
    report = engine.checkMessage(message());
  } catch (e) {
    verdict.className = "bad";
    verdict.textContent = "The message cannot be checked:";
    list.replaceChildren(...(e.problems ?? [{ message: String(e.message), help: null }]).map((p) => {
      const li = text("li", p.message, "error");
      if (p.help) li.append(text("p", p.help, "help"));
      return li;
    }));
    return;
  }
  verdict.className = report.hasErrors ? "bad" : "ok";
  verdict.textContent = report.isClean ? "No findings: the built-in rules allow this send." :
    `${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}` +
    (report.hasErrors ? ": do not send it as it is." : ".");
  list.replaceChildren(...report.findings.map((f) => {
    const li = document.createElement("li");
    li.className = f.severity;
    const head = document.createElement("p");
    head.append(text("span", `${f.severity}[${f.rule}]`, "rule"), document.createTextNode(` ${f.message}`));
    li.append(head);
    if (f.help) li.append(text("p", `Help: ${f.help}`, "help"));
    const info = engine.explain(f.rule);
    for (const c of info?.citations ?? []) {
      const cite = document.createElement("p");
      cite.className = "cite";
      const label = c.section ? `${c.source}, ${c.section}` : c.source;
      if (c.url) {
        const a = text("a", label);
        a.href = c.url;
        a.rel = "noreferrer";
        cite.append("Source: ", a);
      } else {
        cite.append(`Source: ${label}`);
      }
      li.append(cite);
    }
    return li;
  }));
}

function update() {
  renderCounts($("body").value);
  renderFindings();
}

$("body").addEventListener("input", update);
$("send").addEventListener("input", renderFindings);
$("send").addEventListener("change", renderFindings);
$("send").addEventListener("submit", (e) => e.preventDefault());
update();
document.body.dataset.ready = "true";
