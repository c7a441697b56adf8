// The HTML report of a real run (conform-partition, seed 1: a partition, a
// failover, a split brain and ~500 lost writes): per-client latency and
// throughput plots, the split-brain band, each lost write's reason, dropped
// messages in the message view, and the explanation under each VIOLATED row.
// First from the data and the HTML text, then in headless Chromium.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { parseScenario } from '../../src/scenario/scenario.js';
import { simulate, type Simulation } from '../../src/scenario/simulate.js';
import { buildReportData, messageRecorder, type CapturedMessages } from '../../src/report/build.js';
import type { ReportData } from '../../src/report/data.js';
import { renderHtml } from '../../src/report/html.js';
import { clientPlots, MAX_POINTS, plottedClients, throughputBuckets } from '../../src/report/plots.js';
import { bigStory, smallStory } from './sample-data.js';

declare const window: any;
declare const document: any;

const FILE = 'scenarios/conform-partition.yaml';
const TEXT = readFileSync(FILE, 'utf8');
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

let run: Simulation;
/** The same seed with `lost-writes: { max: 0 }`, run without a message tap (made once, when a test needs it). */
let strictRun: Simulation | undefined;
const strictScenario = () => parseScenario(FILE, TEXT.replace('lost-writes: { min: 1 }', 'lost-writes: { max: 0 }'));
const strict = (): Simulation => (strictRun ??= simulate(strictScenario(), { seed: 1 }));
let captured: CapturedMessages;
let data: ReportData;
let html: string;

beforeAll(() => {
  const recorder = messageRecorder(200_000);
  run = simulate(parseScenario(FILE, TEXT), { seed: 1, messageTap: recorder.tap });
  captured = recorder.captured;
  data = buildReportData(run.scenario, run.result, run.trace, run.history, captured);
  html = renderHtml(data);
}, 120_000);

/** The rest of a plot's SVG: up to the next plot or the end of the plots. */
const PLOT_REST = '[\\s\\S]*?</svg>(?=<svg class="plot"|<div id="plot-tip")';

/** The SVG element of a client's plot (as text). */
function plotOf(client: string, kind: 'latency' | 'throughput'): string {
  const m = new RegExp(`<svg class="plot" data-client="${client}" data-kind="${kind}"${PLOT_REST}`).exec(html);
  if (m === null) throw new Error(`no ${kind} plot for ${client}`);
  return m[0];
}

/** Marks in a dot path (`M x y h0` each). */
function dots(svg: string, cls: string): number {
  const m = new RegExp(`<path class="${cls}" d="([^"]*)"`).exec(svg);
  return m === null ? 0 : (m[1]!.match(/M/g) ?? []).length;
}

