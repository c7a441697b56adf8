// Sentinels know each other by run id; people know them by name. Every
// Sentinel logs `Sentinel ID is <id>` when it starts, and records its id with
// its votes: enough to name the run ids an invariant's text mentions.

import type { TraceEvent } from '../../sim/trace.js';
import { shortId } from './result.js';

/** How a Sentinel announces its run id when it starts. */
export const SENTINEL_ID_LINE = 'Sentinel ID is ';

export class SentinelNames {
  private readonly byRunId = new Map<string, string>();

  constructor(trace: readonly TraceEvent[]) {
    for (const e of trace) {
      if (e.kind === 'log') {
        const text = e['text'];
        if (typeof text === 'string' && text.startsWith(SENTINEL_ID_LINE)) this.byRunId.set(text.slice(SENTINEL_ID_LINE.length), e.node);
      } else if ((e.kind === 'sentinel.vote' || e.kind === 'sentinel.leader') && typeof e['runId'] === 'string') {
        this.byRunId.set(e['runId'], e.node);
      }
    }
  }

  /** `s2`, or the short run id when no Sentinel of the run had it. */
  name(runId: string | null | undefined): string {
    if (runId === null || runId === undefined) return '(nobody)';
    return this.byRunId.get(runId) ?? shortId(runId);
  }
}
