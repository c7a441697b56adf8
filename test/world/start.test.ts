// Start-up as real clusters start: boot times, launch order, the warm start's
// settling before t=0, and the cold start's race that real Redis shows.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, simulate } from '../../src/index.js';
import { scenarioToYaml } from '../../src/scenario/write.js';
import { unsettled, settleTargets, type NodeView, type SentinelView } from '../../src/world/settle.js';
import { SettleError, TEST_START_SPREAD_US } from '../../src/world/start.js';
import type { TraceEvent } from '../../src/sim/trace.js';
import { renderStory } from '../../src/report/text.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildReportData } from '../../src/report/build.js';

const killEarly = (start: 'warm' | 'cold', atS: number) =>
  parseScenario(
    `kill-early-${start}.yaml`,
    readFileSync('scenarios/conform-early-kill-cold.yaml', 'utf8')
      .replace('start: cold', `start: ${start}`)
      .replace('at: 10s, crash', `at: ${atS}s, crash`),
  );

const firstLog = (trace: readonly TraceEvent[], node: string, pattern: RegExp) => trace.find((e) => e.node === node && e.kind === 'log' && pattern.test(String(e['text'])));

describe('the settled condition (what a warm start waits for)', () => {
  const targets = settleTargets({ m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } }, { names: ['s1', 's2'], monitor: { name: 'mymaster', master: 'm1' } });
  const node = (over: Partial<NodeView> = {}): NodeView => ({ role: 'slave', masterHost: 'm1', linkUp: true, syncing: false, offset: 500, ...over });
  const sentinel = (over: Partial<SentinelView> = {}): SentinelView => ({
    masterFlags: 'master',
    otherSentinels: 1,
    replicas: [
      { name: 'r2', flags: 'slave' },
      { name: 'r3', flags: 'slave' },
    ],
    ...over,
  });
  const view = (nodes: Record<string, NodeView | null>, sentinels: Record<string, SentinelView | null>) => ({ nodes: new Map(Object.entries(nodes)), sentinels: new Map(Object.entries(sentinels)) });
  const settledNodes = { m1: node({ role: 'master', masterHost: '', offset: 500 }), r2: node(), r3: node() };

  it('holds when every Sentinel knows both replicas and the other Sentinel, and the replicas are caught up', () => {
    expect(unsettled(targets, view(settledNodes, { s1: sentinel(), s2: sentinel() }))).toEqual([]);
  });

  it('names what is missing', () => {
    const missing = unsettled(
      targets,
      view(
        { ...settledNodes, r2: node({ syncing: true }), r3: node({ offset: 420 }) },
        { s1: sentinel({ replicas: [{ name: 'r2', flags: 'slave' }] }), s2: sentinel({ otherSentinels: 0, replicas: [{ name: 'r2', flags: 'slave' }, { name: 'r3', flags: 'slave,disconnected' }] }) },
      ),
    );
    expect(missing).toEqual([
      'r2 has not finished its sync with m1',
      'r3 is at offset 420, m1 at 500',
      's1 does not know replica r3',
      's2 sees replica r3 as slave,disconnected',
      's2 knows 0 of 1 other Sentinels',
    ]);
    expect(unsettled(targets, view({ ...settledNodes, m1: null }, { s1: null, s2: sentinel({ masterFlags: 'master,s_down' }) }))).toEqual(['m1 does not answer', 's1 does not answer', 's2 sees mymaster as master,s_down']);
  });
});

