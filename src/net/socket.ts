// TCP as Redis traffic sees it: connections, not packets.
//
// A connection is two socket ends and two pipes (one per direction). A pipe
// delivers messages in order: each arrives at max(send time + sampled latency,
// the previous arrival), so random latency never reorders a connection. While a
// link is cut, a pipe stalls: what is in flight or sent later waits, and the
// sender's kernel retransmits with exponential back-off (RTO 200 ms doubling to
// 120 s); if the cut heals first, everything is delivered in order at the next
// retransmission, otherwise after 15 retransmissions (~924 s, Linux's
// tcp_retries2) the sender's socket fails with `timeout`. RSTs are never
// retransmitted. Connects retry SYNs as Linux 6.5 and later do
// (tcp_syn_linear_timeouts = 4 on top of tcp_syn_retries = 6): five retries a
// second apart, then 2, 4, 8, 16 and 32 s apart, and fail 64 s after the
// last, 131 s in all. Captured on the CI machine (kernel 6.18) with tcpdump
// on a conform lab's bridge: a Sentinel's SYNs at +0, 1.02, 2.04, 3.07, 4.09,
// 5.11, 7.13, 11.16 s. (Older kernels wait 1, 2, 4, … s: a connect across a
// cut then comes back up to 8 s after a heal instead of 1 s.)
//
// Simplifications (documented in the README): no receive-window flow control,
// no keepalive probes, no half-close (a FIN closes the connection for both apps).

import type { Timer } from '../sim/event-queue.js';
import type { Rng } from '../sim/rng.js';
import type { Simulation } from '../sim/simulation.js';
import { US_PER_SECOND, type Microseconds } from '../sim/time.js';
import type { AcceptHandler, CloseReason, Socket, SocketHandler, SocketState } from './actor.js';
import type { Link } from './link.js';
import type { SimProcess } from './process.js';

/**
 * Told of every delivered message, and of every message the network threw
 * away (then `arrivedUs` is when, and `dropped` says why): for the report's
 * message view. Reading only: a tap never changes what the network does.
 */
export type MessageTap = (from: string, to: string, sentUs: Microseconds, arrivedUs: Microseconds, payload: unknown, bytes: number, dropped?: string) => void;

/** What the sockets need from the network around them. */
export interface NetEnv {
  readonly sim: Simulation;
  /** Latency draws; one stream for the whole network. */
  readonly rng: Rng;
  lookupProcess(name: string): SimProcess | undefined;
  nextSocketId(): number;
  /** Null unless someone records messages. */
  readonly messageTap: MessageTap | null;
}

const DATA = 0;
const FIN = 1;
const RST = 2;

const RTO_INITIAL_US = 200_000;
const RTO_MAX_US = 120 * US_PER_SECOND;
const RETRANSMISSIONS_MAX = 15;
/** Wait after each SYN before the next one (the 7th wait ends in a time-out). */
const SYN_WAITS_US = [1, 1, 1, 1, 1, 2, 4, 8, 16, 32, 64].map((s) => s * US_PER_SECOND);

// Kernel-side state of one end. CLOSING: the kernel knows the connection is
// over, the program has not been told yet (it is paused, or it is being told).
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

interface Segment {
  readonly pipe: Pipe;
  readonly kind: number;
  readonly payload: unknown;
  readonly bytes: number;
  readonly sentUs: Microseconds;
}

export class Pipe {
  lastArrivalUs: Microseconds = 0;
  /**
   * Non-null while stalled behind a cut: segments that were in flight, in
   * arrival order. Segments sent after the stall began wait in `sentWhileStalled`
   * and go after them, whatever order their events ran in.
   */
  stalled: Segment[] | null = null;
  private sentWhileStalled: Segment[] = [];
  private rtoUs = RTO_INITIAL_US;
  private retransmissions = 0;
  private retransmitTimer: Timer | null = null;

  constructor(
    readonly env: NetEnv,
    readonly link: Link,
    readonly from: SocketEnd,
    readonly to: SocketEnd,
  ) {}

