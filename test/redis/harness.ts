// A small Redis world for tests: data nodes whose redis.conf is written to
// their own disk (as on a real box), and a `cli` process that talks to them over
// the simulated network. `cmd` sends one command and runs the simulation until
// the reply arrives, so tests read like a redis-cli session.

import type { Simulation } from '../../src/sim/simulation.js';
import type { Network, NetworkOptions } from '../../src/net/network.js';
import { buildCluster, type SentinelSpec } from '../../src/world/cluster.js';
import type { Actor, ProcessContext, Socket } from '../../src/net/actor.js';
import { formatReply, type Reply } from '../../src/protocol/resp.js';
import { commandBytes } from '../../src/protocol/resp.js';
import { formatLogLine, type LogFields } from '../../src/protocol/log-line.js';
import type { RedisServer, RedisTiming } from '../../src/redis/server.js';
import type { Sentinel } from '../../src/sentinel/sentinel.js';
import type { TraceEvent } from '../../src/sim/trace.js';

export type NodeConfig = Record<string, string | number>;

class Cli implements Actor {
  private readonly sockets = new Map<string, Socket>();
  /** Nodes that are Sentinels listen on 26379. */
  readonly ports = new Map<string, number>();
  readonly replies = new Map<string, Reply[]>();
  /** How each connection to a node ended, in order. */
  readonly closes: { node: string; reason: string }[] = [];
  constructor(readonly ctx: ProcessContext) {}
  start(): void {}
  send(node: string, cmd: string[]): void {
    let socket = this.sockets.get(node);
    if (socket === undefined || socket.state === 'closed') {
      socket = this.ctx.connect(node, this.ports.get(node) ?? 6379, {
        onData: (_s, payload) => this.replies.get(node)!.push(payload as Reply),
        onClose: (_s, reason) => {
          this.sockets.delete(node);
          this.closes.push({ node, reason });
        },
      });
      this.sockets.set(node, socket);
      this.replies.set(node, []);
    }
    const s = socket;
    const sendNow = () => s.send(cmd, commandBytes(cmd));
    if (s.state === 'open') sendNow();
    else {
      // queue until open
      const check = () => (s.state === 'open' ? sendNow() : s.state === 'connecting' ? this.ctx.setTimer(100, check) : undefined);
      this.ctx.setTimer(100, check);
    }
  }
}

export interface RedisWorld {
  sim: Simulation;
  net: Network;
  /** Send a command from the cli process and run until its reply (or throw after 30 s). */
  cmd(node: string, ...args: (string | number)[]): Reply;
  /** The same, formatted as redis-cli prints it. */
  cli(node: string, ...args: (string | number)[]): string;
  /** A field of INFO, read over the network. */
  info(node: string, field: string): string | undefined;
  runFor(ms: number): void;
  server(node: string): RedisServer;
  /** Log texts of a node, in order. */
  logs(node: string): string[];
  /** Rendered log lines of a node (redis-server format). */
  logLines(node: string): string[];
  sentinel(node: string): Sentinel;
  /** Sentinel events (`+sdown master mymaster m1 6379`), optionally of one node. */
  events(node?: string): string[];
  /** The same with their nodes and true times. */
  eventRecords(): TraceEvent[];
  /** A Sentinel's log as it would print it: events and other lines, in order (text only). */
  sentinelLog(node: string): string[];
}

export type SentinelSetup = SentinelSpec;

export function redisWorld(
  nodes: Record<string, NodeConfig>,
  options: { seed?: number; net?: NetworkOptions; timing?: Partial<RedisTiming>; hosts?: Record<string, string>; sentinels?: SentinelSetup } = {},
): RedisWorld {
  const setup = options.sentinels;
  const { sim, net, redis: servers, sentinels } = buildCluster({
    seed: options.seed ?? 1,
    redis: nodes,
    ...(options.net ? { network: options.net } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.hosts ? { hosts: options.hosts } : {}),
    ...(setup ? { sentinel: setup } : {}),
  });
  let cli: Cli | null = null;
  net.addProcess('cli', (ctx) => {
    cli = new Cli(ctx);
    for (const name of setup?.names ?? []) cli.ports.set(name, 26379);
    return cli;
  });
  net.startAll();
  const runFor = (ms: number) => sim.runFor(ms * 1000);
  // Like redis-cli: a command that meets a reset connection is retried once on a
  // new one; a connection the server closes (SHUTDOWN) answers `(closed)`.
  const cmd = (node: string, ...args: (string | number)[]): Reply => {
    for (let attempt = 0; ; attempt++) {
      const closesBefore = cli!.closes.length;
      cli!.send(node, args.map(String));
      const replies = cli!.replies.get(node)!;
      const deadline = sim.nowUs + 30_000_000;
      for (;;) {
        if (replies.length > 0) return replies.shift()!;
        const closed = cli!.closes.slice(closesBefore).find((c) => c.node === node);
        if (closed !== undefined) {
          if (closed.reason === 'reset' && attempt === 0) break;
          return { type: 'simple', value: `(closed: ${closed.reason})` };
        }
        if (sim.nowUs > deadline || !sim.step()) throw new Error(`no reply from ${node} to ${args.join(' ')}`);
      }
    }
  };
  const logEvents = (node: string) => sim.trace.events.filter((e) => e.kind === 'log' && e.node === node) as unknown as LogFields[];
  return {
    sim,
    net,
    cmd,
    cli: (node, ...args) => formatReply(cmd(node, ...args)),
    info(node, field) {
      const reply = cmd(node, 'INFO', 'everything');
      if (reply.type !== 'bulk' || reply.value === null) return undefined;
      const line = reply.value.split('\r\n').find((l) => l.startsWith(`${field}:`));
      return line?.slice(field.length + 1);
    },
    runFor,
    server(node) {
      const s = servers.get(node);
      if (!s) throw new Error(`no server ${node}`);
      return s;
    },
    logs: (node) => logEvents(node).map((e) => e.text),
    sentinel(node) {
      const s = sentinels.get(node);
      if (!s) throw new Error(`no sentinel ${node}`);
      return s;
    },
    events: (node) => sim.trace.events.filter((e) => e.kind === 'sentinel.event' && (node === undefined || e.node === node)).map((e) => e['text'] as string),
    eventRecords: () => sim.trace.events.filter((e) => e.kind === 'sentinel.event'),
    sentinelLog: (node) =>
      sim.trace.events.filter((e) => e.node === node && (e.kind === 'sentinel.event' || e.kind === 'log')).map((e) => e['text'] as string),
    logLines: (node) => logEvents(node).map((e) => formatLogLine(e)),
  };
}