describe('report of a real partition run (conform-partition, seed 1)', () => {
  it('the run is what these tests need: lost writes, a split brain, an outage, dropped messages', () => {
    expect(run.result.checkers.lostWrites.lost).toBeGreaterThan(100);
    expect(run.result.checkers.splitBrain.intervals).toHaveLength(1);
    expect(run.result.checkers.availability.clients['c1']!.outages.length).toBeGreaterThan(0);
    expect(captured.arrows.some((m) => m.dropped !== undefined)).toBe(true);
    expect(captured.truncated).toBe(false);
  });

  it('a latency plot and a throughput plot per client, with every op of each client', () => {
    expect(plottedClients(data)).toEqual(['c1', 'c2']);
    expect(html.match(/<svg class="plot" [^>]*data-kind="latency"/g)).toHaveLength(2);
    expect(html.match(/<svg class="plot" [^>]*data-kind="throughput"/g)).toHaveLength(2);
    for (const c of ['c1', 'c2']) {
      const ops = data.ops.filter((o) => o.process === c && o.f !== 'final-read');
      const lat = plotOf(c, 'latency');
      const n = { ok: ops.filter((o) => o.outcome === 'ok').length, fail: ops.filter((o) => o.outcome === 'fail').length, info: ops.filter((o) => o.outcome === 'info').length };
      expect(lat).toContain(`data-ok="${n.ok}" data-fail="${n.fail}" data-info="${n.info}"`);
      // Under MAX_POINTS: one mark per op, failed and timed-out ones in their own marks.
      expect(dots(lat, 'pl-ok')).toBe(n.ok);
      expect(dots(lat, 'pl-fail')).toBe(n.fail);
      expect(dots(lat, 'pl-info')).toBe(n.info);
    }
    // c1 (writing to m1 after it was demoted) gets READONLY errors; c2 times out during the failover.
    expect(dots(plotOf('c1', 'latency'), 'pl-fail')).toBeGreaterThan(100);
    expect(dots(plotOf('c2', 'latency'), 'pl-info')).toBeGreaterThan(0);
  });

  it('throughput per second agrees with the availability checker, and the outage is shaded', () => {
    for (const c of ['c1', 'c2']) {
      const ops = data.ops.filter((o) => o.process === c && o.f !== 'final-read');
      const byOutcome = { ok: ops.filter((o) => o.outcome === 'ok'), fail: ops.filter((o) => o.outcome === 'fail'), info: ops.filter((o) => o.outcome === 'info') };
      const { bucketUs, counts } = throughputBuckets(byOutcome, data.durationUs);
      expect(bucketUs).toBe(1e6);
      const perSecond = run.result.checkers.availability.clients[c]!.perSecond;
      perSecond.forEach((want, s) => expect(counts[s], `${c} second ${s}`).toEqual(want));
      expect(plotOf(c, 'throughput')).toContain(`data-buckets="${counts.length}"`);
    }
    const outage = run.result.checkers.availability.clients['c1']!.outages[0]!;
    const rect = `<rect class="pl-outage" x="${Math.round(outage.fromUs / 100) / 10}" y="0" width="${Math.round((outage.toUs - outage.fromUs) / 100) / 10}"`;
    expect(plotOf('c1', 'latency')).toContain(rect);
    expect(plotOf('c1', 'throughput')).toContain(rect);
    expect(plotOf('c2', 'throughput')).not.toContain('pl-outage');
  });

  it('the split-brain band spans the checker\'s interval and names the masters', () => {
    const interval = run.result.checkers.splitBrain.intervals[0]!;
    expect(data.splitBrain).toEqual([{ fromUs: interval.startUs, toUs: interval.endUs, masters: ['m1', 'r3'], writesByNode: interval.writesByNode }]);
    // In the plots too, with a title that says which nodes.
    const x = Math.round(interval.startUs / 100) / 10;
    const w = Math.round((interval.endUs - interval.startUs) / 100) / 10;
    expect(plotOf('c1', 'latency')).toContain(`<rect class="pl-sb" x="${x}" y="0" width="${w}" height="112"><title>split brain: m1 and r3 both master taking writes`);
  });

  it("each lost write carries its loss reason, as loss attribution gives it", () => {
    const lost = data.ops.filter((o) => o.lost);
    expect(lost).toHaveLength(run.result.checkers.lostWrites.lost);
    const attribution = run.result.checkers.lostWrites.attribution.losses;
    const causeOf = new Map(attribution.map((l) => [`${l.process}|${JSON.stringify(l.value)}`, l]));
    for (const op of lost) {
      expect(op.lossReason).toBeDefined();
      const reason = data.lossReasons[op.lossReason!]!;
      const loss = causeOf.get(`${op.process}|${op.value}`)!;
      expect(reason.cause).toBe(loss.cause);
      // The story without its first part (which write, acknowledged when: the tooltip shows that already).
      expect(loss.story.endsWith(reason.text)).toBe(true);
    }
    expect(data.lossReasons.map((r) => r.cause)).toContain('full-resync-after-demotion');
    expect(data.lossReasons[0]!.text).toMatch(/^(was erased when m1, demoted by|after m1 had already been replaced by) \+switch-master mymaster m1 6379 r3 6379 \(epoch 1\) at [\d.]+s,.* full resync at [\d.]+s$/);
    // Shared, not repeated per write.
    expect(data.lossReasons.length).toBeLessThan(10);
    // Failed ops carry their error.
    expect(data.ops.find((o) => o.process === 'c1' && o.outcome === 'fail')!.error).toMatch(/^READONLY /);
  });

  it('dropped messages are captured with their reason (the tap only reads: the trace hash is unchanged)', () => {
    const dropped = captured.arrows.filter((m) => m.dropped !== undefined);
    // m1's replication stream to r3, stuck behind the cut, reaches a closed socket after the heal:
    // the writes that were lost never got to the replicas.
    const sadd = dropped.filter((m) => m.from === 'm1' && m.to === 'r3' && m.label.startsWith('SADD set 1'));
    expect(sadd.length).toBeGreaterThan(100);
    for (const m of sadd) {
      expect(m.sendUs).toBeGreaterThanOrEqual(12e6);
      expect(m.arriveUs).toBeGreaterThan(27e6);
      expect(m.dropped).toBe("the receiver's end of the connection was closed");
    }
    expect(data.messages).toBe(captured.arrows);
    expect(html).toContain('dropped)');
    // The same seed without a tap (and other expectations, judged after the run): the same trace.
    expect(strict().result.traceHash).toBe(run.result.traceHash);
  }, 120_000);

  it('every VIOLATED row says what was expected, what happened, and what it means for the PASSED run', () => {
    expect(data.passed).toBe(true);
    const violated = data.verdicts.filter((v) => v.ok === false);
    expect(violated.map((v) => v.name)).toEqual(['no acknowledged write lost', 'no split brain', 'no outage (no client 5 s or more without an acknowledged write)']);
    for (const v of violated) expect(v.explanation, v.name).toBeDefined();
    const lw = run.result.checkers.lostWrites;
    const [lost, split, outage] = violated.map((v) => v.explanation!);
    expect(lost!.got).toContain(`${lw.lost} of ${lw.acked.toLocaleString('en-US')} acknowledged writes lost (c1: ${lw.perClient['c1']!.lost} of ${lw.perClient['c1']!.acked}, c2: 0 of ${lw.perClient['c2']!.acked.toLocaleString('en-US')})`);
    expect(lost!.got).toContain(`why: ${lw.lost} full-resync-after-demotion`);
    expect(lost!.meaning).toContain('expect: lost writes >= 1, met');
    expect(split!.got).toMatch(/^m1 and r3 both master from 14\.\d{3}s to 37\.\d{3}s/);
    expect(split!.meaning).toContain('expect: split brain, met');
    expect(outage!.got).toMatch(/^c1: no acknowledged write from 37\.\d{3}s to 5\d\.\d{3}s \(17\.\d s\); 17 seconds without a successful op \(17 s READONLY\)$/);
    expect(outage!.meaning).toContain('sets no expectation');
    // In the page, under each row.
    expect(html.match(/<li class="v-failed">/g)).toHaveLength(3);
    expect(html.match(/<span class="vwhy">/g)).toHaveLength(3);
    expect(html).toContain(`<b>got</b> ${lost!.got.replace(/'/g, '&#39;')}`);
  });

  it('a failed expectation says what was expected and what happened: "at most 0 lost acknowledged writes"', () => {
    const again = strict();
    const d = buildReportData(again.scenario, again.result, again.trace, again.history, { arrows: [], truncated: false });
    expect(d.passed).toBe(false);
    const row = d.verdicts.find((v) => v.name === 'expect: lost writes <= 0')!;
    expect(row.ok).toBe(false);
    expect(row.explanation!.expected).toBe('at most 0 lost acknowledged writes');
    expect(row.explanation!.got).toMatch(/^\d+ of [\d,]+ acknowledged writes lost \(c1: \d+ of \d+, c2: 0 of [\d,]+\)/);
    expect(row.explanation!.meaning).toContain('FAILED because of it');
    // The checker row now says the run failed on it.
    expect(d.verdicts.find((v) => v.name === 'no acknowledged write lost')!.explanation!.meaning).toContain('not met (expect: lost writes <= 0): the run FAILED');
  }, 120_000);
});

