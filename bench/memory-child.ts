// Run in a fresh process by the speed benchmark: the standard cluster for
// HOURS of simulated time (as explore keeps the trace), then print its wall
// time, events and the process's peak RSS as one JSON line.

import { simulate } from '../src/scenario/simulate.js';
import { EXPLORE_TRACE_KINDS } from '../src/explore/outcome.js';
import { standardScenario } from './standard.js';

const hours = Number(process.argv[2] ?? 1);
const started = performance.now();
const { result } = simulate(standardScenario(hours), { traceKeep: EXPLORE_TRACE_KINDS });
const wallMs = performance.now() - started;
console.log(JSON.stringify({ hours, wallMs, events: result.stats.events, operations: result.stats.operations, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
