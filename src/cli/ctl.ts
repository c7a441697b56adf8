// `redsim ctl`: the command-line client of a running `redsim serve`'s control
// port. `redsim ctl status`, `redsim ctl stop`, or a fault: either a scenario
// fault step as written in a scenario file (`'{ pause: m1, for: 30s }'`) or the
// same as words, field then value (`pause m1 for 30s`,
// `partition '[[m1], [r2, r3, s1, s2, s3]]' mode reject`).

import { SERVE_HOST } from '../serve/address-map.js';
import type { ControlStatus } from '../serve/control.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './errors.js';

export const DEFAULT_CONTROL_PORT = 30000;

/** The fault step `words` stand for, as scenario text. */
export function faultTextFromWords(words: readonly string[]): string {
  if (words.length === 1 && words[0]!.trim().startsWith('{')) return words[0]!;
  if (words.length % 2 !== 0) {
    throw new UsageError(`ctl: expected field/value pairs (e.g. "crash m1 for 10s") or one '{ ... }' step, got "${words.join(' ')}"`);
  }
  const fields: string[] = [];
  for (let i = 0; i < words.length; i += 2) fields.push(`${words[i]}: ${words[i + 1]}`);
  return `{ ${fields.join(', ')} }`;
}

export async function ctlCommand(words: readonly string[], options: { port: number; json: boolean }): Promise<number> {
  if (words.length === 0) throw new UsageError('ctl: say what to do: status, stop, or a fault (e.g. "crash m1 for 10s")');
  const verb = words[0]!;
  const base = `http://${SERVE_HOST}:${options.port}`;
  const isStatus = verb === 'status' && words.length === 1;
  const isStop = verb === 'stop' && words.length === 1;
  const faultText = isStatus || isStop ? '' : faultTextFromWords(words);
  let response: Response;
  try {
    if (isStatus) response = await fetch(`${base}/status`);
    else if (isStop) response = await fetch(`${base}/stop`, { method: 'POST' });
    else response = await fetch(`${base}/fault`, { method: 'POST', body: faultText });
  } catch {
    throw new UsageError(`ctl: nothing answers on ${SERVE_HOST}:${options.port}; is redsim serve running? (its port map names the control port; --port to choose)`);
  }
  const body = (await response.json().catch(() => ({ ok: false, error: `not a redsim control port (HTTP ${response.status})` }))) as { ok: boolean; error?: string; applied?: string; nowMs?: number } & Partial<ControlStatus>;
  if (options.json) process.stdout.write(JSON.stringify(body) + '\n');
  if (!body.ok) {
    if (!options.json) process.stderr.write(`redsim ctl: ${body.error ?? 'failed'}\n`);
    return EXIT_BAD_INPUT;
  }
  if (options.json) return EXIT_OK;
  if (verb === 'status' && body.nodes !== undefined) {
    process.stdout.write(`${body.scenario}: t=${((body.nowMs ?? 0) / 1000).toFixed(1)}s (speed ${body.speed}x), control port ${body.controlPort}\n`);
    for (const n of body.nodes) process.stdout.write(`  ${n.kind === 'sentinel' ? 'redis-sentinel' : 'redis-server  '} ${n.name.padEnd(6)} ${n.host}:${n.port}\n`);
    for (const f of body.faults ?? []) process.stdout.write(`  t=${(f.atMs / 1000).toFixed(1)}s ${f.fault}\n`);
  } else if (verb === 'stop') {
    process.stdout.write('stopping: redsim serve does the final reads and writes its report\n');
  } else {
    process.stdout.write(`t=${((body.nowMs ?? 0) / 1000).toFixed(1)}s: ${body.applied}\n`);
  }
  return EXIT_OK;
}
