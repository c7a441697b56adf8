// What a client lived through, in time rather than in operation counts: the
// longest it waited for one answer (a client hanging on a paused master shows
// here, not in an ok rate), and the longest stretch with no acknowledged
// write while it kept trying. `redsim serve` reports it for the real clients'
// connections taken together, as a person looking at their app would.

import { forEachPair, type HistoryOp, type HistorySource } from '../sim/history.js';

const WRITES = new Set(['add', 'append', 'incr', 'write']);

export interface LongestWait {
  readonly ms: number;
  readonly process: string;
  readonly node: string;
  readonly f: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** How it ended: answered ok or with an error, unknown (connection closed), or still open at the end. */
  readonly outcome: 'ok' | 'fail' | 'info' | 'open';
  readonly error?: string;
}

export interface ClientWaits {
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  /** Distinct connections (process names without the pipelining suffix). */
  readonly connections: number;
  readonly longestWait: LongestWait | null;
  /** The longest time between acknowledged writes (or from the first write sent to the first ack, or from the last ack to the last write sent). */
  readonly longestWriteGap: { readonly ms: number; readonly fromMs: number; readonly toMs: number } | null;
}

/** The waits of the processes `accept` picks; an op still open at `endUs` waited until then. */
export function clientWaits(history: HistorySource | readonly HistoryOp[], accept: (process: string) => boolean, endUs: number): ClientWaits {
  let ok = 0;
  let fail = 0;
  let info = 0;
  const connections = new Set<string>();
  let longest: LongestWait | null = null;
  const ackTimes: number[] = [];
  let firstWriteSentUs = Infinity;
  let lastWriteSentUs = -Infinity;
  forEachPair(history, (invoke, completion) => {
    if (!accept(invoke.process) || invoke.f === 'final-read') return;
    connections.add(invoke.process.replace(/\.\d+$/, ''));
    const outcome = completion === null ? 'open' : completion.type === 'ok' ? 'ok' : completion.type === 'fail' ? 'fail' : 'info';
    if (outcome === 'ok') ok++;
    else if (outcome === 'fail') fail++;
    else if (outcome === 'info') info++;
    const doneUs = completion?.time ?? endUs;
    const ms = (doneUs - invoke.time) / 1000;
    if (longest === null || ms > longest.ms) {
      const error = completion?.error;
      longest = { ms, process: invoke.process, node: invoke.node, f: invoke.f, fromMs: invoke.time / 1000, toMs: doneUs / 1000, outcome, ...(error !== undefined ? { error } : {}) };
    }
    if (WRITES.has(invoke.f)) {
      firstWriteSentUs = Math.min(firstWriteSentUs, invoke.time);
      lastWriteSentUs = Math.max(lastWriteSentUs, invoke.time);
      if (outcome === 'ok') ackTimes.push(doneUs);
    }
  });
  let gap: ClientWaits['longestWriteGap'] = null;
  if (Number.isFinite(firstWriteSentUs)) {
    ackTimes.sort((a, b) => a - b);
    const marks = [firstWriteSentUs, ...ackTimes];
    const lastAck = ackTimes[ackTimes.length - 1] ?? firstWriteSentUs;
    if (lastWriteSentUs > lastAck) marks.push(lastWriteSentUs);
    for (let i = 1; i < marks.length; i++) {
      const ms = (marks[i]! - marks[i - 1]!) / 1000;
      if (gap === null || ms > gap.ms) gap = { ms, fromMs: marks[i - 1]! / 1000, toMs: marks[i]! / 1000 };
    }
  }
  return { ok, fail, info, connections: connections.size, longestWait: longest, longestWriteGap: gap };
}
