// One client of a real run: discovers the master through the Sentinels, as
// the simulated client does (the first Sentinel's answer, confirmed by ROLE),
// or uses a fixed address, and SADDs one value at a time at the workload's
// rate and loop, recording Jepsen's invoke/ok/fail/info like the simulated clients.
// It runs in a child process (client-runner.ts) so that, with partitions, it
// sits in its box's network namespace and is cut off with it.

import type { HistoryOp } from '../sim/history.js';
import { ReplyError, RespClient } from './resp-client.js';

export interface Address {
  readonly host: string;
  readonly port: number;
}

export interface RealClientSpec {
  readonly name: string;
  readonly index: number;
  readonly discovery: { readonly kind: 'fixed'; readonly address: Address } | { readonly kind: 'sentinel'; readonly sentinels: readonly Address[]; readonly masterName: string };
  /** Port → node name (ports are unique in a real run). */
  readonly names: Record<string, string>;
  readonly ratePerSec: number;
  /** As the simulated client's: open (a fixed schedule, a slot skipped while busy) or closed (the rest of the period after each outcome). */
  readonly loop: 'open' | 'closed';
  readonly timeoutMs: number;
  /** A connect's own time-out (as the simulated client's connect-timeout). */
  readonly connectTimeoutMs: number;
  /** When to stop, ms after t0. */
  readonly untilMs: number;
  /** The run's start, epoch ms (history times are µs after it). */
  readonly t0Ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function ask(address: Address, args: string[], timeoutMs: number, connectTimeoutMs: number): Promise<unknown> {
  try {
    const c = await RespClient.connect(address.host, address.port, connectTimeoutMs);
    try {
      return await c.call(args, timeoutMs);
    } finally {
      c.close();
    }
  } catch {
    return null;
  }
}

export async function runRealClient(spec: RealClientSpec, emit: (op: HistoryOp) => void): Promise<void> {
  const nowUs = () => (Date.now() - spec.t0Ms) * 1000;
  const periodMs = 1000 / spec.ratePerSec;
  const nameOf = (port: number) => spec.names[String(port)] ?? `port ${port}`;
  let conn: RespClient | null = null;
  let node = '';
  let n = 0;
  const discover = async (): Promise<RespClient> => {
    const d = spec.discovery;
    let address: Address | null = null;
    if (d.kind === 'fixed') address = d.address;
    else {
      for (const s of d.sentinels) {
        const r = await ask(s, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', d.masterName], spec.timeoutMs, spec.connectTimeoutMs);
        if (!Array.isArray(r)) continue;
        // As the simulated client: confirm with ROLE (a stale Sentinel may name a demoted master).
        const named = { host: String(r[0]), port: Number(r[1]) };
        const role = await ask(named, ['ROLE'], spec.timeoutMs, spec.connectTimeoutMs);
        if (Array.isArray(role) && role[0] === 'master') {
          address = named;
          break;
        }
      }
    }
    if (address === null) throw new Error('no Sentinel answered, or no named master confirmed by ROLE');
    node = nameOf(address.port);
    return RespClient.connect(address.host, address.port, spec.connectTimeoutMs);
  };
  while (nowUs() / 1000 < spec.untilMs) {
    const started = Date.now();
    const value = (spec.index + 1) * 1_000_000 + n++;
    let sent = false;
    const record = (type: HistoryOp['type'], error?: string) => emit({ process: spec.name, type, f: 'add', key: 'set', value, time: nowUs(), node, ...(error !== undefined ? { error } : {}) });
    try {
      conn ??= await discover();
      record('invoke');
      sent = true;
      const reply = await conn.call(['SADD', 'set', value], spec.timeoutMs);
      if (reply instanceof ReplyError) {
        record('fail', reply.message);
        // As client libraries do: a demoted or unsure master sends us back to discovery.
        if (/^(READONLY|MASTERDOWN)/.test(reply.message)) {
          conn.close();
          conn = null;
        }
      } else record('ok');
    } catch (e) {
      if (sent) record('info', e instanceof Error ? e.message : String(e));
      conn?.close();
      conn = null;
    }
    if (spec.loop === 'closed') await sleep(periodMs - (Date.now() - started));
    else {
      // The next slot of the fixed schedule that has not passed yet.
      const elapsed = Date.now() - spec.t0Ms;
      await sleep((Math.floor(elapsed / periodMs) + 1) * periodMs - elapsed);
    }
  }
  conn?.close();
}
