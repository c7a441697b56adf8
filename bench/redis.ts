// Redis actor benchmark (issue 3): SETs through a master with two replicas.
// A load client keeps `PIPELINE` SETs in flight over one connection (a new one
// as each reply arrives); the master propagates each to both replicas and
// they ACK every second. Reports simulated commands per wall second and
// kernel events per command.

import { Simulation } from '../src/sim/simulation.js';
import { Network } from '../src/net/network.js';
import type { Actor, ProcessContext, Socket } from '../src/net/actor.js';
import { commandBytes, type Command } from '../src/protocol/resp.js';
import { CONFIG_FILE, redisServer } from '../src/redis/server.js';
import type { BenchResult } from './measure.js';

const PIPELINE = 16;

class LoadClient implements Actor {
  completed = 0;
  private socket: Socket | null = null;
  private next = 0;
  constructor(
    private readonly ctx: ProcessContext,
    private readonly target: string,
    private readonly total: number,
  ) {}
  start(): void {
    // Give the replicas time to finish their full sync first.
    this.ctx.setTimer(8_000_000, () => {
      this.socket = this.ctx.connect(this.target, 6379, {
        onOpen: () => {
          for (let i = 0; i < PIPELINE; i++) this.sendOne();
        },
        onData: () => {
          this.completed++;
          if (this.next < this.total) this.sendOne();
        },
        onClose: () => {},
      });
    });
  }
  private sendOne(): void {
    const cmd: Command = ['SET', `key:${this.next % 10_000}`, `value-${this.next}`];
    this.next++;
    this.socket!.send(cmd, commandBytes(cmd));
  }
}

export function benchRedis(commands = 200_000): BenchResult[] {
  const run = (total: number) => {
    const sim = new Simulation({ seed: 1, traceKeep: 'none' });
    const net = new Network(sim);
    const factory = redisServer();
    for (const [name, conf] of [['m1', 'save ""'], ['r2', 'save ""\nreplicaof m1 6379'], ['r3', 'save ""\nreplicaof m1 6379']] as const) {
      net.addProcess(name, factory).disk.write(CONFIG_FILE, conf + '\n');
    }
    let client: LoadClient | null = null;
    net.addProcess('load', (ctx) => (client = new LoadClient(ctx, 'm1', total)));
    net.startAll();
    const startEvents = () => sim.eventsExecuted;
    sim.runUntil(8_000_000);
    const eventsBefore = startEvents();
    const started = performance.now();
    while (client!.completed < total && sim.step()) {
      /* run until the last reply */
    }
    const wallMs = performance.now() - started;
    return { wallMs, events: sim.eventsExecuted - eventsBefore, simulatedMs: sim.nowUs / 1000 - 8000 };
  };
  run(20_000); // warm the JIT
  const r = run(commands);
  return [
    {
      name: 'redis: SETs through a master with 2 replicas',
      value: Math.round(commands / (r.wallMs / 1000)).toLocaleString('en-US'),
      unit: 'commands/s',
      detail: `${commands.toLocaleString('en-US')} SETs (pipeline ${PIPELINE}) in ${r.wallMs.toFixed(0)} ms wall, ${r.simulatedMs.toFixed(0)} ms simulated`,
    },
    { name: 'redis: kernel events per SET (incl. replication and replies)', value: (r.events / commands).toFixed(2), unit: 'events' },
  ];
}