describe('a warm start (the default)', () => {
  it('starts the test at a different phase of the servers\' second on each seed, spread over the whole second', () => {
    const idles = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => {
      const run = simulate(killEarly('warm', 3), { seed });
      const launch = run.trace.find((e) => e.node === 'm1' && e.kind === 'process')!;
      return -launch.tUs - run.result.start.settledMs! * 1000;
    });
    expect(Math.min(...idles)).toBeGreaterThanOrEqual(-10);
    expect(Math.max(...idles)).toBeLessThan(TEST_START_SPREAD_US);
    expect(Math.max(...idles) - Math.min(...idles)).toBeGreaterThan(TEST_START_SPREAD_US / 2);
  });

  it('settles before t=0: the launch and the settling are traced at negative times, and the run says how long it took', () => {
    const run = simulate(killEarly('warm', 1));
    const settledMs = run.result.start.settledMs!;
    expect(run.result.start.mode).toBe('warm');
    // The replicas' diskless sync waits repl-diskless-sync-delay (5 s); a Sentinel whose first INFO missed a replica waits for its second (10 s).
    expect(settledMs).toBeGreaterThan(5_000);
    expect(settledMs).toBeLessThan(12_000);
    const launch = run.trace.find((e) => e.node === 'm1' && e.kind === 'process')!;
    // t=0 comes up to a second after the cluster settled (the test starts at no particular phase of its second).
    const idleUs = -launch.tUs - settledMs * 1000;
    expect(idleUs).toBeGreaterThanOrEqual(-10);
    expect(idleUs).toBeLessThan(TEST_START_SPREAD_US);
    // Every Sentinel had announced both replicas and both other Sentinels before t=0.
    for (const s of ['s1', 's2', 's3']) {
      const before = run.trace.filter((e) => e.node === s && e.kind === 'sentinel.event' && e.tUs < 0).map((e) => String(e['name']));
      expect(before.filter((n) => n === '+slave')).toHaveLength(2);
      expect(before.filter((n) => n === '+sentinel')).toHaveLength(2);
    }
    // Clients start at t=0; the first operation comes after it.
    expect(run.history[0]!.time).toBeGreaterThan(0);
  });

  it('the story, report.md, the HTML page and result.json say which start was used and how long settling took', () => {
    const run = simulate(killEarly('warm', 1));
    const said = `warm start (settled ${(run.result.start.settledMs! / 1000).toFixed(1)}s after the launch, under a second before t=0)`;
    expect(renderStory(run, null).split('\n')[0]).toContain(said);
    expect(renderStory(run, null)).toMatch(/0\.000s {2}launcher {3}warm start: the cluster settled \d+\.\d{3}s after its launch; the test began 0\.\d{3}s later/);
    expect(renderMarkdown(run)).toContain(`| start | ${said} |`);
    expect(buildReportData(run.scenario, run.result, run.trace, run.history, { arrows: [], truncated: false }).start).toBe(said);
    const cold = simulate(killEarly('cold', 10));
    expect(renderStory(cold, null).split('\n')[0]).toContain('cold start (t=0 is the launch)');
    // The HTML timeline starts at t=0: nothing from the settling before it.
    expect(buildReportData(run.scenario, run.result, run.trace, run.history, { arrows: [], truncated: false }).events.every((e) => e.tUs >= 0)).toBe(true);
  });

  it('fails over a kill 1 s after t=0, on every seed, as a settled real cluster does', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { result } = simulate(killEarly('warm', 1), { seed });
      expect(result.failovers, `seed ${seed}`).toHaveLength(1);
      expect(result.failovers[0]!.durationMs!).toBeLessThan(6_000);
      expect(result.checkers.convergence.valid, `seed ${seed}`).toBe(true);
    }
  });

  it('a cluster that never settles is refused with one line naming what is missing', () => {
    const text = readFileSync('scenarios/conform-early-kill-cold.yaml', 'utf8').replace('start: cold', 'start: { settle-timeout: 20s }').replace('m1: {}', 'm1: { requirepass: secret }');
    const scenario = parseScenario('no-masterauth.yaml', text);
    expect(() => simulate(scenario)).toThrow(SettleError);
    expect(() => simulate(scenario)).toThrow(/^no-masterauth\.yaml: start: the cluster did not settle within 20s of its launch \(r2 has not finished its sync with m1; r3 has not finished its sync with m1; s1 sees mymaster as s_down,master;/);
    // From the command line: that line, exit 2, no stack trace.
    const dir = mkdtempSync(join(tmpdir(), 'redsim-start-'));
    writeFileSync(join(dir, 'no-masterauth.yaml'), text);
    const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'run', join(dir, 'no-masterauth.yaml'), '--no-report'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^redsim: .*no-masterauth\.yaml: start: the cluster did not settle within 20s/);
  }, 30_000);
});

