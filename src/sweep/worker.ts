// A worker thread of a sweep: asks for (setting, seed) tasks, runs them, sends back outcomes.

import { parentPort, workerData } from 'node:worker_threads';
import { readScenarioText } from '../scenario/load.js';
import type { Scenario } from '../scenario/scenario.js';
import { scenarioFor, type Setting } from './settings.js';
import { runSweepSeed } from './outcome.js';

interface Job {
  readonly file: string;
  readonly settings: readonly Setting[];
}

const job = workerData as Job;
const text = readScenarioText(job.file);
const scenarios = new Map<number, Scenario>();
const port = parentPort!;
port.on('message', (message: { setting: number; seed: number } | { done: true }) => {
  if ('done' in message) {
    port.close();
    return;
  }
  try {
    let scenario = scenarios.get(message.setting);
    if (scenario === undefined) scenarios.set(message.setting, (scenario = scenarioFor(job.file, text, job.settings[message.setting]!)));
    port.postMessage({ outcome: runSweepSeed(scenario, message.setting, message.seed) });
  } catch (error) {
    port.postMessage({ error: `${job.settings[message.setting]?.label ?? '?'}, seed ${message.seed}: ${error instanceof Error ? error.message : String(error)}` });
  }
});
port.postMessage({ ready: true });