describe('plots stay small for long runs', () => {
  it('a big run (20 clients, 5,000 ops each) is summarized: at most MAX_POINTS marks per plot, a few tens of KB each', () => {
    const big = bigStory();
    const svg = clientPlots(big);
    const plots = svg.match(new RegExp(`<svg class="plot"${PLOT_REST}`, 'g'))!;
    expect(plots).toHaveLength(40);
    for (const p of plots) {
      for (const cls of ['pl-ok', 'pl-ok-range', 'pl-fail', 'pl-info']) expect(dots(p, cls)).toBeLessThanOrEqual(MAX_POINTS);
      expect(p.length).toBeLessThan(48_000);
    }
    expect(plots[0]).toContain('data-summarized="true"');
    expect(svg.length / big.ops.length).toBeLessThan(12);
  });

  it('a small run draws every op, and the same data gives the same bytes', () => {
    const small = smallStory();
    expect(clientPlots(small)).toBe(clientPlots(smallStory()));
    const lat = new RegExp(`<svg class="plot" data-client="client-1" data-kind="latency"${PLOT_REST}`).exec(clientPlots(small))![0];
    const ok = small.ops.filter((o) => o.process === 'client-1' && o.outcome === 'ok').length;
    expect(dots(lat, 'pl-ok')).toBe(ok);
    expect(lat).toContain('data-summarized="false"');
  });
});

