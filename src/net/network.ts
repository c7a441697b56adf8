// The simulated network: hosts, the processes on them, the links between every
// pair of hosts, and the fault verbs (partitions, slow links, crashes, pauses,
// clock faults). Faults may name a host (box) or a process; partitions act on
// hosts, so naming a process cuts off its whole box.

import type { Rng } from '../sim/rng.js';
import type { Simulation } from '../sim/simulation.js';
import type { Microseconds } from '../sim/time.js';
import type { ActorFactory } from './actor.js';
import { Host } from './host.js';
import { latencyModel, type LatencyModel, type LatencySpec } from './latency.js';
import { Link } from './link.js';
import { SimProcess } from './process.js';
import { resetIfCrossesReject, type MessageTap, type NetEnv } from './socket.js';

export interface NetworkOptions {
  /** Latency between different hosts. Default: uniform 200–800 µs (a LAN). */
  latency?: LatencySpec;
  /** Latency between processes on the same host. Default: constant 20 µs. */
  loopbackLatency?: LatencySpec;
  /** Bytes per second on every link between hosts; 0 or absent: unlimited. */
  bandwidthBytesPerSec?: number;
  /**
   * Start the (NTP-synced) wall clocks at a random fraction of a second, drawn
   * per seed. Redis counts replica ACK ages, min-replicas-max-lag and its
   * once-a-second work in whole wall-clock seconds, so where a fault falls
   * within the second changes what happens; a real run's faults fall anywhere.
   * Off: the clocks start on a whole second (unit tests).
   */
  randomWallClockPhase?: boolean;
}

export interface AddProcessOptions {
  /** The box it runs on; default: a host of its own, named after it. */
  host?: string;
  /** Initial wall-clock offset. */
  clockOffsetUs?: Microseconds;
}

/**
 * `drop` (default): packets vanish, TCP stalls and retransmits, connects time out.
 * `reject`: the cut answers with RST, so connections reset and connects are refused at once.
 */
export type CutMode = 'drop' | 'reject';

export interface PartitionOptions {
  /** Only traffic from the first group to the others is cut. */
  oneway?: boolean;
  mode?: CutMode;
}

export class Partition {
  healed = false;
  constructor(
    readonly id: number,
    readonly links: readonly Link[],
    readonly mode: CutMode,
    readonly description: string,
  ) {}
}

export class SlowLinks {
  restored = false;
  constructor(
    readonly id: number,
    readonly links: readonly Link[],
    readonly extraLatencyUs: Microseconds,
  ) {}
}

const DEFAULT_LATENCY: LatencySpec = { distribution: 'uniform', minUs: 200, maxUs: 800 };
const DEFAULT_LOOPBACK: LatencySpec = { distribution: 'constant', us: 20 };

export class Network implements NetEnv {
  readonly rng: Rng;
  /** Set to record every delivered message (reports); null costs nothing. */
  messageTap: MessageTap | null = null;
  private readonly hostsByName = new Map<string, Host>();
  private readonly hostList: Host[] = [];
  private readonly processesByName = new Map<string, SimProcess>();
  private readonly partitions: Partition[] = [];
  private readonly latency: LatencyModel;
  private readonly loopbackLatency: LatencyModel;
  private readonly bandwidthBytesPerSec: number;
  /** Added to every process's wall clock: the run's sub-second phase. */
  private readonly wallClockPhaseUs: Microseconds;
  private socketIds = 0;
  private pids = 0;
  private faultIds = 0;

  constructor(
    readonly sim: Simulation,
    options: NetworkOptions = {},
  ) {
    this.rng = sim.rng.stream('net');
    this.latency = latencyModel(options.latency ?? DEFAULT_LATENCY);
    this.loopbackLatency = latencyModel(options.loopbackLatency ?? DEFAULT_LOOPBACK);
    this.bandwidthBytesPerSec = options.bandwidthBytesPerSec ?? 0;
    this.wallClockPhaseUs = options.randomWallClockPhase ? sim.rng.stream('wall-clock').int(1_000_000) : 0;
  }

  // ---- building ---------------------------------------------------------------

  addHost(name: string): Host {
    if (this.hostsByName.has(name)) throw new Error(`host ${name} already exists`);
    const host = new Host(name, this.hostList.length);
    for (const other of this.hostList) {
      other.linksOut[host.index] = this.newLink(other, host);
      host.linksOut[other.index] = this.newLink(host, other);
    }
    host.linksOut[host.index] = new Link(name, name, this.loopbackLatency);
    this.hostList.push(host);
    this.hostsByName.set(name, host);
    return host;
  }

