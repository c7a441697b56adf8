// The simulated side of real client connections: one process (`serve`, on the
// box `--client-box` names, else a box of its own) that opens a simulated
// connection for each real one and passes commands and replies through. So
// faults treat a real client as any simulated one on its box: a partition
// stalls its connections (the real socket stays open and silent), a crash of
// the node resets them, a refused connect resets the real socket at once.
//
// Data commands are recorded in the history, Jepsen-style, one process per
// outstanding request of a connection (`real3`, `real3.1` when pipelined), so
// the checkers judge a real client's run as they judge a simulated one.

import type { Actor, CloseReason, ProcessContext, Socket } from '../net/actor.js';
import { commandBytes, type Command, type Reply } from '../protocol/resp.js';
import type { History, HistoryOp, OpValue } from '../sim/history.js';
import type { Simulation } from '../sim/simulation.js';
import { ClientConnection } from '../client/connection.js';
import { finalRead } from '../client/workloads.js';
import { isPubSubPush, resp3ShapeFor, type Resp3Shape } from '../protocol/resp3.js';

/** What the real side hears back for one connection. */
export interface RealEnd {
  /** A reply (or a Pub/Sub message) to write to the real socket: in RESP3 with that shape, or RESP2 when null. */
  reply(reply: Reply, resp3Shape: Resp3Shape | null): void;
  /** The simulated connection ended: `reset` and `refused` become an RST, `eof` a FIN. */
  closed(reason: CloseReason): void;
  /** The simulated connection is established (a simulated socket emits `connect` then). */
  opened?(): void;
}

interface Recorded {
  readonly process: string;
  readonly node: string;
  readonly f: string;
  readonly key: string;
  readonly value: OpValue;
}

/** The history op a data command stands for, or null if it is not one the checkers read. */
export function historyOpFor(command: Command): Omit<Recorded, 'process' | 'node'> | null {
  const name = command[0]?.toUpperCase();
  const key = command[1];
  if (key === undefined) return null;
  const member = (v: string): number | string => (/^-?\d{1,15}$/.test(v) ? Number(v) : v);
  switch (name) {
    case 'SADD':
      return command.length === 3 ? { f: 'add', key, value: member(command[2]!) } : null;
    case 'RPUSH':
      return command.length === 3 ? { f: 'append', key, value: member(command[2]!) } : null;
    case 'INCR':
      return command.length === 2 ? { f: 'incr', key, value: 1 } : null;
    case 'SET':
      return command.length === 3 ? { f: 'write', key, value: command[2]! } : null;
    case 'GET':
      return command.length === 2 ? { f: 'read', key, value: null } : null;
    default:
      return null;
  }
}

/** The completion value of a recorded op from its reply. */
function completionValue(op: Recorded, reply: Reply): OpValue {
  if (op.f === 'read') return reply.type === 'bulk' ? reply.value : null;
  if (op.f === 'incr') return reply.type === 'integer' ? Number(reply.value) : null;
  return op.value;
}

/** A request sent on a connection, waiting for its reply. */
interface Pending {
  /** What the checkers record of it (null: not a data command). */
  readonly recorded: Recorded | null;
  /** The RESP3 type its reply takes. */
  readonly shape: Resp3Shape;
  /** HELLO's protocol version, applied when it succeeds. */
  readonly hello: 2 | 3 | null;
}

const SUBSCRIBE_COMMANDS = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE']);

/** One real connection's simulated socket, its queue while connecting, and its history bookkeeping. */
export class GatewayConnection {
  private readonly socket: Socket;
  private readonly queued: Command[] = [];
  /** Requests sent, in order; (un)subscribe commands answer with pushes instead and have none. */
  private readonly inFlight: Pending[] = [];
  private readonly freeSlots: string[] = [];
  private slots = 0;
  private subscribed = false;
  private open = true;
  /** The protocol the real client chose with HELLO: how its replies are encoded. */
  protocolVersion: 2 | 3 = 2;

  constructor(
    private readonly gateway: Gateway,
    readonly id: number,
    readonly node: string,
    simPort: number,
    private readonly end: RealEnd,
    private readonly kind: 'redis' | 'sentinel',
  ) {
    this.socket = gateway.ctx.connect(node, simPort, {
      onOpen: (s) => {
        for (const c of this.queued.splice(0)) s.send(c, commandBytes(c));
        this.end.opened?.();
      },
      onData: (_s, payload) => this.onReply(payload as Reply),
      onClose: (_s, reason) => this.onClose(reason),
    });
  }

  /** A command from the real client. */
  send(command: Command): void {
    if (!this.open) return;
    const name = command[0]?.toUpperCase() ?? '';
    if (SUBSCRIBE_COMMANDS.has(name)) {
      if (name === 'SUBSCRIBE' || name === 'PSUBSCRIBE') this.subscribed = true;
    } else {
      const op = this.kind === 'redis' ? historyOpFor(command) : null;
      let recorded: Recorded | null = null;
      if (op !== null) {
        recorded = { ...op, process: this.takeSlot(), node: this.node };
        this.gateway.record(recorded, 'invoke', recorded.value, undefined);
      }
      const version = name === 'HELLO' ? command[1] : undefined;
      this.inFlight.push({ recorded, shape: resp3ShapeFor(command, this.kind), hello: version === '2' ? 2 : version === '3' ? 3 : null });
    }
    if (this.socket.state === 'open') this.socket.send(command, commandBytes(command));
    else this.queued.push(command);
  }

