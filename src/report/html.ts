// The HTML report: one self-contained file (inline CSS and JS, the data as
// JSON in a <script type="application/json"> tag, nothing fetched). A header
// with the verdicts and the replay command; a canvas timeline with one lane per
// node (role over time, fault windows, split-brain bands, Sentinel events,
// client operations with lost writes and why they were lost), zoom and pan;
// per-client latency and throughput plots on the same time axis (plots.ts);
// and a message view (a sequence diagram of the network messages in a chosen
// time window, dropped ones marked). Canvas, binned when zoomed out, so a
// 10-minute run with 100,000 operations stays fluid.
//
// Deterministic: the same data gives the same bytes (no clock, no randomness).

import type { LaneState, ReportData, Verdict } from './data.js';
import { clientPlots, GUTTER_PX, PLOTS_CSS, PLOTS_SCRIPT, PLOTS_SCRIPT_CONSTANTS } from './plots.js';
import { shortSecondsText } from '../sim/time.js';

/** Okabe–Ito based, colorblind-friendly. [fill, text on it]. */
const STATE_COLORS: Record<LaneState, readonly [string, string]> = {
  master: ['#0072B2', '#ffffff'],
  replica: ['#56B4E9', '#0b2533'],
  syncing: ['#F0E442', '#333000'],
  loading: ['#E69F00', '#2e2000'],
  paused: ['#CC79A7', '#2e0f22'],
  down: ['#3b3b3b', '#ffffff'],
  up: ['#9fd6c2', '#0d3328'],
};

const OUTCOME_COLORS = { ok: '#009E73', fail: '#D55E00', info: '#8a8a8a', lost: '#d0002a' } as const;

const FAULT_COLOR = '#6a3d9a';
/** An outage window (a client with no acknowledged write for 5 s or more): the fault track, in the lost-write red. */
const OUTAGE_COLOR = '#d0002a';
/** Split brain (two masters taking writes): Okabe–Ito orange, as a band across the timeline. */
const SPLIT_BRAIN_COLOR = '#E69F00';
/** A message the network dropped (the message view). */
const DROPPED_COLOR = '#b0002a';

/** Escapes text for HTML element content and attribute values. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * JSON safe inside a <script> element: `<` (so `</script` and `<!--`), `>`
 * and `&` become \u escapes, as do U+2028/U+2029; JSON.parse reads them back.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function fmtInt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `27.165 s`: cut to the millisecond, never rounded (cutDecimals in sim/time.ts). */
function fmtSeconds(us: number): string {
  return shortSecondsText(us).replace(/s$/, ' s');
}

function header(data: ReportData): string {
  const redis = data.lanes.filter((l) => l.kind === 'redis').length;
  const sentinels = data.lanes.filter((l) => l.kind === 'sentinel').length;
  const clients = data.lanes.filter((l) => l.kind === 'client').length;
  let lost = 0;
  for (const op of data.ops) if (op.lost) lost++;
  let dropped = 0;
  for (const m of data.messages) if (m.dropped !== undefined) dropped++;
  const verdicts = data.verdicts.map(verdictRow).join('');
  const stats = [
    `${redis} data node${redis === 1 ? '' : 's'}`,
    `${sentinels} Sentinel${sentinels === 1 ? '' : 's'}`,
    `${clients} client${clients === 1 ? '' : 's'}`,
    `${fmtSeconds(data.durationUs)} simulated`,
    `${fmtInt(data.ops.length)} operations`,
    lost > 0 ? `<b class="lostcount">${fmtInt(lost)} lost write${lost === 1 ? '' : 's'}</b>` : '0 lost writes',
    `${fmtInt(data.events.length)} Sentinel events`,
    `${fmtInt(data.faults.length)} fault${data.faults.length === 1 ? '' : 's'}`,
    `${fmtInt(data.messages.length)} messages${dropped > 0 ? ` (${fmtInt(dropped)} dropped)` : ''}${data.messagesTruncated ? ' (a capped sample)' : ''}`,
  ].join(' · ');
  return `<header>
<div class="title"><h1>${esc(data.scenario)}</h1><span class="badge ${data.passed ? 'pass' : 'fail'}">${data.passed ? 'PASSED' : 'FAILED'}</span></div>
<p class="desc">${esc(data.description)}</p>
<p class="meta"><span>seed <code>${esc(String(data.seed))}</code></span>${data.start !== undefined ? `<span>${esc(data.start)}</span>` : ''}<span>trace hash <code>${esc(data.traceHash)}</code></span></p>
<div class="replay"><span class="label">${data.replay.includes('redsim serve') ? 'rerun (real clients are not replayed)' : 'replay'}</span><code id="replay">${esc(data.replay)}</code><button type="button" id="copy-replay" title="Copy the replay command">Copy</button></div>
<p class="stats">${stats}</p>
<ul class="verdicts">${verdicts}</ul>
</header>`;
}

/**
 * One verdict row; one that is not ok says beneath it what was expected,
 * what happened, and what it means for the run (a checker VIOLATED in a
 * PASSED run is a finding the scenario expects, or one it does not judge).
 */
function verdictRow(v: Verdict): string {
  const cls = v.ok === true ? 'ok' : v.ok === false ? 'failed' : 'unknown';
  // A checker that finds what it looks for (lost writes, split brain) has
  // found a violation; that is not a failed expectation.
  const word = v.ok === 'unknown' ? 'unknown' : v.kind === 'checker' ? (v.ok ? 'holds' : 'violated') : v.ok ? 'ok' : 'failed';
  const x = v.explanation;
  const why =
    x === undefined
      ? ''
      : `<span class="vwhy"><span><b>expected</b> ${esc(x.expected)}</span><span><b>got</b> ${esc(x.got)}</span><span class="vmeaning">${esc(x.meaning)}</span></span>`;
  return `<li class="v-${cls}"><span class="vbadge">${word}</span><span class="vname">${esc(v.name)}</span><span class="vdetail">${esc(v.detail)}</span>${why}</li>`;
}

function legend(): string {
  const states = (Object.keys(STATE_COLORS) as LaneState[])
    .map((s) => `<span class="lg"><i class="sw" style="background:${STATE_COLORS[s][0]}"></i>${s}</span>`)
    .join('');
  return `<div class="legend">
<span class="lgroup">${states}</span>
<span class="lgroup"><span class="lg"><i class="sw hatch"></i>fault window</span><span class="lg"><i class="sw" style="background:${OUTAGE_COLOR}"></i>client outage</span><span class="lg"><i class="sw sbband"></i>split brain (two masters taking writes)</span></span>
<span class="lgroup"><span class="lg"><i class="dot" style="background:${OUTCOME_COLORS.ok}"></i>ok</span><span class="lg"><i class="dot" style="background:${OUTCOME_COLORS.fail}"></i>fail</span><span class="lg"><i class="dot" style="background:${OUTCOME_COLORS.info}"></i>info (unknown)</span><span class="lg"><i class="ring"></i>lost write</span></span>
<span class="lgroup"><span class="lg"><i class="mk tri"></i>+odown</span><span class="lg"><i class="mk dia"></i>+switch-master</span><span class="lg"><i class="mk tick" style="background:#E69F00"></i>+sdown</span><span class="lg"><i class="mk tick" style="background:#009E73"></i>-sdown / -odown</span><span class="lg"><i class="mk tick" style="background:#CC79A7"></i>leader / votes</span><span class="lg"><i class="mk tick" style="background:#0072B2"></i>failover steps</span><span class="lg"><i class="mk tick" style="background:#777"></i>other</span></span>
</div>`;
}

