// Per-client plots for the HTML report, as inline SVG: latency over time
// (each operation at its invoke time, log scale; failed ops and timeouts
// marked apart) and throughput/availability (ok, failed and unknown ops per
// second, stacked, with the client's outage windows shaded). Both share the
// timeline's time axis: the data sits in a nested <svg> whose x unit is a
// millisecond of simulated time, so the page's script only moves its viewBox
// when the timeline zooms or pans (PLOTS_SCRIPT); without the script it shows
// the whole run.
//
// Bucketed so a long run stays small: at most MAX_POINTS marks of a kind per
// plot (past that, per-bucket min–max bars and medians), throughput in
// per-second buckets (wider when a run has more than MAX_BUCKETS seconds).
// Deterministic: the same data gives the same bytes.

import type { OpPoint, ReportData } from './data.js';
import { shortSecondsText } from '../sim/time.js';

/** The timeline canvas's left gutter and right margin (html.ts draws with the same). */
export const GUTTER_PX = 178;
export const RIGHT_PX = 12;
/** The width the SVG is laid out for before the page's script fits it to the window. */
const DEFAULT_WIDTH_PX = 1200;
const LATENCY_H = 112;
const THROUGHPUT_H = 84;
/** Room under a throughput plot for the time axis labels. */
const AXIS_H = 18;
const PAD_Y = 6;
/** Marks of one kind drawn one by one; past this, per-bucket summaries. */
export const MAX_POINTS = 2_000;
/** Buckets of a summarized latency plot. */
const LATENCY_BUCKETS = 1_000;
/** Throughput buckets at most (one a second until a run is longer than this many seconds). */
export const MAX_BUCKETS = 2_000;

export const PLOT_COLORS = { ok: '#009E73', okRange: '#9ad9c3', fail: '#D55E00', info: '#6b6b6b', outage: '#d0002a', splitBrain: '#E69F00', grid: '#eceff3' } as const;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** µs → the inner plots' x unit (ms), one decimal at most. */
function xMs(us: number): string {
  return String(Math.round(us / 100) / 10);
}

function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** `27.165 s`, `30 s`: cut to the millisecond, never rounded (cutDecimals in sim/time.ts). */
function secondsLabel(us: number): string {
  return shortSecondsText(us).replace(/s$/, ' s');
}

function latencyLabel(ms: number): string {
  if (ms >= 1000) return `${ms / 1000} s`;
  if (ms >= 1) return `${ms} ms`;
  return `${Number(ms.toPrecision(1))} ms`;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** The clients that ran operations, in the timeline's lane order (then any without a lane). */
export function plottedClients(data: ReportData): string[] {
  const withOps = new Set<string>();
  for (const op of data.ops) if (op.f !== 'final-read') withOps.add(op.process);
  const order = data.lanes.filter((l) => l.kind === 'client').map((l) => l.node);
  const out = order.filter((c) => withOps.has(c));
  for (const c of withOps) if (!out.includes(c)) out.push(c);
  return out;
}

/** The time range the timeline shows when fitted (its script computes the same). */
export function fullRangeUs(data: ReportData): number {
  let to = Math.max(1, data.durationUs);
  for (const op of data.ops) if (op.tUs > to) to = op.tUs;
  for (const e of data.events) if (e.tUs > to) to = e.tUs;
  return to;
}

interface Series {
  readonly ok: OpPoint[];
  readonly fail: OpPoint[];
  readonly info: OpPoint[];
}

function seriesOf(data: ReportData, client: string): Series {
  const s: Series = { ok: [], fail: [], info: [] };
  for (const op of data.ops) if (op.process === client && op.f !== 'final-read') s[op.outcome].push(op);
  return s;
}

/** The log scale of a latency plot: whole decades of ms around every latency. */
export interface LatencyScale {
  readonly loExp: number;
  readonly hiExp: number;
}

export function latencyScale(ops: readonly OpPoint[]): LatencyScale {
  let min = Infinity;
  let max = 0;
  for (const op of ops) {
    const ms = Math.max(0.001, (op.tUs - op.invokeUs) / 1000);
    if (ms < min) min = ms;
    if (ms > max) max = ms;
  }
  if (max === 0) return { loExp: -1, hiExp: 3 };
  const loExp = Math.max(-3, Math.floor(Math.log10(min)));
  const hiExp = Math.max(loExp + 1, Math.ceil(Math.log10(max) - 1e-9));
  return { loExp, hiExp };
}

function latencyY(ms: number, scale: LatencyScale, h: number): number {
  const f = (Math.log10(Math.max(ms, 10 ** scale.loExp)) - scale.loExp) / (scale.hiExp - scale.loExp);
  return h - PAD_Y - Math.min(1, f) * (h - 2 * PAD_Y);
}

/** Dots as zero-length round-capped segments: one path, a few bytes a point, round at any zoom. */
function dotPath(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y]) => `M${xMs(x)} ${num(y)}h0`).join('');
}

