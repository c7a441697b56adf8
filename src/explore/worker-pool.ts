// Tasks on worker threads, one at a time per worker, so fast and slow tasks
// balance (explore's seeds, sweep's (setting, seed) pairs). A worker posts
// `{ ready }`, then `{ outcome }` or `{ error }` per task; it is sent the next
// task, or `{ done: true }` when none are left or a task failed. The first
// error is thrown once every worker has exited.

import { Worker } from 'node:worker_threads';

/** `worker.js` beside the caller's module, or `worker.ts` when running from TypeScript sources (tests). */
export function siblingWorker(callerUrl: string): URL {
  return new URL(callerUrl.endsWith('.ts') ? './worker.ts' : './worker.js', callerUrl);
}

export async function runOnWorkers<O>(workerUrl: URL, workerData: unknown, tasks: readonly object[], jobs: number, record: (outcome: O) => void): Promise<void> {
  const queue = [...tasks];
  const errors: string[] = [];
  // `--import tsx` in a worker's execArgv is not honoured by Node 20, so from
  // sources a small bootstrap registers tsx, then loads the worker.
  const fromSources = workerUrl.pathname.endsWith('.ts');
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, () => {
      return new Promise<void>((resolve, reject) => {
        const worker = fromSources ? new Worker(bootstrap, { eval: true, workerData }) : new Worker(workerUrl, { workerData });
        const next = () => worker.postMessage(errors.length > 0 ? { done: true } : (queue.shift() ?? { done: true }));
        worker.on('message', (message: { ready?: true; outcome?: O; error?: string }) => {
          if (message.outcome !== undefined) record(message.outcome);
          if (message.error !== undefined) errors.push(message.error);
          next();
        });
        worker.on('error', reject);
        worker.on('exit', () => resolve());
      });
    }),
  );
  if (errors.length > 0) throw new Error(errors[0]);
}