const CSS = `
:root{--fg:#1d2330;--muted:#5d6675;--line:#d9dee6;--bg:#f5f7fa;--panel:#fff;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
header{background:var(--panel);border-bottom:1px solid var(--line);padding:16px 24px 12px}
.title{display:flex;align-items:center;gap:12px}
h1{font-size:22px;margin:0;font-weight:650;letter-spacing:-.01em}
.badge{font-weight:700;font-size:12px;letter-spacing:.06em;padding:3px 10px;border-radius:999px;color:#fff}
.badge.pass{background:#009E73}.badge.fail{background:#c0392b}
.desc{margin:6px 0 4px;color:var(--muted);max-width:1100px}
.meta{margin:0 0 8px;color:var(--muted);display:flex;gap:18px}
.meta code{color:var(--fg)}
.replay{display:flex;align-items:center;gap:8px;margin:6px 0}
.replay .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.replay code{user-select:all;-webkit-user-select:all;background:#0f1720;color:#e7edf5;padding:5px 10px;border-radius:6px;white-space:pre-wrap;word-break:break-all}
button{font:inherit;font-size:13px;padding:3px 10px;border:1px solid #c3cad5;background:#fff;border-radius:6px;cursor:pointer;color:var(--fg)}
button:hover{background:#eef3f8;border-color:#9fb0c5}
.stats{margin:4px 0 8px;color:var(--muted);font-size:13px}
.lostcount{color:#c0002a}
.verdicts{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:max-content max-content 1fr;gap:3px 12px;align-items:baseline}
.verdicts li{display:contents}
.vbadge{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;padding:1px 8px;border-radius:4px;text-align:center}
.v-ok .vbadge{background:#d9f2e9;color:#00664a}
.v-failed .vbadge{background:#fbe0dc;color:#a82a12}
.v-unknown .vbadge{background:#eceef2;color:#555e6b}
.vname{font-weight:600}
.vdetail{color:var(--muted)}
.vwhy{grid-column:2 / 4;display:flex;flex-direction:column;gap:1px;margin:0 0 6px;padding:4px 10px;border-left:3px solid #e3b1a8;background:#fdf6f4;font-size:12.5px;color:#3a2a26}
.v-unknown .vwhy{border-left-color:#c3cad5;background:#f6f7f9}
.vwhy b{font-weight:650;color:#7a2a18;margin-right:4px}
.vmeaning{color:var(--muted);font-style:italic}
section.panel{background:var(--panel);margin:14px 16px;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
section.panel h2{font-size:15px;margin:0 8px 0 0;font-weight:650}
.toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-bottom:6px}
.toolbar .sep{width:1px;height:20px;background:var(--line);margin:0 4px}
.toolbar input[type=range]{width:220px}
.toolbar input[type=number]{width:110px;font:inherit;font-size:13px;padding:2px 6px;border:1px solid #c3cad5;border-radius:6px}
.readout{margin-left:auto;font-variant-numeric:tabular-nums;color:var(--muted);min-width:230px;text-align:right}
.hint{color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12px;color:var(--muted);margin:2px 0 8px}
.lgroup{display:flex;flex-wrap:wrap;gap:4px 10px}
.lg{display:inline-flex;align-items:center;gap:5px}
.sw{display:inline-block;width:16px;height:10px;border-radius:2px}
.sw.hatch{background:repeating-linear-gradient(135deg,rgba(106,61,154,.45) 0 2px,rgba(106,61,154,.08) 2px 6px);border:1px solid rgba(106,61,154,.5)}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%}
.ring{display:inline-block;width:11px;height:11px;border-radius:50%;border:2.5px solid ${OUTCOME_COLORS.lost};background:#fff}
.mk{display:inline-block}
.mk.tick{width:3px;height:12px}
.mk.tri{width:0;height:0;border-left:6px solid transparent;border-right:6px solid transparent;border-top:10px solid #D55E00}
.mk.dia{width:10px;height:10px;background:#111;transform:rotate(45deg)}
.canvas-wrap{position:relative;width:100%}
canvas{display:block}
#tl{cursor:crosshair}
#tl.grabbing{cursor:grabbing}
.tip{position:absolute;pointer-events:none;background:rgba(17,24,33,.95);color:#eef2f7;padding:7px 9px;border-radius:6px;font-size:12px;line-height:1.4;max-width:460px;display:none;z-index:5;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.tip div{white-space:pre-wrap;word-break:break-word}
.tip .t1{font-weight:650;color:#fff}
.tip .lost{color:#ff8fa3;font-weight:700}
.note{font-size:12.5px;color:var(--muted);margin:4px 0}
.note.warn{color:#a85a00}
#seq-wrap{overflow-x:auto}
#seq-empty{padding:30px;text-align:center;color:var(--muted)}
.tip .why{color:#ffd27a}
.sw.drop{background:repeating-linear-gradient(90deg,${DROPPED_COLOR} 0 4px,transparent 4px 7px);height:3px}
` + PLOTS_CSS;

/**
 * The page's script. Plain ES2017 in a string (not compiled from TS) so the
 * bytes never depend on the toolchain; no backticks inside, and no template
 * placeholders but the gutter width and the plots' part (plots.ts). PALETTE
 * is prepended as a JSON constant.
 */
