// Timing helpers for benchmarks. Benchmarks print figures; they never fail on a
// number (targets are stated next to the figure, for a person to read).

export interface BenchResult {
  name: string;
  value: string;
  unit: string;
  detail?: string;
}

export interface TimedRun extends BenchResult {
  wallMs: number;
  events: number;
}

/** Run `body` once (it returns its event count) and report events/s and simulated/wall time. */
export function timeIt(name: string, body: () => number, simulatedUs: number): TimedRun {
  const started = performance.now();
  const events = body();
  const wallMs = performance.now() - started;
  const perSecond = events / (wallMs / 1000);
  const speedup = simulatedUs / 1000 / wallMs;
  return {
    name,
    value: Math.round(perSecond).toLocaleString('en-US'),
    unit: 'events/s',
    detail: `${events.toLocaleString('en-US')} events in ${wallMs.toFixed(0)} ms wall; simulated/wall = ${Math.round(speedup).toLocaleString('en-US')}x`,
    wallMs,
    events,
  };
}

export function printResults(title: string, results: readonly BenchResult[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    console.log(`  ${r.name.padEnd(width)}  ${r.value.padStart(12)} ${r.unit}`);
    if (r.detail) console.log(`  ${''.padEnd(width)}  ${r.detail}`);
  }
}
