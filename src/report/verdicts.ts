// The explanation under a verdict row that is not ok: what was expected, what
// happened instead, and what that means for the run. A checker can be
// VIOLATED in a run that PASSED (a partition scenario expects lost writes);
// the row says so itself, so a reader need not look elsewhere.

import type { SimulationResult } from '../scenario/simulate.js';
import type { Scenario } from '../scenario/scenario.js';
import { OUTAGE_MIN_MS } from '../check/availability.js';
import { cutDecimals, secondsText } from '../sim/time.js';
import type { Verdict } from './data.js';

type Explanation = NonNullable<Verdict['explanation']>;

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Which expectations (by the name expectations.ts gives them) judge what each checker row measures. */
const EXPECTATION_OF_CHECKER: Record<string, readonly string[]> = {
  'no acknowledged write lost': ['lost writes'],
  'no split brain': ['split brain', 'no split brain'],
  linearizable: ['linearizable:'],
  converged: ['convergence within', 'no convergence within'],
};

function expectationPrefixes(row: string): readonly string[] | undefined {
  return row.startsWith('no outage') ? ['availability:'] : EXPECTATION_OF_CHECKER[row];
}

function expectationFor(row: string, result: SimulationResult): SimulationResult['expectations'][number] | undefined {
  const prefixes = expectationPrefixes(row);
  if (prefixes === undefined) return undefined;
  return result.expectations.find((e) => prefixes.some((p) => e.name === p || e.name.startsWith(`${p} `) || (p.endsWith(':') && e.name.startsWith(p))));
}

/** What a checker row's violation means for the run: expected by the scenario, a failure, or a finding. */
function checkerMeaning(row: string, ok: boolean | 'unknown', result: SimulationResult): string {
  const e = expectationFor(row, result);
  const verdict = result.passed ? 'PASSED' : 'FAILED';
  // A checker not mapped to expectations here: say only how the run ended.
  if (expectationPrefixes(row) === undefined) return `The run ${verdict} (the expectation rows above say on what).`;
  if (ok === 'unknown') return `Undecided: the checker could not tell${e !== undefined ? ` (expect: ${e.name}, ${e.met ? 'met' : 'not met'})` : ''}; the run ${verdict}.`;
  if (e === undefined) return `The scenario sets no expectation on this: a finding, reported without failing the run (which ${verdict}).`;
  if (e.met) return `The scenario expects this (expect: ${e.name}, met): it is what the scenario demonstrates, so it does not fail the run (which ${verdict}).`;
  return `The scenario's expectation on this is not met (expect: ${e.name}): the run FAILED because of it.`;
}

function lostWritesGot(result: SimulationResult): string {
  const lw = result.checkers.lostWrites;
  if (lw.valid === 'unknown') return `unknown: ${lw.note ?? 'the final read did not complete'}`;
  const perClient = Object.entries(lw.perClient)
    .sort((a, b) => b[1].lost - a[1].lost || a[0].localeCompare(b[0]))
    .map(([p, c]) => `${p}: ${count(c.lost)} of ${count(c.acked)}`);
  const causes = Object.entries(lw.attribution?.byCause ?? {})
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cause, n]) => `${count(n)} ${cause}`);
  const first = lw.attribution?.losses[0];
  return (
    `${count(lw.lost)} of ${count(lw.acked)} acknowledged writes lost (${perClient.join(', ')})` +
    (causes.length > 0 ? `; why: ${causes.join(', ')}` : '') +
    (first !== undefined ? `; e.g. ${first.story}` : '') +
    (lw.failedPresent > 0 ? `; ${plural(lw.failedPresent, 'refused write')} present anyway` : '')
  );
}

function lostWritesExpected(scenario: Scenario): string {
  const lw = scenario.expect.lostWrites;
  if (lw === undefined) return 'no acknowledged write lost';
  if (lw.min !== undefined && lw.max !== undefined) return `between ${count(lw.min)} and ${count(lw.max)} lost acknowledged writes`;
  if (lw.max !== undefined) return `at most ${plural(lw.max, 'lost acknowledged write')}`;
  if (lw.min !== undefined) return `at least ${plural(lw.min, 'lost acknowledged write')}`;
  return 'no acknowledged write lost';
}

function splitBrainGot(result: SimulationResult): string {
  const sb = result.checkers.splitBrain;
  if (sb.intervals.length === 0) return 'never two masters taking writes';
  return sb.intervals
    .map((i) => {
      const writes = Object.entries(i.writesByNode).map(([n, k]) => `${n} ${count(k)}`);
      return `${i.masters.join(' and ')} both master from ${secondsText(i.startUs)} to ${secondsText(i.endUs)} (${secondsText(i.endUs - i.startUs)}), writes acknowledged: ${writes.join(', ')}`;
    })
    .join('; ');
}