describe('a cold start', () => {
  it('boots processes as real ones boot: launched in order a few ms apart, listening 11-25 ms after exec, crons from 1 ms', () => {
    const { trace, result } = simulate(killEarly('cold', 10));
    expect(result.start).toEqual({ mode: 'cold', settledMs: null });
    const launches = ['m1', 'r2', 'r3', 's1', 's2', 's3'].map((n) => trace.find((e) => e.node === n && e.kind === 'process' && e['event'] === 'start')!.tUs);
    expect(launches[0]).toBe(0);
    for (let i = 1; i < launches.length; i++) expect(launches[i]! - launches[i - 1]!).toBeGreaterThanOrEqual(2_000);
    const ready = firstLog(trace, 'r2', /Ready to accept connections/)!.tUs - launches[1]!;
    expect(ready).toBeGreaterThanOrEqual(11_000);
    expect(ready).toBeLessThanOrEqual(25_000);
    // serverCron's first run, 1 ms after start, connects the replica (as `Connecting to MASTER` follows `Ready` in real logs).
    expect(firstLog(trace, 'r2', /Connecting to MASTER/)!.tUs - (ready + launches[1]!)).toBe(1000);
  });

  it("shows real Redis's start-up race at the real rates: a Sentinel's first INFO often misses a replica", () => {
    // The real rates, from 48 launches of real Redis 7.0.15 (test/fixtures/real-redis-7.0/cold-start-race.txt).
    const capture = readFileSync('test/fixtures/real-redis-7.0/cold-start-race.txt', 'utf8').split('\n').filter((l) => l.startsWith('run '));
    const realSentinels = capture.flatMap((l) => [...l.matchAll(/\+slave x(\d)/g)].map((m) => Number(m[1])));
    const realMissRate = realSentinels.filter((n) => n < 2).length / realSentinels.length;
    const realRefusedRate = capture.filter((l) => /@1\d\d\d/.test(l)).length / capture.length;
    expect(capture).toHaveLength(48);
    let missed = 0;
    let refused = 0;
    const seeds = 60;
    for (let seed = 1; seed <= seeds; seed++) {
      const { trace } = simulate(killEarly('cold', 10), { seed, traceKeep: new Set(['sentinel.event', 'log']) });
      for (const s of ['s1', 's2', 's3']) if (trace.filter((e) => e.node === s && e.name === '+slave' && e.tUs < 1_000_000).length < 2) missed++;
      if (trace.some((e) => e.node === 'm1' && /asks for synchronization/.test(String(e['text'])) && e.tUs > 900_000)) refused++;
    }
    expect(Math.abs(missed / (3 * seeds) - realMissRate)).toBeLessThan(0.12);
    expect(Math.abs(refused / seeds - realRefusedRate)).toBeLessThan(0.12);
  }, 60_000);

  it('a kill 10 s after a cold start, before the second INFO, is failed over when the Sentinels learned the replicas at start-up, and not when they did not', () => {
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const { result, trace } = simulate(killEarly('cold', 10), { seed, traceKeep: new Set(['sentinel.event']) });
      const knew = trace.some((e) => e.name === '+slave' && e.tUs < 10_000_000);
      outcomes.add(result.failovers.length > 0 ? 'failed over' : 'not failed over');
      if (!knew) expect(result.failovers, `seed ${seed}: no Sentinel knew a replica`).toHaveLength(0);
    }
    expect(outcomes).toContain('failed over');
  }, 30_000);

  it('honours the order and start-after a scenario gives', () => {
    const text = readFileSync('scenarios/conform-early-kill-cold.yaml', 'utf8').replace('start: cold', 'start: { mode: cold, order: [s1, m1], start-after: { s3: 2s } }');
    const scenario = parseScenario('order.yaml', text);
    expect(scenario.start.order).toEqual(['s1', 'm1', 'r2', 'r3', 's2', 's3']);
    const { trace } = simulate(scenario);
    const at = (n: string) => trace.find((e) => e.node === n && e.kind === 'process' && e['event'] === 'start')!.tUs;
    expect(at('s1')).toBe(0);
    expect(at('m1')).toBeGreaterThan(0);
    expect(at('s2')).toBeGreaterThan(at('r3'));
    expect(at('s3')).toBe(2_000_000);
    // Written back to YAML, it reads the same.
    expect(parseScenario('order.yaml', scenarioToYaml(scenario)).start).toEqual(scenario.start);
  });

  it('rejects a start section that names no server, or twice, with file, line and field', () => {
    const base = readFileSync('scenarios/conform-early-kill-cold.yaml', 'utf8');
    const bad = (start: string) => () => parseScenario('bad.yaml', base.replace('start: cold', start));
    expect(bad('start: lukewarm')).toThrow(/^bad\.yaml:\d+:8 start: expected one of warm, cold, got "lukewarm"/);
    expect(bad('start: { order: [m1, c1] }')).toThrow(/start\.order\[1\]: no data node or Sentinel named "c1"/);
    expect(bad('start: { order: [m1, m1] }')).toThrow(/"m1" is already in the order/);
    expect(bad('start: { start-after: { s9: 1s } }')).toThrow(/start\.start-after.*s9/);
    expect(bad('start: { mdoe: cold }')).toThrow(/start\.mdoe: unknown start field; did you mean "mode"\?/);
  });
});

it('library scenarios start warm unless they say otherwise', () => {
  expect(loadScenario('scenarios/three-boxes-partition.yaml').start.mode).toBe('warm');
  expect(loadScenario('scenarios/conform-early-kill-cold.yaml').start.mode).toBe('cold');
});
