// The trace: every meaningful thing that happened in a run, as structured events
// `{ tUs, node, kind, ...fields }`, folded into a running hash. The hash is the
// run's fingerprint (same scenario + seed + build => same hash). Keeping event
// bodies is optional: explore mode keeps only the hash and the kinds its
// checkers read, which keeps thousands of seeds cheap.

import { RunningHash } from './hash.js';
import type { Microseconds } from './time.js';

export type TracePrimitive = string | number | boolean | null;
export type TraceValue = TracePrimitive | readonly TracePrimitive[];
export type TraceFields = Readonly<Record<string, TraceValue>>;

export interface TraceEvent {
  readonly tUs: Microseconds;
  readonly node: string;
  readonly kind: string;
  readonly [field: string]: TraceValue | undefined;
}

/** Which event bodies to keep: all of them, none, or only these kinds. */
export type TraceKeep = 'all' | 'none' | ReadonlySet<string>;

export type TraceListener = (event: TraceEvent) => void;

/** Every this many events the trace notes its running hash (replay finds divergence with them). */
export const CHECKPOINT_EVERY = 256;

export class Trace {
  private readonly hasher = new RunningHash();
  private readonly kept: TraceEvent[] = [];
  private readonly listeners: TraceListener[] = [];
  private emitted = 0;
  /** The running hash after every CHECKPOINT_EVERY events. */
  readonly checkpoints: string[] = [];

  constructor(private readonly keep: TraceKeep = 'all') {}

  /** Events emitted so far (kept or not). */
  get count(): number {
    return this.emitted;
  }

  /** The kept events, in emission order. */
  get events(): readonly TraceEvent[] {
    return this.kept;
  }

  /** Are events of this kind kept (their bodies readable after the run)? Checkers of a lean run skip what they cannot see. */
  keeps(kind: string): boolean {
    const keep = this.keep;
    return keep === 'all' || (keep !== 'none' && keep.has(kind));
  }

  hash(): string {
    return this.hasher.hex();
  }

  /** Listeners see every event, kept or not (live log output, online checkers). */
  subscribe(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  /** Move every kept event by `deltaUs` (the run's t=0 was set after they happened). */
  shiftTimes(deltaUs: Microseconds): void {
    if (deltaUs === 0) return;
    for (const event of this.kept) (event as { tUs: Microseconds }).tUs += deltaUs;
  }

  /**
   * `emit(tUs, process, 'op', { type, f, key, value, node[, error] })`, with the
   * same hash, but building the fields only when the event is kept or heard:
   * the history records one per operation.
   */
  emitOp(tUs: Microseconds, process: string, type: string, f: string, key: string, value: TraceValue, node: string, error: string | undefined): void {
    const keep = this.keep;
    if (keep === 'all' || this.listeners.length > 0 || (keep !== 'none' && keep.has('op'))) {
      this.emit(tUs, process, 'op', error === undefined ? { type, f, key, value, node } : { type, f, key, value, node, error });
      return;
    }
    this.emitted++;
    const h = this.hasher;
    h.number(tUs);
    h.string(process);
    h.string('op');
    h.string('type');
    h.string(type);
    h.string('f');
    h.string(f);
    h.string('key');
    h.string(key);
    h.string('value');
    hashValue(h, value);
    h.string('node');
    h.string(node);
    if (error !== undefined) {
      h.string('error');
      h.string(error);
    }
    if ((this.emitted & (CHECKPOINT_EVERY - 1)) === 0) this.checkpoints.push(h.hex());
  }

  emit(tUs: Microseconds, node: string, kind: string, fields?: TraceFields): void {
    this.emitted++;
    const h = this.hasher;
    h.number(tUs);
    h.string(node);
    h.string(kind);
    if (fields !== undefined) {
      for (const key in fields) {
        h.string(key);
        hashValue(h, fields[key]!);
      }
    }
    if ((this.emitted & (CHECKPOINT_EVERY - 1)) === 0) this.checkpoints.push(h.hex());
    const keep = this.keep;
    const wanted = keep === 'all' || (keep !== 'none' && keep.has(kind));
    if (!wanted && this.listeners.length === 0) return;
    const event: TraceEvent = { tUs, node, kind, ...fields };
    if (wanted) this.kept.push(event);
    for (const listener of this.listeners) listener(event);
  }
}

function hashValue(h: RunningHash, v: TraceValue): void {
  if (typeof v === 'string') h.string(v);
  else if (typeof v === 'number') h.number(v);
  else if (typeof v === 'boolean') h.word(v ? 0x7f4a7c15 : 0x2545f491);
  else if (v === null) h.word(0x1b873593);
  else {
    h.word(0x3c6ef372 ^ v.length);
    for (const item of v) hashValue(h, item);
  }
}
