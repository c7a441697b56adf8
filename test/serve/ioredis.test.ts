// ioredis 5 (unmodified, Sentinel mode, default options) against redsim serve:
// the three recipes of the README's client-author section. What each asserts
// is what a person running ioredis in production would see.
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadScenario } from '../../src/scenario/load.js';
import { startServe, type ServeHandle } from '../../src/serve/serve.js';
import { renderStory } from '../../src/report/text.js';
import { writeReportFolder } from '../../src/report/folder.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let handle: ServeHandle | null = null;
let client: Redis | null = null;
afterEach(async () => {
  client?.disconnect();
  client = null;
  await handle?.stop();
  handle = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const remotePort = (c: Redis) => (c as unknown as { stream?: { remotePort?: number } }).stream?.remotePort;

/** ioredis through the served Sentinels. */
function ioredisFor(h: ServeHandle, options: Record<string, unknown> = {}): Redis {
  const sentinels = h.nodes.filter((n) => n.kind === 'sentinel').map((n) => ({ host: '127.0.0.1', port: n.realPort }));
  const c = new Redis({ sentinels, name: 'mymaster', ...options });
  c.on('error', () => {});
  return c;
}

/** SADD 1, 2, 3, ... one at a time until the simulated clock passes `untilMs`; returns how many were acknowledged. */
async function writeUntil(h: ServeHandle, c: Redis, untilMs: number, first = 1): Promise<number> {
  let acked = 0;
  for (let i = first; h.nowMs() < untilMs; i++) {
    try {
      await c.sadd('app-set', String(i));
      acked++;
    } catch {
      await sleep(50);
    }
  }
  return acked;
}

describe('ioredis against redsim serve', () => {
  it('kill the master: ioredis follows the failover through the served Sentinels', async () => {
    // conform-kill-master: down-after 2 s, quorum 2. Twice real speed.
    handle = await startServe(loadScenario('scenarios/conform-kill-master.yaml'), { basePort: 28541, speed: 2, durationUs: 600_000_000, controlPort: null });
    const port = (name: string) => handle!.nodes.find((n) => n.name === name)!.realPort;
    client = ioredisFor(handle, { maxRetriesPerRequest: 1, retryStrategy: () => 200, sentinelRetryStrategy: () => 200 });
    expect(await client.sadd('ioredis-set', '1')).toBe(1);
    expect(remotePort(client)).toBe(port('m1'));
    handle.fault('{ crash: m1 }');
    let acked = 0;
    const started = Date.now();
    while (Date.now() - started < 20_000) {
      try {
        await client.sadd('ioredis-set', String(100 + acked));
        acked++;
        if (acked >= 3 && remotePort(client) !== port('m1')) break;
      } catch {
        await sleep(100);
      }
    }
    expect([port('r2'), port('r3')]).toContain(remotePort(client));
    // ioredis follows the first Sentinel that switched; a failover counts once a
    // majority has (the others learn it from hellos, every 2 s): wait that out.
    await sleep(2_500);
    const run = await handle.stop();
    handle = null;
    expect(run.result.failovers.length).toBeGreaterThanOrEqual(1);
    const oks = run.history.filter((o) => o.process.startsWith('real') && o.f === 'add' && o.type === 'ok');
    expect(oks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(oks.map((o) => o.node)).size).toBe(2); // m1, then the promoted replica
  }, 40_000);

  it('pause the master for 30 s: ioredis hangs through the pause, then writes to the woken old master until Sentinel demotes it; those writes are lost', async () => {
    // serve-sentinel: down-after 5 s, quorum 2. Five times real speed: 45 simulated seconds in ~9 real.
    handle = await startServe(loadScenario('scenarios/serve-sentinel.yaml'), { basePort: 28741, speed: 5, durationUs: 600_000_000, controlPort: null });
    const port = (name: string) => handle!.nodes.find((n) => n.name === name)!.realPort;
    client = ioredisFor(handle); // ioredis defaults: no command timeout
    expect(await client.sadd('app-set', '0')).toBe(1);
    const pausedAtMs = handle.nowMs();
    handle.fault('{ pause: m1, for: 30s }');
    await writeUntil(handle, client, pausedAtMs + 45_000);
    expect([port('r2'), port('r3')]).toContain(remotePort(client));
    // Let the demoted m1 finish its full resync (diskless: 5 s after it asks) before the end.
    await new Promise((r) => setTimeout(r, 2_000));
    const run = await handle.stop();
    handle = null;
    const served = run.result.served!;
    // The hang: one SADD sent to m1 right after the pause, answered only when m1 woke up 30 s later.
    const wait = served.realClients.longestWait!;
    expect(wait.node).toBe('m1');
    expect(wait.ms).toBeGreaterThan(29_000);
    expect(wait.outcome).toBe('ok');
    expect(wait.fromMs - pausedAtMs).toBeLessThan(1_000);
    // Sentinel failed over during the pause; the woken m1 took writes until it was converted.
    expect(run.result.failovers[0]?.from).toBe('m1:6379');
    const lw = run.result.checkers.lostWrites;
    expect(lw.lost).toBeGreaterThan(0);
    expect(lw.attribution.losses.filter((l) => l.cause !== 'full-resync-after-demotion').map((l) => l.story).slice(0, 3)).toEqual([]);
    const story = renderStory(run, null);
    expect(story).toMatch(/longest wait for an answer: (29\.9|3\d\.)\d*s, real\d+ add on m1/);
    expect(story).toMatch(/✗ lost writes: [1-9]\d* of \d+ acknowledged writes lost/);
  }, 60_000);

  it('partition with ioredis on the old master side: it keeps writing to m1 (acknowledged) while the majority fails over; after the heal those writes are lost, attributed', async () => {
    handle = await startServe(loadScenario('scenarios/serve-sentinel.yaml'), { basePort: 28761, speed: 5, durationUs: 600_000_000, controlPort: null, clientBox: 'box1' });
    const port = (name: string) => handle!.nodes.find((n) => n.name === name)!.realPort;
    client = ioredisFor(handle);
    expect(await client.sadd('app-set', '0')).toBe(1);
    const cutAtMs = handle.nowMs();
    handle.fault('{ partition: [[box1], [box2, box3]], for: 30s }');
    await writeUntil(handle, client, cutAtMs + 50_000);
    expect([port('r2'), port('r3')]).toContain(remotePort(client));
    const served = handle;
    const run = await handle.stop();
    handle = null;
    const lw = run.result.checkers.lostWrites;
    // Everything written during the 30 s cut went to m1 and was acknowledged, and is gone.
    const duringCut = run.history.filter((o) => o.type === 'ok' && o.f === 'add' && o.node === 'm1' && o.time / 1000 > cutAtMs + 1_000 && o.time / 1000 < cutAtMs + 29_000);
    expect(duringCut.length).toBeGreaterThan(100);
    const lost = new Set(lw.lostWrites.map((w) => String(w.value)));
    expect(duringCut.every((o) => lost.has(String(o.value)))).toBe(true);
    expect(lw.attribution.byCause['full-resync-after-demotion']).toBe(lw.lost);
    expect(lw.attribution.losses[0]!.story).toMatch(/acknowledged by m1 .* was erased when m1, demoted by \+switch-master mymaster m1 6379 r\d 6379 \(epoch 1\)/);
    expect(run.result.served?.clientBox).toBe('box1');
    // The HTML report of the served run: the real client's lost writes marked, its verdict row.
    const messages = served.messages();
    expect(messages.arrows.some((m) => m.from === 'serve' && m.to === 'm1' && /^sadd app-set \d+/i.test(m.label))).toBe(true);
    const dir = writeReportFolder(run, mkdtempSync(join(tmpdir(), 'redsim-serve-report-')), messages);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('real clients');
    expect(html).toMatch(/"process":"real\d+","node":"m1","outcome":"ok","f":"add","key":"app-set","value":"\d+","lost":true/);
    expect(html).toContain('rerun (real clients are not replayed)');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
