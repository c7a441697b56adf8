// A simulated OS process: runs one actor, owns its sockets, timers, clocks and
// disk. Its life: stopped -> up <-> paused -> up ... -> crashed | stopped -> up.
//
// Everything that calls into the program goes through `deliver`: while the
// process runs it is called at once; while it is paused (SIGSTOP) it waits in
// order, as data waits in the kernel's buffers and timers fire late; once it
// is crashed or stopped it is dropped. A crash or exit ends the generation, so
// timers set by an earlier life never fire into a later one.

import type { Rng } from '../sim/rng.js';
import type { Timer } from '../sim/event-queue.js';
import type { Microseconds } from '../sim/time.js';
import type { TraceFields } from '../sim/trace.js';
import type { AcceptHandler, Actor, ActorFactory, ProcessContext, ProcessTimer, Socket, SocketHandler } from './actor.js';
import { ProcessClock } from './clock.js';
import { Disk } from './disk.js';
import type { Host } from './host.js';
import { connect, type NetEnv, type SocketEnd } from './socket.js';

/** `resuming`: SIGCONT was sent; what waited runs next, in order, before anything new. */
export type ProcessState = 'stopped' | 'up' | 'paused' | 'resuming' | 'crashed';

/**
 * How long the program takes from exec to running its own code (dynamic
 * linking, config parsing, initialisation, listening), drawn uniformly per
 * start. Meanwhile connects are refused: nothing listens yet.
 */
export interface BootTime {
  readonly minUs: Microseconds;
  readonly maxUs: Microseconds;
}

/**
 * Host scheduling delays: a real process is not always on a CPU when its
 * timer fires or its data arrives (other processes run, the kernel does
 * work). Now and then (exponential gaps with this mean) the program is not
 * run for a short while (uniform between min and max); what arrives meanwhile
 * waits, in order, as it would in the kernel's queues. Off unless set.
 */
export interface SchedulingDelays {
  readonly meanGapUs: Microseconds;
  readonly minUs: Microseconds;
  readonly maxUs: Microseconds;
}

const EPHEMERAL_PORT_FIRST = 32768;
const EPHEMERAL_PORT_LAST = 60999;

class SimProcessTimer implements ProcessTimer {
  kernelTimer: Timer | null = null;
  done = false;
  constructor(
    readonly process: SimProcess,
    readonly generation: number,
    readonly callback: () => void,
  ) {}
  get pending(): boolean {
    return !this.done;
  }
}

function timerDue(timer: SimProcessTimer): void {
  timer.kernelTimer = null;
  if (timer.process.generation !== timer.generation) return;
  timer.process.deliver(runTimer, timer);
}

function runTimer(timer: SimProcessTimer): void {
  if (timer.done || timer.process.generation !== timer.generation) return;
  timer.done = true;
  timer.callback();
}

function finishBoot(process: SimProcess): void {
  process.runProgram();
}

function drainDeferred(process: SimProcess): void {
  process.runDeferred();
}

function endBusy(process: SimProcess): void {
  process.runAfterBusy();
}

function hiccup(process: SimProcess): void {
  process.startHiccup();
}

export class SimProcess implements ProcessContext {
  state: ProcessState = 'stopped';
  incarnation = 0;
  pid = 0;
  /** Bumped when a life ends; stale timers compare against it. */
  generation = 0;
  actor: Actor | null = null;
  readonly listeners = new Map<number, AcceptHandler>();
  readonly sockets = new Set<SocketEnd>();
  readonly clock: ProcessClock;
  readonly disk = new Disk();
  readonly rng: Rng;
  /** Null: the program runs the instant the process starts. */
  bootTime: BootTime | null = null;
  private bootRng: Rng | null = null;
  /**
   * Until then (true µs) the program does not run: it is inside synchronous
   * work (an fsync), or the host has not scheduled it. Deliveries wait in
   * order, and what it sent leaves when the work is done, as a
   * single-threaded server writes its sockets only after the handler.
   */
  busyUntilUs = 0;
  /** Inside `batchWrites`: sends wait here and leave together when it returns. */
  heldWrites: (() => void)[] | null = null;
  /** Null: the host runs the program whenever something is delivered (the default). */
  schedulingDelays: SchedulingDelays | null = null;
  private schedulingRng: Rng | null = null;
  private hiccupTimer: Timer | null = null;
  private deferredCalls: Array<(arg: any) => void> = [];
  private deferredArgs: unknown[] = [];
  private nextEphemeralPort = EPHEMERAL_PORT_FIRST;

