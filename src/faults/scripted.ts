// The nemesis for scripted scenarios: each fault step, at its time, through
// the network's verbs. Steps with `for` undo themselves (heal the partition,
// restart, resume, restore the links). `command` steps are sent by an operator
// process, as a person with redis-cli would.

import type { Actor, ProcessContext } from '../net/actor.js';
import type { Network, Partition } from '../net/network.js';
import type { Simulation } from '../sim/simulation.js';
import { ClientConnection } from '../client/connection.js';
import type { FaultStep } from '../scenario/scenario.js';

/** The operator: sends one-off commands (SENTINEL FAILOVER, REPLICAOF, SHUTDOWN ...). */
export class Operator implements Actor {
  constructor(private readonly ctx: ProcessContext) {}
  start(): void {}
  send(target: string, port: number, args: string[]): void {
    const connection = new ClientConnection(this.ctx, target, port, 5_000_000);
    connection.request(args, (outcome) => {
      this.ctx.emit('operator', {
        target,
        command: args.join(' '),
        reply: outcome.kind === 'reply' ? JSON.stringify(outcome.reply) : outcome.kind,
      });
      connection.close();
    });
  }
}

export interface NemesisTargets {
  /** Sentinel process names (they listen on 26379). */
  readonly sentinels: ReadonlySet<string>;
  readonly operator: () => Operator;
}

/** Start what is down among the named processes (a box's or one). */
function restartIfDown(net: Network, target: string): void {
  for (const p of net.resolveProcesses(target)) if (p.state === 'crashed' || p.state === 'stopped') p.start();
}

export function scheduleFaults(sim: Simulation, net: Network, steps: readonly FaultStep[], targets: NemesisTargets): void {
  const partitions: Partition[] = [];
  // Step times count from the run's t=0.
  const at = (us: number, action: () => void) => sim.at(sim.originUs + us, action);
  for (const step of steps) {
    switch (step.kind) {
      case 'partition':
        at(step.atUs, () => {
          const p = net.partition(step.groups, { oneway: step.oneway, mode: step.mode });
          partitions.push(p);
          if (step.forUs !== null) sim.after(step.forUs, () => net.heal(p));
        });
        break;
      case 'heal':
        at(step.atUs, () => net.healAll());
        break;
      case 'crash':
        at(step.atUs, () => {
          net.crash(step.target);
          if (step.forUs !== null) sim.after(step.forUs, () => restartIfDown(net, step.target));
        });
        break;
      case 'power-off':
        at(step.atUs, () => {
          net.powerFail(step.target);
          if (step.forUs !== null) sim.after(step.forUs, () => restartIfDown(net, net.resolveHost(step.target).name));
        });
        break;
      case 'restart':
        at(step.atUs, () => net.restart(step.target, { wipeDisk: step.wipe }));
        break;
      case 'pause':
        at(step.atUs, () => {
          net.pause(step.target);
          if (step.forUs !== null) sim.after(step.forUs, () => net.resume(step.target));
        });
        break;
      case 'resume':
        at(step.atUs, () => net.resume(step.target));
        break;
      case 'clock-jump':
        at(step.atUs, () => net.clockJump(step.target, step.jumpUs));
        break;
      case 'clock-drift':
        at(step.atUs, () => net.clockDrift(step.target, step.drift));
        break;
      case 'slow':
        at(step.atUs, () => {
          const slow = net.slow(step.targets, step.latencyUs);
          if (step.forUs !== null) sim.after(step.forUs, () => net.unslow(slow));
        });
        break;
      case 'command':
        at(step.atUs, () => targets.operator().send(step.target, targets.sentinels.has(step.target) ? 26379 : 6379, step.args));
        break;
    }
  }
}