/** Latency marks of one kind: every op, or per bucket (by invoke time) the range and the median. */
function latencyMarks(ops: readonly OpPoint[], scale: LatencyScale, fullUs: number): { dots: string; ranges: string; summarized: boolean } {
  const y = (op: OpPoint) => latencyY((op.tUs - op.invokeUs) / 1000, scale, LATENCY_H);
  if (ops.length <= MAX_POINTS) return { dots: dotPath(ops.map((op) => [op.invokeUs, y(op)] as const)), ranges: '', summarized: false };
  const widthUs = fullUs / LATENCY_BUCKETS;
  const buckets = new Map<number, number[]>();
  for (const op of ops) {
    const b = Math.min(LATENCY_BUCKETS - 1, Math.floor(op.invokeUs / widthUs));
    let list = buckets.get(b);
    if (list === undefined) buckets.set(b, (list = []));
    list.push(y(op));
  }
  const dots: [number, number][] = [];
  let ranges = '';
  for (const [b, ys] of [...buckets].sort((p, q) => p[0] - q[0])) {
    ys.sort((p, q) => p - q);
    const xUs = (b + 0.5) * widthUs;
    if (ys[ys.length - 1]! - ys[0]! >= 1) ranges += `M${xMs(xUs)} ${num(ys[0]!)}V${num(ys[ys.length - 1]!)}`;
    dots.push([xUs, ys[Math.floor(ys.length / 2)]!]);
  }
  return { dots: dotPath(dots), ranges, summarized: true };
}

interface Shade {
  readonly fromUs: number;
  readonly toUs: number;
  readonly cls: string;
  readonly title: string;
}

function shadesFor(data: ReportData, client: string, fullUs: number): Shade[] {
  const out: Shade[] = [];
  for (const b of data.splitBrain) {
    const writes = Object.entries(b.writesByNode).map(([n, k]) => `${n} ${k}`).join(', ');
    out.push({ fromUs: b.fromUs, toUs: b.toUs, cls: 'pl-sb', title: `split brain: ${b.masters.join(' and ')} both master taking writes, ${secondsLabel(b.fromUs)} – ${secondsLabel(b.toUs)} (writes acknowledged: ${writes})` });
  }
  for (const f of data.faults) {
    if (f.kind !== 'outage' || !f.nodes.includes(client)) continue;
    const toUs = f.toUs ?? fullUs;
    out.push({ fromUs: f.fromUs, toUs, cls: 'pl-outage', title: `outage: ${f.label} (${secondsLabel(f.fromUs)} – ${secondsLabel(toUs)})` });
  }
  return out;
}

function shadeRects(shades: readonly Shade[], h: number): string {
  return shades.map((s) => `<rect class="${s.cls}" x="${xMs(s.fromUs)}" y="0" width="${xMs(Math.max(0, s.toUs - s.fromUs))}" height="${h}"><title>${esc(s.title)}</title></rect>`).join('');
}

/** Vertical grid lines (the page's script redraws them for the visible range). */
function xGrid(fromUs: number, toUs: number, h: number): { path: string; ticks: number[] } {
  const step = niceStep((toUs - fromUs) / Math.max(2, (DEFAULT_WIDTH_PX - GUTTER_PX - RIGHT_PX) / 110));
  const ticks: number[] = [];
  for (let t = Math.ceil(fromUs / step) * step; t <= toUs; t += step) ticks.push(t);
  return { path: ticks.map((t) => `M${xMs(t)} 0V${h}`).join(''), ticks };
}

