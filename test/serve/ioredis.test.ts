// ioredis (unmodified, Sentinel mode) against redsim serve: when the master is
// killed it follows the failover to the new master.
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadScenario } from '../../src/scenario/load.js';
import { startServe, type ServeHandle } from '../../src/serve/serve.js';

let handle: ServeHandle | null = null;
let client: Redis | null = null;
afterEach(async () => {
  client?.disconnect();
  client = null;
  await handle?.stop();
  handle = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ioredis against redsim serve', () => {
  it('kill the master: ioredis follows the failover through the served Sentinels', async () => {
    // conform-kill-master: down-after 2 s, quorum 2. Twice real speed.
    handle = await startServe(loadScenario('scenarios/conform-kill-master.yaml'), { basePort: 28541, speed: 2, durationUs: 600_000_000 });
    const sentinels = handle.nodes.filter((n) => n.kind === 'sentinel').map((n) => ({ host: '127.0.0.1', port: n.realPort }));
    const port = (name: string) => handle!.nodes.find((n) => n.name === name)!.realPort;
    client = new Redis({ sentinels, name: 'mymaster', maxRetriesPerRequest: 1, retryStrategy: () => 200, sentinelRetryStrategy: () => 200 });
    client.on('error', () => {});
    expect(await client.sadd('ioredis-set', '1')).toBe(1);
    expect((client as unknown as { stream?: { remotePort?: number } }).stream?.remotePort).toBe(port('m1'));
    handle.fault('{ crash: m1 }');
    let acked = 0;
    const started = Date.now();
    while (Date.now() - started < 20_000) {
      try {
        await client.sadd('ioredis-set', String(100 + acked));
        acked++;
        if (acked >= 3 && (client as unknown as { stream?: { remotePort?: number } }).stream?.remotePort !== port('m1')) break;
      } catch {
        await sleep(100);
      }
    }
    const remote = (client as unknown as { stream?: { remotePort?: number } }).stream?.remotePort;
    expect([port('r2'), port('r3')]).toContain(remote);
    const run = await handle.stop();
    handle = null;
    expect(run.result.failovers.length).toBeGreaterThanOrEqual(1);
    const oks = run.history.filter((o) => o.process.startsWith('real') && o.f === 'add' && o.type === 'ok');
    expect(oks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(oks.map((o) => o.node)).size).toBe(2); // m1, then the promoted replica
  }, 40_000);
});
