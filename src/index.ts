// The public library API: `import { ... } from 'redsim'`. The CLI uses the same.

export * from './sim/index.js';
export * from './net/index.js';
export { buildMesh, buildFaultyMesh, type Mesh, type MeshOptions } from './demo/heartbeat-mesh.js';

// Scenarios: load a file and run it, with the same result `redsim run --json` prints.
export { loadScenario } from './scenario/load.js';
export { parseScenario, type Scenario, type FaultStep, type Expectations } from './scenario/scenario.js';
export { ScenarioError } from './scenario/fields.js';
export { simulate, type SimulationResult, type Simulation as ScenarioRun, type SimulateOptions, type FailoverSummary } from './scenario/simulate.js';
export type { ExpectationResult, FinalState } from './scenario/expectations.js';
export { runCheckers, type CheckResults } from './check/index.js';
export { checkInvariants, INVARIANTS, type InvariantResult, type InvariantViolation } from './check/invariants/index.js';
export type { HistoryOp } from './sim/history.js';
export * as arbitraries from './explore/arbitraries.js';
export { startServe, ServeError, type ServeHandle, type ServeOptions } from './serve/serve.js';
export { withSimulatedIoredis, SimulatedClientsError, type SimulatedClientsContext, type SimulatedClientsOptions } from './inprocess/with-simulated-ioredis.js';
export { sweep, mergeSweeps, type SweepOptions, type SweepResult } from './sweep/sweep.js';
export { SweepError } from './sweep/settings.js';
export type { SettingSummary } from './sweep/summary.js';