function axisLabels(ticks: readonly number[], fromUs: number, toUs: number, y: number): string {
  const plotW = DEFAULT_WIDTH_PX - GUTTER_PX - RIGHT_PX;
  return ticks
    .map((t) => `<text x="${num(GUTTER_PX + ((t - fromUs) / (toUs - fromUs)) * plotW)}" y="${y}" text-anchor="middle">${secondsLabel(t)}</text>`)
    .join('');
}

/** One plot: the outer SVG (gutter labels, axis) around the inner, time-scaled one. */
function plotSvg(o: {
  client: string;
  kind: 'latency' | 'throughput';
  h: number;
  fullUs: number;
  gutter: string;
  inner: string;
  attrs: string;
  axis: boolean;
}): string {
  const total = o.h + (o.axis ? AXIS_H : 0);
  const plotW = DEFAULT_WIDTH_PX - GUTTER_PX - RIGHT_PX;
  const grid = xGrid(0, o.fullUs, o.h);
  return (
    `<svg class="plot" data-client="${esc(o.client)}" data-kind="${o.kind}" data-h="${o.h}"${o.attrs} viewBox="0 0 ${DEFAULT_WIDTH_PX} ${total}" role="img" aria-label="${esc(`${o.client} ${o.kind}`)}">` +
    `<rect class="pl-bg" x="${GUTTER_PX}" y="0" width="${plotW}" height="${o.h}"/>` +
    o.gutter +
    `<svg class="pl-area" x="${GUTTER_PX}" y="0" width="${plotW}" height="${o.h}" viewBox="0 0 ${xMs(o.fullUs)} ${o.h}" preserveAspectRatio="none">` +
    `<path class="pl-xgrid" d="${grid.path}"/>` +
    o.inner +
    `</svg>` +
    `<rect class="pl-frame" x="${GUTTER_PX}" y="0.5" width="${plotW}" height="${o.h - 1}"/>` +
    (o.axis ? `<g class="pl-axis">${axisLabels(grid.ticks, 0, o.fullUs, o.h + 13)}</g>` : '') +
    `</svg>`
  );
}

function gutterTitle(client: string, what: string, h: number): string {
  return `<text class="pl-name" x="12" y="${Math.round(h / 2) - 2}">${esc(client)}</text><text class="pl-what" x="12" y="${Math.round(h / 2) + 12}">${esc(what)}</text>`;
}

function latencyPlot(data: ReportData, client: string, s: Series, fullUs: number): string {
  const h = LATENCY_H;
  const scale = latencyScale([...s.ok, ...s.fail, ...s.info]);
  const ok = latencyMarks(s.ok, scale, fullUs);
  const fail = latencyMarks(s.fail, scale, fullUs);
  const info = latencyMarks(s.info, scale, fullUs);
  let hLines = '';
  let labels = '';
  for (let e = scale.loExp; e <= scale.hiExp; e++) {
    const y = num(latencyY(10 ** e, scale, h));
    hLines += `M0 ${y}H${xMs(fullUs)}`;
    labels += `<text class="pl-tick" x="${GUTTER_PX - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${latencyLabel(10 ** e)}</text>`;
  }
  const inner =
    shadeRects(shadesFor(data, client, fullUs), h) +
    `<path class="pl-ygrid" d="${hLines}"/>` +
    (ok.ranges !== '' ? `<path class="pl-ok-range" d="${ok.ranges}"/>` : '') +
    `<path class="pl-ok" d="${ok.dots}"/>` +
    (info.ranges !== '' ? `<path class="pl-info-range" d="${info.ranges}"/>` : '') +
    `<path class="pl-info-ring" d="${info.dots}"/><path class="pl-info" d="${info.dots}"/>` +
    (fail.ranges !== '' ? `<path class="pl-fail-range" d="${fail.ranges}"/>` : '') +
    `<path class="pl-fail" d="${fail.dots}"/>`;
  const summarized = [ok, fail, info].some((m) => m.summarized);
  return plotSvg({
    client,
    kind: 'latency',
    h,
    fullUs,
    gutter: gutterTitle(client, summarized ? 'latency, log (median, range)' : 'latency, log scale', h) + labels,
    inner,
    attrs: ` data-lo="${scale.loExp}" data-hi="${scale.hiExp}" data-pad="${PAD_Y}" data-ok="${s.ok.length}" data-fail="${s.fail.length}" data-info="${s.info.length}" data-summarized="${summarized}"`,
    axis: false,
  });
}

