// How a client finds the master, as client libraries do it.
// - fixed: one address, always (reconnecting on errors).
// - sentinel: the Redis client guidelines (what ioredis and Redisson do): ask
//   the listed Sentinels in order for SENTINEL GET-MASTER-ADDR-BY-NAME, take
//   the first answer, confirm it with ROLE (a stale Sentinel may name a node
//   that is no longer master), and start over on connection errors, READONLY
//   or time-outs. Optionally follow +switch-master on a Sentinel's Pub/Sub, or
//   ask before every operation (as Jepsen's 2013 clients did). Reads may go to
//   a replica (SENTINEL REPLICAS) when read-from-replicas is set.

import type { ProcessContext } from '../net/actor.js';
import type { Reply } from '../protocol/resp.js';
import { ClientConnection } from './connection.js';

export type DiscoverySpec =
  | { readonly kind: 'fixed'; readonly address: string; readonly port?: number }
  | {
      readonly kind: 'sentinel';
      readonly sentinels: readonly string[];
      readonly masterName: string;
      readonly sentinelPort?: number;
      /** Ask before every operation. */
      readonly perOp?: boolean;
      /** Follow +switch-master. */
      readonly subscribe?: boolean;
      readonly readFromReplicas?: boolean;
    };

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export type DiscoveryResult = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly error: string };

export class MasterDiscovery {
  /** The master as last discovered (null: unknown, ask again). */
  master: Endpoint | null = null;
  private subscription: ClientConnection | null = null;

  constructor(
    private readonly ctx: ProcessContext,
    readonly spec: DiscoverySpec,
    private readonly timeoutUs: number,
    /** A connect's own time-out (null: the request's covers it). */
    private readonly connectTimeoutUs: number | null = null,
    /** Told when +switch-master names a new master. */
    private readonly onSwitch: (endpoint: Endpoint) => void = () => {},
  ) {
    if (spec.kind === 'fixed') this.master = { host: spec.address, port: spec.port ?? 6379 };
  }

  get asksEveryTime(): boolean {
    return this.spec.kind === 'sentinel' && this.spec.perOp === true;
  }

  /** Forget the master (after an error); the next operation asks again. */
  invalidate(): void {
    if (this.spec.kind === 'sentinel') this.master = null;
  }

  /** Find the master (`done` is called exactly once). */
  discover(done: (result: DiscoveryResult) => void): void {
    const spec = this.spec;
    if (spec.kind === 'fixed') {
      done({ ok: true, endpoint: this.master! });
      return;
    }
    if (spec.subscribe && this.subscription === null) this.subscribeToSwitches();
    this.askSentinel(0, done);
  }

  /** A replica to read from (read-from-replicas), asked of the first Sentinel that answers. */
  discoverReplica(done: (result: DiscoveryResult) => void): void {
    const spec = this.spec;
    if (spec.kind !== 'sentinel') return this.discover(done);
    const ask = (index: number): void => {
      const sentinel = spec.sentinels[index];
      if (sentinel === undefined) return this.discover(done);
      this.oneShot(sentinel, ['SENTINEL', 'REPLICAS', spec.masterName], (reply) => {
        const replica = reply === null ? null : firstOnlineReplica(reply);
        if (replica === null) ask(index + 1);
        else done({ ok: true, endpoint: replica });
      });
    };
    ask(0);
  }

  /**
   * Ask the Sentinels in order; `named` records whether one of them named a
   * master that ROLE then did not confirm, so that the error says which of
   * the two went wrong.
   */
  private askSentinel(index: number, done: (result: DiscoveryResult) => void, named = false): void {
    const spec = this.spec;
    if (spec.kind !== 'sentinel') return;
    const sentinel = spec.sentinels[index];
    if (sentinel === undefined) {
      done({ ok: false, error: named ? 'no named master confirmed by ROLE' : 'no Sentinel answered' });
      return;
    }
    this.oneShot(sentinel, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', spec.masterName], (reply) => {
      const address = reply !== null && reply.type === 'array' && reply.items !== null && reply.items.length === 2 ? reply.items : null;
      if (address === null) return this.askSentinel(index + 1, done, named);
      const host = address[0]!.type === 'bulk' ? address[0]!.value : null;
      const port = address[1]!.type === 'bulk' ? Number(address[1]!.value) : NaN;
      if (host === null || !Number.isFinite(port)) return this.askSentinel(index + 1, done, named);
      // Confirm with ROLE: only a node that says it is master will do.
      this.oneShot(host, ['ROLE'], (role) => {
        const isMaster = role !== null && role.type === 'array' && role.items?.[0]?.type === 'bulk' && role.items[0].value === 'master';
        if (!isMaster) return this.askSentinel(index + 1, done, true);
        this.master = { host, port };
        done({ ok: true, endpoint: this.master });
      }, port);
    });
  }

  /** One request on a short-lived connection; null on any failure. */
  private oneShot(host: string, command: string[], done: (reply: Reply | null) => void, port?: number): void {
    const spec = this.spec;
    const targetPort = port ?? (spec.kind === 'sentinel' ? (spec.sentinelPort ?? 26379) : 6379);
    const connection = new ClientConnection(this.ctx, host, targetPort, this.timeoutUs, undefined, this.connectTimeoutUs);
    connection.request(command, (outcome) => {
      connection.close();
      done(outcome.kind === 'reply' && outcome.reply.type !== 'error' ? outcome.reply : null);
    });
  }

  private subscribeToSwitches(): void {
    const spec = this.spec;
    if (spec.kind !== 'sentinel') return;
    const sentinel = spec.sentinels[0]!;
    const connection = new ClientConnection(this.ctx, sentinel, spec.sentinelPort ?? 26379, 1e15, () => {
      // Lost the subscription: take it up again on the next discovery.
      if (this.subscription === connection) this.subscription = null;
    });
    this.subscription = connection;
    connection.subscribe(['+switch-master'], (reply) => {
      if (reply.type !== 'array' || reply.items === null || reply.items.length !== 3) return;
      const [kind, , message] = reply.items;
      if (kind?.type !== 'bulk' || kind.value !== 'message' || message?.type !== 'bulk' || message.value === null) return;
      // `<name> <old-ip> <old-port> <new-ip> <new-port>`
      const words = message.value.split(' ');
      if (words[0] !== spec.masterName || words.length !== 5) return;
      this.master = { host: words[3]!, port: Number(words[4]) };
      this.onSwitch(this.master);
    });
  }
}

/** From SENTINEL REPLICAS: the first replica whose flags say it is up. */
function firstOnlineReplica(reply: Reply): Endpoint | null {
  if (reply.type !== 'array' || reply.items === null) return null;
  for (const entry of reply.items) {
    if (entry.type !== 'array' || entry.items === null) continue;
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < entry.items.length; i += 2) {
      const k = entry.items[i]!;
      const v = entry.items[i + 1]!;
      if (k.type === 'bulk' && v.type === 'bulk' && k.value !== null && v.value !== null) fields.set(k.value, v.value);
    }
    const flags = fields.get('flags') ?? '';
    if (flags.includes('down') || flags.includes('disconnected')) continue;
    const ip = fields.get('ip');
    const port = Number(fields.get('port'));
    if (ip !== undefined && Number.isFinite(port)) return { host: ip, port };
  }
  return null;
}
