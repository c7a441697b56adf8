// One run of a scenario on real Redis, in real time: the processes from
// RealCluster, the scenario's clients as set-add loops over real sockets
// (Jepsen's invoke/ok/fail/info, as in the simulation), Sentinel events
// heard on each Sentinel's Pub/Sub, faults applied by signals, and at the
// end the final read, every node's ROLE and every Sentinel's master.

import type { HistoryOp } from '../sim/history.js';
import type { FaultStep, Scenario } from '../scenario/scenario.js';
import { RealCluster, type RealBinaries } from './real-cluster.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ReplyError, RespClient, type Reply } from './resp-client.js';
import { NetnsLab, netnsAvailable } from './netns.js';
import type { RealClientSpec } from './real-client.js';
import { nodeViewFromInfo, sentinelViewFromReplies, settleTargets, unsettled, type Answer, type NodeView, type SentinelView } from '../world/settle.js';
import { SettleError, TEST_START_SPREAD_US } from '../world/start.js';

/** Fault kinds a real run can apply (signals and commands); others need packet-level control. */
export const REAL_FAULT_KINDS: ReadonlySet<FaultStep['kind']> = new Set(['crash', 'restart', 'pause', 'resume', 'power-off', 'command', 'heal', 'partition']);

export interface RealEvent {
  readonly tMs: number;
  readonly sentinel: string;
  readonly name: string;
  /** With addresses mapped to node names, as the simulation writes them. */
  readonly text: string;
}

export interface RealOutcome {
  readonly events: readonly RealEvent[];
  readonly history: readonly HistoryOp[];
  /** Data node → `master`, `replica of r2 (link up)`, `down`. */
  readonly roles: Record<string, string>;
  /** Sentinel → `r2:6379` style, with names. */
  readonly sentinels: Record<string, string>;
  readonly logsDir: string | null;
  /** A warm start: from the first launch until the cluster had settled (ms); null for a cold start. */
  readonly settledMs: number | null;
}

/** What stops a scenario from running for real, or null. */
/**
 * How partitions are made for real: `netns` cuts packets between per-box
 * network namespaces (root); `pause` is the weaker stand-in without root:
 * every process and client of the first group is SIGSTOPped for the
 * partition's length, so the rest sees it gone, but it takes no writes
 * meanwhile (no split brain can show).
 */
export type PartitionMode = 'netns' | 'pause';

