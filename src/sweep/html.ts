// The sweep as one self-contained HTML page (no scripts, no network): the
// trade-off, the table, and three plots drawn as inline SVG: loss per setting
// (mean with its 95% interval, p90 and max), unavailability against loss (one
// point per setting, the Pareto front joined), and failover-time
// distributions per setting (every seed a dot, p50 and p90 marked).

import type { SweepResult } from './sweep.js';
import { totalUnavailable, type SettingSummary } from './summary.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];
const color = (i: number) => COLORS[i % COLORS.length]!;

/** A round upper bound for an axis. */
function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function ticks(max: number, n = 5): number[] {
  return Array.from({ length: n + 1 }, (_, i) => (max * i) / n);
}

/** Room for the longest setting label at 12px (about 6.8px a character), and the plot beside it. */
function labelMargin(rows: readonly SettingSummary[]): { left: number; width: number } {
  const left = Math.round(Math.min(640, Math.max(160, 16 + 6.8 * Math.max(...rows.map((r) => r.setting.label.length)))));
  return { left, width: Math.max(900, left + 560) };
}

/** A plot with a row per setting and a value axis along the bottom: its size, scale and grid. */
function rowPlot(rows: readonly SettingSummary[], rowH: number, largest: number, tickLabel: (v: number) => string) {
  const { left, width } = labelMargin(rows);
  const plotW = width - left - 30;
  const height = 40 + rows.length * rowH + 30;
  const max = niceMax(largest);
  const x = (v: number) => left + (v / max) * plotW;
  const parts = ticks(max).map((t) => `<line x1="${x(t)}" y1="30" x2="${x(t)}" y2="${height - 30}" stroke="#eee"/><text x="${x(t)}" y="${height - 12}" text-anchor="middle" class="tick">${tickLabel(t)}</text>`);
  return { left, width, height, x, parts };
}

function lossBars(rows: readonly SettingSummary[]): string {
  const rowH = 26;
  const { left, width, height, x, parts } = rowPlot(rows, rowH, Math.max(...rows.map((r) => r.loss.maxRate), 0.01), pct);
  rows.forEach((r, i) => {
    const y = 40 + i * rowH;
    const l = r.loss;
    parts.push(
      `<g class="loss-row" data-setting="${esc(r.setting.label)}"><text x="${left - 8}" y="${y + 13}" text-anchor="end" class="label">${esc(r.setting.label)}</text>` +
        `<rect x="${left}" y="${y + 4}" width="${Math.max(0.5, x(l.meanRate) - left)}" height="14" fill="${color(r.setting.index)}" opacity="0.8"><title>${esc(r.setting.label)}: mean ${pct(l.meanRate)} (95% CI ${pct(l.meanRateLow)}–${pct(l.meanRateHigh)}), p50 ${pct(l.p50Rate)}, p90 ${pct(l.p90Rate)}, max ${pct(l.maxRate)}</title></rect>` +
        `<line x1="${x(l.meanRateLow)}" y1="${y + 11}" x2="${x(l.meanRateHigh)}" y2="${y + 11}" stroke="#111" stroke-width="1.5"/>` +
        `<text x="${x(l.p90Rate)}" y="${y + 16}" text-anchor="middle" class="mark">|</text><circle cx="${x(l.maxRate)}" cy="${y + 11}" r="3" fill="none" stroke="#111"/></g>`,
    );
  });
  parts.push(`<text x="8" y="18" class="axis">acknowledged writes lost per seed: bar = mean, line = its 95% interval, | = p90, ○ = max</text>`);
  return `<svg id="loss-plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="loss per setting">${parts.join('')}</svg>`;
}

