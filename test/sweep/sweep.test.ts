// redsim sweep: the same table on any number of jobs or shards, the trade-off
// that min-replicas-to-write buys on the three-box partition, the CLI's
// one-line errors, and the page in headless Chromium.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mergeSweeps, sweep, type SweepResult } from '../../src/sweep/sweep.js';
import { renderSweepHtml } from '../../src/sweep/html.js';
import { renderSweep } from '../../src/sweep/text.js';

declare const document: any;

const FILE = 'scenarios/three-boxes-partition.yaml';
const VARY = ['min-replicas-to-write=0,1', 'down-after-milliseconds=2s,5s'];
const comparable = (r: SweepResult) => JSON.stringify({ ...r, wallMs: 0, seeds: { ...r.seeds, shard: null } });

describe('redsim sweep', () => {
  it('gives the same result on 1 job, 2 jobs and two shards merged; min-replicas-to-write 1 loses less and costs unavailability', async () => {
    const one = await sweep({ file: FILE, vary: VARY, seeds: 4, jobs: 1 });
    const two = await sweep({ file: FILE, vary: VARY, seeds: 4, jobs: 2 });
    expect(comparable(two)).toBe(comparable(one));
    const parts = await Promise.all([1, 2].map((index) => sweep({ file: FILE, vary: VARY, seeds: 4, jobs: 1, shard: { index, of: 2 } })));
    expect(parts[0]!.outcomes.map((o) => o.seed)).toEqual([1, 3, 1, 3, 1, 3, 1, 3]);
    expect(comparable(mergeSweeps(parts))).toBe(comparable(one));

    expect(one.rows).toHaveLength(4);
    expect(one.outcomes).toHaveLength(16);
    // The partition cuts c1 off with the old master: without min-replicas-to-write it keeps
    // writing there and loses it all; with 1 the old master refuses (NOREPLICAS) once its replicas lag.
    const byLabel = new Map(one.rows.map((r) => [r.setting.label, r]));
    const without = byLabel.get('min-replicas-to-write=0 down-after-milliseconds=5s')!;
    const withOne = byLabel.get('min-replicas-to-write=1 down-after-milliseconds=5s')!;
    expect(withOne.loss.meanRate).toBeLessThan(without.loss.meanRate / 2);
    expect(withOne.unavailable['c1']!.meanSeconds).toBeGreaterThan(without.unavailable['c1']!.meanSeconds);
    expect(withOne.unavailable['c1']!.because).toBe('READONLY');
    expect(without.splitBrain.share).toBe(1);
    // rows sorted by loss
    for (let i = 1; i < one.rows.length; i++) expect(one.rows[i]!.loss.meanRate).toBeGreaterThanOrEqual(one.rows[i - 1]!.loss.meanRate);
    expect(one.tradeOff).toMatch(/^min-replicas-to-write 1 \(instead of 0\).* cuts loss from \d+% to \d+% of acknowledged writes and costs c1 [\d.]+ s more without a successful write per seed/);
    expect(one.effects).toHaveLength(2);
    expect(one.effects[0]).toMatch(/^min-replicas-to-write \(with down-after-milliseconds=\d+s\): 0 [\d.]+% lost, [\d.]+ s unavailable · 1 [\d.]+%, [\d.]+ s$/);
    const text = renderSweep(one, 1);
    expect(text).toContain('Trade-off: min-replicas-to-write 1');
    expect(text.split('\n').filter((l) => l.startsWith('min-replicas-to-write='))).toHaveLength(4);
  }, 60_000);

  it("without --vary, the scenario's sweep: section says what to vary", async () => {
    const r = await sweep({ file: FILE, seeds: 1, jobs: 1 });
    expect(r.dimensions).toEqual([
      { name: 'down-after-milliseconds', values: ['1s', '5s', '30s'] },
      { name: 'min-replicas-to-write', values: ['0', '1'] },
    ]);
    expect(r.outcomes).toHaveLength(6);
  }, 30_000);
});

