// The simulated side shared by `redsim serve` (real sockets, real time) and
// `withSimulatedIoredis` (simulated sockets, virtual time): a scenario's run
// prepared at t=0, a gateway process on the clients' box through which outside
// clients connect, the scenario's own plan (probe rounds every second for the
// convergence checker, simulated clients stopping when their workload ends),
// faults applied on demand, and the final reads and checkers at the end.

import { scheduleFaults } from '../faults/scripted.js';
import { faultTargets, parseFaultText, type FaultStep, type Scenario } from '../scenario/scenario.js';
import { finishRun, prepareRun, type PreparedRun, type ServedSummary, type Simulation } from '../scenario/simulate.js';
import { clientWaits } from '../check/client-waits.js';
import { Gateway } from './gateway.js';
import type { MessageTap } from '../net/index.js';
import { describeFault } from './describe.js';

export class ServeError extends Error {}

/** A node outside clients can reach, by its simulated name and port. */
export interface SessionNode {
  readonly name: string;
  readonly simPort: number;
  readonly kind: 'redis' | 'sentinel';
}

export interface SessionOptions {
  readonly seed?: number;
  /** The box outside clients sit on; default a box of their own. */
  readonly clientBox?: string;
  /** When the scenario's simulated clients stop at the latest (µs since t=0). */
  readonly durationUs?: number;
  /** The gateway process's name (made unique against the scenario's names). */
  readonly gatewayName?: string;
  /** Told of every message from t=0, for the report's message view. */
  readonly messageTap?: MessageTap;
}

export interface GatewaySession {
  readonly run: PreparedRun;
  readonly gateway: Gateway;
  /** The gateway's process name (its box is the clients' box). */
  readonly gatewayName: string;
  readonly nodes: readonly SessionNode[];
  /** Faults applied with `fault`, when, and what they do. */
  readonly applied: readonly { readonly atMs: number; readonly fault: string }[];
  /** Apply a scenario fault step now (`at` counts from now); returns what it does. Throws a ScenarioError on bad input. */
  fault(text: string): string;
  /** Final reads (the scenario's clients' and the outside clients' keys), then the checkers. */
  finish(options: { replay: string; speed: number }): Simulation;
}

/** The data nodes, then the Sentinels, in scenario order. */
export function sessionNodes(scenario: Scenario): SessionNode[] {
  const names = [...Object.keys(scenario.redis), ...(scenario.sentinel?.names ?? [])];
  return names.map((name) => {
    const isSentinel = scenario.sentinel?.names.includes(name) ?? false;
    const simPort = isSentinel ? 26379 : Number(scenario.redis[name]?.['port'] ?? 6379);
    return { name, simPort, kind: isSentinel ? 'sentinel' : 'redis' };
  });
}

/** Throws a one-line ServeError unless `box` is one of the scenario's boxes. */
export function checkClientBox(scenario: Scenario, box: string): void {
  const boxes = new Set(Object.values(scenario.hosts));
  if (!boxes.has(box)) throw new ServeError(`--client-box: ${scenario.file} has no box named "${box}" (boxes: ${[...boxes].join(', ') || 'none'})`);
}

export function openSession(scenario: Scenario, options: SessionOptions = {}): GatewaySession {
  if (options.clientBox !== undefined) checkClientBox(scenario, options.clientBox);
  const nodes = sessionNodes(scenario);
  const run = prepareRun(scenario, { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.messageTap !== undefined ? { messageTap: options.messageTap } : {}) });
  const { cluster } = run;
  const { sim, net } = cluster;
  let gatewayName = options.gatewayName ?? 'serve';
  while (nodes.some((n) => n.name === gatewayName) || gatewayName in scenario.clients) gatewayName += '_';
  let gateway: Gateway | null = null;
  net.addProcess(gatewayName, (ctx) => (gateway = new Gateway(ctx, cluster.history, sim)), options.clientBox !== undefined ? { host: options.clientBox } : {});
  net.start(gatewayName);

  const probeRound = () => {
    cluster.probe().runRound();
    sim.after(1_000_000, probeRound);
  };
  sim.after(1_000_000, probeRound);
  sim.at(sim.originUs + Math.min(scenario.workload.untilUs, options.durationUs ?? scenario.durationUs), () => {
    for (const client of cluster.clients.values()) client.stop();
  });

  const targets = faultTargets(scenario);
  const applied: { atMs: number; fault: string }[] = [];
  const fault = (text: string): string => {
    const step = parseFaultText('fault', text, targets, scenario.hosts);
    const now = sim.sinceOriginUs;
    scheduleFaults(sim, net, [{ ...step, atUs: now + step.atUs } as FaultStep], run.nemesis);
    const what = describeFault(step);
    applied.push({ atMs: now / 1000, fault: what });
    return what;
  };

  const finish = ({ replay, speed }: { replay: string; speed: number }): Simulation => {
    // The final reads run as fast as the simulation goes: no outside client waits now.
    for (const client of cluster.clients.values()) client.stop();
    let pending = 0;
    const reader = cluster.clients.values().next().value;
    if (reader !== undefined) {
      pending++;
      reader.finalReads(() => pending--);
    }
    const sentinels = nodes.filter((n) => n.kind === 'sentinel').map((n) => ({ name: n.name, port: n.simPort }));
    const firstRedis = nodes.find((n) => n.kind === 'redis')?.name ?? null;
    pending++;
    gateway!.finalReads(sentinels, scenario.sentinel?.monitor.name ?? 'mymaster', firstRedis, 5_000_000, () => pending--);
    const deadline = sim.nowUs + 30_000_000;
    while (pending > 0 && sim.nowUs <= deadline && sim.step()) {
      /* until the final reads are in */
    }
    const served: ServedSummary = {
      speed,
      clientBox: options.clientBox ?? null,
      realClients: clientWaits(cluster.history, (p) => /^real\d/.test(p), sim.sinceOriginUs),
    };
    return finishRun(run, { served, replay });
  };

  return { run, gateway: gateway!, gatewayName, nodes, applied, fault, finish };
}