/** Ok, failed and unknown completions per bucket (by completion time), and the bucket width. */
export function throughputBuckets(s: Series, fullUs: number): { bucketUs: number; counts: [number, number, number][] } {
  const bucketUs = Math.max(1, Math.ceil(fullUs / 1e6 / MAX_BUCKETS)) * 1e6;
  const n = Math.max(1, Math.ceil(fullUs / bucketUs));
  const counts: [number, number, number][] = Array.from({ length: n }, () => [0, 0, 0]);
  const add = (ops: readonly OpPoint[], k: 0 | 1 | 2) => {
    for (const op of ops) counts[Math.min(n - 1, Math.max(0, Math.floor(op.tUs / bucketUs)))]![k]++;
  };
  add(s.ok, 0);
  add(s.fail, 1);
  add(s.info, 2);
  return { bucketUs, counts };
}

function throughputPlot(data: ReportData, client: string, s: Series, fullUs: number): string {
  const h = THROUGHPUT_H;
  const { bucketUs, counts } = throughputBuckets(s, fullUs);
  const perS = 1e6 / bucketUs;
  let maxRate = 1;
  for (const c of counts) maxRate = Math.max(maxRate, (c[0] + c[1] + c[2]) * perS);
  const step = niceStep(maxRate / 2);
  const top = Math.ceil(maxRate / step) * step;
  const y = (rate: number) => h - PAD_Y + 2 - (rate / top) * (h - PAD_Y - 4);
  const paths = ['', '', ''];
  counts.forEach((c, i) => {
    let base = 0;
    for (const k of [0, 1, 2] as const) {
      if (c[k] === 0) continue;
      const rate = c[k] * perS;
      const x0 = i * bucketUs;
      const w = xMs(Math.min(fullUs, x0 + bucketUs) - x0);
      paths[k] += `M${xMs(x0)} ${num(y(base + rate))}h${w}V${num(y(base))}h-${w}z`;
      base += rate;
    }
  });
  let hLines = '';
  let labels = '';
  for (let r = 0; r <= top + 1e-9; r += step) {
    const yy = num(y(r));
    hLines += `M0 ${yy}H${xMs(fullUs)}`;
    labels += `<text class="pl-tick" x="${GUTTER_PX - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${num(r)}</text>`;
  }
  const okTotal = s.ok.length;
  const all = okTotal + s.fail.length + s.info.length;
  const inner =
    shadeRects(shadesFor(data, client, fullUs), h) +
    `<path class="pl-ygrid" d="${hLines}"/>` +
    `<path class="pl-tp-ok" d="${paths[0]}"/><path class="pl-tp-fail" d="${paths[1]}"/><path class="pl-tp-info" d="${paths[2]}"/>`;
  return plotSvg({
    client,
    kind: 'throughput',
    h,
    fullUs,
    gutter: gutterTitle(client, `ops/s · ${all === 0 ? 0 : Math.floor((okTotal / all) * 1000) / 10}% ok`, h) + labels,
    inner,
    attrs: ` data-bucket-us="${bucketUs}" data-buckets="${counts.length}" data-top="${top}"`,
    axis: true,
  });
}

/** The legend of the plots (the same marks as in them). */
function plotLegend(): string {
  const c = PLOT_COLORS;
  return `<div class="legend">
<span class="lgroup"><span class="lg"><i class="dot" style="background:${c.ok}"></i>acknowledged op (latency at its invoke time)</span><span class="lg"><i class="dot" style="background:${c.fail};width:10px;height:10px"></i>failed (error)</span><span class="lg"><i class="ringg"></i>unknown outcome (timed out: at its timeout)</span><span class="lg"><i class="sw" style="background:${c.okRange};width:4px;height:12px"></i>range of a bucket (long runs)</span></span>
<span class="lgroup"><span class="lg"><i class="sw" style="background:${c.ok}"></i>ok/s</span><span class="lg"><i class="sw" style="background:${c.fail}"></i>failed/s</span><span class="lg"><i class="sw" style="background:${c.info}"></i>unknown/s</span></span>
<span class="lgroup"><span class="lg"><i class="sw" style="background:rgba(208,0,42,.16);border:1px solid rgba(208,0,42,.5)"></i>outage (no acknowledged write for 5 s or more)</span><span class="lg"><i class="sw sbband"></i>split brain</span></span>
</div>`;
}