describe.skipIf(!hasChromium)('report of a real partition run in headless Chromium', () => {
  let dir = '';
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redsim-report-'));
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
    });
    const file = join(dir, 'index.html');
    writeFileSync(file, html);
    page = await context.newPage();
    page.on('console', (msg) => {
      // (The readback warning comes from this test's own getImageData calls.)
      if (msg.type() === 'error' || (msg.type() === 'warning' && !msg.text().includes('willReadFrequently'))) errors.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => window.redsim?.ready === true, undefined, { timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (dir !== '' && process.env.REDSIM_KEEP_SHOTS === undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('plots: two per client, on the timeline\'s time axis, following its zoom', async () => {
    expect(await page.evaluate(() => window.redsim.plots)).toEqual([
      { client: 'c1', kind: 'latency' },
      { client: 'c1', kind: 'throughput' },
      { client: 'c2', kind: 'latency' },
      { client: 'c2', kind: 'throughput' },
    ]);
    const geometry = () =>
      page.evaluate(() => {
        const tl = document.getElementById('tl').getBoundingClientRect();
        const area = document.querySelector('svg.plot .pl-area');
        const a = area.getBoundingClientRect();
        return { tlLeft: tl.left, tlRight: tl.right, areaLeft: a.left, areaRight: a.right, viewBox: area.getAttribute('viewBox'), range: window.redsim.visibleRange };
      });
    const g0 = await geometry();
    // The plot area lines up with the timeline's: the same gutter (178 px) and right margin (12 px).
    expect(g0.areaLeft).toBeCloseTo(g0.tlLeft + 178, 0);
    expect(g0.areaRight).toBeCloseTo(g0.tlRight - 12, 0);
    expect(g0.viewBox.split(' ').map(Number).slice(0, 3)).toEqual([0, 0, g0.range[1] / 1000]);
    await page.evaluate(() => window.redsim.zoomTo(30e6, 40e6));
    const g1 = await geometry();
    expect(g1.viewBox.split(' ').map(Number).slice(0, 3)).toEqual([30_000, 0, 10_000]);
    // The same instant is at the same x in the timeline and in the plots.
    const t = 37.746e6;
    const onTimeline = await page.evaluate((t) => window.redsim.screenPos('c1', t).x, t);
    const onPlot = await page.evaluate((t) => window.redsim.plotScreenPos('c1', 'throughput', t).x, t);
    expect(onPlot).toBeCloseTo(onTimeline, 0);
    await page.evaluate(() => window.redsim.fit());
  });

  it('plot tooltips: a failed op names its error; a second in the outage counts its errors', async () => {
    const failed = data.ops.find((o) => o.process === 'c1' && o.outcome === 'fail' && o.invokeUs > 45e6)!;
    await page.evaluate(([a, b]) => window.redsim.zoomTo(a, b), [failed.invokeUs - 1e6, failed.invokeUs + 1e6]);
    await page.locator('#plots-panel').scrollIntoViewIfNeeded();
    const p = await page.evaluate(([c, t, ms]) => window.redsim.plotScreenPos(c, 'latency', t, ms), ['c1', failed.invokeUs, (failed.tUs - failed.invokeUs) / 1000] as const);
    await page.mouse.move(p.x, p.y);
    await page.waitForTimeout(50);
    const tip = await page.evaluate(() => window.redsim.plotTooltip());
    expect(tip).toContain('until it failed');
    expect(tip).toContain('error: READONLY');
    expect(tip).toContain('outage: c1: no acknowledged write');
    await page.evaluate(() => window.redsim.fit());
    const q = await page.evaluate(() => window.redsim.plotScreenPos('c1', 'throughput', 45.5e6));
    await page.mouse.move(q.x, q.y);
    await page.waitForTimeout(50);
    const tip2 = await page.evaluate(() => window.redsim.plotTooltip());
    expect(tip2).toMatch(/ok 0 · failed \d+ · unknown 0/);
    expect(tip2).toMatch(/errors: READONLY ×\d+/);
  });

  it('the split-brain band: a bar in its row over the checker\'s interval, shaded across the lanes, with a tooltip naming the masters', async () => {
    await page.locator('#tl').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.redsim.fit());
    const interval = run.result.checkers.splitBrain.intervals[0]!;
    expect(await page.evaluate(() => window.redsim.splitBrain)).toEqual([{ fromUs: interval.startUs, toUs: interval.endUs, masters: ['m1', 'r3'] }]);
    const bar = await page.evaluate(() => window.redsim.splitBrainBar(0));
    const from = await page.evaluate((t) => window.redsim.screenPos('m1', t).x, interval.startUs);
    const to = await page.evaluate((t) => window.redsim.screenPos('m1', t).x, interval.endUs);
    expect(bar.x0).toBeCloseTo(from, 0);
    expect(bar.x1).toBeCloseTo(to, 0);
    await page.mouse.move(bar.x, bar.y);
    await page.waitForTimeout(50);
    const tip = await page.evaluate(() => window.redsim.tooltip());
    expect(tip).toContain('split brain: m1 + r3 both master taking writes');
    expect(tip).toContain(`writes acknowledged meanwhile: m1 ${interval.writesByNode['m1']}, r3 ${interval.writesByNode['r3']}`);
    // The band's orange in the canvas, inside the interval only (on a Sentinel lane, between its marks).
    const color = await page.evaluate(([x0, x1]) => {
      const c = document.getElementById('tl');
      const r = c.getBoundingClientRect();
      const dpr = c.width / r.width;
      const s2 = window.redsim.screenPos('s2', 0);
      const at = (x: number): number[] => Array.from<number>(c.getContext('2d').getImageData(Math.round((x - r.left) * dpr), Math.round((s2.y - 8 - r.top) * dpr), 1, 1).data);
      return { inside: at(x1 - 30), outside: at(x1 + 30), before: at(x0 - 30) };
    }, [bar.x0, bar.x1]);
    const orangeish = (px: number[]) => px[0]! > px[2]! + 15;
    expect(orangeish(color.inside)).toBe(true);
    expect(orangeish(color.outside)).toBe(false);
    expect(orangeish(color.before)).toBe(false);
  });

  it("a lost write's tooltip gives its loss reason", async () => {
    const lost = data.ops.find((o) => o.lost)!;
    const reason = data.lossReasons[lost.lossReason!]!;
    await page.locator('#tl').scrollIntoViewIfNeeded();
    await page.evaluate((t) => window.redsim.zoomTo(t - 1e6, t + 1e6), lost.tUs);
    const p = await page.evaluate(([n, t]) => window.redsim.screenPos(n, t), [lost.process, lost.tUs] as const);
    await page.mouse.move(p.x, p.y);
    await page.waitForTimeout(50);
    const tip = await page.evaluate(() => window.redsim.tooltip());
    expect(tip).toContain(`LOST WRITE: acknowledged, missing at the end (${reason.cause})`);
    expect(tip).toContain(`why lost: ${reason.text}`);
    expect(reason.text).toContain('full resync');
    // Zoomed out, lost writes are still picked one by one.
    await page.evaluate(() => window.redsim.fit());
    const q = await page.evaluate(([n, t]) => window.redsim.screenPos(n, t), [lost.process, lost.tUs] as const);
    await page.mouse.move(q.x, q.y);
    await page.waitForTimeout(50);
    expect(await page.evaluate(() => window.redsim.tooltip())).toMatch(/^LOST WRITE: acknowledged, missing at the end \(full-resync-after-demotion\)\n[\s\S]*\nwhy lost: /);
  });

  it('the message view marks dropped messages, with a legend entry, and tells why in the tooltip', async () => {
    // A dropped message with its whole arrow in a quiet window (the fewest others in flight).
    const inFlight = (a: number, b: number) => data.messages.filter((x) => x.sendUs <= b && x.arriveUs >= a).length;
    let i = -1;
    let fewest = Infinity;
    data.messages.forEach((x, k) => {
      if (x.dropped === undefined || x.from === x.to) return;
      const n = inFlight(x.sendUs - 500, x.arriveUs + 500);
      if (n < fewest) [i, fewest] = [k, n];
    });
    expect(i).toBeGreaterThanOrEqual(0);
    const m = data.messages[i]!;
    await page.evaluate(([a, b]) => window.redsim.selectWindow(a, b), [m.sendUs - 500, m.arriveUs + 500]);
    const want = data.messages.filter((x) => x.dropped !== undefined && x.sendUs <= m.arriveUs + 500 && x.arriveUs >= m.sendUs - 500).length;
    expect(await page.evaluate(() => window.redsim.windowDropped)).toBe(want);
    expect(await page.evaluate(() => window.redsim.drawnDropped)).toBe(want);
    expect(await page.locator('#msg-note').textContent()).toContain(`${want} of them dropped`);
    expect(await page.locator('#msg-panel .legend').textContent()).toContain('dropped: never delivered');
    await page.locator('#seq').scrollIntoViewIfNeeded();
    const p = await page.evaluate((i) => window.redsim.seqScreenPos(i), i);
    await page.mouse.move(p.x, p.y);
    await page.waitForTimeout(50);
    const tip = await page.evaluate(() => window.redsim.seqTooltip());
    expect(tip).toContain(`DROPPED: ${m.dropped}`);
    expect(tip).toContain(`${m.from} → ${m.to}`);
    // Drawn in the dropped color.
    const found = await page.evaluate(() => {
      const c = document.getElementById('seq');
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let k = 0; k < px.length; k += 4) if (Math.abs(px[k] - 0xb0) <= 12 && px[k + 1] <= 14 && Math.abs(px[k + 2] - 0x2a) <= 14) return true;
      return false;
    });
    expect(found).toBe(true);
  });

  it('each VIOLATED row shows its explanation next to it', async () => {
    const rows = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.verdicts li')).map((li: any) => ({
        badge: li.querySelector('.vbadge').textContent,
        name: li.querySelector('.vname').textContent,
        why: li.querySelector('.vwhy')?.textContent ?? null,
        whyVisible: li.querySelector('.vwhy') ? li.querySelector('.vwhy').getBoundingClientRect().height > 20 : false,
      })),
    );
    const violated = rows.filter((r) => r.badge === 'violated');
    expect(violated).toHaveLength(3);
    for (const r of violated) {
      expect(r.why, r.name).toMatch(/^expected .+got .+/);
      expect(r.whyVisible).toBe(true);
    }
    expect(rows.filter((r) => r.badge !== 'violated').every((r) => r.why === null)).toBe(true);
    expect(await page.locator('.badge').textContent()).toBe('PASSED');
    await page.evaluate(() => window.redsim.fit());
    await page.screenshot({ path: join(process.env.REDSIM_SHOTS ?? dir, 'conform-partition.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
