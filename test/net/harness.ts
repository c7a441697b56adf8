// A recording actor and a tiny world builder for network tests: each process
// records what it received and how its sockets closed, with true timestamps.

import { Simulation } from '../../src/sim/simulation.js';
import { Network, type NetworkOptions } from '../../src/net/network.js';
import type { Actor, CloseReason, ProcessContext, Socket, SocketHandler } from '../../src/net/actor.js';

export const PORT = 9000;

export interface Received {
  tUs: number;
  from: string;
  payload: unknown;
}

export interface Closed {
  tUs: number;
  peer: string;
  reason: CloseReason;
}

export class Recorder implements Actor {
  readonly received: Received[] = [];
  readonly closed: Closed[] = [];
  readonly opened: { tUs: number; peer: string }[] = [];
  readonly accepted: { tUs: number; peer: string }[] = [];
  readonly timersFired: { tUs: number; label: string }[] = [];
  /** Volatile state: gone after a crash. */
  memory = new Map<string, string>();

  constructor(
    readonly ctx: ProcessContext,
    private readonly sim: Simulation,
    private readonly listenPort: number | null,
  ) {}

  start(): void {
    if (this.listenPort !== null) {
      this.ctx.listen(this.listenPort, (socket) => {
        this.accepted.push({ tUs: this.sim.nowUs, peer: socket.peerName });
        return this.handler;
      });
    }
  }

  readonly handler: SocketHandler = {
    onOpen: (socket) => this.opened.push({ tUs: this.sim.nowUs, peer: socket.peerName }),
    onData: (socket, payload) => this.received.push({ tUs: this.sim.nowUs, from: socket.peerName, payload }),
    onClose: (socket, reason) => this.closed.push({ tUs: this.sim.nowUs, peer: socket.peerName, reason }),
  };

  dial(peer: string, port = PORT): Socket {
    return this.ctx.connect(peer, port, this.handler);
  }

  timer(label: string, delayUs: number): void {
    this.ctx.setTimer(delayUs, () => this.timersFired.push({ tUs: this.sim.nowUs, label }));
  }
}

export interface TestWorld {
  sim: Simulation;
  net: Network;
  /** The current life of a process's actor. */
  actor(name: string): Recorder;
  add(name: string, options?: { host?: string; listen?: boolean }): void;
}

export function testWorld(options: NetworkOptions & { seed?: number } = {}): TestWorld {
  const sim = new Simulation({ seed: options.seed ?? 1 });
  const net = new Network(sim, {
    latency: options.latency ?? { distribution: 'constant', us: 1000 },
    ...(options.loopbackLatency ? { loopbackLatency: options.loopbackLatency } : {}),
    ...(options.bandwidthBytesPerSec ? { bandwidthBytesPerSec: options.bandwidthBytesPerSec } : {}),
  });
  const actors = new Map<string, Recorder>();
  return {
    sim,
    net,
    actor(name) {
      const a = actors.get(name);
      if (!a) throw new Error(`no actor ${name}`);
      return a;
    },
    add(name, opts = {}) {
      net.addProcess(
        name,
        (ctx) => {
          const recorder = new Recorder(ctx, sim, opts.listen === false ? null : PORT);
          actors.set(name, recorder);
          return recorder;
        },
        opts.host ? { host: opts.host } : {},
      );
      net.start(name);
    },
  };
}

export const ms = (n: number): number => n * 1000;
export const s = (n: number): number => n * 1_000_000;