function paretoScatter(rows: readonly SettingSummary[]): string {
  const width = 900;
  const plotH = 420;
  const height = plotH + 20 + rows.length * 18;
  const left = 70;
  const bottom = plotH - 50;
  const top = 30;
  const right = width - 30;
  const xs = rows.map(totalUnavailable);
  const xMax = niceMax(Math.max(...xs, ...rows.flatMap((r) => r.perSeed.map((p) => p[1]))));
  const yMax = niceMax(Math.max(...rows.flatMap((r) => r.perSeed.map((p) => p[0])), 0.01));
  const x = (v: number) => left + (v / xMax) * (right - left);
  const y = (v: number) => bottom - (v / yMax) * (bottom - top);
  const parts: string[] = [];
  for (const t of ticks(xMax)) parts.push(`<line x1="${x(t)}" y1="${top}" x2="${x(t)}" y2="${bottom}" stroke="#eee"/><text x="${x(t)}" y="${bottom + 16}" text-anchor="middle" class="tick">${t.toFixed(t < 10 ? 1 : 0)}</text>`);
  for (const t of ticks(yMax)) parts.push(`<line x1="${left}" y1="${y(t)}" x2="${right}" y2="${y(t)}" stroke="#eee"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" class="tick">${pct(t)}</text>`);
  // every seed, faint
  for (const r of rows) for (const [rate, down] of r.perSeed) parts.push(`<circle cx="${x(down).toFixed(1)}" cy="${y(rate).toFixed(1)}" r="2" fill="${color(r.setting.index)}" opacity="0.18"/>`);
  // the Pareto front: no other setting is at most as bad on both and better on one
  const front = rows.filter((a, i) => !rows.some((b, j) => j !== i && totalUnavailable(b) <= xs[i]! && b.loss.meanRate <= a.loss.meanRate && (totalUnavailable(b) < xs[i]! || b.loss.meanRate < a.loss.meanRate)));
  const frontSorted = [...front].sort((a, b) => totalUnavailable(a) - totalUnavailable(b));
  if (frontSorted.length > 1) parts.push(`<polyline class="front" points="${frontSorted.map((r) => `${x(totalUnavailable(r)).toFixed(1)},${y(r.loss.meanRate).toFixed(1)}`).join(' ')}" fill="none" stroke="#111" stroke-dasharray="4 3"/>`);
  rows.forEach((r, i) => {
    const onFront = front.includes(r);
    parts.push(
      `<circle class="setting-point${onFront ? ' on-front' : ''}" data-setting="${esc(r.setting.label)}" cx="${x(xs[i]!).toFixed(1)}" cy="${y(r.loss.meanRate).toFixed(1)}" r="${onFront ? 7 : 5}" fill="${color(r.setting.index)}" stroke="#111" stroke-width="${onFront ? 2 : 0.5}"><title>${esc(r.setting.label)}: ${pct(r.loss.meanRate)} lost, ${xs[i]!.toFixed(1)} s unavailable per seed${onFront ? ' (Pareto front)' : ''}</title></circle>`,
    );
  });
  rows.forEach((r, i) => parts.push(`<circle cx="${left + 6}" cy="${plotH + 10 + i * 18}" r="5" fill="${color(r.setting.index)}"/><text x="${left + 16}" y="${plotH + 14 + i * 18}" class="legend">${esc(r.setting.label)}${front.includes(r) ? ' (on the Pareto front)' : ''}</text>`));
  parts.push(`<text x="${(left + right) / 2}" y="${plotH - 12}" text-anchor="middle" class="axis">seconds per seed without a successful operation, summed over clients (mean; faint dots: each seed)</text>`);
  parts.push(`<text x="16" y="${(top + bottom) / 2}" transform="rotate(-90 16 ${(top + bottom) / 2})" text-anchor="middle" class="axis">acknowledged writes lost</text>`);
  return `<svg id="pareto-plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="unavailability against loss">${parts.join('')}</svg>`;
}

function failoverStrips(rows: readonly SettingSummary[]): string {
  const rowH = 28;
  const { left, width, height, x, parts } = rowPlot(rows, rowH, Math.max(...rows.flatMap((r) => r.failover.samplesMs), 1000), (t) => `${(t / 1000).toFixed(1)} s`);
  rows.forEach((r, i) => {
    const y = 40 + i * rowH + 12;
    const f = r.failover;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" class="label">${esc(r.setting.label)}</text>`);
    if (f.seeds === 0) {
      parts.push(`<text x="${left + 4}" y="${y + 4}" class="tick">no failover</text>`);
      return;
    }
    // every seed a dot, spread over the row so equal times stay visible
    f.samplesMs.forEach((ms, k) => parts.push(`<circle class="failover-dot" cx="${x(ms).toFixed(1)}" cy="${(y - 7 + ((k * 7) % 15)).toFixed(1)}" r="2.2" fill="${color(r.setting.index)}" opacity="0.6"/>`));
    parts.push(`<line x1="${x(f.p50Ms!)}" y1="${y - 10}" x2="${x(f.p50Ms!)}" y2="${y + 10}" stroke="#111" stroke-width="2"><title>p50 ${(f.p50Ms! / 1000).toFixed(2)} s</title></line>`);
    parts.push(`<line x1="${x(f.p90Ms!)}" y1="${y - 10}" x2="${x(f.p90Ms!)}" y2="${y + 10}" stroke="#111" stroke-dasharray="2 2"><title>p90 ${(f.p90Ms! / 1000).toFixed(2)} s</title></line>`);
  });
  parts.push(`<text x="8" y="18" class="axis">failover time, fault to +switch-master on a majority: a dot per seed, solid = p50, dashed = p90</text>`);
  return `<svg id="failover-plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="failover times">${parts.join('')}</svg>`;
}

