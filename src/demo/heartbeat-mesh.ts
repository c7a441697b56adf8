// A synthetic workload for the kernel and the network, with no Redis in it:
// N processes each keep a connection to every other and send a heartbeat every
// period; each runs a tiny failure detector (a peer silent for `downAfterMs` is
// marked down, as Sentinel marks SDOWN). It exercises timers, connects,
// in-order delivery, partitions, pauses, crashes and reconnects, so it drives
// the determinism tests, the kernel benchmark and the `npm start` demo until
// the Redis scenarios exist.

import { Simulation } from '../sim/simulation.js';
import type { Seed } from '../sim/rng.js';
import type { TraceKeep } from '../sim/trace.js';
import { msToUs, type Microseconds } from '../sim/time.js';
import type { Actor, ProcessContext, Socket, SocketHandler } from '../net/actor.js';
import { Network } from '../net/network.js';
import type { LatencySpec } from '../net/latency.js';

export const MESH_PORT = 7000;
const HEARTBEAT_BYTES = 64;

export interface MeshOptions {
  seed: Seed;
  processes: number;
  periodMs: number;
  /** Silence after which a peer is marked down. */
  downAfterMs: number;
  latency?: LatencySpec;
  traceKeep?: TraceKeep;
}

export interface MeshStats {
  heartbeatsSent: number;
  heartbeatsReceived: number;
}

export interface Mesh {
  sim: Simulation;
  net: Network;
  names: string[];
  stats: MeshStats;
}

export function buildMesh(options: MeshOptions): Mesh {
  const sim = new Simulation({ seed: options.seed, traceKeep: options.traceKeep ?? 'all' });
  const net = new Network(sim, options.latency ? { latency: options.latency } : {});
  const names = Array.from({ length: options.processes }, (_, i) => `n${i + 1}`);
  const stats: MeshStats = { heartbeatsSent: 0, heartbeatsReceived: 0 };
  const periodUs = msToUs(options.periodMs);
  const downAfterUs = msToUs(options.downAfterMs);
  for (const name of names) {
    const peers = names.filter((n) => n !== name);
    net.addProcess(name, (ctx) => new HeartbeatActor(ctx, peers, periodUs, downAfterUs, stats));
  }
  net.startAll();
  return { sim, net, names, stats };
}

class HeartbeatActor implements Actor {
  /** Outgoing connection per peer (null while reconnecting). */
  private readonly outgoing = new Map<string, Socket | null>();
  /** Local monotonic time we last heard from each peer. */
  private readonly lastHeardUs = new Map<string, Microseconds>();
  private readonly down = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly peers: string[],
    private readonly periodUs: Microseconds,
    private readonly downAfterUs: Microseconds,
    private readonly stats: MeshStats,
  ) {}

  start(): void {
    const ctx = this.ctx;
    const now = ctx.monotonicUs();
    ctx.listen(MESH_PORT, () => this.inbound);
    for (const peer of this.peers) {
      this.lastHeardUs.set(peer, now);
      this.dial(peer);
    }
    // Desynchronise the processes, as real ones start at different instants.
    ctx.setTimer(ctx.rng.int(this.periodUs), this.tick);
  }

  private readonly tick = (): void => {
    const now = this.ctx.monotonicUs();
    this.sequence++;
    for (const socket of this.outgoing.values()) {
      if (socket !== null && socket.send(this.sequence, HEARTBEAT_BYTES)) this.stats.heartbeatsSent++;
    }
    for (const peer of this.peers) {
      const silentUs = now - this.lastHeardUs.get(peer)!;
      if (silentUs > this.downAfterUs && !this.down.has(peer)) {
        this.down.add(peer);
        this.ctx.emit('mesh', { event: '+down', peer, silentMs: Math.floor(silentUs / 1000) });
      }
    }
    this.ctx.setTimer(this.periodUs, this.tick);
  };

  private readonly inbound: SocketHandler = {
    onData: (socket) => {
      this.stats.heartbeatsReceived++;
      const peer = socket.peerName;
      this.lastHeardUs.set(peer, this.ctx.monotonicUs());
      if (this.down.delete(peer)) this.ctx.emit('mesh', { event: '-down', peer });
    },
    onClose: () => {},
  };

  private dial(peer: string): void {
    const socket = this.ctx.connect(peer, MESH_PORT, {
      onOpen: () => this.ctx.emit('mesh', { event: 'connected', peer }),
      onData: () => {},
      onClose: (_s, reason) => {
        this.outgoing.set(peer, null);
        this.ctx.emit('mesh', { event: 'disconnected', peer, reason });
        this.ctx.setTimer(msToUs(1000), () => this.dial(peer));
      },
    });
    this.outgoing.set(peer, socket);
  }
}

/**
 * The demo run: a 5-process mesh on three boxes and a minute of faults of every
 * kind the network offers. Used by `redsim demo`, the determinism tests and the
 * benchmark.
 */
export function buildFaultyMesh(seed: Seed, traceKeep: TraceKeep = 'all'): Mesh {
  const mesh = buildMesh({
    seed,
    processes: 5,
    periodMs: 100,
    downAfterMs: 1000,
    latency: { distribution: 'exponential', minUs: 150, meanUs: 400 },
    traceKeep,
  });
  const { sim, net } = mesh;
  const at = (seconds: number, fault: () => void) => sim.at(seconds * 1_000_000, fault);
  let cut: ReturnType<Network['partition']> | null = null;
  at(5, () => (cut = net.partition([['n1'], ['n2', 'n3', 'n4', 'n5']])));
  at(12, () => net.heal(cut!));
  at(15, () => net.pause('n2'));
  at(18, () => net.resume('n2'));
  at(20, () => net.crash('n3'));
  at(23, () => net.restart('n3'));
  at(26, () => net.clockJump('n4', 3_000_000));
  at(27, () => net.clockDrift('n5', 0.05));
  at(30, () => (cut = net.partition([['n4'], ['n5']], { oneway: true })));
  at(34, () => net.heal(cut!));
  at(36, () => (cut = net.partition([['n1', 'n2'], ['n3']], { mode: 'reject' })));
  at(38, () => net.heal(cut!));
  let slow: ReturnType<Network['slow']> | null = null;
  at(40, () => (slow = net.slow(['n1'], 1_500_000)));
  at(45, () => net.unslow(slow!));
  return mesh;
}
