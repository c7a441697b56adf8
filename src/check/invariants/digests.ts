// After convergence, every replica's dataset equals the master's, not only its
// offset. Once the run is over (after the final reads) each live data node
// records its dataset digest, as DEBUG DIGEST computes one, with its role, its
// master, its link and its replication ID and offset (`redis.digest`). When
// the run converged (the convergence checker says so and names the master), a
// replica of that master (directly or through another replica) with its link
// up, at the master's replication ID and offset, has applied exactly the
// master's stream: its digest must be the master's.
//
// Not compared: runs that did not converge (nothing promises equal data
// then), and a replica not at the master's ID and offset when the digests were
// taken (a PING in flight; the convergence checker judges lag).

import type { TraceEvent } from '../../sim/trace.js';
import type { ConvergenceResult } from '../convergence.js';
import { Violations, at, notChecked, shortId, type InvariantResult } from './result.js';

export const DIGESTS = { invariant: 'replica-datasets', title: "replicas' datasets equal master's" } as const;
export const DIGESTS_KINDS = ['redis.digest'] as const;

export function checkDigests(trace: readonly TraceEvent[], convergence: ConvergenceResult): InvariantResult {
  const digests = new Map<string, TraceEvent>();
  for (const e of trace) if (e.kind === 'redis.digest') digests.set(e.node, e);
  const master = convergence.master;
  if (convergence.valid !== true || master === null) return notChecked(DIGESTS.invariant, DIGESTS.title, 'not compared: the run did not converge');
  const top = digests.get(master);
  if (top === undefined) return notChecked(DIGESTS.invariant, DIGESTS.title, `not compared: no digest of the master ${master} was recorded`);
  const violations = new Violations();
  const notCompared: string[] = [];
  for (const [node, e] of digests) {
    if (node === master || !replicates(node, master, digests)) continue;
    if (e['linkUp'] !== true || e['replid'] !== top['replid'] || e['offset'] !== top['offset']) {
      notCompared.push(`${node} at ${shortId(String(e['replid']))}:${String(e['offset'])}`);
      continue;
    }
    if (e['digest'] === top['digest']) continue;
    violations.add(
      e.tUs,
      node,
      `${node}'s dataset differs from ${master}'s at the same replication offset ${String(e['offset'])} (ID ${shortId(String(e['replid']))}) at ${at(e.tUs)}: digest ${String(e['digest'])} (${String(e['keys'])} keys) against ${String(top['digest'])} (${String(top['keys'])} keys)`,
    );
  }
  const note = notCompared.length > 0 ? `not at ${master}'s ${shortId(String(top['replid']))}:${String(top['offset'])}, not compared: ${notCompared.join(', ')}` : undefined;
  return violations.result(DIGESTS.invariant, DIGESTS.title, note);
}

/** Does `node` replicate `master`, directly or down a chain of replicas? */
function replicates(node: string, master: string, digests: ReadonlyMap<string, TraceEvent>): boolean {
  const seen = new Set<string>();
  let current: string | null = node;
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    const e = digests.get(current);
    if (e === undefined || e['role'] !== 'replica') return false;
    const up = e['master'];
    if (up === master) return true;
    current = typeof up === 'string' ? up : null;
  }
  return false;
}
