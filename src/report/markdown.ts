// report.md: the run's story as a Markdown document (for a PR, an issue, a wiki).

import type { Simulation } from '../scenario/simulate.js';
import { checkerLines, entryTime, invariantLines, seconds, startText, timeline } from './story.js';

const mark = (ok: boolean | 'unknown') => (ok === true ? '✅' : ok === false ? '❌' : '❔');

export function renderMarkdown(run: Simulation): string {
  const { result, scenario, trace } = run;
  const out: string[] = [];
  out.push(`# ${scenario.name} — ${result.passed ? 'passed' : 'FAILED'}`, '');
  if (scenario.description) out.push(scenario.description, '');
  out.push(
    `| | |`,
    `|---|---|`,
    `| seed | ${result.seed} |`,
    `| start | ${startText(result.start)} |`,
    `| simulated | ${seconds(result.stats.simulatedMs * 1000)} (${result.stats.wallMs} ms of wall time) |`,
    `| operations | ${result.stats.operations} |`,
    `| trace hash | \`${result.traceHash}\` |`,
    `| replay | \`${result.replay}\` |`,
    '',
    '## Expectations',
    '',
  );
  if (result.expectations.length === 0) out.push('None set.');
  for (const e of result.expectations) out.push(`- ${mark(e.met)} **${e.name}**: ${e.detail}`);
  out.push('', '## Checkers', '');
  for (const c of checkerLines(result)) {
    out.push(`- ${mark(c.ok)} ${c.text}`);
    for (const d of c.details) out.push(`  - ${d}`);
  }
  out.push('', `## Invariants${scenario.expect.invariants === false ? ' (reported only: expect.invariants is false)' : ''}`, '');
  for (const c of invariantLines(result)) {
    out.push(`- ${mark(c.ok)} ${c.text}`);
    for (const d of c.details) out.push(`  - ${d}`);
  }
  out.push('', '## Timeline', '', '| time | who | what |', '|---:|---|---|');
  for (const e of timeline(trace)) out.push(`| ${entryTime(e)} | ${e.who} | \`${e.what}\` |`);
  out.push('', '## Final state', '', '| node | role |', '|---|---|');
  for (const [node, role] of Object.entries(result.final.roles)) out.push(`| ${node} | ${role} |`);
  for (const [s, view] of Object.entries(result.final.sentinels)) out.push(`| ${s} (Sentinel) | reports ${view} |`);
  if (result.failovers.length > 0) {
    out.push('', '## Failovers', '', '| from | to | epoch | cause | time to switch on a majority |', '|---|---|---:|---|---:|');
    for (const f of result.failovers) out.push(`| ${f.from} | ${f.to} | ${f.epoch} | ${f.fault ?? '—'} | ${f.durationMs === null ? '—' : seconds(f.durationMs * 1000)} |`);
  }
  out.push('');
  return out.join('\n');
}