function table(result: SweepResult): string {
  const clients = [...new Set(result.rows.flatMap((r) => Object.keys(r.unavailable)))].sort();
  const head = ['setting', 'lost (mean, 95% CI)', 'p50 / p90 / max', 'lost / acked', ...clients.map((c) => `${c} unavailable s`), 'failover p50 / p90 / max', 'split brain', 'aborted', 'not converged'];
  const body = result.rows.map((r) => {
    const f = r.failover;
    const cells = [
      r.setting.values.map((v) => esc(`${v.name}=${v.label}`)).join('<br>') || esc(r.setting.label),
      `${pct(r.loss.meanRate)} (${pct(r.loss.meanRateLow)}–${pct(r.loss.meanRateHigh)})`,
      `${pct(r.loss.p50Rate)} / ${pct(r.loss.p90Rate)} / ${pct(r.loss.maxRate)}`,
      `${r.loss.lost} / ${r.loss.acked}`,
      ...clients.map((c) => {
        const u = r.unavailable[c];
        return u === undefined ? '-' : `${u.meanSeconds.toFixed(1)}${u.because !== null && u.meanSeconds > 0 ? ` <span class="why">${esc(u.because)}</span>` : ''}`;
      }),
      f.seeds === 0 ? 'none' : `${(f.p50Ms! / 1000).toFixed(1)} / ${(f.p90Ms! / 1000).toFixed(1)} / ${(f.maxMs! / 1000).toFixed(1)} s`,
      `${(r.splitBrain.share * 100).toFixed(0)}% (${(r.splitBrain.low * 100).toFixed(0)}–${(r.splitBrain.high * 100).toFixed(0)})`,
      String(r.abortedFailovers),
      String(r.convergenceFailures.seeds),
    ];
    return `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`;
  });
  return `<div class="scroll"><table id="sweep-table"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

export function renderSweepHtml(result: SweepResult): string {
  const title = `redsim sweep · ${result.scenario}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;color:#1b1f24;margin:24px auto;max-width:1180px;padding:0 16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.sub{color:#5b6570;margin:0 0 14px}.tradeoff{background:#fff7e6;border-left:4px solid #E69F00;padding:10px 14px;margin:12px 0;font-weight:600}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}th,td{padding:4px 10px;border-bottom:1px solid #e6e8eb;text-align:right;white-space:nowrap}
th[scope=row],thead th:first-child{text-align:left}thead th{background:#f4f6f8}.why{color:#8a4b00;font-size:11px}
svg{max-width:100%;height:auto;display:block}.tick{font-size:11px;fill:#5b6570}.label{font-size:12px;fill:#1b1f24}.axis{font-size:12px;fill:#1b1f24}.legend{font-size:12px}.mark{font-size:14px;font-weight:700}
.note{color:#5b6570;font-size:12px;max-width:900px}.scroll{overflow-x:auto}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="sub">${esc(result.file)} · ${result.rows.length} settings (${result.dimensions.map((d) => `${esc(d.name)}: ${d.values.map(esc).join(', ')}`).join(' × ')}) × ${result.seeds.count} seeds from ${result.seeds.first} · sorted by acknowledged writes lost, then time unavailable</p>
${result.tradeOff !== '' ? `<p class="tradeoff" id="tradeoff">Trade-off: ${esc(result.tradeOff)}</p>` : ''}
${table(result)}
${result.effects.length > 0 ? `<h2>Each setting on its own</h2><ul id="effects">${result.effects.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : ''}
<p class="note">Rates and seconds are per seed. Unavailable: whole seconds in which a client, while issuing, had no successful operation, with the most common error then. Intervals are 95%: normal approximation for the mean loss, Wilson for the split-brain share.</p>
<h2>Acknowledged writes lost, per setting</h2>
${lossBars(result.rows)}
<h2>Unavailability against loss (Pareto front dashed)</h2>
${paretoScatter(result.rows)}
<h2>Failover time</h2>
${failoverStrips(result.rows)}
</body></html>
`;
}