describe('redsim sweep on the command line', () => {
  const main = 'src/cli/main.ts';
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

  it('bad settings get one line and exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['sweep', FILE, '--vary', 'down-after=1s'], /^redsim: "down-after" is not a redis.conf or sentinel.conf setting.*did you mean down-after-milliseconds\?\)\n$/],
      [['sweep', FILE, '--vary', 'quorum=two', '--seeds', '1'], /^redsim: --vary quorum=two: expected a positive integer, got "two"\n$/],
      [['sweep', 'scenarios/paused-master.yaml'], /^redsim: scenarios\/paused-master.yaml has no sweep: section; say what to vary with --vary/],
      [['sweep', 'scenarios/nope.yaml', '--vary', 'quorum=2'], /^redsim: scenarios\/nope.yaml:1:1 no such file \(npx redsim scenarios lists the bundled ones\)\n$/],
      [['sweep', '--merge', 'package.json'], /^redsim: sweep --merge: package.json is not the --json output of redsim sweep\n$/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--json then --merge gives the table of the whole sweep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redsim-sweep-'));
    const args = ['sweep', FILE, '--vary', 'min-replicas-to-write=0,1', '--seeds', '2', '--jobs', '1', '--json'];
    const parts = [1, 2].map((i) => {
      const r = cli(...args, '--shard', `${i}/2`);
      expect(r.status).toBe(0);
      const path = join(dir, `part${i}.json`);
      writeFileSync(path, r.stdout);
      return path;
    });
    const merged = cli('sweep', '--merge', ...parts, '--html', join(dir, 'page.html'));
    expect(merged.status).toBe(0);
    expect(merged.stdout).toMatch(/redsim sweep · three-boxes-partition · 2 settings × 2 seeds \(1–2\)/);
    expect(merged.stdout).toMatch(/\nTrade-off: /);
    expect(existsSync(join(dir, 'page.html'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

const CHROMIUM = '/usr/bin/chromium';
describe.skipIf(!existsSync(CHROMIUM))('the sweep page in headless Chromium', () => {
  it('shows the trade-off, the table and the three plots, one mark per setting, nothing outside its plot', async () => {
    const result = await sweep({ file: FILE, vary: VARY, seeds: 3, jobs: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'redsim-sweep-page-'));
    const path = join(dir, 'index.html');
    writeFileSync(path, renderSweepHtml(result));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('requestfailed', (r) => errors.push(r.url()));
      await page.goto(pathToFileURL(path).href);
      const seen = await page.evaluate(() => {
        const within = (id: string) => {
          const svg = document.getElementById(id);
          const box = svg.getBoundingClientRect();
          const marks = [...svg.querySelectorAll('circle, rect, line, text, polyline')];
          const out = marks.filter((m: any) => { const b = m.getBoundingClientRect(); return b.right > box.right + 1 || b.left < box.left - 1 || b.bottom > box.bottom + 1 || b.top < box.top - 1; });
          return { id, w: box.width, h: box.height, outside: out.length, what: out.map((m: any) => m.outerHTML.slice(0, 120)) };
        };
        return {
          tradeoff: document.getElementById('tradeoff')?.textContent,
          rows: document.querySelectorAll('#sweep-table tbody tr').length,
          lossRows: document.querySelectorAll('#loss-plot .loss-row').length,
          points: document.querySelectorAll('#pareto-plot .setting-point').length,
          front: document.querySelectorAll('#pareto-plot .on-front').length,
          dots: document.querySelectorAll('#failover-plot .failover-dot').length,
          plots: ['loss-plot', 'pareto-plot', 'failover-plot'].map(within),
          scripts: document.querySelectorAll('script').length,
        };
      });
      expect(errors).toEqual([]);
      expect(seen.tradeoff).toBe(`Trade-off: ${result.tradeOff}`);
      expect(seen.rows).toBe(4);
      expect(seen.lossRows).toBe(4);
      expect(seen.points).toBe(4);
      expect(seen.front).toBeGreaterThanOrEqual(1);
      expect(seen.dots).toBe(result.rows.reduce((n, r) => n + r.failover.seeds, 0));
      for (const p of seen.plots) {
        expect(p.w).toBeGreaterThan(400);
        expect(p.outside, `${p.id}: ${p.what.join(' | ')}`).toBe(0);
      }
      expect(seen.scripts).toBe(0);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