  /** The real client went away: close ours (FIN), and what was in flight is unknown. */
  close(): void {
    if (!this.open) return;
    this.socket.close();
    this.finish('connection-closed');
  }

  private onReply(reply: Reply): void {
    if (this.subscribed && isPubSubPush(reply)) return this.end.reply(reply, this.protocolVersion === 3 ? 'push' : null);
    const pending = this.inFlight.shift();
    const recorded = pending?.recorded;
    if (recorded) {
      if (reply.type === 'error') this.gateway.record(recorded, 'fail', recorded.value, reply.message);
      else this.gateway.record(recorded, 'ok', completionValue(recorded, reply), undefined);
      this.freeSlots.push(recorded.process);
    }
    // HELLO's own reply is already in the protocol it chose.
    if (pending?.hello != null && reply.type !== 'error') this.protocolVersion = pending.hello;
    this.end.reply(reply, this.protocolVersion === 3 ? (pending?.shape ?? 'plain') : null);
  }

  private onClose(reason: CloseReason): void {
    if (!this.open) return;
    this.finish(reason === 'refused' || reason === 'unresolved' ? reason : 'connection-closed', reason === 'refused' || reason === 'unresolved');
    this.end.closed(reason);
  }

  /** Everything still in flight ends: `fail` if it never left (refused), else `info`. */
  private finish(reason: string, neverSent = false): void {
    this.open = false;
    for (const { recorded } of this.inFlight.splice(0)) {
      if (recorded) this.gateway.record(recorded, neverSent ? 'fail' : 'info', recorded.value, reason);
    }
  }

  private takeSlot(): string {
    const free = this.freeSlots.shift();
    if (free !== undefined) return free;
    const n = this.slots++;
    return n === 0 ? `real${this.id}` : `real${this.id}.${n}`;
  }
}

export class Gateway implements Actor {
  /** Keys real clients wrote, by what they did to them: what the final reads read. */
  readonly keysWritten = new Map<string, 'add' | 'append' | 'incr' | 'write'>();

  constructor(
    readonly ctx: ProcessContext,
    private readonly history: History,
    private readonly sim: Simulation,
  ) {}

  start(): void {}

  /**
   * The final reads of every key real clients wrote, from the master a Sentinel
   * names (or `fallbackMaster`), recorded as process `final-real` (SSCAN pages
   * for sets, LRANGE for lists, GET otherwise).
   */
  finalReads(sentinels: readonly { name: string; port: number }[], masterName: string, fallbackMaster: string | null, timeoutUs: number, done: () => void): void {
    const keys = [...this.keysWritten];
    if (keys.length === 0) return done();
    const askSentinel = (i: number): void => {
      const s = sentinels[i];
      if (s === undefined) return readFrom(fallbackMaster);
      const c = new ClientConnection(this.ctx, s.name, s.port, timeoutUs);
      c.request(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName], (outcome) => {
        c.close();
        const r = outcome.kind === 'reply' ? outcome.reply : null;
        const host = r?.type === 'array' && r.items?.[0]?.type === 'bulk' ? r.items[0].value : null;
        if (host) readFrom(host);
        else askSentinel(i + 1);
      });
    };
    const readFrom = (master: string | null): void => {
      if (master === null) return done();
      const c = new ClientConnection(this.ctx, master, 6379, timeoutUs);
      const next = (k: number): void => {
        const entry = keys[k];
        if (entry === undefined) {
          c.close();
          return done();
        }
        const [key, f] = entry;
        const op: Recorded = { process: 'final-real', node: master, f: 'final-read', key, value: null };
        this.record(op, 'invoke', null, undefined);
        const read = finalRead(f, key);
        const ask = (command: Command): void =>
          c.request(command, (outcome) => {
            if (outcome.kind !== 'reply') {
              this.record(op, 'info', null, outcome.reason);
              return next(k + 1);
            }
            if (outcome.reply.type === 'error') {
              this.record(op, 'fail', null, outcome.reply.message);
              return next(k + 1);
            }
            const more = read.next(outcome.reply);
            if (more !== null) return ask(more);
            this.record(op, 'ok', read.value(), undefined);
            next(k + 1);
          });
        ask(read.first);
      };
      next(0);
    };
    askSentinel(0);
  }

  connect(id: number, node: string, simPort: number, end: RealEnd, kind: 'redis' | 'sentinel'): GatewayConnection {
    return new GatewayConnection(this, id, node, simPort, end, kind);
  }

  record(op: Recorded, type: HistoryOp['type'], value: OpValue, error: string | undefined): void {
    if (type === 'invoke' && op.f !== 'read') this.keysWritten.set(op.key, op.f as 'add' | 'append' | 'incr' | 'write');
    this.history.record({
      process: op.process,
      type,
      f: op.f,
      key: op.key,
      value,
      time: this.sim.sinceOriginUs,
      node: op.node,
      ...(error !== undefined ? { error } : {}),
    });
  }
}
