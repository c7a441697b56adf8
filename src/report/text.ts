// The terminal story of a run: what happened, what it means, how to see it
// again. Colour through chalk where the terminal supports it.

import chalk from 'chalk';
import type { Simulation } from '../scenario/simulate.js';
import type { TraceEvent } from '../sim/trace.js';
import { formatLogLine, type LogFields, type LogLevel } from '../protocol/log-line.js';
import { checkerLines, entryTime, invariantLines, seconds, startText, timeline } from './story.js';

const mark = (ok: boolean | 'unknown') => (ok === true ? chalk.green('✓') : ok === false ? chalk.red('✗') : chalk.yellow('?'));

export function renderStory(run: Simulation, reportPath: string | null): string {
  const { result, scenario, trace } = run;
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(chalk.bold(`redsim · ${scenario.name} · seed ${result.seed} · ${startText(result.start)} · ${seconds(result.stats.simulatedMs * 1000)} simulated in ${result.stats.wallMs} ms`));
  if (scenario.description) line(chalk.dim(wrap(scenario.description, 88)));
  line();
  line(chalk.bold('Timeline'));
  const entries = timeline(trace);
  const timeWidth = Math.max(9, ...entries.map((e) => entryTime(e).length));
  for (const e of entries) {
    const tone = e.tone === 'fault' ? chalk.red : e.tone === 'heal' ? chalk.green : e.tone === 'bad' ? chalk.yellow : e.tone === 'good' ? chalk.cyan : (s: string) => s;
    line(`  ${chalk.dim(entryTime(e).padStart(timeWidth))}  ${e.who.padEnd(10)} ${tone(e.what)}`);
  }
  line();
  line(chalk.bold('Final state'));
  for (const [node, role] of Object.entries(result.final.roles)) line(`  ${node.padEnd(10)} ${role === 'master' ? chalk.bold(role) : role}`);
  const sentinels = Object.entries(result.final.sentinels);
  if (sentinels.length > 0) line(`  Sentinels report: ${sentinels.map(([s, v]) => `${s} ${v}`).join(', ')}`);
  if (result.failovers.length > 0) {
    line();
    line(chalk.bold('Failovers'));
    for (const f of result.failovers) {
      line(`  ${f.from} -> ${f.to} (epoch ${f.epoch}): ${f.durationMs === null ? 'no fault before it' : `${seconds(f.durationMs * 1000)} after ${f.fault}`} (switch on a majority at ${seconds(f.endMs * 1000)})`);
    }
  }
  line();
  line(chalk.bold('Checkers'));
  for (const c of checkerLines(result)) {
    line(`  ${mark(c.ok)} ${c.text}`);
    for (const d of c.details) line(chalk.dim(`      ${d}`));
  }
  line();
  line(chalk.bold(`Invariants${scenario.expect.invariants === false ? chalk.dim(' (reported only: the scenario sets expect.invariants: false)') : ''}`));
  for (const c of invariantLines(result)) {
    line(`  ${mark(c.ok)} ${c.text}`);
    for (const d of c.details) line(chalk.dim(`      ${d}`));
  }
  if (result.expectations.length > 0) {
    line();
    line(chalk.bold('Expectations'));
    for (const e of result.expectations) line(`  ${mark(e.met)} ${e.name} ${chalk.dim(`(${e.detail})`)}`);
  }
  line();
  const met = result.expectations.filter((e) => e.met).length;
  line(result.passed ? chalk.green.bold(`PASSED (${met}/${result.expectations.length} expectations met)`) : chalk.red.bold(`FAILED (${met}/${result.expectations.length} expectations met)`));
  line(`trace hash ${chalk.cyan(result.traceHash)} · ${result.stats.events.toLocaleString('en-US')} kernel events · ${result.stats.operations.toLocaleString('en-US')} operations`);
  // A served run depends on real clients' timing: it can be rerun, not replayed.
  if (result.replay.includes('redsim serve')) line(`rerun (real clients' timing is not replayed): ${chalk.green(result.replay)}`);
  else line(`replay: ${chalk.green(result.replay)}`);
  if (reportPath !== null) line(`report: ${chalk.underline(reportPath)}`);
  return out.join('\n');
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };

/** The merged node logs, as redis-server and redis-sentinel print them (loglevel notice). */
export function renderLogs(run: Simulation, minimum: LogLevel = 'notice'): string {
  const lines: string[] = [];
  for (const e of run.trace) {
    if (e.kind !== 'log' && e.kind !== 'sentinel.event') continue;
    const fields = e as unknown as LogFields;
    if (LEVEL_RANK[fields.level] < LEVEL_RANK[minimum]) continue;
    lines.push(`${e.node.padEnd(4)} ${formatLogLine(fields)}`);
  }
  return lines.join('\n');
}

/**
 * Each node's own log file, as its process would have written it with
 * `logfile` set and loglevel notice: `m1.redis.log`, `s1.sentinel.log` (a
 * Sentinel logs as role X). Every incarnation appends to the same file, so a
 * restart shows its start-up banner again, and a fork child's `C` lines are
 * in its parent's file, as with a real logfile.
 */
export function nodeLogFiles(trace: readonly TraceEvent[], minimum: LogLevel = 'notice'): Map<string, string> {
  const byNode = new Map<string, { sentinel: boolean; lines: string[] }>();
  for (const e of trace) {
    if (e.kind !== 'log' && e.kind !== 'sentinel.event') continue;
    const fields = e as unknown as LogFields;
    if (LEVEL_RANK[fields.level] < LEVEL_RANK[minimum]) continue;
    let file = byNode.get(e.node);
    if (file === undefined) byNode.set(e.node, (file = { sentinel: false, lines: [] }));
    if (fields.role === 'X') file.sentinel = true;
    file.lines.push(formatLogLine(fields));
  }
  const files = new Map<string, string>();
  for (const [node, { sentinel, lines }] of byNode) files.set(`${node}.${sentinel ? 'sentinel' : 'redis'}.log`, lines.join('\n') + '\n');
  return files;
}

function wrap(text: string, width: number): string {
  const words = text.split(/\s+/);
  const rows: string[] = [];
  let row = '';
  for (const w of words) {
    if (row.length + w.length + 1 > width) {
      rows.push(row);
      row = w;
    } else row = row === '' ? w : `${row} ${w}`;
  }
  if (row !== '') rows.push(row);
  return rows.join('\n');
}
