// `redsim demo`: the heartbeat mesh under a minute of network and process
// faults, told as a timeline. It shows what the kernel and the simulated TCP
// network do (stalls, retransmission back-off, resets, refusals, pauses, clock
// faults) before any Redis runs on them.

import chalk from 'chalk';
import { REDSIM_COMMAND } from '../scenario/simulate.js';
import { buildFaultyMesh } from '../demo/heartbeat-mesh.js';
import type { TraceEvent } from '../sim/trace.js';
import { formatDurationUs } from '../sim/time.js';

export interface DemoOptions {
  seed: number;
  durationMs: number;
  json: boolean;
  all: boolean;
}

export function runDemo(options: DemoOptions): number {
  const started = performance.now();
  const mesh = buildFaultyMesh(options.seed);
  mesh.sim.runUntil(Math.round(options.durationMs * 1000));
  const wallMs = performance.now() - started;
  const trace = mesh.sim.trace;
  const replay = `${REDSIM_COMMAND} demo --seed ${options.seed}${options.durationMs !== 60_000 ? ` --duration ${options.durationMs}ms` : ''}`;
  if (options.json) {
    console.log(
      JSON.stringify(
        {
          scenario: 'heartbeat-mesh-demo',
          seed: options.seed,
          traceHash: trace.hash(),
          replay,
          stats: { events: mesh.sim.eventsExecuted, traceEvents: trace.count, simulatedMs: options.durationMs, wallMs: Math.round(wallMs), ...mesh.stats },
          trace: trace.events,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  console.log(chalk.bold(`redsim demo — 5-process heartbeat mesh, ${formatDurationUs(options.durationMs * 1000)} simulated, seed ${options.seed}`));
  console.log(chalk.dim('Each process heartbeats its peers every 100 ms and marks a peer down after 1 s of silence.\n'));
  for (const line of timeline(trace.events, options.all)) console.log(line);
  console.log('');
  console.log(`heartbeats sent ${mesh.stats.heartbeatsSent.toLocaleString('en-US')}, received ${mesh.stats.heartbeatsReceived.toLocaleString('en-US')}`);
  console.log(`kernel events ${mesh.sim.eventsExecuted.toLocaleString('en-US')} in ${wallMs.toFixed(0)} ms wall`);
  console.log(`trace hash ${chalk.cyan(trace.hash())}  (${trace.count} events)`);
  console.log(`replay: ${chalk.green(replay)}`);
  return 0;
}

/** One line per fault and per change of opinion; connection chatter only with `all`. */
function timeline(events: readonly TraceEvent[], all: boolean): string[] {
  const lines: string[] = [];
  for (const e of events) {
    const time = chalk.dim(`${(e.tUs / 1e6).toFixed(3).padStart(8)}s`);
    const node = e.node.padEnd(4);
    const what = describe(e, all);
    if (what !== null) lines.push(`${time} ${node} ${what}`);
  }
  return lines;
}

function describe(e: TraceEvent, all: boolean): string | null {
  const ev = String(e['event']);
  switch (e.kind) {
    case 'net':
      if (ev === 'partition') {
        const groups = (e['groups'] as string[]).join(e['oneway'] ? ' -/-> ' : ' | ');
        return chalk.red(`partition ${groups}${e['mode'] === 'reject' ? ' (REJECT)' : ''}${e['oneway'] ? ' (one-way)' : ''}`);
      }
      if (ev === 'heal') return chalk.green(`heal partition #${String(e['id'])}`);
      if (ev === 'slow') return chalk.yellow(`slow links of ${(e['hosts'] as string[]).join(',')} +${formatDurationUs(e['extraLatencyUs'] as number)}`);
      if (ev === 'unslow') return chalk.green('links back to normal speed');
      return ev;
    case 'process':
      if (ev === 'start' && e.tUs === 0 && !all) return null;
      if (ev === 'start') return chalk.green(`started (pid ${String(e['pid'])}, incarnation ${String(e['incarnation'])})`);
      if (ev === 'crash') return chalk.red('crashed (kill -9)');
      if (ev === 'pause') return chalk.yellow('paused (SIGSTOP)');
      if (ev === 'resume') return chalk.green('resumed (SIGCONT)');
      return ev;
    case 'clock':
      if (ev === 'jump') return chalk.yellow(`clock jumps ${formatDurationUs(e['deltaUs'] as number)}`);
      if (ev === 'drift') return chalk.yellow(`clock drifts ${((e['drift'] as number) * 100).toFixed(1)}%`);
      return ev;
    case 'mesh':
      if (ev === '+down') return `${chalk.red('+down')} ${String(e['peer'])} (silent ${String(e['silentMs'])} ms)`;
      if (ev === '-down') return `${chalk.green('-down')} ${String(e['peer'])}`;
      if (!all) return null;
      return ev === 'disconnected' ? `disconnected from ${String(e['peer'])}: ${String(e['reason'])}` : `connected to ${String(e['peer'])}`;
    default:
      return all ? `${e.kind} ${JSON.stringify(e)}` : null;
  }
}
