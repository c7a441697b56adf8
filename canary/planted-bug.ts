// A planted bug: one small edit to a temporary copy of the source, the kind a
// real regression would be. The canary (canary/run.ts) applies each to its own
// copy and checks that `redsim explore` catches it: our proof that explore
// (the invariants and the scenario's expectations) can find bugs at all.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PlantedBug {
  /** Short name, used for --only and the table. */
  readonly id: string;
  readonly area: 'sentinel' | 'replication' | 'persistence' | 'client';
  /** What the bug does, as a person would describe the regression. */
  readonly what: string;
  /** The source file the edit is in, relative to the package root. */
  readonly file: string;
  /** Text that must occur exactly once in the file; it is replaced. */
  readonly find: string;
  readonly replace: string;
  /** The scenario to explore (default: scenarios/explore-failover.yaml). */
  readonly scenario?: string;
}

/** Thrown when a bug's `find` text is gone or ambiguous: the code moved, and the bug must be planted anew. */
export class StaleBugError extends Error {}

/** Apply the edit to the copy at `root`; a stale bug is an error, never a silent no-op. */
export function plant(bug: PlantedBug, root: string): void {
  const path = join(root, bug.file);
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(bug.find);
  if (at < 0) throw new StaleBugError(`canary: bug ${bug.id}: ${bug.file} no longer contains the text it edits (${JSON.stringify(bug.find.slice(0, 60))}); plant it anew`);
  if (text.indexOf(bug.find, at + 1) >= 0) throw new StaleBugError(`canary: bug ${bug.id}: the text it edits occurs more than once in ${bug.file}; make it unique`);
  writeFileSync(path, text.slice(0, at) + bug.replace + text.slice(at + bug.find.length));
}
