// ioredis 5, unmodified, inside the simulation: its sockets are simulated and
// its timers count simulated time, so a run is a pure function of the seed.
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadScenario } from '../../src/scenario/load.js';
import { withSimulatedIoredis, type SimulatedClientsContext } from '../../src/inprocess/with-simulated-ioredis.js';

/** Kill the master and keep writing through Sentinel for 30 simulated seconds. */
async function killMasterBody({ sentinels, fault, nowMs, sleep }: SimulatedClientsContext) {
  const redis = new Redis({ sentinels: [...sentinels], name: 'mymaster' });
  redis.on('error', () => {});
  const ports: string[] = [];
  await redis.sadd('app-set', '0');
  ports.push(`${(redis as unknown as { stream: { remoteAddress: string } }).stream.remoteAddress}`);
  const killedAt = nowMs();
  fault('{ crash: m1 }');
  let firstAfterMs: number | null = null;
  for (let i = 1; nowMs() < killedAt + 30_000; i++) {
    try {
      await redis.sadd('app-set', String(i));
      const host = (redis as unknown as { stream: { remoteAddress: string } }).stream.remoteAddress;
      if (host !== ports[ports.length - 1]) {
        ports.push(host);
        firstAfterMs ??= nowMs() - killedAt;
      }
    } catch {
      await sleep(100);
    }
  }
  redis.disconnect();
  return { ports, firstAfterMs };
}

describe('withSimulatedIoredis', () => {
  it('ioredis follows a failover inside the simulation, and the same seed gives the same trace hash', async () => {
    const scenario = loadScenario('scenarios/serve-sentinel.yaml');
    const a = await withSimulatedIoredis(scenario, { seed: 7 }, killMasterBody);
    expect(a.value.ports[0]).toBe('m1');
    expect(['r2', 'r3']).toContain(a.value.ports[1]);
    // down-after 5 s, then the election and promotion: ioredis is back within 5-15 s of the kill
    expect(a.value.firstAfterMs).toBeGreaterThan(5_000);
    expect(a.value.firstAfterMs).toBeLessThan(15_000);
    expect(a.run.result.failovers[0]).toMatchObject({ from: 'm1:6379' });
    const acked = a.run.history.filter((o) => o.process.startsWith('real') && o.type === 'ok' && o.f === 'add');
    expect(acked.length).toBeGreaterThan(100);
    expect(a.run.result.checkers.lostWrites.lost).toBe(0);

    const b = await withSimulatedIoredis(scenario, { seed: 7 }, killMasterBody);
    expect(b.run.result.traceHash).toBe(a.run.result.traceHash);
    expect(b.value).toEqual(a.value);
    const c = await withSimulatedIoredis(scenario, { seed: 8 }, killMasterBody);
    expect(c.run.result.traceHash).not.toBe(a.run.result.traceHash);
    console.log(`kill master, seeds 7 / 8: ioredis back after ${a.value.firstAfterMs} / ${c.value.firstAfterMs} simulated ms, ${acked.length} acked writes (seed 7)`);
  }, 60_000);

  it('a paused master: ioredis (no command timeout) hangs exactly as long as the pause, in simulated time', async () => {
    const { value, run } = await withSimulatedIoredis(loadScenario('scenarios/serve-sentinel.yaml'), { seed: 3 }, async ({ sentinels, fault, nowMs }) => {
      const redis = new Redis({ sentinels: [...sentinels], name: 'mymaster' });
      redis.on('error', () => {});
      await redis.sadd('app-set', '0');
      const pausedAt = nowMs();
      fault('{ pause: m1, for: 30s }');
      await redis.sadd('app-set', '1');
      const waited = nowMs() - pausedAt;
      redis.disconnect();
      return waited;
    });
    // answered by m1 as it wakes: 30 s plus a round trip
    expect(value).toBeGreaterThanOrEqual(30_000);
    expect(value).toBeLessThan(30_050);
    expect(run.result.served!.realClients.longestWait).toMatchObject({ node: 'm1', outcome: 'ok' });
  }, 30_000);

  it("the body's error comes back, and Node's timers and sockets are Node's again afterwards", async () => {
    const realSetTimeout = setTimeout;
    await expect(
      withSimulatedIoredis(loadScenario('scenarios/serve-sentinel.yaml'), {}, async ({ sleep }) => {
        expect(setTimeout).not.toBe(realSetTimeout);
        await sleep(1_000);
        throw new Error('the body failed');
      }),
    ).rejects.toThrow('the body failed');
    expect(setTimeout).toBe(realSetTimeout);
    await expect(withSimulatedIoredis(loadScenario('scenarios/serve-sentinel.yaml'), { maxSimulatedMs: 5_000 }, () => new Promise(() => {}))).rejects.toThrow(
      /still running after 5 s of simulated time/,
    );
  });
});