  transmit(kind: number, payload: unknown, bytes: number): void {
    const held = this.from.process.heldWrites;
    if (held !== null && kind === DATA) {
      held.push(() => this.transmit(kind, payload, bytes));
      return;
    }
    const segment: Segment = { pipe: this, kind, payload, bytes, sentUs: this.env.sim.nowUs };
    if (this.stalled !== null) {
      if (kind !== RST) {
        this.sentWhileStalled.push(segment);
        return;
      }
      // A reset does not queue behind unacknowledged data, and it ends the
      // connection on this side: it leaves now if the way is open (a peer that
      // closed during a cut answers the first data after the heal with it, so
      // the other side sees a reset, not the FIN still waiting here), or is lost.
      this.abandon('the sender reset the connection');
      if (!this.link.isCut && this.to.process.host.powered) this.schedule(segment);
      return;
    }
    this.schedule(segment);
  }

  private schedule(segment: Segment): void {
    const sim = this.env.sim;
    // A sender inside synchronous work (an fsync) writes its sockets when it is done.
    const departureUs = Math.max(sim.nowUs, this.from.process.busyUntilUs);
    let arrivalUs = this.link.arrivalUs(departureUs, segment.bytes, this.env.rng);
    if (arrivalUs < this.lastArrivalUs) arrivalUs = this.lastArrivalUs;
    this.lastArrivalUs = arrivalUs;
    sim.at(arrivalUs, arrive, segment);
  }

  stall(segment: Segment): void {
    this.stalled = [segment];
    this.rtoUs = RTO_INITIAL_US;
    this.retransmissions = 0;
    this.retransmitTimer = this.env.sim.after(this.rtoUs, retransmit, this);
  }

  retransmit(): void {
    this.retransmitTimer = null;
    const queue = this.stalled;
    if (queue === null) return;
    const link = this.link;
    if (!link.isCut && this.to.process.host.powered) {
      const sentLater = this.sentWhileStalled;
      this.stalled = null;
      this.sentWhileStalled = [];
      for (const segment of queue) this.schedule(segment);
      for (const segment of sentLater) this.schedule(segment);
      return;
    }
    if (link.rejectCuts > 0) {
      this.abandon('a REJECT partition reset the connection');
      this.from.kernelClose('reset');
      return;
    }
    if (++this.retransmissions > RETRANSMISSIONS_MAX) {
      this.abandon('never acknowledged: the sender gave up retransmitting (timeout)');
      this.from.kernelClose('timeout');
      return;
    }
    this.rtoUs = Math.min(this.rtoUs * 2, RTO_MAX_US);
    this.retransmitTimer = this.env.sim.after(this.rtoUs, retransmit, this);
  }

  /** Drop whatever is waiting for retransmission (the sender is gone); `reason` is for the message tap. */
  abandon(reason: string): void {
    const tap = this.env.messageTap;
    if (tap !== null) {
      for (const queue of [this.stalled ?? [], this.sentWhileStalled]) for (const segment of queue) tapDropped(segment, reason);
    }
    this.stalled = null;
    this.sentWhileStalled = [];
    if (this.retransmitTimer !== null) {
      this.env.sim.cancel(this.retransmitTimer);
      this.retransmitTimer = null;
    }
  }
}

function retransmit(pipe: Pipe): void {
  pipe.retransmit();
}

function arrive(segment: Segment): void {
  const pipe = segment.pipe;
  if (pipe.stalled !== null) {
    if (segment.kind !== RST) pipe.stalled.push(segment);
    return;
  }
  const link = pipe.link;
  if (link.cuts > 0 || !pipe.to.process.host.powered) {
    if (segment.kind === RST) return;
    if (link.rejectCuts > 0) {
      tapDropped(segment, 'a REJECT partition reset the connection');
      pipe.from.kernelClose('reset');
    } else pipe.stall(segment);
    return;
  }
  const to = pipe.to;
  const state = to.kernelState;
  if (segment.kind === DATA) {
    if (state === OPEN) {
      const tap = pipe.env.messageTap;
      if (tap !== null) tap(pipe.from.process.name, to.process.name, segment.sentUs, pipe.env.sim.nowUs, segment.payload, segment.bytes);
      to.process.deliver(receive, segment);
      return;
    }
    const down = to.process.state === 'crashed' || to.process.state === 'stopped';
    tapDropped(segment, down ? 'the receiver is down' : state === CLOSED ? "the receiver's end of the connection was closed" : state === CLOSING ? "the receiver's end was already closing" : 'the receiver was not connected yet');
    if (state === CLOSED && to.out !== null) to.out.transmit(RST, null, 0);
    return;
  }
  to.kernelClose(segment.kind === FIN ? 'eof' : 'reset');
}