export const PLOTS_CSS = `
.plots{position:relative}
svg.plot{display:block;width:100%;height:auto;overflow:visible;font:11px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
svg.plot+svg.plot[data-kind=latency]{margin-top:12px}
svg.plot[data-kind=throughput]{margin-top:4px}
.pl-bg{fill:#fff}
.pl-frame{fill:none;stroke:#d9dee6;stroke-width:1}
.pl-name{font-weight:650;font-size:12.5px;fill:#1d2330}
.pl-what{fill:#8a93a3;font-size:11px}
.pl-tick,.pl-axis text{fill:#5d6675;font-size:10.5px}
.pl-xgrid,.pl-ygrid{fill:none;stroke:${PLOT_COLORS.grid};stroke-width:1;vector-effect:non-scaling-stroke}
.pl-ok,.pl-fail,.pl-info,.pl-info-ring,.pl-ok-range,.pl-fail-range,.pl-info-range{fill:none;stroke-linecap:round;vector-effect:non-scaling-stroke}
.pl-ok{stroke:${PLOT_COLORS.ok};stroke-width:3.2}
.pl-ok-range{stroke:${PLOT_COLORS.okRange};stroke-width:2.2}
.pl-fail{stroke:${PLOT_COLORS.fail};stroke-width:6}
.pl-fail-range{stroke:${PLOT_COLORS.fail};stroke-opacity:.4;stroke-width:2}
.pl-info-ring{stroke:${PLOT_COLORS.info};stroke-width:8}
.pl-info{stroke:#fff;stroke-width:3.6}
.pl-info-range{stroke:${PLOT_COLORS.info};stroke-opacity:.4;stroke-width:2}
.pl-tp-ok{fill:${PLOT_COLORS.ok}}
.pl-tp-fail{fill:${PLOT_COLORS.fail}}
.pl-tp-info{fill:${PLOT_COLORS.info}}
.pl-outage{fill:rgba(208,0,42,.13)}
.pl-sb{fill:rgba(230,159,0,.16)}
.ringg{display:inline-block;width:10px;height:10px;border-radius:50%;border:2.5px solid ${PLOT_COLORS.info};background:#fff}
.sw.sbband{background:rgba(230,159,0,.3);border:1px solid ${PLOT_COLORS.splitBrain}}
`;

/** The clients panel: per client a latency plot and a throughput plot, on the timeline's time axis. */
export function clientPlots(data: ReportData): string {
  const clients = plottedClients(data);
  const fullUs = fullRangeUs(data);
  const body =
    clients.length === 0
      ? '<p class="note">No client ran operations.</p>'
      : clients
          .map((c) => {
            const s = seriesOf(data, c);
            return latencyPlot(data, c, s, fullUs) + throughputPlot(data, c, s, fullUs);
          })
          .join('');
  return `<section class="panel" id="plots-panel">
<div class="toolbar"><h2>Clients: latency and throughput</h2><span class="hint">on the timeline's time axis: zooming or panning the timeline moves these too · hover for details</span></div>
${plotLegend()}
<div class="plots" id="plots">${body}<div id="plot-tip" class="tip"></div></div>
</section>`;
}

/**
 * The page script's part for the plots (runs inside its closure: uses D, v0,
 * v1, W, GUTTER, fmtT, fmtDur, niceStep, lowerBound, laneByNode, opLines).
 * syncPlots() follows the timeline's view; hovering shows the op or second.
 */
