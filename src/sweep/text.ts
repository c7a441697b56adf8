// The sweep table for a terminal: one row per setting, least loss first, then
// the trade-off in one line.

import chalk from 'chalk';
import type { SweepResult } from './sweep.js';
import type { SettingSummary } from './summary.js';

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const secs = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));

function row(s: SettingSummary, clients: readonly string[]): string[] {
  const l = s.loss;
  const f = s.failover;
  return [
    s.setting.label,
    `${pct(l.meanRate)} (${pct(l.meanRateLow)}–${pct(l.meanRateHigh)})`,
    `${pct(l.p50Rate)} / ${pct(l.p90Rate)} / ${pct(l.maxRate)}`,
    `${l.lost}/${l.acked}`,
    ...clients.map((c) => {
      const u = s.unavailable[c];
      return u === undefined ? '-' : `${u.meanSeconds.toFixed(1)}${u.because !== null && u.meanSeconds > 0 ? ` ${u.because}` : ''}`;
    }),
    f.seeds === 0 ? 'none' : `${secs(f.p50Ms)} / ${secs(f.p90Ms)} / ${secs(f.maxMs)}${f.seeds < s.seeds - s.startFailures ? ` (${f.seeds})` : ''}`,
    `${(s.splitBrain.share * 100).toFixed(0)}% (${(s.splitBrain.low * 100).toFixed(0)}–${(s.splitBrain.high * 100).toFixed(0)})`,
    String(s.abortedFailovers),
    `${s.convergenceFailures.seeds}${s.startFailures > 0 ? ` (${s.startFailures} did not start)` : ''}`,
  ];
}

export function renderSweep(result: SweepResult, jobs: number): string {
  const clients = [...new Set(result.rows.flatMap((r) => Object.keys(r.unavailable)))].sort();
  const header = ['setting', 'lost: mean (95% CI)', 'p50 / p90 / max', 'lost/acked', ...clients.map((c) => `${c} unavail. s`), 'failover s p50/p90/max', 'split brain', 'aborted', 'not converged'];
  const rows = result.rows.map((r) => row(r, clients));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const shard = result.seeds.shard === null ? '' : ` (shard ${result.seeds.shard.index}/${result.seeds.shard.of})`;
  const out = [
    chalk.bold(`redsim sweep · ${result.scenario} · ${result.rows.length} settings × ${result.seeds.count} seeds (${result.seeds.first}–${result.seeds.first + result.seeds.count - 1})${shard} · ${(result.wallMs / 1000).toFixed(1)} s on ${jobs} job${jobs === 1 ? '' : 's'}`),
    '',
    chalk.bold(line(header)),
    ...rows.map((r) => line(r)),
    '',
    chalk.dim('lost: acknowledged writes lost, rate per seed (mean, its 95% interval, percentiles). unavail. s: seconds per seed a client, while issuing, had no successful operation (mean, with the most common error). failover: fault to +switch-master on a majority. split brain: share of seeds (95% Wilson interval). aborted: -failover-abort-* events. not converged: seeds.'),
  ];
  if (result.effects.length > 0) out.push('', chalk.bold('Each setting on its own (loss, then seconds unavailable per seed over all clients):'), ...result.effects.map((e) => `  ${e}`));
  if (result.tradeOff !== '') out.push('', chalk.bold(`Trade-off: ${result.tradeOff}`));
  return out.join('\n');
}