/** Tell the tap (if any) that a data segment will never arrive. */
function tapDropped(segment: Segment, reason: string): void {
  const pipe = segment.pipe;
  const tap = pipe.env.messageTap;
  if (tap !== null && segment.kind === DATA) tap(pipe.from.process.name, pipe.to.process.name, segment.sentUs, pipe.env.sim.nowUs, segment.payload, segment.bytes, reason);
}

function receive(segment: Segment): void {
  const end = segment.pipe.to;
  // Data that reached the kernel before a FIN/RST is still read by the program.
  if (end.kernelState === CLOSED) return;
  end.handler.onData(end, segment.payload);
}

function notifyClosed(end: SocketEnd): void {
  if (end.kernelState === CLOSED) return;
  end.kernelState = CLOSED;
  end.process.sockets.delete(end);
  end.handler.onClose(end, end.closeReason);
}

function notifyOpen(end: SocketEnd): void {
  if (end.kernelState !== OPEN) return;
  end.handler.onOpen?.(end);
}

const NO_HANDLER: SocketHandler = {
  onData() {},
  onClose() {},
};

export class SocketEnd implements Socket {
  kernelState = CONNECTING;
  closeReason: CloseReason = 'reset';
  out: Pipe | null = null;
  /** Connecting side: whom we dial, and how many SYNs went unanswered. */
  target: SimProcess | null = null;
  synAttempts = 0;
  /** Accepting side: the listener to hand this socket to once the program runs. */
  pendingAccept: AcceptHandler | null = null;

  constructor(
    readonly env: NetEnv,
    readonly id: number,
    readonly process: SimProcess,
    readonly peerName: string,
    readonly peerPort: number,
    readonly localPort: number,
    public handler: SocketHandler,
  ) {}

  get state(): SocketState {
    const s = this.kernelState;
    return s === CONNECTING ? 'connecting' : s === CLOSED ? 'closed' : 'open';
  }

  send(payload: unknown, bytes: number): boolean {
    if (this.kernelState !== OPEN) return false;
    this.out!.transmit(DATA, payload, bytes);
    return true;
  }

  close(): void {
    const s = this.kernelState;
    if (s === CLOSED) return;
    this.kernelState = CLOSED;
    this.process.sockets.delete(this);
    if (s === OPEN) this.out!.transmit(FIN, null, 0);
  }

  setHandler(handler: SocketHandler): void {
    this.handler = handler;
  }

  /** The kernel learned the connection is over; tell the program when it runs. */
  kernelClose(reason: CloseReason): void {
    const s = this.kernelState;
    if (s === CLOSED || s === CLOSING) return;
    this.kernelState = CLOSING;
    this.closeReason = reason;
    if (this.out !== null) this.out.abandon(`connection ${reason === 'eof' ? 'closed by the peer' : reason} before delivery`);
    this.process.deliver(notifyClosed, this);
  }

  /**
   * The process is going away: abort (crash: RST), close gracefully (exit:
   * FIN), or vanish without a word (power failure: `silent`).
   */
  teardown(abortive: boolean, silent = false): void {
    const s = this.kernelState;
    this.kernelState = CLOSED;
    const out = this.out;
    if (out === null) return;
    if (silent) {
      out.abandon("the sender's host lost power");
    } else if (abortive) {
      out.abandon('the sender crashed');
      if (s === OPEN || s === CLOSING) out.transmit(RST, null, 0);
    } else if (s === OPEN) {
      out.transmit(FIN, null, 0);
    }
  }
}

// ---- connection establishment ------------------------------------------------

export function connect(
  env: NetEnv,
  process: SimProcess,
  localPort: number,
  peerName: string,
  peerPort: number,
  handler: SocketHandler,
): SocketEnd {
  const end = new SocketEnd(env, env.nextSocketId(), process, peerName, peerPort, localPort, handler);
  process.sockets.add(end);
  const target = env.lookupProcess(peerName);
  if (target === undefined) {
    failConnectAfter(end, 'unresolved', 0);
  } else {
    end.target = target;
    sendSyn(end);
  }
  return end;
}