  addProcess(name: string, factory: ActorFactory, options: AddProcessOptions = {}): SimProcess {
    if (this.processesByName.has(name)) throw new Error(`process ${name} already exists`);
    const hostName = options.host ?? name;
    const host = this.hostsByName.get(hostName) ?? this.addHost(hostName);
    const process = new SimProcess(this, name, host, factory, () => this.nextPid(), (options.clockOffsetUs ?? 0) + this.wallClockPhaseUs);
    host.processes.push(process);
    this.processesByName.set(name, process);
    return process;
  }

  /** Set latency and/or bandwidth of the links between two hosts (both ways unless `oneway`). */
  configureLink(
    from: string,
    to: string,
    settings: { latency?: LatencySpec; bandwidthBytesPerSec?: number; oneway?: boolean },
  ): void {
    const a = this.resolveHost(from);
    const b = this.resolveHost(to);
    const links = settings.oneway ? [a.linkTo(b)] : [a.linkTo(b), b.linkTo(a)];
    for (const link of links) {
      if (settings.latency) link.latency = latencyModel(settings.latency);
      if (settings.bandwidthBytesPerSec !== undefined) link.bandwidthBytesPerSec = settings.bandwidthBytesPerSec;
    }
  }

  // ---- looking up -------------------------------------------------------------

  lookupProcess(name: string): SimProcess | undefined {
    return this.processesByName.get(name);
  }

  process(name: string): SimProcess {
    const process = this.processesByName.get(name);
    if (process === undefined) throw new Error(`no process named ${name}`);
    return process;
  }

  host(name: string): Host {
    const host = this.hostsByName.get(name);
    if (host === undefined) throw new Error(`no host named ${name}`);
    return host;
  }

  get processes(): readonly SimProcess[] {
    return [...this.processesByName.values()];
  }

  get hosts(): readonly Host[] {
    return this.hostList;
  }

  /** A host name, or a process name standing for its host. */
  resolveHost(name: string): Host {
    const host = this.hostsByName.get(name) ?? this.processesByName.get(name)?.host;
    if (host === undefined) throw new Error(`no host or process named ${name}`);
    return host;
  }

  /** A process name, or a host name standing for all its processes. */
  resolveProcesses(name: string): SimProcess[] {
    const process = this.processesByName.get(name);
    if (process !== undefined) return [process];
    const host = this.hostsByName.get(name);
    if (host !== undefined) return [...host.processes];
    throw new Error(`no host or process named ${name}`);
  }

  nextSocketId(): number {
    return ++this.socketIds;
  }

  private nextPid(): number {
    // Deterministic, plausible pids.
    return 1000 + 37 * ++this.pids;
  }

  private newLink(from: Host, to: Host): Link {
    const link = new Link(from.name, to.name, this.latency);
    link.bandwidthBytesPerSec = this.bandwidthBytesPerSec;
    return link;
  }

  // ---- process faults ---------------------------------------------------------

  start(name: string): void {
    for (const p of this.resolveProcesses(name)) p.start();
  }

  startAll(): void {
    for (const p of this.processesByName.values()) if (p.state === 'stopped') p.start();
  }

  /** kill -9 every named process: memory gone, peers see resets, disk kept. */
  crash(name: string): void {
    for (const p of this.resolveProcesses(name)) p.crash();
  }

  /**
   * A host (or a process's host) loses power: every process on it dies without
   * a word to its peers (they see silence, then time-outs), appends not yet
   * fsynced are lost, and the host answers nothing until a process on it starts.
   */
  powerFail(name: string): void {
    const host = this.resolveHost(name);
    host.powered = false;
    this.sim.emit('net', 'net', { event: 'power-fail', host: host.name });
    for (const p of host.processes) {
      p.powerFail();
      p.disk.losePageCache();
    }
  }

  /** Start again after a crash or exit; `wipeDisk` loses its files first. */
  restart(name: string, options: { wipeDisk?: boolean } = {}): void {
    for (const p of this.resolveProcesses(name)) {
      if (p.state !== 'crashed' && p.state !== 'stopped') p.crash();
      if (options.wipeDisk) {
        p.disk.wipe();
        p.emit('process', { event: 'disk-wiped' });
      }
      p.start();
    }
  }

  pause(name: string): void {
    for (const p of this.resolveProcesses(name)) p.pause();
  }

  resume(name: string): void {
    for (const p of this.resolveProcesses(name)) p.resume();
  }

  // ---- clock faults -------------------------------------------------------------

  clockJump(name: string, deltaUs: Microseconds): void {
    for (const p of this.resolveProcesses(name)) {
      p.clock.jump(deltaUs);
      p.emit('clock', { event: 'jump', deltaUs });
    }
  }

