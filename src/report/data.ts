// What a report shows, in one plain object (also written into index.html as
// JSON). Built from a run's result, trace and history; rendered as text,
// Markdown and the HTML timeline. All times are µs of true (simulated) time.

import type { SplitBrainInterval } from '../check/split-brain.js';

export type LaneState = 'master' | 'replica' | 'down' | 'paused' | 'loading' | 'syncing' | 'up';

export interface LaneSegment {
  readonly fromUs: number;
  readonly toUs: number;
  readonly state: LaneState;
  /** e.g. the master a replica follows. */
  readonly note?: string;
}

export interface Lane {
  readonly node: string;
  readonly kind: 'redis' | 'sentinel' | 'client';
  /** The box it runs on. */
  readonly host: string;
  readonly segments: readonly LaneSegment[];
}

export interface FaultWindow {
  readonly fromUs: number;
  /** null: never ended. */
  readonly toUs: number | null;
  readonly label: string;
  /** Nodes (or boxes' nodes) it affects; empty for all. */
  readonly nodes: readonly string[];
  /** A fault (default), or an outage: a client with no acknowledged write for 5 s or more. */
  readonly kind?: 'fault' | 'outage';
}

export interface EventMark {
  readonly tUs: number;
  readonly node: string;
  /** `+sdown`, `+odown`, `+elected-leader`, `+switch-master`, ... */
  readonly name: string;
  readonly text: string;
}

export interface OpPoint {
  /** Completion time. */
  readonly tUs: number;
  readonly invokeUs: number;
  readonly process: string;
  readonly node: string;
  readonly outcome: 'ok' | 'fail' | 'info';
  readonly f: string;
  readonly key: string;
  readonly value: string;
  /** An acknowledged write missing at the end. */
  readonly lost: boolean;
  /** A failed or unknown op: the error it got (`READONLY You can't write…`, `timeout`), cut short. */
  readonly error?: string;
  /** A lost write: why, as an index into ReportData.lossReasons. */
  readonly lossReason?: number;
}

/** Why lost writes were lost (shared by every write lost in the same event). */
export interface LossReason {
  /** The loss-attribution cause: `full-resync-after-demotion`, `restart-without-persistence`, … */
  readonly cause: string;
  /** What threw it away, for a person: `was erased when m1, demoted by +switch-master … at 27.7s, did a full resync at 42.914s`. */
  readonly text: string;
}

/** Two or more masters acknowledging writes at the same time (the split-brain checker's intervals). */
export interface SplitBrainBand extends Pick<SplitBrainInterval, 'masters' | 'writesByNode'> {
  /** The checker's interval, named as the report's other windows are. */
  readonly fromUs: number;
  readonly toUs: number;
}

/** One row of the summary panel: an expectation or a checker. */
export interface Verdict {
  readonly name: string;
  readonly ok: boolean | 'unknown';
  /** What was seen, in one line. */
  readonly detail: string;
  readonly kind?: 'expectation' | 'checker';
  /** For a row that is not ok: what was expected, what happened instead, and what that means for the run's verdict. */
  readonly explanation?: { readonly expected: string; readonly got: string; readonly meaning: string };
}

export interface MessageArrow {
  readonly from: string;
  readonly to: string;
  readonly sendUs: number;
  readonly arriveUs: number;
  /** e.g. `SET k v`, `+OK`, `PING`, `RDB 1.2 MB`. */
  readonly label: string;
  /** Never delivered: why (a partition reset it, the connection closed, …); arriveUs is then when it was dropped. */
  readonly dropped?: string;
}

export interface ReportData {
  readonly scenario: string;
  readonly description: string;
  readonly seed: number | string;
  /** How the run started: `warm start (settled 6.1s after the launch, under a second before t=0)` or `cold start (t=0 is the launch)`. */
  readonly start?: string;
  readonly traceHash: string;
  readonly replay: string;
  readonly passed: boolean;
  readonly durationUs: number;
  readonly lanes: readonly Lane[];
  readonly faults: readonly FaultWindow[];
  readonly events: readonly EventMark[];
  readonly ops: readonly OpPoint[];
  /** Indexed by OpPoint.lossReason. */
  readonly lossReasons: readonly LossReason[];
  readonly splitBrain: readonly SplitBrainBand[];
  /** Network messages, possibly only a capped sample (see messagesTruncated). */
  readonly messages: readonly MessageArrow[];
  readonly messagesTruncated: boolean;
  /** One line per expectation and checker, for the summary panel. */
  readonly verdicts: readonly Verdict[];
}
