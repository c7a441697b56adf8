// The summary of an exploration: per expectation (each violated invariant is
// one), how many seeds failed; per invariant, how many seeds violated it; the
// distribution of acknowledged-write loss; failover time percentiles.

import type { SeedOutcome } from './outcome.js';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface ExploreSummary {
  readonly seeds: number;
  readonly failed: number;
  readonly byExpectation: readonly { readonly name: string; readonly seeds: number }[];
  /** Per invariant violated in some seed, in how many (whether or not the scenario fails on it: those that do are also rows of byExpectation). */
  readonly byInvariant: readonly { readonly invariant: string; readonly seeds: number }[];
  readonly seedsWithLoss: number;
  readonly seedsWithSplitBrain: number;
  readonly lostRate: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly failoverMs: { readonly count: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
}

export function summarize(outcomes: readonly SeedOutcome[]): ExploreSummary {
  const byExpectation = new Map<string, number>();
  for (const o of outcomes) for (const v of o.violated) byExpectation.set(v.name, (byExpectation.get(v.name) ?? 0) + 1);
  const byInvariant = new Map<string, number>();
  for (const o of outcomes) for (const title of o.invariantsViolated) byInvariant.set(title, (byInvariant.get(title) ?? 0) + 1);
  const rates = outcomes.map((o) => o.lostRate).sort((a, b) => a - b);
  const failovers = outcomes.flatMap((o) => o.failoverMs).sort((a, b) => a - b);
  return {
    seeds: outcomes.length,
    failed: outcomes.filter((o) => !o.passed).length,
    byExpectation: [...byExpectation].map(([name, seeds]) => ({ name, seeds })),
    byInvariant: [...byInvariant].map(([invariant, seeds]) => ({ invariant, seeds })),
    seedsWithLoss: outcomes.filter((o) => o.lost > 0).length,
    seedsWithSplitBrain: outcomes.filter((o) => o.splitBrain).length,
    lostRate: { p50: percentile(rates, 50), p90: percentile(rates, 90), p99: percentile(rates, 99), max: rates[rates.length - 1] ?? NaN },
    failoverMs: { count: failovers.length, p50: percentile(failovers, 50), p90: percentile(failovers, 90), p99: percentile(failovers, 99), max: failovers[failovers.length - 1] ?? NaN },
  };
}