export const PLOTS_SCRIPT = String.raw`
// ---------- client plots ----------
var plotEls = Array.prototype.slice.call(document.querySelectorAll('svg.plot'));
var plotTip = document.getElementById('plot-tip');
var plotView = [NaN, NaN, NaN];
var plotOps = new Map();  // client -> op indices by invoke time
function plotOpsOf(client) {
  var list = plotOps.get(client);
  if (list) return list;
  list = [];
  for (var i = 0; i < D.ops.length; i++) if (D.ops[i].process === client && D.ops[i].f !== 'final-read') list.push(i);
  list.sort(function (a, b) { return D.ops[a].invokeUs - D.ops[b].invokeUs || a - b; });
  var inv = new Float64Array(list.length);
  for (var k = 0; k < list.length; k++) inv[k] = D.ops[list[k]].invokeUs;
  list = { idx: list, inv: inv };
  plotOps.set(client, list);
  return list;
}
function plotGeometry(svg) {
  var w = Math.max(480, Math.floor(document.getElementById('plots').clientWidth));
  return { w: w, pw: w - GUTTER - PLOT_RIGHT, h: Number(svg.getAttribute('data-h')) };
}
function syncPlots() {
  if (!plotEls.length) return;
  var wNow = Math.floor(document.getElementById('plots').clientWidth);
  if (plotView[0] === v0 && plotView[1] === v1 && plotView[2] === wNow) return;
  plotView = [v0, v1, wNow];
  var step = niceStep((v1 - v0) / Math.max(2, (wNow - GUTTER - PLOT_RIGHT) / 110));
  var ticks = [];
  for (var t = Math.ceil(v0 / step) * step; t <= v1; t += step) ticks.push(t);
  plotEls.forEach(function (svg) {
    var g = plotGeometry(svg), axis = svg.querySelector('.pl-axis'), total = g.h + (axis ? AXIS_LABEL_H : 0);
    svg.setAttribute('viewBox', '0 0 ' + g.w + ' ' + total);
    svg.querySelector('.pl-bg').setAttribute('width', g.pw);
    svg.querySelector('.pl-frame').setAttribute('width', g.pw);
    var area = svg.querySelector('.pl-area');
    area.setAttribute('width', g.pw);
    area.setAttribute('viewBox', (v0 / 1000) + ' 0 ' + ((v1 - v0) / 1000) + ' ' + g.h);
    svg.querySelector('.pl-xgrid').setAttribute('d', ticks.map(function (t) { return 'M' + (t / 1000) + ' 0V' + g.h; }).join(''));
    if (axis) {
      while (axis.firstChild) axis.removeChild(axis.firstChild);
      ticks.forEach(function (t) {
        var x = GUTTER + (t - v0) / (v1 - v0) * g.pw;
        var tx = document.createElementNS(axis.namespaceURI, 'text');
        tx.setAttribute('x', x.toFixed(1)); tx.setAttribute('y', g.h + 13); tx.setAttribute('text-anchor', 'middle');
        tx.textContent = fmtTick(t, step);
        axis.appendChild(tx);
      });
    }
  });
}
function latencyYOf(svg, ms) {
  var h = Number(svg.getAttribute('data-h')), lo = Number(svg.getAttribute('data-lo')), hi = Number(svg.getAttribute('data-hi')), pad = Number(svg.getAttribute('data-pad'));
  var f = (Math.log10(Math.max(ms, Math.pow(10, lo))) - lo) / (hi - lo);
  return h - pad - Math.min(1, f) * (h - 2 * pad);
}
function plotTUs(svg, x) { var g = plotGeometry(svg); return v0 + (x - GUTTER) / g.pw * (v1 - v0); }
function plotXOf(svg, tUs) { var g = plotGeometry(svg); return GUTTER + (tUs - v0) / (v1 - v0) * g.pw; }
/** Lines for a plot at a point (CSS px inside the svg), or null. */
function plotLines(svg, x, y) {
  var g = plotGeometry(svg), client = svg.getAttribute('data-client');
  if (x < GUTTER || x > GUTTER + g.pw || y < 0 || y > g.h) return null;
  var t = plotTUs(svg, x), px = (v1 - v0) / g.pw, out = null;
  if (svg.getAttribute('data-kind') === 'latency') {
    var ops = plotOpsOf(client), a = lowerBound(ops.inv, ops.inv.length, t - 8 * px), b = lowerBound(ops.inv, ops.inv.length, t + 8 * px), best = -1, bd = 81;
    for (var i = a; i < b; i++) {
      var op = D.ops[ops.idx[i]], dx = plotXOf(svg, op.invokeUs) - x, dy = latencyYOf(svg, (op.tUs - op.invokeUs) / 1000) - y, d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = ops.idx[i]; }
    }
    if (best >= 0) { var o = D.ops[best]; out = [client + ': ' + fmtDur(o.tUs - o.invokeUs) + (o.outcome === 'ok' ? '' : o.outcome === 'fail' ? ' until it failed' : ' until the client gave up (unknown outcome)')].concat(opLines(o)); }
    else if (b - a > 0) out = [client + ': ' + (b - a) + ' ops invoked near ' + fmtT(t), { text: 'zoom the timeline in to pick one', cls: '' }];
  } else {
    var bucketUs = Number(svg.getAttribute('data-bucket-us')), k = Math.floor(t / bucketUs), s0 = k * bucketUs, s1 = s0 + bucketUs;
    var lane = laneByNode.get(client), n = [0, 0, 0], errs = new Map();
    if (lane && lane.opT) {
      for (var j = lowerBound(lane.opT, lane.nOps, s0); j < lane.nOps && lane.opT[j] < s1; j++) {
        var op2 = D.ops[lane.opIdx[j]];
        if (op2.f === 'final-read') continue;
        n[lane.opCode[j] & 3]++;
        if (op2.outcome !== 'ok') { var e = (op2.error || op2.outcome).split(' ')[0]; errs.set(e, (errs.get(e) || 0) + 1); }
      }
    }
    out = [client + ': ' + fmtT(s0) + ' – ' + fmtT(s1), 'ok ' + n[0] + ' · failed ' + n[1] + ' · unknown ' + n[2] + (bucketUs !== 1e6 ? '  (' + fmtDur(bucketUs) + ' bucket)' : '')];
    if (errs.size) out.push({ text: 'errors: ' + Array.from(errs.entries()).sort(function (p, q) { return q[1] - p[1]; }).map(function (p) { return p[0] + ' ×' + p[1]; }).join(', '), cls: '' });
  }
  var extra = [];
  D.faults.forEach(function (f) { if (f.kind === 'outage' && f.nodes.indexOf(client) >= 0 && t >= f.fromUs && t <= (f.toUs === null ? fullTo : f.toUs)) extra.push({ text: 'outage: ' + f.label, cls: 'lost' }); });
  D.splitBrain.forEach(function (sb) { if (t >= sb.fromUs && t <= sb.toUs) extra.push({ text: 'split brain: ' + sb.masters.join(' and ') + ' both master', cls: '' }); });
  if (!out && !extra.length) return null;
  return (out || [client + ' @ ' + fmtT(t)]).concat(extra);
}
function showPlotTip(lines, svg, x, y) {
  fillTip(plotTip, lines);
  var wrap = document.getElementById('plots'), wr = wrap.getBoundingClientRect(), sr = svg.getBoundingClientRect();
  var lx = sr.left - wr.left + x + 14, ly = sr.top - wr.top + y + 14;
  if (lx + plotTip.offsetWidth > wrap.clientWidth) lx = sr.left - wr.left + x - plotTip.offsetWidth - 14;
  plotTip.style.left = lx + 'px'; plotTip.style.top = ly + 'px';
}
plotEls.forEach(function (svg) {
  svg.addEventListener('mousemove', function (ev) {
    var r = svg.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
    var lines = plotLines(svg, x, y);
    if (lines) { showPlotTip(lines, svg, x, y); readout.textContent = 't = ' + fmtT(Math.round(plotTUs(svg, x))); } else plotTip.style.display = 'none';
  });
  svg.addEventListener('mouseleave', function () { plotTip.style.display = 'none'; });
  svg.addEventListener('wheel', function (ev) {
    var r = svg.getBoundingClientRect(), x = ev.clientX - r.left;
    if (x < GUTTER) return;
    ev.preventDefault();
    zoomAround(plotTUs(svg, x), Math.exp(ev.deltaY * (ev.deltaMode === 1 ? 16 : 1) * 0.0015));
  }, { passive: false });
});
`;

/** Constants the plot script reads, prepended to it by html.ts. */
export const PLOTS_SCRIPT_CONSTANTS = `var PLOT_RIGHT = ${RIGHT_PX}, AXIS_LABEL_H = ${AXIS_H};`;