  constructor(
    private readonly env: NetEnv,
    readonly name: string,
    readonly host: Host,
    private readonly factory: ActorFactory,
    private readonly nextPid: () => number,
    clockOffsetUs: Microseconds = 0,
  ) {
    this.clock = new ProcessClock(clockOffsetUs);
    this.rng = env.sim.rng.stream(`process:${name}`);
  }

  get hostName(): string {
    return this.host.name;
  }

  get isRunning(): boolean {
    return this.state === 'up';
  }

  // ---- what the program sees (ProcessContext) -------------------------------

  wallClockUs(): Microseconds {
    return this.clock.wallUs(this.env.sim.nowUs);
  }

  wallClockMs(): number {
    return Math.floor(this.clock.wallUs(this.env.sim.nowUs) / 1000);
  }

  monotonicUs(): Microseconds {
    return this.clock.monotonicUs(this.env.sim.nowUs);
  }

  setTimer(delayUs: Microseconds, callback: () => void): ProcessTimer {
    const timer = new SimProcessTimer(this, this.generation, callback);
    timer.kernelTimer = this.env.sim.after(this.clock.trueDurationUs(delayUs), timerDue, timer);
    return timer;
  }

  cancelTimer(handle: ProcessTimer | null | undefined): void {
    if (!handle) return;
    const timer = handle as SimProcessTimer;
    timer.done = true;
    if (timer.kernelTimer !== null) {
      this.env.sim.cancel(timer.kernelTimer);
      timer.kernelTimer = null;
    }
  }

  listen(port: number, onAccept: AcceptHandler): void {
    if (this.listeners.has(port)) throw new Error(`${this.name}: port ${port} is already in use`);
    this.listeners.set(port, onAccept);
  }

  connect(peerName: string, port: number, handler: SocketHandler): Socket {
    return connect(this.env, this, this.allocatePort(), peerName, port, handler);
  }

  emit(kind: string, fields?: TraceFields): void {
    this.env.sim.emit(this.name, kind, fields);
  }

  exit(): void {
    if (this.state === 'stopped' || this.state === 'crashed') return;
    this.endLife('stopped', false);
  }

  // ---- what the network and faults do to it --------------------------------

  /** Run `call(arg)` in this process now, later (paused), or never (down). */
  deliver<T>(call: (arg: T) => void, arg: T): void {
    const state = this.state;
    if (state === 'up' && this.deferredCalls.length === 0 && this.env.sim.nowUs >= this.busyUntilUs) {
      call(arg);
    } else if (state === 'up' || state === 'paused' || state === 'resuming') {
      this.deferredCalls.push(call);
      this.deferredArgs.push(arg);
    }
  }

  start(): void {
    if (this.state !== 'stopped' && this.state !== 'crashed') {
      throw new Error(`${this.name}: cannot start a process that is ${this.state}`);
    }
    this.incarnation++;
    this.host.powered = true;
    this.pid = this.nextPid();
    this.nextEphemeralPort = EPHEMERAL_PORT_FIRST;
    this.state = 'up';
    this.emit('process', { event: 'start', pid: this.pid, incarnation: this.incarnation, host: this.host.name });
    this.scheduleHiccup();
    const boot = this.bootTime;
    if (boot === null) return this.runProgram();
    // Its own stream, so boot times never shift what the program draws.
    this.bootRng ??= this.env.sim.rng.stream(`boot:${this.name}`);
    const bootUs = boot.minUs + Math.floor(this.bootRng.next() * (boot.maxUs - boot.minUs + 1));
    // A process timer: a pause while booting delays the boot, a crash cancels it.
    this.setTimer(bootUs, () => finishBoot(this));
  }

  /** The program starts running (at once, or when the boot is over). */
  runProgram(): void {
    this.actor = this.factory(this);
    this.actor.start();
  }

  /** kill -9: memory and sockets gone (peers see RST), disk kept. */
  crash(): boolean {
    if (this.state === 'stopped' || this.state === 'crashed') return false;
    this.endLife('crashed', true);
    return true;
  }

  /** The host lost power: like a crash, but peers hear nothing. */
  powerFail(): void {
    if (this.state === 'stopped' || this.state === 'crashed') return;
    this.endLife('crashed', true, true);
  }

  /** SIGSTOP. */
  pause(): boolean {
    if (this.state === 'up' || this.state === 'resuming') {
      this.state = 'paused';
      this.emit('process', { event: 'pause' });
      return true;
    }
    return false;
  }

