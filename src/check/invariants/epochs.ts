// Config epochs never decrease at any Sentinel. Two epochs per Sentinel:
//  - a master's config epoch (`sentinel.config-epoch`, recorded at start-up
//    and whenever it changes): never lower than before, across restarts too,
//    since every change is saved in sentinel.conf before the Sentinel does
//    anything else;
//  - its current epoch (every Sentinel event carries it): never lower than
//    before in one life of the process.
//
// Not flagged: a current epoch lower after a restart (Redis does not save the
// epoch SENTINEL FAILOVER bumps until the next tick's vote, so a crash in
// between can lose it); anything after the Sentinel's disk was wiped (it
// starts over as a new Sentinel); a master removed and monitored again (its
// config epoch starts over at 0).

import type { TraceEvent } from '../../sim/trace.js';
import { Violations, at, type InvariantResult } from './result.js';

export const EPOCHS = { invariant: 'epochs-never-decrease', title: 'config epochs never decrease' } as const;
export const EPOCHS_KINDS = ['sentinel.config-epoch', 'sentinel.event', 'process'] as const;

export function checkEpochs(trace: readonly TraceEvent[]): InvariantResult {
  const violations = new Violations();
  /** `sentinel master` -> the last config epoch and when. */
  const configEpochs = new Map<string, { epoch: number; tUs: number }>();
  /** Sentinel -> its current epoch in this life, and since when. */
  const currentEpochs = new Map<string, { epoch: number; tUs: number }>();
  for (const e of trace) {
    if (e.kind === 'process') {
      const event = e['event'];
      if (event === 'start') currentEpochs.delete(e.node);
      else if (event === 'disk-wiped') {
        for (const key of [...configEpochs.keys()]) if (key.startsWith(`${e.node} `)) configEpochs.delete(key);
      }
    } else if (e.kind === 'sentinel.config-epoch') {
      const master = String(e['master']);
      const key = `${e.node} ${master}`;
      const epoch = Number(e['configEpoch']);
      const before = configEpochs.get(key);
      if (before !== undefined && epoch < before.epoch) {
        violations.add(e.tUs, e.node, `${e.node}'s config epoch for ${master} went down from ${before.epoch} (since ${at(before.tUs)}) to ${epoch} at ${at(e.tUs)}`);
      }
      configEpochs.set(key, { epoch, tUs: e.tUs });
    } else if (e.kind === 'sentinel.event') {
      if (e['name'] === '-monitor') configEpochs.delete(`${e.node} ${String(e['master'])}`);
      const epoch = e['epoch'];
      if (typeof epoch !== 'number') continue;
      const before = currentEpochs.get(e.node);
      if (before !== undefined && epoch < before.epoch) {
        violations.add(e.tUs, e.node, `${e.node}'s current epoch went down from ${before.epoch} (since ${at(before.tUs)}) to ${epoch} at ${at(e.tUs)} (${String(e['text'])})`);
      }
      // From the new value on: one drop is one violation, not one per event after it.
      if (before === undefined || epoch !== before.epoch) currentEpochs.set(e.node, { epoch, tUs: e.tUs });
    }
  }
  return violations.result(EPOCHS.invariant, EPOCHS.title);
}