const SCRIPT = String.raw`
(function () {
'use strict';
var T_START = performance.now();
var D = JSON.parse(document.getElementById('redsim-data').textContent);
var SC = PALETTE.states, OC = PALETTE.outcomes, FC = PALETTE.fault;
var MAX_ARROWS = 2000;
var GUTTER = ${GUTTER_PX}, AXIS_H = 28, FAULT_ROW = 17, GROUP_H = 20, SB_ROW = 17;
var LANE_H = { redis: 28, sentinel: 30, client: 36 };
var GROUP_TITLES = { redis: 'DATA NODES', sentinel: 'SENTINELS', client: 'CLIENTS' };
var dpr = Math.max(1, window.devicePixelRatio || 1);

// ---------- model ----------
var lanes = [];
var laneByNode = new Map();
['redis', 'sentinel', 'client'].forEach(function (kind) {
  D.lanes.forEach(function (l) { if (l.kind === kind) addLane(l.node, kind, l.host, l.segments); });
});
function addLane(node, kind, host, segments) {
  var lane = { node: node, kind: kind, host: host, segments: segments.slice().sort(function (a, b) { return a.fromUs - b.fromUs; }),
    y: 0, h: LANE_H[kind], opT: null, opInv: null, opIdx: null, opCode: null, lostIdx: [], evIdx: [], evT: null, shaded: [] };
  lanes.push(lane);
  laneByNode.set(node, lane);
  return lane;
}
// Ops of a process that has no lane get one (so nothing is silently dropped).
for (var i = 0; i < D.ops.length; i++) {
  var p = D.ops[i].process;
  if (!laneByNode.has(p)) addLane(p, 'client', '?', []);
}
lanes.sort(function (a, b) { return kindOrder(a.kind) - kindOrder(b.kind); });
function kindOrder(k) { return k === 'redis' ? 0 : k === 'sentinel' ? 1 : 2; }

var fullFrom = 0, fullTo = Math.max(1, D.durationUs);
// Ops per lane, sorted by completion time, in typed arrays.
(function indexOps() {
  var counts = new Map();
  lanes.forEach(function (l) { counts.set(l, 0); });
  var laneOf = new Array(D.ops.length);
  for (var i = 0; i < D.ops.length; i++) { var l = laneByNode.get(D.ops[i].process); laneOf[i] = l; counts.set(l, counts.get(l) + 1); }
  lanes.forEach(function (l) { var n = counts.get(l); if (n > 0) { l.opT = new Float64Array(n); l.opInv = new Float64Array(n); l.opIdx = new Int32Array(n); l.opCode = new Uint8Array(n); l.nOps = 0; } });
  for (var j = 0; j < D.ops.length; j++) {
    var op = D.ops[j], ln = laneOf[j], k = ln.nOps++;
    ln.opT[k] = op.tUs; ln.opInv[k] = op.invokeUs; ln.opIdx[k] = j;
    ln.opCode[k] = (op.outcome === 'ok' ? 0 : op.outcome === 'fail' ? 1 : 2) | (op.lost ? 4 : 0);
    if (op.tUs > fullTo) fullTo = op.tUs;
  }
  lanes.forEach(function (l) {
    if (!l.opT) return;
    var sorted = true;
    for (var i = 1; i < l.nOps; i++) if (l.opT[i] < l.opT[i - 1]) { sorted = false; break; }
    if (!sorted) {
      var order = Array.from(l.opIdx.keys()).sort(function (a, b) { return l.opT[a] - l.opT[b] || a - b; });
      var t = l.opT.slice(), inv = l.opInv.slice(), idx = l.opIdx.slice(), code = l.opCode.slice();
      for (var k = 0; k < order.length; k++) { var o = order[k]; l.opT[k] = t[o]; l.opInv[k] = inv[o]; l.opIdx[k] = idx[o]; l.opCode[k] = code[o]; }
    }
    for (var m = 0; m < l.nOps; m++) if (l.opCode[m] & 4) l.lostIdx.push(m);
  });
})();
var lostTotal = 0;
for (var q = 0; q < D.ops.length; q++) if (D.ops[q].lost) lostTotal++;
// Events per lane.
var switchMarks = [];
D.events.forEach(function (e, i) {
  var l = laneByNode.get(e.node);
  if (l) l.evIdx.push(i);
  if (e.name === '+switch-master') switchMarks.push(i);
  if (e.tUs > fullTo) fullTo = e.tUs;
});
lanes.forEach(function (l) {
  l.evIdx.sort(function (a, b) { return D.events[a].tUs - D.events[b].tUs || a - b; });
  l.evT = new Float64Array(l.evIdx.length);
  for (var i = 0; i < l.evIdx.length; i++) l.evT[i] = D.events[l.evIdx[i]].tUs;
});
// Faults: rows in the fault track (greedy), and the lanes each shades.
var faults = D.faults.map(function (f, i) {
  var to = f.toUs === null ? fullTo : f.toUs;
  var hosts = new Set(f.nodes);
  var affected = f.nodes.length === 0 ? lanes : lanes.filter(function (l) { return hosts.has(l.node) || hosts.has(l.host); });
  return { i: i, from: f.fromUs, to: to, open: f.toUs === null, label: f.label, nodes: f.nodes, lanes: affected, row: 0, kind: f.kind || 'fault' };
});
var faultRows = 0;
(function () {
  var ends = [];
  faults.slice().sort(function (a, b) { return a.from - b.from || a.i - b.i; }).forEach(function (f) {
    var r = 0;
    while (r < ends.length && ends[r] > f.from) r++;
    ends[r] = f.to; f.row = r;
  });
  faultRows = ends.length;
})();
faults.forEach(function (f) { f.lanes.forEach(function (l) { l.shaded.push(f); }); });
// Split brain: two masters taking writes; a row of its own and a band across every lane.
var splitBrain = (D.splitBrain || []).map(function (b) {
  var writes = Object.keys(b.writesByNode).map(function (n) { return n + ' ' + b.writesByNode[n]; }).join(', ');
  return { from: b.fromUs, to: b.toUs, masters: b.masters, writes: writes, label: 'split brain: ' + b.masters.join(' + ') + ' both master taking writes' };
});

// Layout (CSS pixels).
var FAULT_TOP = AXIS_H, SB_TOP = AXIS_H + (faultRows ? faultRows * FAULT_ROW + 6 : 0);
var LANES_TOP = SB_TOP + (splitBrain.length ? SB_ROW + 5 : 0);
var groups = [], layoutHeight = 0;
(function () {
  var y = LANES_TOP, prev = null;
  lanes.forEach(function (l) {
    if (l.kind !== prev) { groups.push({ kind: l.kind, y: y }); y += GROUP_H; prev = l.kind; }
    l.y = y; y += l.h;
  });
  layoutHeight = y + 6;
})();

// ---------- view ----------
var v0 = fullFrom, v1 = fullTo;
var MIN_SPAN = 50;
var selection = null;      // [fromUs, toUs] for the message view
var dragSel = null;        // during shift-drag
var hover = null;          // {x, y}
var W = 800, H = layoutHeight, plotW = W - GUTTER - 12;
var tl = document.getElementById('tl'), ctx = tl.getContext('2d');
var tip = document.getElementById('tip');
var readout = document.getElementById('readout');
var panRange = document.getElementById('pan');
var stats = { ops: 0, bins: 0, lost: 0, events: 0 };

function xOf(t) { return GUTTER + (t - v0) / (v1 - v0) * plotW; }
function tOf(x) { return v0 + (x - GUTTER) / plotW * (v1 - v0); }
function clampView() {
  var span = v1 - v0, full = fullTo - fullFrom;
  if (span > full) span = full;
  if (span < MIN_SPAN) span = MIN_SPAN;
  var c = (v0 + v1) / 2;
  v0 = c - span / 2; v1 = c + span / 2;
  if (v0 < fullFrom) { v0 = fullFrom; v1 = fullFrom + span; }
  if (v1 > fullTo) { v1 = fullTo; v0 = fullTo - span; }
}
function lowerBound(arr, n, t) { var lo = 0, hi = n; while (lo < hi) { var m = (lo + hi) >> 1; if (arr[m] < t) lo = m + 1; else hi = m; } return lo; }

function fmtT(us) {
  var s = us / 1e6;
  return s.toFixed(6) + ' s';
}
function fmtTick(us, step) {
  var s = us / 1e6, d = 0;
  while (d < 6 && step / 1e6 * Math.pow(10, d) < 0.999) d++;
  var txt = s.toFixed(d);
  return txt + ' s';
}
// Cut to the millisecond (or µs), never rounded, as the story does: whole
// milliseconds over 1000 print exactly with toFixed(3).
function fmtDur(us) {
  var a = Math.abs(us);
  if (a >= 1e6) return (Math.trunc(us / 1e3) / 1e3).toFixed(3) + ' s';
  if (a >= 1e3) return (Math.trunc(us) / 1e3).toFixed(3) + ' ms';
  return us + ' µs';
}
function niceStep(raw) {
  var p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

// ---------- drawing ----------
var hatch = null;
function makeHatch() {
  var c = document.createElement('canvas'); c.width = c.height = Math.round(8 * dpr);
  var g = c.getContext('2d'); g.scale(dpr, dpr);
  g.fillStyle = 'rgba(106,61,154,0.07)'; g.fillRect(0, 0, 8, 8);
  g.strokeStyle = 'rgba(106,61,154,0.38)'; g.lineWidth = 1.6;
  g.beginPath(); g.moveTo(-2, 10); g.lineTo(10, -2); g.moveTo(-2, 2); g.lineTo(2, -2); g.moveTo(6, 10); g.lineTo(10, 6); g.stroke();
  var pat = ctx.createPattern(c, 'repeat');
  if (pat && pat.setTransform && window.DOMMatrix) pat.setTransform(new DOMMatrix().scale(1 / dpr));
  return pat;
}

function resize() {
  var w = Math.max(480, Math.floor(document.getElementById('tl-wrap').clientWidth));
  W = w; H = layoutHeight; plotW = W - GUTTER - 12;
  tl.width = Math.round(W * dpr); tl.height = Math.round(H * dpr);
  tl.style.width = W + 'px'; tl.style.height = H + 'px';
  hatch = makeHatch();
}

var pending = false;
function schedule() { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; draw(); }); } }

function draw() {
  var c = ctx;
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.clearRect(0, 0, W, H);
  c.fillStyle = '#ffffff'; c.fillRect(0, 0, W, H);
  stats = { ops: 0, bins: 0, lost: 0, events: 0 };
  var span = v1 - v0;
  var step = niceStep(span / Math.max(2, plotW / 110));
  var first = Math.ceil(v0 / step) * step;

  // lane backgrounds and group headers
  groups.forEach(function (g) {
    c.fillStyle = '#eef1f5'; c.fillRect(0, g.y, W, GROUP_H);
    c.fillStyle = '#5d6675'; c.font = '600 10.5px system-ui, sans-serif'; c.textBaseline = 'middle';
    c.fillText(GROUP_TITLES[g.kind], 10, g.y + GROUP_H / 2 + 1);
  });
  lanes.forEach(function (l, i) {
    c.fillStyle = i % 2 ? '#fafbfc' : '#ffffff'; c.fillRect(GUTTER, l.y, W - GUTTER, l.h);
    c.fillStyle = '#1d2330'; c.font = '600 12.5px system-ui, sans-serif'; c.textBaseline = 'middle';
    c.fillText(clipText(c, l.node, GUTTER - 80), 12, l.y + l.h / 2);
    c.fillStyle = '#8a93a3'; c.font = '11px system-ui, sans-serif';
    var hw = c.measureText(l.host).width;
    c.fillText(l.host, GUTTER - 10 - hw, l.y + l.h / 2);
    c.strokeStyle = '#edf0f4'; c.lineWidth = 1; c.beginPath(); c.moveTo(0, l.y + l.h - 0.5); c.lineTo(W, l.y + l.h - 0.5); c.stroke();
  });

  c.save();
  c.beginPath(); c.rect(GUTTER, 0, plotW, H); c.clip();
  // grid
  c.strokeStyle = '#eceff3'; c.lineWidth = 1; c.beginPath();
  for (var t = first; t <= v1; t += step) { var gx = Math.round(xOf(t)) + 0.5; c.moveTo(gx, LANES_TOP); c.lineTo(gx, H); }
  c.stroke();

  // segments
  lanes.forEach(function (l) {
    var full = l.kind === 'redis';
    var y0 = full ? l.y + 4 : l.y + l.h - 8, hh = full ? l.h - 8 : 5;
    for (var i = 0; i < l.segments.length; i++) {
      var s = l.segments[i];
      if (s.toUs < v0 || s.fromUs > v1) continue;
      var x0 = Math.max(GUTTER - 2, xOf(s.fromUs)), x1 = Math.min(GUTTER + plotW + 2, xOf(s.toUs));
      var col = SC[s.state] || ['#bbbbbb', '#000'];
      c.fillStyle = col[0];
      c.fillRect(x0, y0, Math.max(1, x1 - x0), hh);
      if (full && x1 - x0 > 40) {
        var label = s.state + (s.note ? ' · ' + s.note : '');
        c.font = '11px system-ui, sans-serif'; c.fillStyle = col[1]; c.textBaseline = 'middle';
        var lx = Math.max(x0, GUTTER) + 6, room = Math.min(x1, GUTTER + plotW) - lx - 4;
        if (room > 24) c.fillText(clipText(c, label, room), lx, y0 + hh / 2 + 0.5);
      }
    }
  });

  // fault shading over affected lanes, and the fault track
  faults.forEach(function (f) {
    if (f.to < v0 || f.from > v1) return;
    var x0 = Math.max(GUTTER, xOf(f.from)), x1 = Math.min(GUTTER + plotW, xOf(f.to)), w = Math.max(2, x1 - x0);
    c.fillStyle = hatch || 'rgba(106,61,154,0.15)';
    f.lanes.forEach(function (l) { c.fillRect(x0, l.y, w, l.h); });
    var fy = FAULT_TOP + 3 + f.row * FAULT_ROW;
    c.fillStyle = f.kind === 'outage' ? PALETTE.outage : FC; c.globalAlpha = 0.9; roundRect(c, x0, fy, w, FAULT_ROW - 3, 3); c.fill(); c.globalAlpha = 1;
    c.strokeStyle = 'rgba(106,61,154,0.55)'; c.lineWidth = 1; c.setLineDash([3, 3]); c.beginPath();
    if (f.from >= v0) { c.moveTo(Math.round(xOf(f.from)) + 0.5, fy); c.lineTo(Math.round(xOf(f.from)) + 0.5, H); }
    if (f.to <= v1 && !f.open) { c.moveTo(Math.round(xOf(f.to)) + 0.5, fy); c.lineTo(Math.round(xOf(f.to)) + 0.5, H); }
    c.stroke(); c.setLineDash([]);
    var text = f.label + (f.open ? ' (never ended)' : '');
    c.font = '600 11px system-ui, sans-serif'; c.textBaseline = 'middle';
    var ty = fy + (FAULT_ROW - 3) / 2 + 0.5;
    if (c.measureText(text).width + 10 <= w) { c.fillStyle = '#fff'; c.fillText(text, x0 + 5, ty); }
    else {
      // beside the bar, up to the next fault in the same row
      var next = GUTTER + plotW;
      faults.forEach(function (g) { if (g !== f && g.row === f.row && g.from >= f.to) next = Math.min(next, xOf(g.from)); });
      var room = next - (x0 + w) - 10;
      if (room > 30) { c.fillStyle = FC; c.fillText(clipText(c, text, room), x0 + w + 5, ty); }
      else if (w > 30) { c.fillStyle = '#fff'; c.fillText(clipText(c, text, w - 8), x0 + 5, ty); }
    }
  });

  // split brain: a band across every lane, and a labelled bar in its row
  splitBrain.forEach(function (b) {
    if (b.to < v0 || b.from > v1) return;
    var x0 = Math.max(GUTTER, xOf(b.from)), x1 = Math.min(GUTTER + plotW, xOf(b.to)), w = Math.max(2, x1 - x0);
    c.fillStyle = 'rgba(230,159,0,0.13)'; c.fillRect(x0, LANES_TOP, w, H - LANES_TOP);
    c.strokeStyle = PALETTE.splitBrain; c.lineWidth = 1.2; c.setLineDash([6, 3]); c.beginPath();
    if (b.from >= v0) { c.moveTo(Math.round(xOf(b.from)) + 0.5, SB_TOP + 2); c.lineTo(Math.round(xOf(b.from)) + 0.5, H); }
    if (b.to <= v1) { c.moveTo(Math.round(xOf(b.to)) + 0.5, SB_TOP + 2); c.lineTo(Math.round(xOf(b.to)) + 0.5, H); }
    c.stroke(); c.setLineDash([]);
    c.fillStyle = PALETTE.splitBrain; roundRect(c, x0, SB_TOP + 2, w, SB_ROW - 3, 3); c.fill();
    c.font = '600 11px system-ui, sans-serif'; c.textBaseline = 'middle'; c.fillStyle = '#2b1d00';
    if (w > 30) c.fillText(clipText(c, b.label + ' (' + b.writes + ')', w - 10), x0 + 5, SB_TOP + 2 + (SB_ROW - 3) / 2 + 0.5);
  });

  // client operations
  var binW = 2, nb = Math.ceil(plotW / binW) + 1;
  var laneMax = 1;
  var binned = [];
  lanes.forEach(function (l) {
    if (!l.opT) return;
    var a = lowerBound(l.opT, l.nOps, v0), b = lowerBound(l.opT, l.nOps, v1 + 1e-9);
    l.visA = a; l.visB = b;
    l.binned = (b - a) > plotW / 2;
    if (l.binned) binned.push(l);
  });
  // binned lanes share one scale so their throughput is comparable
  var binData = new Map();
  binned.forEach(function (l) {
    var arr = new Float64Array(nb * 3);
    var k0 = (v1 - v0) / plotW;
    for (var i = l.visA; i < l.visB; i++) {
      var bi = Math.floor((l.opT[i] - v0) / k0 / binW);
      if (bi < 0 || bi >= nb) continue;
      arr[bi * 3 + (l.opCode[i] & 3)]++;
    }
    for (var j = 0; j < nb; j++) { var tot = arr[j * 3] + arr[j * 3 + 1] + arr[j * 3 + 2]; if (tot > laneMax) laneMax = tot; }
    binData.set(l, arr);
  });
  lanes.forEach(function (l) {
    if (!l.opT) return;
    var rowY = [l.y + l.h / 2 - 4, l.y + l.h / 2 + 5, l.y + 8]; // ok, fail, info
    if (l.binned) {
      var arr = binData.get(l), base = l.y + l.h - 10, room = l.h - 14;
      var paths = [new Path2D(), new Path2D(), new Path2D()];
      for (var j = 0; j < nb; j++) {
        var ok = arr[j * 3], fl = arr[j * 3 + 1], inf = arr[j * 3 + 2];
        if (ok + fl + inf === 0) continue;
        stats.bins++;
        var x = GUTTER + j * binW, y = base;
        var hOk = ok / laneMax * room, hF = fl ? Math.max(2, fl / laneMax * room) : 0, hI = inf ? Math.max(2, inf / laneMax * room) : 0;
        if (hOk > 0) { paths[0].rect(x, y - hOk, binW - 0.3, hOk); y -= hOk; }
        if (hI > 0) { paths[2].rect(x, y - hI, binW - 0.3, hI); y -= hI; }
        if (hF > 0) { paths[1].rect(x, y - hF, binW - 0.3, hF); }
      }
      c.fillStyle = OC.ok; c.fill(paths[0]);
      c.fillStyle = OC.info; c.fill(paths[2]);
      c.fillStyle = OC.fail; c.fill(paths[1]);
    } else {
      var paths2 = [new Path2D(), new Path2D(), new Path2D()], spans = new Path2D();
      var px = (v1 - v0) / plotW;
      for (var i = l.visA; i < l.visB; i++) {
        var code = l.opCode[i] & 3, x2 = xOf(l.opT[i]), y2 = rowY[code];
        stats.ops++;
        if ((l.opT[i] - l.opInv[i]) / px >= 3) { var xi = Math.max(GUTTER - 2, xOf(l.opInv[i])); spans.moveTo(xi, y2); spans.lineTo(x2, y2); }
        paths2[code].moveTo(x2 + 3, y2); paths2[code].arc(x2, y2, 3, 0, 6.2832);
      }
      c.strokeStyle = 'rgba(60,70,85,0.35)'; c.lineWidth = 1.5; c.stroke(spans);
      c.fillStyle = OC.ok; c.fill(paths2[0]);
      c.fillStyle = OC.info; c.fill(paths2[2]);
      c.fillStyle = OC.fail; c.fill(paths2[1]);
    }
    // lost writes: always individually, on top
    var lostPath = new Path2D(), lostLines = new Path2D(), nLost = 0;
    for (var m = 0; m < l.lostIdx.length; m++) {
      var li = l.lostIdx[m];
      if (l.opT[li] < v0 || l.opT[li] > v1) continue;
      var lx = xOf(l.opT[li]), ly = rowY[0];
      stats.lost++; nLost++;
      lostLines.moveTo(Math.round(lx) + 0.5, l.y + 2); lostLines.lineTo(Math.round(lx) + 0.5, l.y + l.h - 2);
      lostPath.moveTo(lx + 5.5, ly); lostPath.arc(lx, ly, 5.5, 0, 6.2832);
    }
    if (nLost) {
      c.strokeStyle = 'rgba(208,0,42,0.35)'; c.lineWidth = 1; c.stroke(lostLines);
      c.fillStyle = '#ffffff'; c.fill(lostPath);
      c.strokeStyle = OC.lost; c.lineWidth = 2.5; c.stroke(lostPath);
    }
  });

  // Sentinel (and other) events
  lanes.forEach(function (l) {
    if (!l.evIdx.length) return;
    var a = lowerBound(l.evT, l.evIdx.length, v0 - (v1 - v0) * 0.01), b = lowerBound(l.evT, l.evIdx.length, v1 + (v1 - v0) * 0.01);
    var big = [];
    for (var i = a; i < b; i++) {
      var e = D.events[l.evIdx[i]], x = xOf(e.tUs);
      stats.events++;
      if (e.name === '+switch-master' || e.name === '+odown') { big.push(e); continue; }
      c.fillStyle = eventColor(e.name);
      c.fillRect(Math.round(x) - 1, l.y + 5, 2, l.h - 15);
    }
    big.forEach(function (e) {
      var x = xOf(e.tUs), cy = l.y + l.h / 2 - 3;
      if (e.name === '+odown') {
        c.beginPath(); c.moveTo(x - 7, cy - 6); c.lineTo(x + 7, cy - 6); c.lineTo(x, cy + 7); c.closePath();
        c.fillStyle = '#D55E00'; c.fill(); c.strokeStyle = '#fff'; c.lineWidth = 1.2; c.stroke();
      } else {
        c.beginPath(); c.moveTo(x, cy - 8); c.lineTo(x + 8, cy); c.lineTo(x, cy + 8); c.lineTo(x - 8, cy); c.closePath();
        c.fillStyle = '#111'; c.fill(); c.strokeStyle = '#fff'; c.lineWidth = 1.5; c.stroke();
      }
    });
  });

  // +switch-master: a line across every lane, labelled once per pixel column
  var lastLabelEnd = -1e9;
  switchMarks.forEach(function (ei) {
    var e = D.events[ei];
    if (e.tUs < v0 || e.tUs > v1) return;
    var x = Math.round(xOf(e.tUs)) + 0.5;
    c.strokeStyle = 'rgba(17,17,17,0.55)'; c.lineWidth = 1; c.setLineDash([5, 3]);
    c.beginPath(); c.moveTo(x, LANES_TOP); c.lineTo(x, H); c.stroke(); c.setLineDash([]);
    var parts = e.text.split(' '), label = 'switch-master → ' + (parts.length >= 5 ? parts[parts.length - 2] : '');
    c.font = '600 10.5px system-ui, sans-serif'; var tw = c.measureText(label).width;
    if (x + 3 > lastLabelEnd + 4) {
      c.fillStyle = 'rgba(17,17,17,0.85)'; roundRect(c, x + 3, LANES_TOP + 2, tw + 8, 15, 3); c.fill();
      c.fillStyle = '#fff'; c.textBaseline = 'middle'; c.fillText(label, x + 7, LANES_TOP + 10);
      lastLabelEnd = x + 3 + tw + 8;
    }
  });

  // message-view window, and an in-progress shift-drag
  var sel = dragSel || selection;
  if (sel) {
    var sx0 = xOf(Math.min(sel[0], sel[1])), sx1 = xOf(Math.max(sel[0], sel[1]));
    c.fillStyle = 'rgba(0,114,178,0.10)'; c.fillRect(sx0, AXIS_H, Math.max(1, sx1 - sx0), H - AXIS_H);
    c.strokeStyle = 'rgba(0,114,178,0.8)'; c.lineWidth = 1; c.beginPath();
    c.moveTo(Math.round(sx0) + 0.5, AXIS_H); c.lineTo(Math.round(sx0) + 0.5, H); c.moveTo(Math.round(sx1) + 0.5, AXIS_H); c.lineTo(Math.round(sx1) + 0.5, H); c.stroke();
  }
  c.restore();

  // axis
  c.fillStyle = '#ffffff'; c.fillRect(0, 0, W, AXIS_H);
  c.strokeStyle = '#c9d0da'; c.lineWidth = 1; c.beginPath(); c.moveTo(GUTTER, AXIS_H - 0.5); c.lineTo(GUTTER + plotW, AXIS_H - 0.5); c.stroke();
  c.fillStyle = '#5d6675'; c.font = '11px system-ui, sans-serif'; c.textBaseline = 'alphabetic';
  c.beginPath();
  for (var t2 = first; t2 <= v1; t2 += step) {
    var ax = Math.round(xOf(t2)) + 0.5;
    if (ax < GUTTER - 1 || ax > GUTTER + plotW + 1) continue;
    c.moveTo(ax, AXIS_H - 6); c.lineTo(ax, AXIS_H);
    var lab = fmtTick(t2, step), lw = c.measureText(lab).width;
    c.fillText(lab, Math.min(GUTTER + plotW - lw, Math.max(GUTTER, ax - lw / 2)), AXIS_H - 10);
  }
  c.stroke();
  c.fillStyle = '#8a93a3'; c.font = '600 10.5px system-ui, sans-serif';
  c.fillText('time (s)', 12, AXIS_H - 10);
  if (faultRows) { c.fillText('FAULTS', 12, FAULT_TOP + 3 + (faultRows * FAULT_ROW) / 2); }
  if (splitBrain.length) { c.fillStyle = '#8a5a00'; c.fillText('SPLIT BRAIN', 12, SB_TOP + 2 + SB_ROW / 2 + 3); }

  // hover crosshair
  if (hover && hover.x >= GUTTER && hover.x <= GUTTER + plotW) {
    c.strokeStyle = 'rgba(29,35,48,0.45)'; c.lineWidth = 1; c.beginPath();
    c.moveTo(Math.round(hover.x) + 0.5, AXIS_H); c.lineTo(Math.round(hover.x) + 0.5, H); c.stroke();
  }
  syncControls();
  syncPlots();
  api.visibleRange = [v0, v1];
  api.drawn = { ops: stats.ops, bins: stats.bins, lost: stats.lost, events: stats.events };
}

function eventColor(name) {
  if (name === '+sdown') return '#E69F00';
  if (name === '-sdown' || name === '-odown') return '#009E73';
  if (name === '+elected-leader' || name === '+vote-for-leader' || name === '+new-epoch') return '#CC79A7';
  if (name.indexOf('+failover') === 0 || name === '+try-failover' || name === '+selected-slave' || name === '+promoted-slave') return '#0072B2';
  return '#777777';
}
function clipText(c, s, w) {
  if (c.measureText(s).width <= w) return s;
  var lo = 0, hi = s.length;
  while (lo < hi) { var m = (lo + hi + 1) >> 1; if (c.measureText(s.slice(0, m) + '…').width <= w) lo = m; else hi = m - 1; }
  return lo > 0 ? s.slice(0, lo) + '…' : '';
}
function roundRect(c, x, y, w, h, r) {
  r = Math.min(r, w / 2, h / 2);
  c.beginPath(); c.moveTo(x + r, y); c.lineTo(x + w - r, y); c.quadraticCurveTo(x + w, y, x + w, y + r);
  c.lineTo(x + w, y + h - r); c.quadraticCurveTo(x + w, y + h, x + w - r, y + h); c.lineTo(x + r, y + h);
  c.quadraticCurveTo(x, y + h, x, y + h - r); c.lineTo(x, y + r); c.quadraticCurveTo(x, y, x + r, y); c.closePath();
}

// ---------- controls ----------
function syncControls() {
  var full = fullTo - fullFrom, span = v1 - v0;
  panRange.disabled = span >= full - 1e-6;
  var pos = full - span > 0 ? (v0 - fullFrom) / (full - span) : 0;
  panRange.value = String(Math.round(pos * 1000));
  document.getElementById('span').textContent = fmtT(v0).replace(' s', '') + ' – ' + fmtT(v1) + '  (' + fmtDur(span) + ' shown)';
}
function zoomAround(t, factor) {
  var span = (v1 - v0) * factor;
  var f = (t - v0) / (v1 - v0);
  v0 = t - f * span; v1 = v0 + span;
  clampView(); schedule();
}
document.getElementById('zoom-in').onclick = function () { zoomAround((v0 + v1) / 2, 0.5); };
document.getElementById('zoom-out').onclick = function () { zoomAround((v0 + v1) / 2, 2); };
document.getElementById('fit').onclick = function () { v0 = fullFrom; v1 = fullTo; schedule(); };
document.getElementById('pan-left').onclick = function () { var d = (v1 - v0) * 0.25; v0 -= d; v1 -= d; clampView(); schedule(); };
document.getElementById('pan-right').onclick = function () { var d = (v1 - v0) * 0.25; v0 += d; v1 += d; clampView(); schedule(); };
panRange.oninput = function () {
  var span = v1 - v0, full = fullTo - fullFrom;
  v0 = fullFrom + Number(panRange.value) / 1000 * (full - span); v1 = v0 + span; clampView(); schedule();
};
document.getElementById('copy-replay').onclick = function () {
  var el = document.getElementById('replay');
  var r = document.createRange(); r.selectNodeContents(el);
  var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
  try { if (navigator.clipboard) navigator.clipboard.writeText(el.textContent).catch(function () {}); else document.execCommand('copy'); } catch (err) { /* selected: copy by hand */ }
};

function localXY(ev) { var r = tl.getBoundingClientRect(); return { x: ev.clientX - r.left, y: ev.clientY - r.top }; }
tl.addEventListener('wheel', function (ev) {
  var p = localXY(ev);
  if (p.x < GUTTER) return;
  ev.preventDefault();
  var unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
  if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
    var d = ev.deltaX * unit / plotW * (v1 - v0); v0 += d; v1 += d; clampView(); schedule();
  } else {
    zoomAround(tOf(p.x), Math.exp(ev.deltaY * unit * 0.0015));
  }
}, { passive: false });
var drag = null;
tl.addEventListener('mousedown', function (ev) {
  var p = localXY(ev);
  if (p.x < GUTTER || ev.button !== 0) return;
  ev.preventDefault();
  drag = { x: p.x, v0: v0, v1: v1, sel: ev.shiftKey, t: tOf(p.x) };
  if (drag.sel) dragSel = [drag.t, drag.t]; else tl.classList.add('grabbing');
});
window.addEventListener('mousemove', function (ev) {
  var p = localXY(ev);
  if (drag) {
    if (drag.sel) { dragSel = [drag.t, Math.max(fullFrom, Math.min(fullTo, tOf(p.x)))]; }
    else { var d = (p.x - drag.x) / plotW * (drag.v1 - drag.v0); v0 = drag.v0 - d; v1 = drag.v1 - d; clampView(); }
  }
  if (ev.target === tl || drag) { hover = p; updateTip(p, ev); } else if (hover) { hover = null; tip.style.display = 'none'; }
  schedule();
});
window.addEventListener('mouseup', function () {
  if (!drag) return;
  var d = drag; drag = null; tl.classList.remove('grabbing');
  if (d.sel && dragSel) {
    var a = Math.min(dragSel[0], dragSel[1]), b = Math.max(dragSel[0], dragSel[1]);
    dragSel = null;
    if (xOf(b) - xOf(a) >= 3) selectWindow(a, b);
  }
  schedule();
});
tl.addEventListener('mouseleave', function () { if (!drag) { hover = null; tip.style.display = 'none'; readout.textContent = ''; schedule(); } });
tl.addEventListener('dblclick', function (ev) { var p = localXY(ev); if (p.x >= GUTTER) zoomAround(tOf(p.x), ev.shiftKey ? 2 : 0.5); });
window.addEventListener('resize', function () { resize(); draw(); drawSeq(); });

// ---------- tooltips ----------
function laneAt(y) { for (var i = 0; i < lanes.length; i++) { var l = lanes[i]; if (y >= l.y && y < l.y + l.h) return l; } return null; }
// A tooltip's lines: strings, or { text, cls }; the first is the title. Shared with the plots.
function fillTip(el, lines) {
  el.textContent = '';
  lines.forEach(function (ln, i) {
    var d = document.createElement('div');
    if (typeof ln === 'string') d.textContent = ln; else { d.textContent = ln.text; d.className = ln.cls; }
    if (i === 0 && !d.className) d.className = 't1';
    el.appendChild(d);
  });
  el.style.display = 'block';
}
function showTip(lines, p) {
  fillTip(tip, lines);
  var wrap = document.getElementById('tl-wrap');
  var tw = tip.offsetWidth, th = tip.offsetHeight;
  var x = p.x + 14, y = p.y + 14;
  if (x + tw > wrap.clientWidth) x = p.x - tw - 14;
  if (y + th > H) y = Math.max(0, p.y - th - 10);
  tip.style.left = x + 'px'; tip.style.top = y + 'px';
}
function lossReason(op) { return op.lossReason !== undefined && D.lossReasons ? D.lossReasons[op.lossReason] : null; }
function opLines(op) {
  var out = [], why = lossReason(op);
  if (op.lost) out.push({ text: 'LOST WRITE: acknowledged, missing at the end' + (why ? ' (' + why.cause + ')' : ''), cls: 'lost' });
  out.push(op.process + '  ' + op.f + ' ' + op.key + (op.value !== '' ? ' = ' + op.value : '') + '  →  ' + op.outcome);
  if (op.error) out.push({ text: 'error: ' + op.error, cls: '' });
  out.push('node ' + (op.node || '(none)'));
  out.push('invoke ' + fmtT(op.invokeUs) + ' → complete ' + fmtT(op.tUs) + '  (' + fmtDur(op.tUs - op.invokeUs) + ')');
  if (why) out.push({ text: 'why lost: ' + why.text, cls: 'why' });
  return out;
}
function faultLines(l, t) {
  var out = [];
  l.shaded.forEach(function (f) { if (t >= f.from && t <= f.to) out.push({ text: f.kind + ': ' + f.label + ' (' + fmtT(f.from) + ' – ' + (f.open ? 'end' : fmtT(f.to)) + ')', cls: '' }); });
  splitBrain.forEach(function (b) { if (t >= b.from && t <= b.to) out.push({ text: b.label + ' (' + fmtT(b.from) + ' – ' + fmtT(b.to) + ')', cls: 'why' }); });
  return out;
}
function splitBrainLines(b) {
  return [b.label, fmtT(b.from) + ' – ' + fmtT(b.to) + '  (' + fmtDur(b.to - b.from) + ')', 'writes acknowledged meanwhile: ' + b.writes, { text: 'what the master that loses acknowledged is thrown away when it rejoins', cls: '' }];
}
function updateTip(p) {
  if (p.x < GUTTER || p.x > GUTTER + plotW || p.y < 0 || p.y > H) { tip.style.display = 'none'; readout.textContent = ''; return; }
  var t = tOf(p.x), px = (v1 - v0) / plotW;
  readout.textContent = 't = ' + fmtT(Math.round(t));
  if (drag && !drag.sel) { tip.style.display = 'none'; return; }
  if (drag && drag.sel && dragSel) { showTip(['message window', fmtT(Math.min(dragSel[0], dragSel[1])) + ' – ' + fmtT(Math.max(dragSel[0], dragSel[1]))], p); return; }
  var lines = null;
  if (p.y >= FAULT_TOP && p.y < LANES_TOP) {
    var row = Math.floor((p.y - FAULT_TOP - 3) / FAULT_ROW);
    faults.forEach(function (f) { if (!lines && f.row === row && t >= f.from - 3 * px && t <= f.to + 3 * px) lines = [f.kind + ': ' + f.label, fmtT(f.from) + ' – ' + (f.open ? 'never ended' : fmtT(f.to)) + (f.open ? '' : '  (' + fmtDur(f.to - f.from) + ')'), 'affects: ' + (f.nodes.length ? f.nodes.join(', ') : 'every node')]; });
  }
  if (!lines && p.y >= SB_TOP && p.y < LANES_TOP) {
    splitBrain.forEach(function (b) { if (!lines && t >= b.from - 3 * px && t <= b.to + 3 * px) lines = splitBrainLines(b); });
  }
  var l = laneAt(p.y);
  if (!lines && l) {
    // lost writes first, then events, then single ops, then bins, then the segment
    var best = null, bestD = 1e9;
    if (l.opT) {
      for (var m = 0; m < l.lostIdx.length; m++) { var li = l.lostIdx[m], dx = Math.abs(xOf(l.opT[li]) - p.x); if (dx < 7 && dx < bestD) { bestD = dx; best = li; } }
      if (best !== null) lines = opLines(D.ops[l.opIdx[best]]);
    }
    if (!lines && l.evIdx.length) {
      var a = lowerBound(l.evT, l.evIdx.length, t - 6 * px), b = lowerBound(l.evT, l.evIdx.length, t + 6 * px);
      if (b > a) {
        lines = [];
        for (var i = a; i < b && lines.length < 8; i++) { var e = D.events[l.evIdx[i]]; lines.push(e.name + '  @ ' + fmtT(e.tUs)); lines.push({ text: '  ' + e.text, cls: '' }); }
        if (b - a > 4) lines.push({ text: (b - a) + ' events here — zoom in', cls: '' });
        lines.unshift(l.node);
      }
    }
    if (!lines && l.opT && !l.binned) {
      var a2 = lowerBound(l.opT, l.nOps, t - 6 * px), b2 = lowerBound(l.opT, l.nOps, t + 6 * px);
      var rowY = [l.y + l.h / 2 - 4, l.y + l.h / 2 + 5, l.y + 8];
      best = null; bestD = 1e9;
      for (var k = a2; k < b2; k++) { var ddx = xOf(l.opT[k]) - p.x, ddy = rowY[l.opCode[k] & 3] - p.y, dd = ddx * ddx + ddy * ddy; if (dd < bestD) { bestD = dd; best = k; } }
      if (best !== null && bestD < 64) lines = opLines(D.ops[l.opIdx[best]]);
    }
    if (!lines && l.opT && l.binned) {
      var t0 = t - 3 * px, t1 = t + 3 * px;
      var a3 = lowerBound(l.opT, l.nOps, t0), b3 = lowerBound(l.opT, l.nOps, t1), n = [0, 0, 0], nl = 0;
      for (var z = a3; z < b3; z++) { n[l.opCode[z] & 3]++; if (l.opCode[z] & 4) nl++; }
      if (b3 - a3 === 1) lines = opLines(D.ops[l.opIdx[a3]]);
      else if (b3 > a3) lines = [l.node + ': ' + (b3 - a3) + ' ops completed in ' + fmtT(t0) + ' – ' + fmtT(t1), 'ok ' + n[0] + ' · fail ' + n[1] + ' · info ' + n[2] + (nl ? ' · lost ' + nl : ''), { text: 'zoom in to see single operations', cls: '' }];
    }
    if (!lines) {
      for (var s = 0; s < l.segments.length; s++) {
        var sg = l.segments[s];
        if (t >= sg.fromUs && t < sg.toUs) { lines = [l.node + ' (' + l.kind + ' on ' + l.host + ')', sg.state + (sg.note ? ' · ' + sg.note : ''), fmtT(sg.fromUs) + ' – ' + fmtT(sg.toUs) + '  (' + fmtDur(sg.toUs - sg.fromUs) + ')']; break; }
      }
      if (!lines) lines = [l.node + ' (' + l.kind + ' on ' + l.host + ')'];
    }
    lines = lines.concat(faultLines(l, t));
  }
  if (lines) showTip(lines, p); else tip.style.display = 'none';
}

// ---------- message view ----------
var seq = document.getElementById('seq'), sctx = seq.getContext('2d');
var seqTip = document.getElementById('seq-tip');
var msgOrder = null, msgSend = null, maxLatency = 0;
var drawnList = [];
var seqLayout = null;
function indexMessages() {
  if (msgOrder) return;
  var n = D.messages.length, sorted = true;
  for (var i = 1; i < n; i++) if (D.messages[i].sendUs < D.messages[i - 1].sendUs) { sorted = false; break; }
  msgOrder = new Int32Array(n);
  for (var j = 0; j < n; j++) msgOrder[j] = j;
  if (!sorted) msgOrder.sort(function (a, b) { return D.messages[a].sendUs - D.messages[b].sendUs || a - b; });
  msgSend = new Float64Array(n);
  for (var k = 0; k < n; k++) { var m = D.messages[msgOrder[k]]; msgSend[k] = m.sendUs; var lat = m.arriveUs - m.sendUs; if (lat > maxLatency) maxLatency = lat; }
}
/** Messages in the window: in flight at some point in [a, b] (sent by b, arrived at or after a), by send time. */
function messagesIn(a, b) {
  indexMessages();
  var n = msgSend.length, lo = lowerBound(msgSend, n, a - maxLatency), hi = lowerBound(msgSend, n, b + 1e-9), out = [];
  for (var i = lo; i < hi; i++) { var m = D.messages[msgOrder[i]]; if (m.arriveUs >= a) out.push(msgOrder[i]); }
  return out;
}
function selectWindow(a, b) {
  a = Number(a); b = Number(b);
  if (!(b > a)) { var tmp = a; a = Math.min(a, b); b = Math.max(tmp, b); }
  if (b - a < 1) b = a + 1;
  selection = [a, b];
  document.getElementById('msg-from').value = (a / 1e6).toFixed(6);
  document.getElementById('msg-to').value = (b / 1e6).toFixed(6);
  var all = messagesIn(a, b);
  drawnList = all.slice(0, MAX_ARROWS);
  api.selectedWindow = [a, b];
  api.windowMessages = all.length;
  api.drawnArrows = drawnList.length;
  var note = document.getElementById('msg-note'), nDropped = 0;
  all.forEach(function (i) { if (D.messages[i].dropped !== undefined) nDropped++; });
  api.windowDropped = nDropped;
  api.drawnDropped = 0;
  drawnList.forEach(function (i) { if (D.messages[i].dropped !== undefined) api.drawnDropped++; });
  var parts = [all.length.toLocaleString('en-US') + ' message' + (all.length === 1 ? '' : 's') + ' in flight during ' + fmtT(a) + ' – ' + fmtT(b) + ' (' + fmtDur(b - a) + ')' + (nDropped ? ', ' + nDropped.toLocaleString('en-US') + ' of them dropped' : '')];
  if (all.length > MAX_ARROWS) parts.push('drawing the first ' + MAX_ARROWS.toLocaleString('en-US') + ' by send time: narrow the window to see the rest');
  note.textContent = parts.join(' — ');
  note.className = 'note' + (all.length > MAX_ARROWS ? ' warn' : '');
  drawSeq();
  draw();
  return api.drawnArrows;
}
function kindOfNode(n) { var l = laneByNode.get(n); return l ? l.kind : 'other'; }
/** Where an arrow ends: at the receiver when delivered; a dropped message stops short of it, at the time it was dropped. */
function arrowEnd(m, L) {
  var x0 = L.colX.get(m.from), x1 = L.colX.get(m.to);
  return [m.dropped !== undefined && m.from !== m.to ? x0 + (x1 - x0) * 0.62 : x1, L.yOf(m.arriveUs)];
}
function arrowColor(m) {
  if (m.dropped !== undefined) return PALETTE.dropped;
  var k = kindOfNode(m.from), k2 = kindOfNode(m.to);
  if (k === 'sentinel' || k2 === 'sentinel') return '#CC79A7';
  if (k === 'client') return '#0072B2';
  if (k2 === 'client') return '#009E73';
  return k === 'redis' ? '#D55E00' : '#555555';
}
function drawSeq() {
  var wrap = document.getElementById('seq-wrap'), empty = document.getElementById('seq-empty');
  if (!selection) { seq.style.display = 'none'; empty.style.display = 'block'; return; }
  empty.style.display = drawnList.length ? 'none' : 'block';
  if (!drawnList.length) { empty.textContent = 'No messages in this window.'; seq.style.display = 'none'; return; }
  seq.style.display = 'block';
  var a = selection[0], b = selection[1];
  // columns: nodes in the drawn messages, in lane order
  var used = new Set();
  drawnList.forEach(function (i) { used.add(D.messages[i].from); used.add(D.messages[i].to); });
  var cols = lanes.map(function (l) { return l.node; }).filter(function (n) { return used.has(n); });
  Array.from(used).filter(function (n) { return !laneByNode.has(n); }).sort().forEach(function (n) { cols.push(n); });
  var left = 96, right = 56, top = 44, minGap = 84;
  var w = Math.max(480, Math.floor(wrap.clientWidth), left + right + (cols.length - 1) * minGap);
  var ordered = document.getElementById('msg-order').checked, times = null, nT = 0;
  if (ordered) {
    // Lamport style: every distinct send/arrive/event time gets its own row, in order.
    var ts = [];
    drawnList.forEach(function (i) { ts.push(D.messages[i].sendUs, D.messages[i].arriveUs); });
    D.events.forEach(function (e) { if (e.tUs >= a && e.tUs <= b && used.has(e.node)) ts.push(e.tUs); });
    ts.sort(function (x, y) { return x - y; });
    times = [];
    ts.forEach(function (t) { if (!times.length || times[times.length - 1] !== t) times.push(t); });
    nT = times.length;
  }
  var h = ordered ? Math.max(360, Math.min(8000, nT * 10)) : Math.max(360, Math.min(2400, drawnList.length * 12)), hh = top + h + 16;
  seq.width = Math.round(w * dpr); seq.height = Math.round(hh * dpr); seq.style.width = w + 'px'; seq.style.height = hh + 'px';
  var c = sctx; c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.fillStyle = '#fff'; c.fillRect(0, 0, w, hh);
  var colX = new Map(), gap = cols.length > 1 ? (w - left - right) / (cols.length - 1) : 0;
  cols.forEach(function (n, i) { colX.set(n, cols.length > 1 ? left + i * gap : (left + w - right) / 2); });
  function yOf(t) {
    if (!ordered) return top + (t - a) / (b - a) * h;
    if (nT < 2) return top + h / 2;
    var i = lowerBound(times, nT, t), r;
    if (i >= nT) r = nT - 1; else if (times[i] === t || i === 0) r = i; else r = i - 1 + (t - times[i - 1]) / (times[i] - times[i - 1]);
    return top + r / (nT - 1) * h;
  }
  // time axis
  var step = niceStep((b - a) / Math.max(2, h / 60));
  c.font = '11px system-ui, sans-serif'; c.textBaseline = 'middle';
  if (!ordered) {
    for (var t = Math.ceil(a / step) * step; t <= b; t += step) {
      var y = Math.round(yOf(t)) + 0.5;
      c.strokeStyle = '#f0f2f5'; c.lineWidth = 1; c.beginPath(); c.moveTo(left - 30, y); c.lineTo(w - 8, y); c.stroke();
      c.fillStyle = '#5d6675'; c.fillText(fmtTick(t, step), 6, y);
    }
  } else {
    var lastY = -1e9;
    c.font = '10px system-ui, sans-serif';
    for (var r = 0; r < nT; r++) {
      var yr = Math.round(yOf(times[r])) + 0.5;
      if (yr - lastY < 40) continue;
      lastY = yr;
      c.strokeStyle = '#f0f2f5'; c.lineWidth = 1; c.beginPath(); c.moveTo(left - 30, yr); c.lineTo(w - 8, yr); c.stroke();
      c.fillStyle = '#5d6675'; c.fillText((times[r] / 1e6).toFixed(6), 4, yr);
    }
  }
  // faults overlapping the window
  faults.forEach(function (f) {
    if (f.to < a || f.from > b) return;
    var y0 = Math.max(top, yOf(f.from)), y1 = Math.min(top + h, yOf(f.to));
    c.fillStyle = hatch || 'rgba(106,61,154,0.12)';
    var nodes = f.nodes.length ? f.lanes.map(function (l) { return l.node; }).filter(function (n) { return colX.has(n); }) : cols;
    nodes.forEach(function (n) { c.fillRect(colX.get(n) - 14, y0, 28, Math.max(2, y1 - y0)); });
    c.font = '600 10.5px system-ui, sans-serif'; c.textBaseline = 'middle';
    var fx = nodes.length ? colX.get(nodes[0]) + 18 : left, fy = Math.max(top + 6, y0 + 6);
    c.lineWidth = 3; c.strokeStyle = 'rgba(255,255,255,0.9)'; c.strokeText(f.label, fx, fy);
    c.fillStyle = FC; c.fillText(f.label, fx, fy);
  });
  // lifelines and headers
  cols.forEach(function (n) {
    var x = Math.round(colX.get(n)) + 0.5, k = kindOfNode(n);
    c.strokeStyle = '#c9d0da'; c.lineWidth = 1; c.beginPath(); c.moveTo(x, top - 6); c.lineTo(x, top + h); c.stroke();
    c.font = '600 11.5px system-ui, sans-serif'; var tw = c.measureText(n).width;
    c.fillStyle = k === 'redis' ? '#e3f0f8' : k === 'sentinel' ? '#f6e7f0' : k === 'client' ? '#e2f4ee' : '#eeeeee';
    roundRect(c, x - tw / 2 - 6, 8, tw + 12, 22, 4); c.fill();
    c.fillStyle = '#1d2330'; c.textBaseline = 'middle'; c.fillText(n, x - tw / 2, 19.5);
  });
  // events on lifelines (a label when there is room for it)
  var evLabelY = new Map();
  D.events.forEach(function (e) {
    if (e.tUs < a || e.tUs > b || !colX.has(e.node)) return;
    var x = colX.get(e.node), y = yOf(e.tUs);
    c.fillStyle = e.name === '+switch-master' ? '#111' : e.name === '+odown' ? '#D55E00' : eventColor(e.name);
    c.fillRect(x - 5, y - 1.5, 10, 3);
    var ly = evLabelY.has(e.node) ? evLabelY.get(e.node) : -1e9;
    if (y - ly >= 12) { c.font = '600 10px system-ui, sans-serif'; c.textBaseline = 'middle'; c.fillText(e.name, x + 7, y); evLabelY.set(e.node, y); }
  });
  // arrows
  c.save(); c.beginPath(); c.rect(0, top - 14, w, h + 16); c.clip();
  var lastLabelY = -1e9, labelsOn = true, seen = new Set(), clipTop = top - 14, clipBottom = top + h + 2;
  seqLayout = { colX: colX, yOf: yOf, top: top, h: h, w: w, list: drawnList };
  drawnList.forEach(function (i) {
    var m = D.messages[i], x0 = colX.get(m.from), y0 = yOf(m.sendUs), end = arrowEnd(m, seqLayout), x1 = end[0], y1 = end[1], col = arrowColor(m), drop = m.dropped !== undefined;
    // Messages stuck behind a cut for the whole window (hundreds of a replication
    // stream) look alike on screen: the same visible piece is drawn once, and a
    // dropped one passing through the window is drawn faint (its end is elsewhere).
    var through = false;
    if (m.from !== m.to) {
      var ya = Math.max(clipTop, Math.min(clipBottom, y0)), yb = Math.max(clipTop, Math.min(clipBottom, y1));
      var xa = y1 === y0 ? x0 : x0 + (x1 - x0) * (ya - y0) / (y1 - y0), xb = y1 === y0 ? x1 : x0 + (x1 - x0) * (yb - y0) / (y1 - y0);
      through = drop && y0 < clipTop && y1 > clipBottom;
      var q = through ? 4 : 2;
      var key = col + (drop ? 'd' : '') + (y1 <= clipBottom ? 'h' : '') + '|' + Math.round(xa / q) + ',' + Math.round(ya / q) + ',' + Math.round(xb / q) + ',' + Math.round(yb / q);
      if (seen.has(key)) return;
      seen.add(key);
    }
    c.strokeStyle = col; c.fillStyle = col; c.lineWidth = drop ? (through ? 1 : 1.6) : 1.2;
    c.globalAlpha = through ? 0.35 : 1;
    if (drop) c.setLineDash([5, 3]);
    if (m.from === m.to) {
      c.beginPath(); c.moveTo(x0, y0); c.bezierCurveTo(x0 + 30, y0, x0 + 30, y1, x0, y1); c.stroke(); c.setLineDash([]); c.globalAlpha = 1;
      return;
    }
    c.beginPath(); c.moveTo(x0, y0); c.lineTo(x1, y1); c.stroke(); c.setLineDash([]); c.globalAlpha = 1;
    var ang = Math.atan2(y1 - y0, x1 - x0), L = 7;
    if (drop) {
      // an X where it was dropped
      c.lineWidth = 2.2; c.beginPath(); c.moveTo(x1 - 5, y1 - 5); c.lineTo(x1 + 5, y1 + 5); c.moveTo(x1 - 5, y1 + 5); c.lineTo(x1 + 5, y1 - 5); c.stroke();
    } else {
      c.beginPath(); c.moveTo(x1, y1); c.lineTo(x1 - L * Math.cos(ang - 0.4), y1 - L * Math.sin(ang - 0.4)); c.lineTo(x1 - L * Math.cos(ang + 0.4), y1 - L * Math.sin(ang + 0.4)); c.closePath(); c.fill();
    }
    var my = (y0 + y1) / 2, mx = (x0 + x1) / 2;
    if (labelsOn && my - lastLabelY >= 11) {
      c.font = '10.5px ui-monospace, Menlo, Consolas, monospace'; c.textBaseline = 'bottom';
      var lab = m.label.length > 34 ? m.label.slice(0, 33) + '…' : m.label, lw = c.measureText(lab).width;
      c.lineWidth = 3; c.strokeStyle = 'rgba(255,255,255,0.9)'; c.strokeText(lab, mx - lw / 2, my - 1);
      c.fillStyle = drop ? PALETTE.dropped : '#2b3340'; c.fillText(lab, mx - lw / 2, my - 1);
      lastLabelY = my;
    }
  });
  c.restore();
}
function distToSeg(px, py, x0, y0, x1, y1) {
  var dx = x1 - x0, dy = y1 - y0, L = dx * dx + dy * dy, u = L ? ((px - x0) * dx + (py - y0) * dy) / L : 0;
  u = Math.max(0, Math.min(1, u));
  var qx = x0 + u * dx - px, qy = y0 + u * dy - py;
  return Math.sqrt(qx * qx + qy * qy);
}
seq.addEventListener('mousemove', function (ev) {
  if (!seqLayout) return;
  var r = seq.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top, best = null, bd = 6;
  seqLayout.list.forEach(function (i) {
    var m = D.messages[i], end = arrowEnd(m, seqLayout), d = distToSeg(px, py, seqLayout.colX.get(m.from), seqLayout.yOf(m.sendUs), end[0], end[1]);
    if (d < bd) { bd = d; best = m; }
  });
  if (!best) { seqTip.style.display = 'none'; return; }
  seqTip.textContent = '';
  var rows = best.dropped !== undefined
    ? [best.from + ' → ' + best.to, { text: 'DROPPED: ' + best.dropped, cls: 'lost' }, best.label, 'sent ' + fmtT(best.sendUs), 'dropped ' + fmtT(best.arriveUs) + '  (' + fmtDur(best.arriveUs - best.sendUs) + ' after it was sent)']
    : [best.from + ' → ' + best.to, best.label, 'sent ' + fmtT(best.sendUs), 'arrived ' + fmtT(best.arriveUs) + '  (' + fmtDur(best.arriveUs - best.sendUs) + ')'];
  rows.forEach(function (s, i) {
    var d = document.createElement('div');
    if (typeof s === 'string') d.textContent = s; else { d.textContent = s.text; d.className = s.cls; }
    if (i === 0) d.className = 't1';
    seqTip.appendChild(d);
  });
  seqTip.style.display = 'block';
  var x = px + 14; if (x + seqTip.offsetWidth > r.width) x = px - seqTip.offsetWidth - 14;
  seqTip.style.left = x + 'px'; seqTip.style.top = (py + 14) + 'px';
});
seq.addEventListener('mouseleave', function () { seqTip.style.display = 'none'; });
document.getElementById('msg-show').onclick = function () {
  var a = parseFloat(document.getElementById('msg-from').value), b = parseFloat(document.getElementById('msg-to').value);
  if (isFinite(a) && isFinite(b)) selectWindow(Math.round(Math.min(a, b) * 1e6), Math.round(Math.max(a, b) * 1e6));
};
document.getElementById('msg-order').onchange = function () { drawSeq(); };
document.getElementById('msg-visible').onclick = function () { selectWindow(v0, v1); };
document.getElementById('msg-zoom').onclick = function () { if (selection) zoomTo(selection[0] - (selection[1] - selection[0]) * 0.1, selection[1] + (selection[1] - selection[0]) * 0.1); };
if (D.messagesTruncated) { var tn = document.getElementById('msg-trunc'); tn.style.display = 'block'; }

function zoomTo(a, b) { v0 = Number(a); v1 = Number(b); if (v1 < v0) { var t = v0; v0 = v1; v1 = t; } clampView(); draw(); return api.visibleRange; }

${PLOTS_SCRIPT}
// ---------- the test hook ----------
var api = {
  ready: false,
  lanes: lanes.map(function (l) { return l.node; }),
  laneKinds: lanes.map(function (l) { return l.kind; }),
  fullRange: [fullFrom, fullTo],
  visibleRange: [v0, v1],
  counts: { ops: D.ops.length, lost: lostTotal, events: D.events.length, faults: D.faults.length, messages: D.messages.length },
  messagesTruncated: !!D.messagesTruncated,
  drawn: null,
  selectedWindow: null,
  windowMessages: 0,
  drawnArrows: 0,
  maxArrows: MAX_ARROWS,
  loadMs: 0,
  zoomTo: zoomTo,
  fit: function () { return zoomTo(fullFrom, fullTo); },
  selectWindow: selectWindow,
  messagesIn: function (a, b) { return messagesIn(a, b).length; },
  /** Indices into data.messages of the arrows drawn now. */
  drawnMessageIndices: function () { return drawnList.slice(); },
  /** Viewport coordinates of a lane at a time (a client lane's ok row), or null. */
  screenPos: function (node, tUs) {
    var l = laneByNode.get(node);
    if (!l) return null;
    var r = tl.getBoundingClientRect();
    return { x: r.left + xOf(tUs), y: r.top + (l.kind === 'client' ? l.y + l.h / 2 - 4 : l.y + l.h / 2) };
  },
  tooltip: function () { return tip.style.display === 'none' ? '' : Array.prototype.map.call(tip.children, function (d) { return d.textContent; }).join('\n'); },
  /** The split-brain bands, and where one's bar is on screen (its middle, and its ends). */
  splitBrain: splitBrain.map(function (b) { return { fromUs: b.from, toUs: b.to, masters: b.masters }; }),
  splitBrainBar: function (i) {
    var b = splitBrain[i], r = tl.getBoundingClientRect();
    if (!b) return null;
    var x0 = Math.max(GUTTER, xOf(b.from)), x1 = Math.min(GUTTER + plotW, xOf(b.to));
    return { x0: r.left + x0, x1: r.left + x1, x: r.left + (x0 + x1) / 2, y: r.top + SB_TOP + 2 + (SB_ROW - 3) / 2 };
  },
  windowDropped: 0,
  drawnDropped: 0,
  /** Viewport coordinates of the middle of a drawn message arrow (an index into data.messages), or null. */
  seqScreenPos: function (i) {
    if (!seqLayout || seqLayout.list.indexOf(i) < 0) return null;
    var m = D.messages[i], r = seq.getBoundingClientRect(), end = arrowEnd(m, seqLayout), x0 = seqLayout.colX.get(m.from), y0 = seqLayout.yOf(m.sendUs);
    return { x: r.left + (x0 + end[0]) / 2, y: r.top + (y0 + end[1]) / 2 };
  },
  seqTooltip: function () { return seqTip.style.display === 'none' ? '' : Array.prototype.map.call(seqTip.children, function (d) { return d.textContent; }).join('\n'); },
  /** The client plots: client and kind of each, in page order. */
  plots: plotEls.map(function (svg) { return { client: svg.getAttribute('data-client'), kind: svg.getAttribute('data-kind') }; }),
  /** Viewport coordinates of a time (and, on a latency plot, a latency in ms) on a client's plot, or null. */
  plotScreenPos: function (client, kind, tUs, latencyMs) {
    var svg = plotEls.filter(function (e) { return e.getAttribute('data-client') === client && e.getAttribute('data-kind') === kind; })[0];
    if (!svg) return null;
    var r = svg.getBoundingClientRect(), y = kind === 'latency' && latencyMs !== undefined ? latencyYOf(svg, latencyMs) : Number(svg.getAttribute('data-h')) / 2;
    return { x: r.left + plotXOf(svg, tUs), y: r.top + y };
  },
  plotTooltip: function () { return plotTip.style.display === 'none' ? '' : Array.prototype.map.call(plotTip.children, function (d) { return d.textContent; }).join('\n'); },
};
window.redsim = api;

resize();
if (switchMarks.length) {
  // Open on the first failover: the messages around the first +switch-master.
  var sw = D.events[switchMarks[0]].tUs;
  selectWindow(Math.max(fullFrom, sw - 250000), Math.min(fullTo, sw + 250000));
} else {
  draw();
  drawSeq();
}
api.ready = true;
api.loadMs = Math.round(performance.now());
api.scriptMs = Math.round(performance.now() - T_START);
})();
`;

