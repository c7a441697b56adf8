// An observer outside the cluster (a monitoring system): it asks every data
// node for ROLE and INFO replication and every Sentinel for the master's
// address, and records each round in the trace (kind `probe`), so checkers can
// judge convergence from the trace alone. It sits on no box: partitions never
// cut it off, and it takes no part in the run.

import type { Actor, ProcessContext } from '../net/actor.js';
import { parseInfo } from '../protocol/info.js';
import { ClientConnection } from '../client/connection.js';
import type { Reply } from '../protocol/resp.js';
import { nodeViewFromInfo, sentinelViewFromReplies, type Answer, type NodeView, type SentinelView, type SettleView } from './settle.js';

const errorOf = (reply: Reply | null) => (reply?.type === 'error' ? { error: reply.message } : null);

/** A reply's strings: a bulk string, or an array's bulk items. */
function strings(reply: Reply): string[] {
  return reply.type === 'array' && reply.items !== null ? reply.items.map((i) => (i.type === 'bulk' && i.value !== null ? i.value : String((i as { value?: unknown }).value ?? ''))) : [];
}

export interface ProbeTargets {
  readonly redis: readonly string[];
  /** Data node → its requirepass, which the probe sends first (as a monitoring agent would be configured to). */
  readonly passwords?: Readonly<Record<string, string>>;
  readonly sentinels: readonly string[];
  readonly masterName: string;
}

/**
 * Each round records, per data node, `name=down` or
 * `name=master:<offset>` / `name=replica:<master>:<up|down>:<offset>`, and per
 * Sentinel `name=<host>:<port>` or `name=down`.
 */
export class Probe implements Actor {
  private round = 0;
  /** One connection per target, kept open between rounds. */
  private readonly connections = new Map<string, ClientConnection>();

  constructor(
    private readonly ctx: ProcessContext,
    private readonly targets: ProbeTargets,
    private readonly timeoutUs: number,
  ) {}

  start(): void {}

  /** Run one round now; the trace gets it when every answer (or time-out) is in. */
  runRound(): void {
    const round = ++this.round;
    const nodes = new Map<string, string>();
    const sentinels = new Map<string, string>();
    let waiting = this.targets.redis.length + this.targets.sentinels.length;
    const finished = () => {
      if (--waiting > 0) return;
      this.ctx.emit('probe', {
        round,
        nodes: this.targets.redis.map((n) => `${n}=${nodes.get(n) ?? 'down'}`),
        sentinels: this.targets.sentinels.map((s) => `${s}=${sentinels.get(s) ?? 'down'}`),
      });
    };
    for (const node of this.targets.redis) {
      this.ask(node, 6379, ['INFO', 'replication'], (reply) => {
        if (reply !== null) {
          const info = parseInfo(reply);
          const f = (k: string) => info.fields.get(k) ?? '';
          nodes.set(
            node,
            f('role') === 'master'
              ? `master:${f('master_repl_offset')}`
              : `replica:${f('master_host')}:${f('master_link_status')}:${f('master_repl_offset')}`,
          );
        }
        finished();
      });
    }
    for (const sentinel of this.targets.sentinels) {
      this.ask(sentinel, 26379, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.targets.masterName], (reply) => {
        if (reply !== null) sentinels.set(sentinel, reply);
        finished();
      });
    }
  }

  /**
   * Ask what a warm start waits for (see settle.ts): each data node's INFO
   * replication, then, if `askSentinels(nodes)` says so, each Sentinel's
   * SENTINEL MASTER and SENTINEL REPLICAS (null when not asked). Nothing is
   * traced: settling is judged by the caller.
   */
  settleRound(askSentinels: (nodes: SettleView['nodes']) => boolean, done: (nodes: SettleView['nodes'], sentinels: SettleView['sentinels'] | null) => void): void {
    const nodes = new Map<string, Answer<NodeView>>();
    const sameName = (host: string) => host;
    let waiting = this.targets.redis.length;
    for (const node of this.targets.redis) {
      this.request(node, 6379, ['INFO', 'replication'], (reply) => {
        nodes.set(node, reply?.type === 'bulk' && reply.value !== null ? nodeViewFromInfo(reply.value, sameName) : errorOf(reply));
        if (--waiting > 0) return;
        if (this.targets.sentinels.length === 0 || !askSentinels(nodes)) return done(nodes, null);
        this.askSentinels((sentinels) => done(nodes, sentinels));
      });
    }
  }

  private askSentinels(done: (sentinels: SettleView['sentinels']) => void): void {
    const sentinels = new Map<string, Answer<SentinelView>>();
    let waiting = 2 * this.targets.sentinels.length;
    const finished = () => {
      if (--waiting === 0) done(sentinels);
    };
    for (const sentinel of this.targets.sentinels) {
      let master: Reply | null = null;
      this.request(sentinel, 26379, ['SENTINEL', 'MASTER', this.targets.masterName], (reply) => {
        master = reply;
        finished();
      });
      this.request(sentinel, 26379, ['SENTINEL', 'REPLICAS', this.targets.masterName], (replicas) => {
        const m = master as Reply | null;
        const answered = m?.type === 'array' && replicas?.type === 'array' && replicas.items !== null;
        sentinels.set(sentinel, answered ? sentinelViewFromReplies(strings(m), replicas.items!.map(strings), (host) => host) : (errorOf(m) ?? errorOf(replicas)));
        finished();
      });
    }
  }

  private ask(host: string, port: number, command: string[], done: (text: string | null) => void): void {
    this.request(host, port, command, (r) => {
      if (r === null) return done(null);
      if (r.type === 'bulk') return done(r.value);
      if (r.type === 'array' && r.items !== null) return done(strings(r).join(':'));
      done(null);
    });
  }

  private request(host: string, port: number, command: string[], done: (reply: Reply | null) => void): void {
    let connection = this.connections.get(host);
    if (connection === undefined || !connection.isOpen) {
      connection = new ClientConnection(this.ctx, host, port, this.timeoutUs);
      this.connections.set(host, connection);
      const password = this.targets.passwords?.[host];
      if (password !== undefined) connection.request(['AUTH', password], () => {});
    }
    connection.request(command, (outcome) => done(outcome.kind === 'reply' ? outcome.reply : null));
  }
}
