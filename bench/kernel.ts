// Kernel benchmark (issue 2): a 9-process heartbeat mesh over connections with
// latency for one simulated hour, against the bare inline loop of the same shape.

import { buildMesh } from '../src/demo/heartbeat-mesh.js';
import { Trace } from '../src/sim/trace.js';
import { runBareLoop } from './bare-loop.js';
import { type BenchResult, timeIt } from './measure.js';

const NODES = 9;
const PERIOD_MS = 100;
const HOUR_US = 3_600_000_000;

export function benchKernel(simulatedUs = HOUR_US): BenchResult[] {
  const mesh = () => {
    const m = buildMesh({
      seed: 1,
      processes: NODES,
      periodMs: PERIOD_MS,
      downAfterMs: 1000,
      latency: { distribution: 'uniform', minUs: 200, maxUs: 800 },
      traceKeep: 'none',
    });
    m.sim.runUntil(simulatedUs);
    return m.sim.eventsExecuted;
  };
  const bare = () => runBareLoop(NODES, PERIOD_MS * 1000, simulatedUs, 1).events;

  // Warm the JIT on both before measuring.
  runBareLoop(NODES, PERIOD_MS * 1000, simulatedUs / 60, 2);
  buildMesh({ seed: 2, processes: NODES, periodMs: PERIOD_MS, downAfterMs: 1000 }).sim.runUntil(simulatedUs / 60);

  const kernel = timeIt('kernel: 9-process heartbeat mesh, 1 simulated hour', mesh, simulatedUs);
  const baseline = timeIt('bare inline loop of the same shape', bare, simulatedUs);
  const ratio = kernel.wallMs / baseline.wallMs;
  return [
    kernel,
    baseline,
    { name: 'kernel wall time / bare loop wall time (target <= 3)', value: ratio.toFixed(2), unit: 'x' },
    benchTraceEmit(),
  ];
}

/** The trace is on the hot path: how many typical log events per second it hashes. */
function benchTraceEmit(): BenchResult {
  const trace = new Trace('none');
  const n = 1_000_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    trace.emit(i * 10, 'm1', 'log', { level: 'notice', text: 'MASTER <-> REPLICA sync: Finished with success' });
  }
  const wallMs = performance.now() - started;
  return { name: 'trace: hashed log events per second', value: Math.round(n / (wallMs / 1000)).toLocaleString('en-US'), unit: 'events/s' };
}
