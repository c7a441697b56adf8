// What every invariant checker returns: its verdict and, for each violation,
// when and where it happened and what happened, in words a person can follow.

import { shortSecondsText } from '../../sim/time.js';

export interface InvariantViolation {
  /** When it happened, µs from the run's t=0. */
  readonly atUs: number;
  /** The node whose action broke the invariant. */
  readonly node: string;
  readonly text: string;
}

export interface InvariantResult {
  /** A stable id, e.g. `one-vote-per-epoch`. */
  readonly invariant: string;
  /** What holds, short enough for a table row: `one vote per Sentinel per epoch` (at most 33 characters: explore's rows read `invariant: <title>`). */
  readonly title: string;
  /** 'unknown': not checked (what it reads was not recorded, or it does not apply); `note` says why. */
  readonly ok: boolean | 'unknown';
  /** The first violations, in trace order (at most MAX_LISTED). */
  readonly violations: readonly InvariantViolation[];
  /** How many violations in all (more than listed when there were many). */
  readonly violationCount: number;
  readonly note?: string;
}

/** A long run can break an invariant thousands of times (every write of a stretch): the first ones tell the story. */
export const MAX_LISTED = 20;

/** Collects one checker's violations, keeping the first MAX_LISTED. */
export class Violations {
  readonly listed: InvariantViolation[] = [];
  count = 0;

  add(atUs: number, node: string, text: string): void {
    this.count++;
    if (this.listed.length < MAX_LISTED) this.listed.push({ atUs, node, text });
  }

  result(invariant: string, title: string, note?: string): InvariantResult {
    return { invariant, title, ok: this.count === 0, violations: this.listed, violationCount: this.count, ...(note !== undefined ? { note } : {}) };
  }
}

export function notChecked(invariant: string, title: string, note: string): InvariantResult {
  return { invariant, title, ok: 'unknown', violations: [], violationCount: 0, note };
}

/** `12.345s`: cut to the millisecond, as every time a person reads (sim/time.ts). */
export const at = shortSecondsText;

/** A run id, shortened as people read them. */
export function shortId(runId: string): string {
  return runId.length > 8 ? runId.slice(0, 8) : runId;
}