  /** SIGCONT: what waited runs first, in arrival order. */
  resume(): boolean {
    if (this.state !== 'paused') return false;
    this.state = 'resuming';
    this.emit('process', { event: 'resume' });
    this.env.sim.after(0, drainDeferred, this);
    return true;
  }

  runDeferred(): void {
    if (this.state !== 'resuming') return;
    this.state = 'up';
    if (this.env.sim.nowUs < this.busyUntilUs) return; // the end of the work drains them
    const calls = this.deferredCalls;
    const args = this.deferredArgs;
    this.deferredCalls = [];
    this.deferredArgs = [];
    for (let i = 0; i < calls.length; i++) {
      if (this.state !== 'up') return; // it exited while catching up
      calls[i]!(args[i]);
    }
  }

  // ---- synchronous work and host scheduling delays --------------------------

  batchWrites(work: () => void): void {
    if (this.heldWrites !== null) return work();
    const held: (() => void)[] = [];
    this.heldWrites = held;
    try {
      work();
    } finally {
      this.heldWrites = null;
      for (const write of held) write();
    }
  }

  /** The program blocks for `us` (an fsync): nothing else of it runs meanwhile. */
  blockFor(us: Microseconds): void {
    if (us <= 0) return;
    this.notRunningUntil(Math.max(this.busyUntilUs, this.env.sim.nowUs) + us);
  }

  private notRunningUntil(untilUs: Microseconds): void {
    if (untilUs <= this.busyUntilUs) return;
    this.busyUntilUs = untilUs;
    this.env.sim.at(untilUs, endBusy, this);
  }

  private scheduleHiccup(): void {
    const d = this.schedulingDelays;
    if (d === null || this.hiccupTimer !== null) return;
    // Its own stream: turning delays on shifts nothing the program draws.
    this.schedulingRng ??= this.env.sim.rng.stream(`scheduling:${this.name}`);
    const gapUs = Math.max(1, Math.round(-Math.log(1 - this.schedulingRng.next()) * d.meanGapUs));
    this.hiccupTimer = this.env.sim.after(gapUs, hiccup, this);
  }

  /** The host does not run the program for a while (what arrives meanwhile waits). */
  startHiccup(): void {
    this.hiccupTimer = null;
    if (this.state !== 'up' && this.state !== 'paused' && this.state !== 'resuming') return;
    const d = this.schedulingDelays!;
    const lengthUs = d.minUs + Math.floor(this.schedulingRng!.next() * (d.maxUs - d.minUs + 1));
    this.notRunningUntil(this.env.sim.nowUs + lengthUs);
    this.scheduleHiccup();
  }

  /** The work is done: what waited runs first, in order (unless it is paused, or more work began). */
  runAfterBusy(): void {
    if (this.state !== 'up' || this.env.sim.nowUs < this.busyUntilUs) return;
    const calls = this.deferredCalls;
    const args = this.deferredArgs;
    this.deferredCalls = [];
    this.deferredArgs = [];
    for (let i = 0; i < calls.length; i++) {
      const state = this.state as ProcessState;
      if (state !== 'up' || this.env.sim.nowUs < this.busyUntilUs) {
        // Paused, or blocked again, while catching up: the rest waits again, first.
        if (state !== 'stopped' && state !== 'crashed') {
          this.deferredCalls = [...calls.slice(i), ...this.deferredCalls];
          this.deferredArgs = [...args.slice(i), ...this.deferredArgs];
        }
        return;
      }
      calls[i]!(args[i]);
    }
  }

  private endLife(state: 'crashed' | 'stopped', abortive: boolean, silent = false): void {
    this.generation++;
    this.busyUntilUs = 0;
    if (this.hiccupTimer !== null) this.env.sim.cancel(this.hiccupTimer);
    this.hiccupTimer = null;
    this.state = state;
    this.actor = null;
    this.listeners.clear();
    this.deferredCalls = [];
    this.deferredArgs = [];
    for (const socket of this.sockets) socket.teardown(abortive, silent);
    this.sockets.clear();
    this.emit('process', { event: silent ? 'power-fail' : state === 'crashed' ? 'crash' : 'exit' });
  }

  private allocatePort(): number {
    const port = this.nextEphemeralPort;
    this.nextEphemeralPort = port >= EPHEMERAL_PORT_LAST ? EPHEMERAL_PORT_FIRST : port + 1;
    return port;
  }
}
