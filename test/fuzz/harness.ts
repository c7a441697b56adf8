// Running mutants through `redsim run` on worker threads, each with a time and
// a memory bound, and judging what came back: exit 0, 1 or 2 only, never a
// stack trace, a rejection is one line naming the file, a run prints its JSON.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { mutants, type Mutant, type Source } from './mutate.js';

export interface FuzzOutcome {
  readonly id: number;
  readonly source: string;
  readonly operator: string;
  readonly path: string;
  /** Exit code; null when it never answered or its worker died. */
  readonly code: number | null;
  readonly stderr: string;
  readonly ms: number;
  readonly problems: readonly string[];
}

interface Reply {
  readonly id: number;
  readonly code: number;
  readonly json: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly crash: string | null;
  readonly ms: number;
}

const STACK_FRAME = /\n\s+at \S.*(:\d+:\d+\)?|<anonymous>)/;

export function judge(path: string, reply: Reply): string[] {
  const problems: string[] = [];
  if (reply.crash !== null) problems.push(`internal error: ${reply.crash.split('\n')[0]}`);
  if (![0, 1, 2].includes(reply.code)) problems.push(`exit ${reply.code}`);
  if (STACK_FRAME.test(reply.stderr) || STACK_FRAME.test(reply.stdout)) problems.push('a stack trace was printed');
  if (reply.code === 2) {
    const lines = reply.stderr.trim().split('\n');
    if (lines.length !== 1) problems.push(`the rejection is ${lines.length} lines`);
    if (!lines[0]!.startsWith('redsim: ')) problems.push('the rejection does not start with "redsim: "');
    if (!lines[0]!.includes(path)) problems.push('the rejection does not name the file');
  }
  if ((reply.code === 0 || reply.code === 1) && !reply.json) problems.push('a run that did not print its JSON result');
  return problems;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  readonly sources: readonly Source[];
  readonly dir: string;
  readonly jobs: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly onOutcome?: (o: FuzzOutcome) => void;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzOutcome[]> {
  mkdirSync(options.dir, { recursive: true });
  const queue = mutants(options.seed, options.count, options.sources);
  const outcomes: FuzzOutcome[] = [];
  const fromSources = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  const spawnWorker = () =>
    new Worker(bootstrap, {
      eval: true,
      env: { ...process.env, FORCE_COLOR: '0', REDSIM_LONG_RUN_S: String(Math.max(1, Math.floor(options.timeoutMs / 3000))) },
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
      stdout: true,
      stderr: true,
    });

  const lane = async (): Promise<void> => {
    let worker = spawnWorker();
    let ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
    for (let next = queue.next(); !next.done; next = queue.next()) {
      const mutant: Mutant = next.value;
      const path = join(options.dir, `mutant-${mutant.id}.yaml`);
      writeFileSync(path, mutant.bytes);
      await ready;
      const started = performance.now();
      const reply = await new Promise<Reply | { died: string }>((resolve) => {
        const timer = setTimeout(() => resolve({ died: `no answer in ${options.timeoutMs / 1000} s` }), options.timeoutMs);
        const onMessage = (r: Reply) => {
          clearTimeout(timer);
          worker.off('error', onError);
          resolve(r);
        };
        const onError = (e: Error & { code?: string }) => {
          clearTimeout(timer);
          worker.off('message', onMessage);
          resolve({ died: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `over ${options.memoryMb} MB of memory` : `worker died: ${e.message}` });
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.postMessage({ id: mutant.id, path });
      });
      const base = { id: mutant.id, source: mutant.source, operator: mutant.operator, path };
      let outcome: FuzzOutcome;
      if ('died' in reply) {
        outcome = { ...base, code: null, stderr: '', ms: performance.now() - started, problems: [reply.died] };
        await worker.terminate();
        worker = spawnWorker();
        ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      } else {
        outcome = { ...base, code: reply.code, stderr: reply.stderr, ms: reply.ms, problems: judge(path, reply) };
      }
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
    worker.postMessage({ done: true });
    await worker.terminate();
  };
  await Promise.all(Array.from({ length: options.jobs }, lane));
  return outcomes.sort((a, b) => a.id - b.id);
}
