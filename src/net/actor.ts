// What a program running in a simulated process sees: its clocks, timers, disk,
// randomness, and TCP-like sockets. Actors (Redis, Sentinel, clients) are written
// against these interfaces only, never against the network's internals, so the
// same actor could run over real sockets.

import type { Rng } from '../sim/rng.js';
import type { Microseconds } from '../sim/time.js';
import type { TraceFields } from '../sim/trace.js';
import type { Disk } from './disk.js';

/**
 * Why a socket closed, as the program would learn it:
 * - `eof`: the peer closed its end (FIN).
 * - `reset`: the peer's process died, the peer's host answered data with RST, or a
 *   REJECT-style cut.
 * - `timeout`: connect got no answer through all SYN retries (127 s), or data got
 *   no ACK through all retransmissions (~924 s).
 * - `refused`: connect reached the host but nothing listens there (process down).
 * - `unresolved`: no process by that name.
 */
export type CloseReason = 'eof' | 'reset' | 'timeout' | 'refused' | 'unresolved';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface Socket {
  /** Unique in the run; handy as a key. */
  readonly id: number;
  /** The process at the other end (for an accepted socket: the one that connected). */
  readonly peerName: string;
  readonly peerPort: number;
  readonly localPort: number;
  readonly state: SocketState;
  /**
   * Queue `payload` for the peer. `bytes` is its encoded size (bandwidth and
   * buffers depend on it). False if the socket is not open.
   */
  send(payload: unknown, bytes: number): boolean;
  /** Close our end (FIN after queued data). No onClose is called for it. */
  close(): void;
  /** Replace the handler, e.g. when a connection changes role. */
  setHandler(handler: SocketHandler): void;
}

export interface SocketHandler {
  /** A connect completed. */
  onOpen?(socket: Socket): void;
  onData(socket: Socket, payload: unknown): void;
  /** The socket is closed and will see nothing more. */
  onClose(socket: Socket, reason: CloseReason): void;
}

/** Called for each accepted connection; returns who handles it. */
export type AcceptHandler = (socket: Socket) => SocketHandler;

export interface ProcessTimer {
  /** False once fired or cancelled. */
  readonly pending: boolean;
}

export interface ProcessContext {
  /** The process's name, which is also its network address. */
  readonly name: string;
  readonly hostName: string;
  /** A fresh pid for every start, as a real restart gets. */
  readonly pid: number;
  /** 1 for the first start, +1 for each restart. */
  readonly incarnation: number;
  readonly disk: Disk;
  /** This process's own random stream (survives restarts, as a stream). */
  readonly rng: Rng;

  /** gettimeofday(): offset, drift and jumps apply. */
  wallClockUs(): Microseconds;
  wallClockMs(): number;
  /** A monotonic clock: drift applies, jumps do not. */
  monotonicUs(): Microseconds;

  /** Run `callback` after `delayUs` of this process's monotonic time. */
  setTimer(delayUs: Microseconds, callback: () => void): ProcessTimer;
  /** Synchronous work (an fsync) of `us`: nothing else of the program runs meanwhile, and what it sends leaves after. */
  blockFor(us: Microseconds): void;
  /**
   * What `work` sends is written when it returns, after any synchronous work it
   * did: an event-loop handler's writes (hiredis, client replies) go out after it.
   */
  batchWrites(work: () => void): void;
  cancelTimer(timer: ProcessTimer | null | undefined): void;

  listen(port: number, onAccept: AcceptHandler): void;
  connect(peerName: string, port: number, handler: SocketHandler): Socket;

  /** Record a trace event from this process. */
  emit(kind: string, fields?: TraceFields): void;

  /** Exit cleanly (SHUTDOWN): sockets close with FIN, disk kept. */
  exit(): void;
}

export interface Actor {
  /** Called once per process start, after construction. */
  start(): void;
}

/** Builds the program for one start of a process; a restart calls it again. */
export type ActorFactory = (context: ProcessContext) => Actor;
