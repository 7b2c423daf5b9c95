#!/usr/bin/env node
/*
 * crosscheck.js: compare smslint's SMS segment counts with other segment counters ("peers").
 *
 * Usage:
 *   node benches/peers/crosscheck.js [KIT_DIR] [SMSLINT] [options]
 *     KIT_DIR   bench kit (node_modules with the JS peers, venv/ with the Python peers,
 *               corpus/corpus.jsonl). Default: $SMSLINT_BENCH_DIR, else ~/.cache/smslint-bench
 *     SMSLINT   smslint binary. Default: $SMSLINT_BIN, else <repo>/target/release/smslint
 *   options:
 *     --limit N        corpus messages for the fast peers (default: the whole corpus)
 *     --slow-limit N   corpus messages for the slow peers, twilio and sms-toolkit (default 20000)
 *     --peers a,b,...  subset of: twilio split-sms sms-counter sms-length smsutil sms-toolkit
 *     --examples K     example diffs printed per cause (default 3)
 *     --vectors FILE   default: <repo>/fixtures/segments/vectors.json
 *     --json FILE      also write all results (per-peer vector failures, cause counts, examples) as JSON
 *
 * What it does:
 *   (a) every vector of fixtures/segments/vectors.json without a "national" key is run through every
 *       peer, through smslint (with --split codepoint for vectors that ask for it) and through a small
 *       reference model written in this file from TS 23.038/23.040 (GSM-7 default alphabet + extension
 *       table, 160/153 septets, 70/67 UTF-16 units, escape and surrogate pairs never split, grapheme
 *       clusters from Intl.Segmenter kept whole unless a cluster alone exceeds a segment);
 *   (b) the corpus: smslint is run once in `--jsonl --counts-only` mode over a temp JSONL of all bodies,
 *       once with the default policy and once with `--split codepoint`; each peer's per-message segment
 *       count is compared with both, and every disagreement with the default policy is put into a cause
 *       bucket (alphabet membership, unit count, grapheme policy, escape/surrogate pair split, ...).
 *       The reference model is compared with smslint on the whole corpus too (a smslint self-check).
 *   Peers are called as drivers/drv.js and drivers/drv.py call them; Python peers go through
 *   crosscheck.py (next to this file) with the kit's venv python. No packages are installed.
 *
 * Exit code: 0 (the report is the output; disagreements are not failures), 2 on setup errors.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const opt = { limit: Infinity, slowLimit: 20000, examples: 3, peers: null, json: null,
  vectors: path.join(REPO, 'fixtures', 'segments', 'vectors.json') };
const pos = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => { if (i + 1 >= argv.length) die('missing value for ' + a); return argv[++i]; };
  if (a === '--limit') opt.limit = parseInt(val(), 10);
  else if (a === '--slow-limit') opt.slowLimit = parseInt(val(), 10);
  else if (a === '--examples') opt.examples = parseInt(val(), 10);
  else if (a === '--peers') opt.peers = val().split(',');
  else if (a === '--json') opt.json = val();
  else if (a === '--vectors') opt.vectors = val();
  else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]); process.exit(0); }
  else if (a.startsWith('--')) die('unknown option ' + a);
  else pos.push(a);
}
const KIT = path.resolve(pos[0] || process.env.SMSLINT_BENCH_DIR || path.join(os.homedir(), '.cache', 'smslint-bench'));
const SMSLINT = path.resolve(pos[1] || process.env.SMSLINT_BIN || path.join(REPO, 'target', 'release', 'smslint'));
const CORPUS = path.join(KIT, 'corpus', 'corpus.jsonl');
const PY = path.join(KIT, 'venv', 'bin', 'python');
const HELPER = path.join(__dirname, 'crosscheck.py');

function die(msg) { console.error('crosscheck: ' + msg); process.exit(2); }
const kitRequire = (m) => require(require.resolve(m, { paths: [KIT] }));

// ---------------------------------------------------------------- reference model (TS 23.038 / 23.040)
const GSM_BASIC = new Set(Array.from('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'));
const GSM_EXT = new Set(Array.from('\f^{}\\[~]|€'));
if (GSM_BASIC.size !== 127 || GSM_EXT.size !== 10) die('reference alphabet tables are broken');
const isGsm = (ch) => GSM_BASIC.has(ch) || GSM_EXT.has(ch);
const SEG = new Intl.Segmenter('en', { granularity: 'grapheme' });

function reference(body, policy) {
  const cps = Array.from(body);
  const gsm = cps.every(isGsm);
  const cost = (ch) => (gsm ? (GSM_EXT.has(ch) ? 2 : 1) : ch.length); // septets | UTF-16 units
  let units = 0;
  for (const ch of cps) units += cost(ch);
  const enc = gsm ? 'GSM-7' : 'UCS-2';
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  if (units <= single) return { seg: 1, enc, units };
  const items = policy === 'codepoint' ? cps : Array.from(SEG.segment(body), (s) => s.segment);
  let segs = 1;
  let cur = 0;
  const place = (c) => { if (cur + c > multi) { segs++; cur = 0; } cur += c; };
  for (const it of items) {
    const parts = Array.from(it);
    const c = parts.reduce((n, ch) => n + cost(ch), 0);
    if (c > multi) for (const ch of parts) place(cost(ch)); // a cluster larger than a segment: cut between code points
    else place(c);
  }
  return { seg: segs, enc, units };
}

// ---------------------------------------------------------------- peers
const JS_PEERS = {
  twilio() {
    const { SegmentedMessage } = kitRequire('sms-segments-calculator');
    return (b) => {
      const m = new SegmentedMessage(b, 'auto', false);
      const bits = m.encodingName === 'GSM-7' ? 7 : 16;
      return { seg: m.segmentsCount, enc: m.encodingName, units: m.messageSize / bits };
    };
  },
  'split-sms'() {
    const s = kitRequire('split-sms');
    return (b) => {
      const r = s.split(b, { summary: true });
      const gsm = r.characterSet === 'GSM';
      return { seg: r.parts.length, enc: gsm ? 'GSM-7' : 'UCS-2', units: gsm ? r.bytes : r.bytes / 2 };
    };
  },
  'sms-counter'() {
    const s = kitRequire('sms-counter').default;
    return (b) => {
      const r = s.count(b);
      return { seg: r.messages, enc: r.encoding === 'UTF16' ? 'UCS-2' : 'GSM-7', units: r.length };
    };
  },
  'sms-length'() {
    const s = kitRequire('sms-length');
    return (b) => {
      const r = s.count(b);
      return { seg: r.messages, enc: r.encoding === 'UTF16' ? 'UCS-2' : 'GSM-7', units: r.length };
    };
  },
};
const PY_PEERS = ['smsutil', 'sms-toolkit'];
const SLOW = new Set(['twilio', 'sms-toolkit']);
const ALL_PEERS = ['twilio', 'split-sms', 'sms-counter', 'sms-length', 'smsutil', 'sms-toolkit'];
const PEERS = opt.peers || ALL_PEERS;
for (const p of PEERS) if (!ALL_PEERS.includes(p)) die('unknown peer ' + p);

function writeJsonl(file, bodies) { fs.writeFileSync(file, bodies.map((b) => JSON.stringify(b)).join('\n') + '\n'); }

// Runs one peer over bodies[0..n): returns [{seg, enc, units} | {error}]
function runPeer(peer, file, bodies, n) {
  if (JS_PEERS[peer]) {
    const f = JS_PEERS[peer]();
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      try { out[i] = f(bodies[i]); } catch (e) { out[i] = { error: String(e && e.message || e) }; }
    }
    return out;
  }
  const r = spawnSync(PY, [HELPER, peer, file, String(n)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) die(`${peer}: helper failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.split('\n').filter(Boolean);
  if (lines.length !== n) die(`${peer}: expected ${n} results, got ${lines.length}`);
  return lines.map((l) => {
    const a = JSON.parse(l);
    return a[0] === 'error' ? { error: a[1] } : { seg: a[0], enc: a[1], units: a[2] };
  });
}

// ---------------------------------------------------------------- smslint
function runSmslint(file, n, extra) {
  for (let attempt = 0; ; attempt++) {
    if (fs.existsSync(SMSLINT)) break;
    if (attempt >= 5) die('smslint binary not found: ' + SMSLINT);
    console.error(`crosscheck: ${SMSLINT} missing (another build?), retrying in 60 s`);
    spawnSync('sleep', ['60']);
  }
  const r = spawnSync(SMSLINT, ['segments', '--jsonl', file, '--counts-only', ...extra],
    { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) die('smslint: ' + r.error.message);
  if (r.status !== 0) die(`smslint exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const lines = r.stdout.split('\n').filter(Boolean);
  if (lines.length !== n) die(`smslint printed ${lines.length} lines for ${n} bodies`);
  return lines.map((l) => JSON.parse(l));
}

// ---------------------------------------------------------------- load inputs
const vectorsAll = JSON.parse(fs.readFileSync(opt.vectors, 'utf8')).vectors;
const vectors = vectorsAll.filter((v) => !v.national);
const vBodies = vectors.map((v) => v.body.map(([t, r]) => t.repeat(r)).join(''));
const corpus = [];
for (const l of fs.readFileSync(CORPUS, 'utf8').split('\n')) {
  if (!l) continue;
  corpus.push(JSON.parse(l));
  if (corpus.length >= opt.limit) break;
}
const NV = vBodies.length;
const bodies = vBodies.concat(corpus);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'smslint-crosscheck-'));
const bodiesFile = path.join(tmp, 'bodies.jsonl');
writeJsonl(bodiesFile, bodies);

let t = Date.now();
const slG = runSmslint(bodiesFile, bodies.length, []);
const slC = runSmslint(bodiesFile, bodies.length, ['--split', 'codepoint']);
const st = fs.statSync(SMSLINT);
const sha = require('crypto').createHash('sha256').update(fs.readFileSync(SMSLINT)).digest('hex').slice(0, 16);
console.log(`smslint: ${SMSLINT} (sha256 ${sha}…, mtime ${st.mtime.toISOString()})\nkit: ${KIT}\n${NV} vectors (of ${vectorsAll.length}; ${vectorsAll.length - NV} national skipped), ` +
  `${corpus.length} corpus messages; smslint x2 in ${Date.now() - t} ms\n`);

// ---------------------------------------------------------------- classification
const hasExt = (b) => Array.from(b).some((ch) => GSM_EXT.has(ch));
const hasAstral = (b) => /[\uD800-\uDBFF]/.test(b);
function multiCpClusters(b) {
  const out = [];
  for (const { segment } of SEG.segment(b)) if (Array.from(segment).length > 1) out.push(segment);
  return out;
}
const show = (s) => JSON.stringify(s).slice(1, -1);

// alphabet culprits: characters of the body the peer classifies differently from TS 23.038
const charEncCache = {};
function charEnc(peer, ch) {
  const c = (charEncCache[peer] = charEncCache[peer] || {});
  return c[ch];
}
function fillCharEnc(peer, chars) {
  const c = (charEncCache[peer] = charEncCache[peer] || {});
  const todo = [...chars].filter((ch) => !(ch in c));
  if (!todo.length) return;
  const f = path.join(tmp, 'chars.jsonl');
  writeJsonl(f, todo);
  const res = runPeer(peer, f, todo, todo.length);
  todo.forEach((ch, i) => { c[ch] = res[i].enc || 'error'; });
}

function classify(peer, p, i) {
  const b = bodies[i];
  const g = slG[i];
  const c = slC[i];
  if (p.error) return { cause: 'peer throws: ' + p.error.slice(0, 60) };
  if (p.enc !== g.encoding) {
    const bad = [...new Set(Array.from(b))].filter((ch) => charEnc(peer, ch) !== (isGsm(ch) ? 'GSM-7' : 'UCS-2'));
    const why = p.enc === 'UCS-2' && multiCpClusters(b).length && peer === 'twilio' && !bad.length
      ? 'multi-code-point cluster' : bad.map(show).join(' ');
    return { cause: `alphabet: ${p.enc} instead of ${g.encoding} [${why}]` };
  }
  if (p.units !== g.units) {
    const ext = Array.from(b).filter((ch) => GSM_EXT.has(ch)).length;
    const astral = (b.match(/[\uD800-\uDBFF]/g) || []).length;
    let why = 'other';
    if (g.encoding === 'GSM-7' && p.units === g.units - ext) why = 'extension chars counted as 1 septet';
    else if (g.encoding === 'UCS-2' && p.units === g.units - astral) why = 'non-BMP chars counted as 1 unit';
    return { cause: `units: ${why}` };
  }
  if (p.seg === c.segments) return { cause: 'policy: splits grapheme clusters (= --split codepoint)' };
  const gsm = g.encoding === 'GSM-7';
  const naive = g.units <= (gsm ? 160 : 70) ? 1 : Math.ceil(g.units / (gsm ? 153 : 67));
  if (b === '' && p.seg === 0) return { cause: 'empty body counted as 0 segments' };
  if (p.seg === naive && p.seg < c.segments) {
    if (gsm && hasExt(b)) return { cause: 'escape pair split across a boundary (ceil(septets/153))' };
    if (!gsm && hasAstral(b)) return { cause: 'surrogate pair split across a boundary (ceil(units/67))' };
  }
  return { cause: `other (peer ${p.seg}, smslint ${g.segments}/${c.segments} codepoint)` };
}

// ---------------------------------------------------------------- run
const report = { vectors: {}, corpus: {} };
const rows = [];
function vectorCheck(name, get) {
  const fails = [];
  let encOk = 0;
  vectors.forEach((v, i) => {
    const r = get(i, v);
    if (r.enc === v.encoding) encOk++;
    if (r.error || r.seg !== v.segments || r.enc !== v.encoding) {
      fails.push({ name: v.name, expected: `${v.segments} ${v.encoding} ${v.units}u`,
        got: r.error ? 'error ' + r.error : `${r.seg} ${r.enc} ${r.units}u`, segOk: r.seg === v.segments });
    }
  });
  const segOk = vectors.filter((v, i) => get(i, v).seg === v.segments).length;
  report.vectors[name] = { segOk, encOk, total: vectors.length, fails };
  return { segOk, encOk, fails };
}

const sl = (i, v) => { const r = v.split === 'codepoint' ? slC[i] : slG[i]; return { seg: r.segments, enc: r.encoding, units: r.units }; };
// (a2) probes: bodies where the fixture vectors cannot tell the policies apart (every grapheme/straddle
// vector there gives the same count under a naive ceil(units/cap) or a code-point split). Expected values
// come from the reference model: "grapheme/codepoint" segment counts.
const PROBES = [
  ['surrogate pair straddling 67 (66+2+66 units)', '日'.repeat(66) + '😀' + '日'.repeat(66)],
  ['escape straddling 153 (152+2+152 septets)', 'a'.repeat(152) + '€' + 'a'.repeat(152)],
  ['form feed, 2 segments of GSM-7', 'a'.repeat(200) + '\f'],
  ['ZWJ family straddling 67 (62+11+61 units)', '日'.repeat(62) + '👨‍👩‍👧‍👦' + '日'.repeat(61)],
  ['CR LF straddling 153 (152+2+152 septets)', 'a'.repeat(152) + '\r\n' + 'a'.repeat(152)],
  ['oversized cluster mid-message (30+81+1 units)', '日'.repeat(30) + 'e' + '\u0301'.repeat(80) + '日'],
  ['raw ESC forces UCS-2 (101 units)', '\x1b' + 'a'.repeat(100)],
  ['small c cedilla forces UCS-2 (101 units)', 'ç' + 'a'.repeat(100)],
  ['empty body', ''],
];
report.probes = {};
function probeCheck(name, get) {
  const fails = [];
  PROBES.forEach(([pname, body], k) => {
    const rg = reference(body, 'grapheme'); const rc = reference(body, 'codepoint');
    const r = get(k, body);
    if (r.error || (r.seg !== rg.seg && r.seg !== rc.seg)) fails.push(`${pname}: expected ${rg.seg}/${rc.seg}, got ${r.error ? 'error' : r.seg + ' ' + r.enc}`);
    else if (r.seg !== rg.seg) fails.push(`(policy) ${pname}: grapheme ${rg.seg}, codepoint ${rc.seg}, got ${r.seg}`);
  });
  report.probes[name] = fails;
}
const probesFile = path.join(tmp, 'probes.jsonl');
writeJsonl(probesFile, PROBES.map((x) => x[1]));
{
  const g = runSmslint(probesFile, PROBES.length, []);
  probeCheck('smslint', (k) => ({ seg: g[k].segments, enc: g[k].encoding }));
}

const vs = { smslint: vectorCheck('smslint', sl),
  reference: vectorCheck('reference', (i, v) => reference(vBodies[i], v.split || 'grapheme')) };

// smslint self-check against the reference model on the whole corpus
{
  const causes = {};
  let dG = 0; let dC = 0;
  for (let i = NV; i < bodies.length; i++) {
    const rg = reference(bodies[i], 'grapheme');
    const rc = reference(bodies[i], 'codepoint');
    const g = slG[i]; const c = slC[i];
    const bad = [];
    if (rg.seg !== g.segments || rg.enc !== g.encoding || rg.units !== g.units) { dG++; bad.push('grapheme'); }
    if (rc.seg !== c.segments || rc.enc !== c.encoding || rc.units !== c.units) { dC++; bad.push('codepoint'); }
    if (bad.length) {
      const k = 'smslint != reference (' + bad.join('+') + ')';
      (causes[k] = causes[k] || { n: 0, ex: [] }).n++;
      if (causes[k].ex.length < opt.examples) causes[k].ex.push({ i: i - NV, ref: `${rg.seg}/${rc.seg} ${rg.enc} ${rg.units}u`, smslint: `${g.segments}/${c.segments} ${g.encoding} ${g.units}u`, body: bodies[i] });
    }
  }
  report.corpus.reference = { n: corpus.length, dG, dC, causes };
}

for (const peer of PEERS) {
  t = Date.now();
  const n = NV + Math.min(corpus.length, SLOW.has(peer) ? opt.slowLimit : Infinity);
  const res = runPeer(peer, bodiesFile, bodies, n);
  const ms = Date.now() - t;
  vs[peer] = vectorCheck(peer, (i) => res[i]);
  const pres = runPeer(peer, probesFile, PROBES.map((x) => x[1]), PROBES.length);
  probeCheck(peer, (k) => pres[k]);
  // culprit chars for alphabet disagreements
  const chars = new Set();
  for (let i = 0; i < n; i++) if (!res[i].error && res[i].enc !== slG[i].encoding) for (const ch of bodies[i]) chars.add(ch);
  fillCharEnc(peer, chars);
  const causes = {};
  let dG = 0; let dC = 0;
  for (let i = NV; i < n; i++) {
    const p = res[i];
    const offG = p.error || p.seg !== slG[i].segments;
    const offC = p.error || p.seg !== slC[i].segments;
    if (offC) dC++;
    if (!offG) continue;
    dG++;
    const { cause } = classify(peer, p, i);
    const e = (causes[cause] = causes[cause] || { n: 0, ex: [] });
    e.n++;
    if (e.ex.length < opt.examples) {
      e.ex.push({ i: i - NV, peer: p.error ? 'error' : `${p.seg} ${p.enc} ${p.units}u`,
        smslint: `${slG[i].segments}/${slC[i].segments} ${slG[i].encoding} ${slG[i].units}u`, body: bodies[i] });
    }
  }
  report.corpus[peer] = { n: n - NV, dG, dC, ms, causes };
}

// ---------------------------------------------------------------- print
const pad = (s, w) => String(s).padEnd(w);
const lpad = (s, w) => String(s).padStart(w);
console.log('== (a) vectors (segments agree / encoding agree / total)');
for (const [name, r] of Object.entries(report.vectors)) {
  console.log(`${pad(name, 12)} segments ${lpad(r.segOk, 3)}/${r.total}  encoding ${lpad(r.encOk, 3)}/${r.total}`);
  for (const f of r.fails) console.log(`    ${f.segOk ? '(enc) ' : 'FAIL  '}${pad(f.name, 70)} expected ${pad(f.expected, 16)} got ${f.got}`);
}
console.log('\n== (a2) probes (expected: reference model, grapheme/codepoint); "(policy)" = codepoint answer');
for (const [name, f] of Object.entries(report.probes)) {
  console.log(`${pad(name, 12)} ${f.length ? '' : 'all ' + PROBES.length + ' as expected'}`);
  for (const x of f) console.log('    ' + x);
}
console.log('\n== (b) corpus: messages whose segment count differs from smslint (grapheme default / --split codepoint)');
console.log(`${pad('peer', 12)} ${lpad('messages', 8)} ${lpad('!=default', 10)} ${lpad('!=codepoint', 12)} ${lpad('time', 8)}`);
for (const [name, r] of Object.entries(report.corpus)) {
  console.log(`${pad(name, 12)} ${lpad(r.n, 8)} ${lpad(r.dG, 10)} ${lpad(r.dC, 12)} ${lpad(r.ms == null ? '-' : r.ms + 'ms', 8)}`);
}
console.log('\n== causes of disagreement with smslint default (examples: corpus line index, peer "seg enc units", smslint "grapheme/codepoint enc units")');
for (const [name, r] of Object.entries(report.corpus)) {
  const cs = Object.entries(r.causes).sort((a, b) => b[1].n - a[1].n);
  console.log(`-- ${name}: ${cs.length ? '' : 'no disagreements'}`);
  for (const [cause, e] of cs) {
    console.log(`   ${lpad(e.n, 6)}  ${cause}`);
    for (const x of e.ex) {
      const body = x.body.length > 90 ? show(x.body.slice(0, 60)) + `…(${x.body.length} UTF-16)` : show(x.body);
      console.log(`            #${x.i}: peer ${x.peer ?? x.ref}; smslint ${x.smslint}; "${body}"`);
    }
  }
}
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify(report, null, 1));
fs.rmSync(tmp, { recursive: true, force: true });
