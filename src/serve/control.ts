// The control port of `redsim serve`: a small HTTP server on 127.0.0.1 (by
// default the port just below the first node's) so a client test in any
// language can read the port map and inject faults while its client runs:
//
//   GET  /status   the port map, simulated time, faults applied so far (JSON)
//   POST /fault    body: a scenario fault step, `{ pause: m1, for: 30s }`
//   POST /stop     end the run (final reads, checkers, report), as Ctrl-C does
//
// Answers are JSON; a bad fault is a 400 with the same one-line error a
// scenario file would get. `redsim ctl` is the command-line client of it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ServedNode } from './address-map.js';
import { SERVE_HOST } from './address-map.js';

export interface ControlStatus {
  readonly scenario: string;
  readonly speed: number;
  readonly nowMs: number;
  readonly controlPort: number;
  readonly nodes: readonly { readonly name: string; readonly kind: ServedNode['kind']; readonly host: string; readonly port: number }[];
  readonly faults: readonly { readonly atMs: number; readonly fault: string }[];
}

export interface ControlActions {
  status(): ControlStatus;
  /** Applies a fault; returns its description or throws an Error whose message is the one-line reason. */
  fault(text: string): string;
  stop(): void;
}

/** A body larger than this is refused: a fault step is a line. */
const MAX_BODY_BYTES = 64 * 1024;

export async function startControlServer(port: number, actions: ControlActions): Promise<Server> {
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => answer(request, body, response, actions))
      .catch((e: unknown) => send(response, 400, { ok: false, error: e instanceof Error ? e.message : String(e) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SERVE_HOST, () => resolve());
  });
  return server;
}

function answer(request: IncomingMessage, body: string, response: ServerResponse, actions: ControlActions): void {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && (path === '/status' || path === '/')) return send(response, 200, { ok: true, ...actions.status() });
  if (request.method === 'POST' && path === '/fault') {
    if (body.trim() === '') return send(response, 400, { ok: false, error: 'empty body: send a fault step, e.g. { crash: m1, for: 10s }' });
    try {
      const applied = actions.fault(body);
      return send(response, 200, { ok: true, applied, nowMs: actions.status().nowMs });
    } catch (e) {
      return send(response, 400, { ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (request.method === 'POST' && path === '/stop') {
    send(response, 200, { ok: true, stopping: true });
    return actions.stop();
  }
  send(response, 404, { ok: false, error: `no ${request.method} ${path}: use GET /status, POST /fault, POST /stop` });
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body) + '\n');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        reject(new Error(`body over ${MAX_BODY_BYTES} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
