// Real client libraries run inside the simulation, deterministically: for the
// length of `body`, node:net's createConnection/connect hand out simulated
// sockets (from the clients' process, on `clientBox`), and Node's timers and
// Date.now count that process's simulated time. The driver alternates: run
// the simulation until something reaches the library (bytes, a connect, a
// close, a due timer), then let Node run every callback and promise that is
// ready, and repeat until `body` settles. Nothing real happens in between, so
// the same scenario, seed and body give the same trace hash: a failing seed of
// a client library's failover handling replays bit for bit.
//
// Made for ioredis (its Sentinel mode included: the Sentinel connections and
// the master connection all go through node:net), and it works for any client
// that connects with node:net and times with the global timers. Limits: the
// body must not wait on anything real (files, real sockets, worker threads);
// TLS is not simulated; one run at a time in a process (the patches are
// global).

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Scenario } from '../scenario/scenario.js';
import type { Simulation } from '../scenario/simulate.js';
import { openSession, type SessionNode } from '../serve/session.js';
import { SimulatedSocket } from './simulated-socket.js';
import { VirtualTimers } from './virtual-timers.js';

export interface SimulatedClientsContext {
  /** The Sentinels as a client is configured with them: `{ host: 's1', port: 26379 }`. */
  readonly sentinels: readonly { readonly host: string; readonly port: number }[];
  /** Every node, by its simulated name and port (what Sentinels announce). */
  readonly nodes: readonly SessionNode[];
  /** Apply a scenario fault step now (`{ crash: m1 }`); returns what it does. */
  fault(text: string): string;
  /** Wait `ms` of simulated time. */
  sleep(ms: number): Promise<void>;
  /** Simulated time since t=0, ms. */
  nowMs(): number;
}

export interface SimulatedClientsOptions {
  readonly seed?: number;
  /** The box the clients run on (a partition of it cuts them off too); default a box of their own. */
  readonly clientBox?: string;
  /** The body fails if it is still running after this much simulated time (default: the scenario's duration). */
  readonly maxSimulatedMs?: number;
}

export class SimulatedClientsError extends Error {}

let running = false;
const realSetImmediate = setImmediate;
const realSetTimeout = setTimeout;

/** Real file reads in flight (ioredis reads its package.json on connect): they finish in zero simulated time. */
function fileIoPending(): boolean {
  return process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq') || r === 'FileHandle');
}

/** Let Node run everything that is ready, waiting out real file I/O without advancing the simulation. */
async function settleNode(): Promise<void> {
  for (;;) {
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    if (!fileIoPending()) return;
    await new Promise<void>((resolve) => realSetTimeout(resolve, 1));
  }
}
const nodeNet = createRequire(import.meta.url)('node:net') as { createConnection: unknown; connect: unknown };

/**
 * ioredis reads its own package.json on its first connect in a process and
 * caches it: the first run would send its CLIENT SETINFO commands in another
 * order than every later run. Reading it before the run (if ioredis is
 * installed, from here or the working directory) makes every run alike.
 */
async function warmIoredis(): Promise<void> {
  for (const from of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const utils = createRequire(from)('ioredis/built/utils') as { getPackageMeta?: () => Promise<unknown> };
      await utils.getPackageMeta?.();
      return;
    } catch {
      /* not installed there */
    }
  }
}

/** Run `body` with real client libraries inside the scenario's simulated cluster; returns its value and the judged run. */
export async function withSimulatedIoredis<T>(
  scenario: Scenario,
  options: SimulatedClientsOptions,
  body: (context: SimulatedClientsContext) => Promise<T>,
): Promise<{ value: T; run: Simulation }> {
  if (running) throw new SimulatedClientsError('withSimulatedIoredis: one run at a time (node:net and the timers are patched for its length)');
  running = true;
  await warmIoredis();
  const session = openSession(scenario, { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.clientBox !== undefined ? { clientBox: options.clientBox } : {}), gatewayName: 'app' });
  const { sim } = session.run.cluster;
  const limitUs = sim.nowUs + (options.maxSimulatedMs ?? scenario.durationUs / 1000) * 1000;
  const kinds = new Map(session.nodes.map((n) => [n.name, n.kind]));
  const timers = new VirtualTimers(session.gateway.ctx);
  let touched = false;
  const touch = () => (touched = true);
  const sockets = new Set<SimulatedSocket>();
  let nextConnection = 1;
  const simulatedConnect = (...args: unknown[]): SimulatedSocket => {
    const first = args[0];
    const opts = (typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined }) as { host?: string; port?: number | string };
    const host = opts.host ?? 'localhost';
    const port = Number(opts.port ?? 6379);
    const socket = new SimulatedSocket(session.gateway, nextConnection++, host, port, kinds.get(host) ?? 'redis', touch);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const listener = args.find((a) => typeof a === 'function') as (() => void) | undefined;
    if (listener !== undefined) socket.once('connect', listener);
    return socket;
  };

  const saved = { createConnection: nodeNet.createConnection, connect: nodeNet.connect };
  nodeNet.createConnection = simulatedConnect;
  nodeNet.connect = simulatedConnect;
  timers.install();
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  try {
    const context: SimulatedClientsContext = {
      sentinels: session.nodes.filter((n) => n.kind === 'sentinel').map((n) => ({ host: n.name, port: n.simPort })),
      nodes: session.nodes,
      fault: (text) => session.fault(text),
      sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      nowMs: () => sim.sinceOriginUs / 1000,
    };
    body(context).then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    for (;;) {
      await settleNode();
      if (outcome !== null) break;
      touched = false;
      while (!touched && timers.due.length === 0) {
        if (sim.nowUs > limitUs) throw new SimulatedClientsError(`withSimulatedIoredis: the body was still running after ${(limitUs - sim.originUs) / 1e6} s of simulated time (maxSimulatedMs)`);
        if (!sim.step()) throw new SimulatedClientsError('withSimulatedIoredis: the simulation ran out of events');
      }
      timers.runDue();
    }
  } finally {
    for (const socket of [...sockets]) socket.destroy();
    timers.uninstall();
    nodeNet.createConnection = saved.createConnection;
    nodeNet.connect = saved.connect;
    running = false;
  }
  const done = outcome as { ok: true; value: T } | { ok: false; error: unknown };
  if (!done.ok) throw done.error;
  const run = session.finish({ speed: 0, replay: `withSimulatedIoredis(loadScenario('${scenario.file}'), { seed: ${session.run.seed} }, body)` });
  return { value: done.value, run };
}