export function unsupportedForReal(s: Scenario, partitions: PartitionMode = 'netns'): string | null {
  const bad = s.faults.filter((f) => !REAL_FAULT_KINDS.has(f.kind));
  if (bad.length > 0) return `${bad.map((f) => f.kind).join(', ')} faults are not supported for real runs yet (they need packet-level or clock control); supported: ${[...REAL_FAULT_KINDS].join(', ')}`;
  if (partitions === 'netns' && s.faults.some((f) => f.kind === 'partition')) {
    const why = netnsAvailable();
    if (why !== null) return `${why}; --partitions pause imitates them by pausing the cut-off side (weaker: it takes no writes)`;
  }
  if (s.generator !== null) return 'generated faults are not supported for real runs: shrink or write the schedule out first';
  if (s.workload.type !== 'set-add') return `the ${s.workload.type} workload is not supported for real runs yet (set-add is)`;
  if (s.sentinel === null) return 'real runs need Sentinels';
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Map `127.0.0.1 7001` / `127.0.0.1:7001` to `m1 6379` / `m1:6379`, the simulation's spelling. */
function mapAddresses(text: string, cluster: RealCluster): string {
  return text.replace(/\d+\.\d+\.\d+\.\d+([ :])(\d+)/g, (_, sep: string, port: string) => `${cluster.nameOf(Number(port))}${sep}6379`);
}

async function waitForPing(host: string, port: number, deadlineMs: number): Promise<void> {
  for (;;) {
    try {
      const c = await RespClient.connect(host, port, 500);
      const r = await c.call(['PING'], 500);
      c.close();
      if (r === 'PONG') return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadlineMs) throw new Error(`${host}:${port} did not answer PING`);
    await sleep(50);
  }
}

export async function runReal(scenario: Scenario, bin: RealBinaries, options: { basePort: number; logsDir: string | null; partitions?: PartitionMode; onProgress?: (elapsedMs: number, totalMs: number) => void }): Promise<RealOutcome> {
  const partitionMode = options.partitions ?? 'netns';
  const why = unsupportedForReal(scenario, partitionMode);
  if (why !== null) throw new Error(why);
  const hasPartitions = scenario.faults.some((f) => f.kind === 'partition');
  const boxes = [...new Set([...Object.keys(scenario.redis), ...(scenario.sentinel?.names ?? []), ...Object.keys(scenario.clients)].map((n) => scenario.hosts[n] ?? n))];
  const lab = hasPartitions && partitionMode === 'netns' ? new NetnsLab(boxes) : null;
  let cluster: RealCluster;
  try {
    cluster = await RealCluster.create(bin, scenario, options.basePort, lab);
  } catch (e) {
    lab?.destroy();
    throw e;
  }
  const clients = new Map<string, ReturnType<typeof spawn>>();
  const stopOnSignal = () => {
    for (const c of clients.values()) c.kill('SIGKILL');
    cluster.stopAll();
    cluster.removeFiles();
    lab?.destroy();
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const timers: NodeJS.Timeout[] = [];
  const connections: RespClient[] = [];
  try {
    // Launched in the scenario's order, as the simulation launches them; a
    // warm start waits for the same settled state the simulation waits for.
    const launchedMs = Date.now();
    const start = scenario.start;
    for (const name of start.order) {
      const after = start.startAfterUs[name];
      if (after === undefined) cluster.start(name);
      else timers.push(setTimeout(() => cluster.start(name), after / 1000));
    }
    let settledMs: number | null = null;
    if (start.mode === 'warm') {
      settledMs = (await waitUntilSettled(cluster, launchedMs + start.settleTimeoutUs / 1000)) - launchedMs;
      // As the simulation's warm start: t=0 at no particular phase of the servers' second.
      await sleep(Math.random() * (TEST_START_SPREAD_US / 1000));
    }
    const t0 = start.mode === 'warm' ? Date.now() : launchedMs;
    const nowUs = () => (Date.now() - t0) * 1000;
    const monitor = scenario.sentinel!.monitor;
    const atMs = (us: number) => us / 1000 - (Date.now() - t0);

    // Sentinel events, from each Sentinel's own Pub/Sub (a cold start's first few are not heard).
    const events: RealEvent[] = [];
    const subscriptions = scenario.sentinel!.names.map(async (s) => {
      await waitForPing(cluster.host(s), cluster.port(s), Date.now() + 10_000 + (start.startAfterUs[s] ?? 0) / 1000);
      const sub = await RespClient.connect(cluster.host(s), cluster.port(s), 1000);
      connections.push(sub);
      sub.onMessage = (channel, message) => {
        if (channel.startsWith('__sentinel__')) return;
        events.push({ tMs: Date.now() - t0, sentinel: s, name: channel, text: mapAddresses(`${channel} ${message}`, cluster) });
      };
      await sub.call(['PSUBSCRIBE', '*'], 1000);
    });
    if (start.mode === 'warm') await Promise.all(subscriptions);

    // Faults, at their times.
    for (const f of scenario.faults) timers.push(setTimeout(() => void applyFault(cluster, f, timers, clients), atMs(f.atUs)));


    // Clients: one operation at a time at the workload's rate.
    const history: HistoryOp[] = [];
    const clientLoops = Object.keys(scenario.clients).map((name, index) => {
      const child = spawnClient(cluster, name, index, t0);
      clients.set(name, child);
      return collect(child, history);
    });
    const totalMs = scenario.durationUs / 1000;
    await Promise.all(subscriptions);
    while (Date.now() - t0 < totalMs) {
      options.onProgress?.(Date.now() - t0, totalMs);
      await sleep(Math.min(1000, totalMs - (Date.now() - t0)));
    }
    await Promise.all(clientLoops);

    // The final state: every Sentinel's master, every node's ROLE, the set on the master.
    const sentinels: Record<string, string> = {};
    for (const s of scenario.sentinel!.names) {
      const r = await ask(cluster, s, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', monitor.name]);
      sentinels[s] = Array.isArray(r) ? `${cluster.nameOf(Number(r[1]))}:6379` : 'down';
    }
    const roles: Record<string, string> = {};
    for (const node of Object.keys(scenario.redis)) {
      const r = await ask(cluster, node, ['ROLE']);
      if (!Array.isArray(r)) roles[node] = 'down';
      else if (r[0] === 'master') roles[node] = 'master';
      else roles[node] = `replica of ${cluster.nameOf(Number(r[2]))} (link ${r[3] === 'connected' ? 'up' : 'down'})`;
    }
    const masters = Object.entries(roles).filter(([, r]) => r === 'master');
    const finalMaster = masters.length === 1 ? masters[0]![0] : (Object.values(sentinels).find((v) => v !== 'down')?.split(':')[0] ?? null);
    history.push({ process: 'final', type: 'invoke', f: 'final-read', key: 'set', value: null, time: nowUs(), node: finalMaster ?? '' });
    const members = finalMaster === null ? null : await ask(cluster, finalMaster, ['SMEMBERS', 'set']);
    if (Array.isArray(members)) {
      const values = members.map((m) => Number(m)).sort((a, b) => a - b);
      history.push({ process: 'final', type: 'ok', f: 'final-read', key: 'set', value: values, time: nowUs(), node: finalMaster! });
    } else history.push({ process: 'final', type: 'fail', f: 'final-read', key: 'set', value: null, time: nowUs(), node: finalMaster ?? '', error: 'could not read the final master' });
    if (options.logsDir !== null) cluster.saveLogs(options.logsDir);
    return { events, history, roles, sentinels, logsDir: options.logsDir, settledMs };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const c of connections) c.close();
    for (const c of clients.values()) c.kill('SIGKILL');
    cluster.stopAll();
    cluster.removeFiles();
    lab?.destroy();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
}

/** Ask the real processes what the simulation's warm start asks (world/settle.ts) until they have settled; the time it happened. */
async function waitUntilSettled(cluster: RealCluster, deadlineMs: number): Promise<number> {
  const scenario = cluster.scenario;
  const targets = settleTargets(scenario.redis, scenario.sentinel);
  const nameOf = (_host: string, port: number) => cluster.nameOf(port);
  const flat = (r: Reply): string[] => (Array.isArray(r) ? r.map((x) => String(x)) : []);
  let missing: string[] = ['nothing answered yet'];
  while (Date.now() <= deadlineMs) {
    const nodes = new Map<string, Answer<NodeView>>();
    const sentinels = new Map<string, Answer<SentinelView>>();
    const errorOf = (r: Reply) => (r instanceof ReplyError ? { error: r.message } : null);
    await Promise.all([
      ...Object.keys(scenario.redis).map(async (node) => {
        const info = await ask(cluster, node, ['INFO', 'replication']);
        nodes.set(node, typeof info === 'string' ? nodeViewFromInfo(info, nameOf) : errorOf(info));
      }),
      ...targets.sentinels.map(async (s) => {
        const master = await ask(cluster, s, ['SENTINEL', 'MASTER', targets.masterName]);
        const replicas = await ask(cluster, s, ['SENTINEL', 'REPLICAS', targets.masterName]);
        sentinels.set(s, Array.isArray(master) && Array.isArray(replicas) ? sentinelViewFromReplies(flat(master), replicas.map(flat), nameOf) : (errorOf(master) ?? errorOf(replicas)));
      }),
    ]);
    missing = unsettled(targets, { nodes, sentinels });
    if (missing.length === 0) return Date.now();
    await sleep(100);
  }
  throw new SettleError(`${scenario.file} (real run)`, scenario.start.settleTimeoutUs, missing);
}

/** One command on a connection of its own (AUTH first where the node has a requirepass); null when nothing answered. */
async function ask(cluster: RealCluster, name: string, args: string[]): Promise<Reply> {
  try {
    const c = await RespClient.connect(cluster.host(name), cluster.port(name), 1000);
    try {
      const password = cluster.scenario.redis[name]?.['requirepass'];
      if (password !== undefined) await c.call(['AUTH', String(password)], 1000);
      return await c.call(args, 1000);
    } finally {
      c.close();
    }
  } catch {
    return null;
  }
}

async function applyFault(cluster: RealCluster, f: FaultStep, timers: NodeJS.Timeout[], clients: ReadonlyMap<string, ReturnType<typeof spawn>>): Promise<void> {
  const later = (us: number | null, action: () => void) => {
    if (us !== null) timers.push(setTimeout(action, us / 1000));
  };
  switch (f.kind) {
    case 'crash':
      cluster.kill(f.target);
      later(f.forUs, () => cluster.start(f.target));
      break;
    case 'restart':
      cluster.kill(f.target);
      cluster.start(f.target, f.wipe);
      break;
    case 'pause':
      cluster.signal(f.target, 'SIGSTOP');
      later(f.forUs, () => cluster.signal(f.target, 'SIGCONT'));
      break;
    case 'resume':
      cluster.signal(f.target, 'SIGCONT');
      break;
    case 'power-off': {
      // Approximation: every process of the box is killed; the OS page cache survives, so unsynced appends are not lost.
      const members = Object.entries(cluster.scenario.hosts).filter(([, box]) => box === f.target).map(([p]) => p).filter((p) => cluster.ports.has(p));
      const targets = members.length > 0 ? members : [f.target];
      for (const p of targets) cluster.kill(p);
      later(f.forUs, () => targets.forEach((p) => cluster.start(p)));
      break;
    }
    case 'partition': {
      const lab = cluster.lab;
      if (lab === null) {
        // --partitions pause: the first group's processes and clients stop for the partition's length.
        const boxes = new Set(f.groups[0]!.map((member) => (cluster.boxes().includes(member) ? member : cluster.boxOf(member))));
        const members = [...Object.keys(cluster.scenario.redis), ...(cluster.scenario.sentinel?.names ?? []), ...Object.keys(cluster.scenario.clients)].filter((p) => boxes.has(cluster.boxOf(p)));
        const signal = (sig: NodeJS.Signals) => {
          for (const p of members) {
            const client = clients.get(p);
            if (client !== undefined) client.kill(sig);
            else cluster.signal(p, sig);
          }
        };
        signal('SIGSTOP');
        later(f.forUs, () => signal('SIGCONT'));
        break;
      }
      const groups = f.groups.map((g) => [...new Set(g.map((member) => (cluster.boxes().includes(member) ? member : cluster.boxOf(member))))]);
      const [first, ...rest] = groups;
      const others = rest.flat();
      lab.cut(first!, others, f.mode === 'reject' ? 'reject' : 'drop');
      if (!f.oneway) for (const g of rest) lab.cut(g, groups.filter((h) => h !== g).flat(), f.mode === 'reject' ? 'reject' : 'drop');
      later(f.forUs, () => lab.healAll());
      break;
    }
    case 'heal':
      cluster.lab?.healAll();
      break;
    case 'command':
      await ask(cluster, f.target, f.args);
      break;
    default:
      break;
  }
}

/** A client as a child process, in its box's namespace when there is a lab. */
function spawnClient(cluster: RealCluster, name: string, index: number, t0Ms: number): ReturnType<typeof spawn> {
  const scenario = cluster.scenario;
  const c = scenario.clients[name]!;
  const d = c.discovery;
  const address = (n: string) => ({ host: cluster.host(n), port: cluster.port(n) });
  const spec: RealClientSpec = {
    name,
    index,
    discovery: d.kind === 'fixed' ? { kind: 'fixed', address: address(d.address) } : { kind: 'sentinel', sentinels: d.sentinels.map(address), masterName: d.masterName },
    names: Object.fromEntries([...cluster.ports].map(([n, p]) => [String(p), n])),
    ratePerSec: scenario.workload.ratePerSec,
    loop: scenario.workload.loop,
    timeoutMs: (c.timeoutUs || scenario.workload.timeoutUs) / 1000,
    connectTimeoutMs: (c.connectTimeoutUs || c.timeoutUs || scenario.workload.timeoutUs) / 1000,
    untilMs: scenario.workload.untilUs / 1000,
    t0Ms,
  };
  // From TypeScript sources (tests) the runner goes through tsx, as the CLI does.
  const fromSources = import.meta.url.endsWith('.ts');
  const runner = fileURLToPath(new URL(fromSources ? './client-runner.ts' : './client-runner.js', import.meta.url));
  const node = [process.execPath, ...(fromSources ? ['--import', 'tsx'] : []), runner, JSON.stringify(spec)];
  const command = cluster.lab === null ? node : [...cluster.lab.exec(cluster.boxOf(name)), ...node];
  return spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
}

function collect(child: ReturnType<typeof spawn>, history: HistoryOp[]): Promise<void> {
  return new Promise((resolve) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line !== '') history.push(JSON.parse(line) as HistoryOp);
    });
    child.on('close', () => resolve());
  });
}