/**
 * Whether a connect from `from` to `to`:`port` made now would be refused at
 * once (a REJECT cut, or nothing listening there), by the same rules as
 * sendSyn and synArrives below. `redsim serve` closes a node's real listener
 * while this holds, so a real client's connect is refused by the kernel too.
 */
export function connectRefusedNow(from: SimProcess, to: SimProcess, port: number): boolean {
  if (from.host.linkTo(to.host).rejectCuts > 0 || to.host.linkTo(from.host).rejectCuts > 0) return true;
  if (from.host.linkTo(to.host).isCut || to.host.linkTo(from.host).isCut || !to.host.powered) return false;
  const listening = to.state === 'up' || to.state === 'paused' || to.state === 'resuming';
  return !listening || !to.listeners.has(port);
}

function failConnectAfter(end: SocketEnd, reason: CloseReason, delayUs: Microseconds): void {
  end.closeReason = reason;
  end.env.sim.after(delayUs, failConnect, end);
}

function failConnect(end: SocketEnd): void {
  if (end.kernelState === CONNECTING) end.kernelClose(end.closeReason);
}

function sendSyn(end: SocketEnd): void {
  if (end.kernelState !== CONNECTING) return;
  const target = end.target!;
  const there = end.process.host.linkTo(target.host);
  const back = target.host.linkTo(end.process.host);
  const env = end.env;
  if (there.rejectCuts > 0 || back.rejectCuts > 0) {
    failConnectAfter(end, 'refused', 0);
  } else if (there.isCut || back.isCut || !target.host.powered) {
    const attempt = end.synAttempts++;
    const waitUs = SYN_WAITS_US[attempt]!;
    if (attempt + 1 < SYN_WAITS_US.length) env.sim.after(waitUs, sendSyn, end);
    else failConnectAfter(end, 'timeout', waitUs);
  } else {
    env.sim.after(there.controlLatencyUs(env.rng), synArrives, end);
  }
}

function synArrives(client: SocketEnd): void {
  if (client.kernelState !== CONNECTING) return;
  const env = client.env;
  const target = client.target!;
  const there = client.process.host.linkTo(target.host);
  const back = target.host.linkTo(client.process.host);
  const listening = target.state === 'up' || target.state === 'paused' || target.state === 'resuming';
  const listener = listening ? target.listeners.get(client.peerPort) : undefined;
  if (listener === undefined) {
    failConnectAfter(client, 'refused', back.controlLatencyUs(env.rng));
    return;
  }
  // The kernel completes the handshake even if the program is paused; the
  // program accepts when it next runs.
  const server = new SocketEnd(env, env.nextSocketId(), target, client.process.name, client.localPort, client.peerPort, NO_HANDLER);
  server.kernelState = OPEN;
  server.pendingAccept = listener;
  target.sockets.add(server);
  client.out = new Pipe(env, there, client, server);
  server.out = new Pipe(env, back, server, client);
  const synAckUs = env.sim.nowUs + back.controlLatencyUs(env.rng);
  server.out.lastArrivalUs = synAckUs;
  target.deliver(accept, server);
  env.sim.at(synAckUs, synAckArrives, client);
}

function accept(server: SocketEnd): void {
  const listener = server.pendingAccept!;
  server.pendingAccept = null;
  server.handler = listener(server);
}

function synAckArrives(client: SocketEnd): void {
  if (client.kernelState === CONNECTING) {
    client.kernelState = OPEN;
    client.process.deliver(notifyOpen, client);
  } else if (client.kernelState === CLOSED) {
    // The program gave up while the handshake was in flight.
    client.out!.transmit(RST, null, 0);
  }
}

/** A REJECT-style cut: every connection crossing it is reset at once. */
export function resetIfCrossesReject(end: SocketEnd): void {
  const out = end.out;
  if (out === null || end.kernelState !== OPEN) return;
  if (out.link.rejectCuts > 0 || out.to.out!.link.rejectCuts > 0) end.kernelClose('reset');
}
