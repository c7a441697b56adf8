// A bug of ours reached the top: print one line saying so, with the command
// that reproduces it, keep the stack in a file under reports/, and exit 70
// (EX_SOFTWARE). Bad input never comes here: it is a one-line error, exit 2.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXIT_INTERNAL_ERROR = 70;

let reported = false;

export function internalError(error: unknown, argv: readonly string[]): void {
  if (reported) return;
  reported = true;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const command = ['redsim', ...argv.slice(2)].map((a) => (/^[\w./:=,@+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
  let where = '';
  try {
    const dir = join('reports', 'internal-errors');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.txt`);
    writeFileSync(file, `${command}\n\n${error instanceof Error ? (error.stack ?? message) : message}\n`);
    where = `; the stack is in ${file}`;
  } catch {
    /* nowhere to write: the line below is all there is */
  }
  process.stderr.write(`redsim: internal error: ${message.split('\n')[0]}. Please report it with the scenario file and this command: ${command}${where}\n`);
  process.exitCode = EXIT_INTERNAL_ERROR;
  // Whatever else was running (workers, timers) must not print more.
  setImmediate(() => process.exit(EXIT_INTERNAL_ERROR));
}
