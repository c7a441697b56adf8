// Loss attribution: for each lost write, who acknowledged it and when, and the
// event that threw it away: the acknowledging node's full resync after it was
// demoted (naming the +switch-master that demoted it), its restart without
// persistence, a restart that lost what was not yet on disk, or a failover
// that promoted a replica which never had it (the old master never came back).

import type { TraceEvent } from '../sim/trace.js';
import { formatDurationUs } from '../sim/time.js';
import type { LostWrite } from './lost-writes.js';
import { dataLosses, switches } from './trace-facts.js';

export type LossCause =
  | 'full-resync-after-demotion'
  | 'full-resync'
  | 'restart-without-persistence'
  | 'restart-lost-unsynced-data'
  | 'failover-to-replica-without-it'
  | 'unknown';

export interface AttributedLoss extends LostWrite {
  readonly cause: LossCause;
  readonly discardedAtUs: number | null;
  /** The +switch-master (text and epoch) that demoted the acknowledging node, if any. */
  readonly switchMaster: { readonly text: string; readonly epoch: number; readonly tUs: number } | null;
  /** One sentence for a person. */
  readonly story: string;
}

export interface LossAttributionResult {
  readonly losses: readonly AttributedLoss[];
  /** Lost writes per cause. */
  readonly byCause: Record<string, number>;
}

const at = (us: number) => formatDurationUs(us);

export function attributeLosses(lost: readonly LostWrite[], trace: readonly TraceEvent[]): LossAttributionResult {
  const flushes = dataLosses(trace);
  const switchMarks = switches(trace);
  const losses: AttributedLoss[] = [];
  const byCause: Record<string, number> = {};
  for (const w of lost) {
    const discard = flushes.find((d) => d.node === w.node && d.tUs >= w.ackedAtUs);
    // The switch that moved the master away from the acknowledging node: the
    // last one before the erasure (it may precede the write: a deposed master
    // that has not heard of it yet keeps acknowledging writes).
    const demotions = switchMarks.filter((s) => s.from.startsWith(`${w.node}:`) && (discard === undefined ? s.tUs >= w.ackedAtUs : s.tUs <= discard.tUs));
    const demotion = (discard === undefined ? demotions[0] : demotions[demotions.length - 1]) ?? null;
    const switchMaster = demotion === null ? null : { text: demotion.text, epoch: demotion.epoch, tUs: demotion.tUs };
    let cause: LossCause;
    let discardedAtUs: number | null = discard?.tUs ?? null;
    let story: string;
    const acked = `${w.process}'s write ${w.value} to ${w.key}, acknowledged by ${w.node} at ${at(w.ackedAtUs)}`;
    if (discard?.cause === 'full-resync') {
      cause = demotion !== null ? 'full-resync-after-demotion' : 'full-resync';
      if (demotion === null) story = `${acked}, was erased by ${w.node}'s full resync at ${at(discard.tUs)}`;
      else if (demotion.tUs <= w.ackedAtUs) {
        story = `${acked}, after ${w.node} had already been replaced by ${demotion.text} (epoch ${demotion.epoch}) at ${at(demotion.tUs)}, was erased when ${w.node} did a full resync at ${at(discard.tUs)}`;
      } else {
        story = `${acked}, was erased when ${w.node}, demoted by ${demotion.text} (epoch ${demotion.epoch}) at ${at(demotion.tUs)}, did a full resync at ${at(discard.tUs)}`;
      }
    } else if (discard?.cause === 'restart-without-persistence') {
      cause = 'restart-without-persistence';
      story = `${acked}, was lost when ${w.node} restarted at ${at(discard.tUs)} with no persistence and came back empty`;
    } else if (discard?.cause === 'restart-from-persistence') {
      cause = 'restart-lost-unsynced-data';
      story = `${acked}, was lost when ${w.node} restarted at ${at(discard.tUs)} from data on disk that did not have it yet`;
    } else if (demotion !== null) {
      cause = 'failover-to-replica-without-it';
      discardedAtUs = demotion.tUs;
      story = `${acked}, never reached the replica promoted by ${demotion.text} (epoch ${demotion.epoch}) at ${at(demotion.tUs)}`;
    } else {
      cause = 'unknown';
      story = `${acked}, is missing from the final read; no event in the trace explains it`;
    }
    byCause[cause] = (byCause[cause] ?? 0) + 1;
    losses.push({ ...w, cause, discardedAtUs, switchMaster, story });
  }
  return { losses, byCause };
}
