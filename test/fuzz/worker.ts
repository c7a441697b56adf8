// A fuzz worker: runs `redsim run FILE --json --no-report` in this thread, as
// the command line would, and sends back the exit code and what it printed.
// Anything that escapes the program is recorded as a crash (the real command
// would print "internal error" and exit 70).

import { parentPort } from 'node:worker_threads';
import { main } from '../../src/cli/program.js';

const port = parentPort!;
const out = { stdout: '', stderr: '' };
const capture = (into: 'stdout' | 'stderr') =>
  ((chunk: string | Uint8Array) => {
    out[into] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
process.stdout.write = capture('stdout');
process.stderr.write = capture('stderr');

port.on('message', (message: { id: number; path: string } | { done: true }) => {
  if ('done' in message) return port.close();
  void (async () => {
    out.stdout = '';
    out.stderr = '';
    process.exitCode = 0;
    let crash: string | null = null;
    const started = performance.now();
    try {
      await main(['node', 'redsim', 'run', message.path, '--json', '--no-report'], (error) => {
        crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
      });
    } catch (error) {
      crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
    }
    const code = typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
    let json = false;
    try {
      json = typeof JSON.parse(out.stdout) === 'object';
    } catch {
      json = false;
    }
    port.postMessage({ id: message.id, code, json, stdout: out.stdout.slice(0, 2048), stderr: out.stderr.slice(0, 4096), crash, ms: performance.now() - started });
  })();
});
port.postMessage({ ready: true });