/** The report as one self-contained HTML document. Same data, same bytes. */
export function renderHtml(data: ReportData): string {
  const palette = {
    states: STATE_COLORS,
    outcomes: OUTCOME_COLORS,
    fault: FAULT_COLOR,
    outage: OUTAGE_COLOR,
    splitBrain: SPLIT_BRAIN_COLOR,
    dropped: DROPPED_COLOR,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>redsim · ${esc(data.scenario)}</title>
<style>${CSS}</style>
</head>
<body>
${header(data)}
<section class="panel" id="timeline-panel">
<div class="toolbar">
<h2>Timeline</h2>
<button type="button" id="zoom-out" title="Zoom out (or mouse wheel)">−</button>
<button type="button" id="zoom-in" title="Zoom in (or mouse wheel)">+</button>
<button type="button" id="fit" title="Show the whole run">Fit</button>
<span class="sep"></span>
<button type="button" id="pan-left" title="Pan left (or drag)">◀</button>
<input type="range" id="pan" min="0" max="1000" value="0" title="Pan">
<button type="button" id="pan-right" title="Pan right (or drag)">▶</button>
<span class="hint mono" id="span"></span>
<span class="readout mono" id="readout"></span>
</div>
${legend()}
<div class="hint">Wheel: zoom · drag: pan · double-click: zoom in · <b>shift-drag</b>: pick a window for the message view (below) · hover for details</div>
<div class="canvas-wrap" id="tl-wrap"><canvas id="tl" width="800" height="400"></canvas><div id="tip" class="tip"></div></div>
</section>
${clientPlots(data)}
<section class="panel" id="msg-panel">
<div class="toolbar">
<h2>Messages</h2>
<label>from <input type="number" id="msg-from" step="any" min="0"> s</label>
<label>to <input type="number" id="msg-to" step="any" min="0"> s</label>
<button type="button" id="msg-show">Show</button>
<button type="button" id="msg-visible" title="Use the timeline's visible range">Use visible range</button>
<button type="button" id="msg-zoom" title="Zoom the timeline to this window">Zoom timeline here</button>
<label title="One row per distinct send/arrive time instead of a true time scale"><input type="checkbox" id="msg-order"> evenly spaced (order only)</label>
</div>
<div class="legend"><span class="lg"><i class="sw" style="background:#0072B2;height:3px"></i>client → server</span><span class="lg"><i class="sw" style="background:#009E73;height:3px"></i>reply to a client</span><span class="lg"><i class="sw" style="background:#D55E00;height:3px"></i>server → server (replication)</span><span class="lg"><i class="sw" style="background:#CC79A7;height:3px"></i>Sentinel traffic</span><span class="lg"><i class="sw drop"></i>✕ dropped: never delivered (cut by a partition, reset, or closed; hover for why)</span></div>
<div class="note" id="msg-note">Shift-drag on the timeline, or enter a window in seconds, to draw the messages in flight during it (at most 2,000 arrows).</div>
<div class="note warn" id="msg-trunc" style="display:none">The run kept only a capped sample of its network messages (messagesTruncated): some messages are missing from this view.</div>
<div class="canvas-wrap" id="seq-wrap"><div id="seq-empty">No window selected.</div><canvas id="seq" style="display:none"></canvas><div id="seq-tip" class="tip"></div></div>
</section>
<script type="application/json" id="redsim-data">${scriptSafeJson(data)}</script>
<script>
var PALETTE = ${scriptSafeJson(palette)};
${PLOTS_SCRIPT_CONSTANTS}
${SCRIPT}</script>
</body>
</html>
`;
}
