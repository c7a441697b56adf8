// The simulation kernel: one virtual clock, one agenda, the run's PRNG streams
// and its trace. Everything that happens in a run is a callback scheduled here;
// nothing reads the host's time or randomness. Single-threaded by construction.

import { EventQueue, type Timer, type TimerCallback } from './event-queue.js';
import { RngStreams, type Seed } from './rng.js';
import { Trace, type TraceFields, type TraceKeep, type TraceValue } from './trace.js';
import type { Microseconds } from './time.js';

export interface SimulationOptions {
  seed: Seed;
  /** Which trace event bodies to keep; the hash always covers every event. */
  traceKeep?: TraceKeep;
}

export class Simulation {
  readonly seed: Seed;
  readonly rng: RngStreams;
  readonly trace: Trace;
  private readonly queue = new EventQueue();
  private now: Microseconds = 0;
  /** Kernel time of the run's t=0 (a warm start's settling ends there); 0 for a cold start. */
  private origin: Microseconds = 0;
  private executed = 0;
  private stopRequested = false;

  constructor(options: SimulationOptions) {
    this.seed = options.seed;
    this.rng = new RngStreams(options.seed);
    this.trace = new Trace(options.traceKeep ?? 'all');
  }

  /** True (network) time. Processes read their own clocks instead. */
  get nowUs(): Microseconds {
    return this.now;
  }

  /** Kernel time of the run's t=0: trace and history times count from it. */
  get originUs(): Microseconds {
    return this.origin;
  }

  /** Time since the run's t=0 (negative while a warm start settles): what the trace records. */
  get sinceOriginUs(): Microseconds {
    return this.now - this.origin;
  }

  /**
   * Make now the run's t=0. Events already traced (the settling phase) get
   * times before 0; the hash keeps what was folded in when they happened, so
   * it stays a pure function of scenario, seed and build. Kernel time, which
   * the network and every process clock read, goes on unchanged.
   */
  setOrigin(): void {
    const shiftUs = this.now - this.origin;
    this.origin = this.now;
    this.trace.shiftTimes(-shiftUs);
  }

  /** Kernel events executed so far. */
  get eventsExecuted(): number {
    return this.executed;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Run `callback(arg)` at absolute time `timeUs` (not before now). */
  at<T>(timeUs: Microseconds, callback: TimerCallback<T>, arg: T): Timer;
  at(timeUs: Microseconds, callback: () => void): Timer;
  at<T>(timeUs: Microseconds, callback: TimerCallback<T>, arg?: T): Timer {
    if (timeUs < this.now) throw new Error(`cannot schedule in the past: ${timeUs}us < now ${this.now}us`);
    return this.queue.push(timeUs, callback, arg as T);
  }

  /** Run `callback(arg)` after `delayUs`. */
  after<T>(delayUs: Microseconds, callback: TimerCallback<T>, arg: T): Timer;
  after(delayUs: Microseconds, callback: () => void): Timer;
  after<T>(delayUs: Microseconds, callback: TimerCallback<T>, arg?: T): Timer {
    return this.queue.push(this.now + (delayUs > 0 ? delayUs : 0), callback, arg as T);
  }

  cancel(timer: Timer | null | undefined): void {
    if (timer) this.queue.cancel(timer);
  }

  /** Record a trace event at the current time (counted from the run's t=0). */
  emit(node: string, kind: string, fields?: TraceFields): void {
    this.trace.emit(this.now - this.origin, node, kind, fields);
  }

  /** A history record's trace event (kind `op`): see Trace.emitOp. */
  emitOp(process: string, type: string, f: string, key: string, value: TraceValue, node: string, error: string | undefined): void {
    this.trace.emitOp(this.now - this.origin, process, type, f, key, value, node, error);
  }

  /** Run one event. False when the agenda is empty. */
  step(): boolean {
    const timer = this.queue.pop();
    if (timer === undefined) return false;
    this.fire(timer);
    return true;
  }

  /**
   * Run every event up to and including `endUs`, then leave the clock at `endUs`
   * (or earlier if `stop()` was called).
   */
  runUntil(endUs: Microseconds): void {
    this.stopRequested = false;
    const queue = this.queue;
    while (!this.stopRequested) {
      if (queue.peekTimeUs() > endUs) break;
      this.fire(queue.pop()!);
    }
    if (!this.stopRequested && endUs > this.now && endUs !== Infinity) this.now = endUs;
  }

  /** Run for `durationUs` more. */
  runFor(durationUs: Microseconds): void {
    this.runUntil(this.now + durationUs);
  }

  /** Make `runUntil` return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  private fire(timer: Timer): void {
    const callback = timer.callback!;
    timer.callback = null;
    this.now = timer.timeUs;
    this.executed++;
    callback(timer.arg);
  }
}
