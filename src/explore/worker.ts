// A worker thread of an exploration: asks for seeds, runs them, sends back outcomes.

import { parentPort, workerData } from 'node:worker_threads';
import { runSeed } from './outcome.js';

interface Job {
  readonly file: string;
  readonly swarm: boolean;
}

const job = workerData as Job;
const port = parentPort!;
port.on('message', (message: { seed: number } | { done: true }) => {
  if ('done' in message) {
    port.close();
    return;
  }
  try {
    port.postMessage({ outcome: runSeed(job.file, message.seed, job.swarm) });
  } catch (error) {
    port.postMessage({ error: `seed ${message.seed}: ${error instanceof Error ? error.message : String(error)}` });
  }
});
port.postMessage({ ready: true });