  clockDrift(name: string, drift: number): void {
    for (const p of this.resolveProcesses(name)) {
      p.clock.setDrift(drift, this.sim.nowUs);
      p.emit('clock', { event: 'drift', drift });
    }
  }

  // ---- network faults ---------------------------------------------------------

  /**
   * Cut every group off from every other group (or, `oneway`, the first group's
   * traffic to the others). Names are hosts or processes (standing for their host).
   */
  partition(groups: readonly (readonly string[])[], options: PartitionOptions = {}): Partition {
    if (groups.length < 2) throw new Error('a partition needs at least two groups');
    const hostGroups = groups.map((g) => unique(g.map((n) => this.resolveHost(n))));
    const seen = new Set<Host>();
    for (const group of hostGroups) {
      for (const h of group) {
        if (seen.has(h)) throw new Error(`host ${h.name} is in two groups of one partition`);
        seen.add(h);
      }
    }
    const links: Link[] = [];
    for (let i = 0; i < hostGroups.length; i++) {
      for (let j = 0; j < hostGroups.length; j++) {
        if (i === j || (options.oneway && i !== 0)) continue;
        for (const a of hostGroups[i]!) for (const b of hostGroups[j]!) links.push(a.linkTo(b));
      }
    }
    const mode = options.mode ?? 'drop';
    const description =
      hostGroups.map((g) => g.map((h) => h.name).join(',')).join(options.oneway ? ' -/-> ' : ' | ') +
      (mode === 'reject' ? ' (reject)' : '');
    const partition = new Partition(++this.faultIds, links, mode, description);
    for (const link of links) {
      link.cuts++;
      if (mode === 'reject') link.rejectCuts++;
    }
    this.partitions.push(partition);
    // Hosts in no group stay connected to every side (the probe and the operator are observers, not hosts of the cluster).
    const unplaced = this.hostList.filter((h) => !seen.has(h) && h.processes.some((p) => p.name !== 'probe' && p.name !== 'operator')).map((h) => h.name);
    this.sim.emit('net', 'net', {
      event: 'partition',
      id: partition.id,
      groups: hostGroups.map((g) => g.map((h) => h.name).join(',')),
      ...(unplaced.length > 0 ? { unplaced } : {}),
      oneway: options.oneway ?? false,
      mode,
    });
    if (mode === 'reject') {
      for (const p of this.processesByName.values()) for (const s of [...p.sockets]) resetIfCrossesReject(s);
    }
    return partition;
  }

  /** Cut one host (or a process's host) off from all others. */
  isolate(name: string, options: PartitionOptions = {}): Partition {
    const host = this.resolveHost(name);
    const others = this.hostList.filter((h) => h !== host).map((h) => h.name);
    return this.partition([[host.name], others], options);
  }

  heal(partition: Partition): void {
    if (partition.healed) return;
    partition.healed = true;
    for (const link of partition.links) {
      link.cuts--;
      if (partition.mode === 'reject') link.rejectCuts--;
    }
    this.partitions.splice(this.partitions.indexOf(partition), 1);
    this.sim.emit('net', 'net', { event: 'heal', id: partition.id });
  }

  healAll(): void {
    for (const p of [...this.partitions]) this.heal(p);
  }

  get activePartitions(): readonly Partition[] {
    return this.partitions;
  }

  /**
   * Add latency to the links among the named hosts (both ways); a single name
   * slows every link to and from its host.
   */
  slow(names: readonly string[], extraLatencyUs: Microseconds): SlowLinks {
    const hosts = unique(names.map((n) => this.resolveHost(n)));
    const links: Link[] = [];
    if (hosts.length === 1) {
      const h = hosts[0]!;
      for (const other of this.hostList) if (other !== h) links.push(h.linkTo(other), other.linkTo(h));
    } else {
      for (const a of hosts) for (const b of hosts) if (a !== b) links.push(a.linkTo(b));
    }
    for (const link of links) link.extraLatencyUs += extraLatencyUs;
    const slow = new SlowLinks(++this.faultIds, links, extraLatencyUs);
    this.sim.emit('net', 'net', { event: 'slow', id: slow.id, hosts: hosts.map((h) => h.name), extraLatencyUs });
    return slow;
  }

  unslow(slow: SlowLinks): void {
    if (slow.restored) return;
    slow.restored = true;
    for (const link of slow.links) link.extraLatencyUs -= slow.extraLatencyUs;
    this.sim.emit('net', 'net', { event: 'unslow', id: slow.id });
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