function outagesGot(result: SimulationResult): string {
  const parts: string[] = [];
  for (const [p, a] of Object.entries(result.checkers.availability.clients)) {
    if (a.outages.length === 0) continue;
    const windows = a.outages.map((o) => `from ${secondsText(o.fromUs)} to ${secondsText(o.toUs)} (${cutDecimals(o.ms, 1000, 1)} s)`);
    const because = Object.entries(a.unavailableBecause)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([kind, n]) => `${n} s ${kind}`);
    parts.push(`${p}: no acknowledged write ${windows.join(', ')}` + (because.length > 0 ? `; ${plural(a.unavailableSeconds, 'second')} without a successful op (${because.join(', ')})` : ''));
  }
  return parts.length > 0 ? parts.join('; ') : 'no outage';
}

function linearizableGot(result: SimulationResult): string {
  const l = result.checkers.linearizability;
  const bad = l.keys.filter((k) => k.valid !== true);
  if (bad.length === 0) return `linearizable: ${String(l.valid)}`;
  return bad
    .slice(0, 3)
    .map((k) => `key ${k.key}: ${k.valid === false ? 'not linearizable' : 'undecided (search budget spent)'}${k.counterexample !== undefined && k.counterexample.length > 0 ? `, e.g. ${k.counterexample.slice(0, 3).join('; ')}` : ''}`)
    .join('; ');
}

function convergenceGot(result: SimulationResult): string {
  const c = result.checkers.convergence;
  if (c.convergedAfterMs !== null) return `converged ${secondsText(c.convergedAfterMs * 1000)} after the faults were over (${secondsText(c.faultsOverUs)}), on ${c.master ?? '?'}`;
  return `not converged at the end: ${c.problems.join('; ') || 'no probe round was converged'}`;
}

function checkerExplanation(v: Verdict, result: SimulationResult): Explanation {
  const meaning = checkerMeaning(v.name, v.ok, result);
  switch (v.name) {
    case 'no acknowledged write lost':
      return { expected: 'no acknowledged write lost (every acknowledged write in the final read)', got: lostWritesGot(result), meaning };
    case 'no split brain':
      return { expected: 'at most one master acknowledging writes at any time', got: splitBrainGot(result), meaning };
    case 'linearizable':
      return { expected: 'every register history linearizable', got: linearizableGot(result), meaning };
    case 'converged':
      return { expected: `one master every Sentinel reports, every live replica linked and caught up, within ${secondsText(result.checkers.convergence.boundMs * 1000)} after the faults were over`, got: convergenceGot(result), meaning };
    default:
      if (v.name.startsWith('no outage')) {
        return { expected: `every client gets a write acknowledged at least every ${OUTAGE_MIN_MS / 1000} s while it keeps writing`, got: outagesGot(result), meaning };
      }
      // A checker this file does not know yet still gets its row explained in its own words.
      return { expected: v.name, got: v.detail, meaning };
  }
}

function expectationExplanation(v: Verdict, scenario: Scenario, result: SimulationResult): Explanation {
  const name = v.name.replace(/^expect: /, '');
  const meaning = v.ok === 'unknown' ? 'Undecided: the run cannot be judged on this expectation.' : 'An expectation of the scenario: the run FAILED because of it.';
  if (name.startsWith('lost writes')) return { expected: lostWritesExpected(scenario), got: lostWritesGot(result), meaning };
  if (name === 'split brain') return { expected: 'a split brain: two masters acknowledging writes at once', got: splitBrainGot(result), meaning };
  if (name === 'no split brain') return { expected: 'never two masters acknowledging writes at once', got: splitBrainGot(result), meaning };
  if (name.startsWith('availability:')) return { expected: name.replace(/^availability: /, ''), got: outagesGot(result) === 'no outage' ? v.detail : `${v.detail}; ${outagesGot(result)}`, meaning };
  return { expected: name, got: v.detail, meaning };
}

/** The rows with an explanation added to each that is not ok. */
export function explainVerdicts(verdicts: readonly Verdict[], scenario: Scenario, result: SimulationResult): Verdict[] {
  return verdicts.map((v) => {
    if (v.ok === true) return v;
    return { ...v, explanation: v.kind === 'checker' ? checkerExplanation(v, result) : expectationExplanation(v, scenario, result) };
  });
}
