// The HTML report: self-contained, deterministic, safe against data that
// looks like markup; and, in headless Chromium, that it shows the lanes,
// counts, zoom, the message view and tooltips, and stays fast for a
// 10-minute run with 100,000 operations.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { ReportData } from '../../src/report/data.js';
import { renderHtml } from '../../src/report/html.js';
import { bigStory, smallStory } from './sample-data.js';

// The page's globals, as seen by the callbacks page.evaluate runs in the browser
// (this project compiles without the DOM library).
declare const window: any;
declare const document: any;

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    '*** SKIPPED: headless Chromium not found at /usr/bin/chromium — the HTML report was not tested in a browser. Install it: apt-get install chromium ***',
  );
}

const DATA_RE = /<script type="application\/json" id="redsim-data">([\s\S]*?)<\/script>/;

function embedded(html: string): { json: string; rest: string } {
  const m = DATA_RE.exec(html);
  if (m === null) throw new Error('no embedded data');
  return { json: m[1]!, rest: html.replace(m[0], '') };
}

/** The lanes in the page's order: data nodes, Sentinels, clients (data order within a group). */
function laneOrder(data: ReportData): string[] {
  return (['redis', 'sentinel', 'client'] as const).flatMap((k) => data.lanes.filter((l) => l.kind === k).map((l) => l.node));
}

/** Messages in flight at some point of [a, b], in send order (the page's rule). */
function expectedMessages(data: ReportData, a: number, b: number): number[] {
  const idx: number[] = [];
  data.messages.forEach((m, i) => {
    if (m.sendUs <= b && m.arriveUs >= a) idx.push(i);
  });
  return idx.sort((x, y) => data.messages[x]!.sendUs - data.messages[y]!.sendUs || x - y);
}

const EVIL = '</script><script>window.pwned=1</script><!-- <b>bold</b> & "quotes" \u2028';

function evilStory(): ReportData {
  const d = smallStory(3);
  return {
    ...d,
    scenario: `evil ${EVIL}`,
    description: `description ${EVIL}`,
    replay: `redsim replay 'x</script>' --seed 3`,
    events: [...d.events, { tUs: 1_000_000, node: 'sentinel-1', name: '+custom', text: `+custom ${EVIL}` }],
    messages: [
      ...d.messages,
      { from: 'client-1', to: 'redis-1', sendUs: 1_000_000, arriveUs: 1_000_100, label: `SET k ${EVIL}` },
      { from: 'client-1', to: 'redis-1', sendUs: 1_000_000, arriveUs: 1_000_200, label: 'SET k v', dropped: `dropped ${EVIL}` },
    ],
    ops: [...d.ops, { tUs: 2e6, invokeUs: 1.5e6, process: `evil ${EVIL}`, node: 'redis-1', outcome: 'ok', f: 'add', key: 'k', value: '1', lost: true, lossReason: d.lossReasons.length }],
    lossReasons: [...d.lossReasons, { cause: `cause ${EVIL}`, text: `text ${EVIL}` }],
    splitBrain: [...d.splitBrain, { fromUs: 1e6, toUs: 2e6, masters: [`m ${EVIL}`, 'redis-2'], writesByNode: { [`m ${EVIL}`]: 1 } }],
    verdicts: [...d.verdicts, { name: `v ${EVIL}`, ok: false, detail: `detail </SCRIPT > ${EVIL}`, kind: 'checker', explanation: { expected: `e ${EVIL}`, got: `g ${EVIL}`, meaning: `m ${EVIL}` } }],
  };
}

describe('renderHtml (no browser)', () => {
  const data = smallStory();
  const html = renderHtml(data);

  it('is one self-contained document: no network references, no external scripts or styles', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const { rest } = embedded(html);
    expect(rest).not.toMatch(/https?:\/\//i);
    expect(rest).not.toMatch(/<link\b/i);
    expect(rest).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(rest).not.toMatch(/<img\b|<iframe\b|@import|url\(\s*['"]?(?!data:)[a-z]/i);
    expect(rest).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket/);
  });

  it('shows the scenario name, seed, trace hash, replay command and verdicts', () => {
    expect(html).toContain(`<h1>${data.scenario}</h1>`);
    expect(html).toContain(`<code id="replay">${data.replay}</code>`);
    expect(html).toContain(data.traceHash);
    expect(html).toContain('FAILED');
    for (const v of data.verdicts) expect(html).toContain(v.name);
    expect(html).toContain('unknown');
  });

  it('embeds the data as JSON that parses back to the same data', () => {
    expect(JSON.parse(embedded(html).json)).toEqual(data);
  });

  it('is deterministic: the same data gives byte-identical HTML', () => {
    expect(renderHtml(smallStory())).toBe(html);
    expect(renderHtml(data)).toBe(html);
    expect(renderHtml(smallStory(43))).not.toBe(html);
  });

  it('keeps `</script>`, `<!--` and markup in data strings inert', () => {
    const evil = evilStory();
    const out = renderHtml(evil);
    // Exactly two script elements close: the data and the page script.
    expect(out.match(/<\/script/gi)!.length).toBe(2);
    expect(out).not.toContain('<!--');
    expect(out).not.toContain('<b>bold</b>');
    expect(out).toContain('&lt;/script&gt;&lt;script&gt;window.pwned=1');
    expect(JSON.parse(embedded(out).json)).toEqual(evil);
  });
});

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let dir = '';
  let context: BrowserContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redsim-html-'));
    const { chromium } = await import('playwright-core');
    // A fresh temporary profile (Playwright takes --user-data-dir as this argument).
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1000 },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (dir !== '' && process.env.REDSIM_KEEP_SHOTS === undefined) rmSync(dir, { recursive: true, force: true });
  });

  interface Opened {
    page: Page;
    errors: string[];
    file: string;
  }

  async function open(data: ReportData, name: string, html = renderHtml(data)): Promise<Opened> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => {
      // (The readback warning comes from this test's own getImageData calls.)
      if (msg.type() === 'error' || (msg.type() === 'warning' && !msg.text().includes('willReadFrequently'))) errors.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    page.on('request', (req) => {
      if (!req.url().startsWith('file:')) errors.push(`network request: ${req.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => window.redsim?.ready === true, undefined, { timeout: 15_000 });
    return { page, errors, file };
  }

  /** Fraction of the canvas's pixels that are not white, and whether a color (±12 per channel) appears. */
  async function canvasStats(page: Page, id: string, colors: string[]): Promise<{ nonWhite: number; found: boolean[] }> {
    return page.evaluate(
      ({ id, colors }) => {
        const c = document.getElementById(id);
        const px: Uint8ClampedArray = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const want = colors.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
        const found = colors.map(() => false);
        let nonWhite = 0;
        for (let i = 0; i < px.length; i += 4) {
          const r = px[i]!, g = px[i + 1]!, b = px[i + 2]!;
          if (r < 245 || g < 245 || b < 245) nonWhite++;
          want.forEach((w, k) => {
            if (Math.abs(r - w[0]!) <= 12 && Math.abs(g - w[1]!) <= 12 && Math.abs(b - w[2]!) <= 12) found[k] = true;
          });
        }
        return { nonWhite: nonWhite / (px.length / 4), found };
      },
      { id, colors },
    );
  }

  const shot = (name: string) => join(process.env.REDSIM_SHOTS ?? dir, `${name}.png`);

  it('small failover story: lanes, counts, zoom, message window, tooltips, pixels', async () => {
    const data = smallStory();
    const { page, errors } = await open(data, 'small');
    const api = () => page.evaluate(() => {
      const r = window.redsim;
      return { lanes: r.lanes, counts: r.counts, visibleRange: r.visibleRange, drawnArrows: r.drawnArrows, windowMessages: r.windowMessages, drawn: r.drawn, selectedWindow: r.selectedWindow };
    });

    const s0 = await api();
    expect(s0.lanes).toEqual(laneOrder(data));
    expect(s0.lanes).toEqual(['redis-1', 'redis-2', 'redis-3', 'sentinel-1', 'sentinel-2', 'sentinel-3', 'client-1', 'client-2']);
    expect(s0.counts).toEqual({
      ops: data.ops.length,
      lost: data.ops.filter((o) => o.lost).length,
      events: data.events.length,
      faults: data.faults.length,
      messages: data.messages.length,
    });
    expect(s0.counts.lost).toBeGreaterThan(0);
    expect(s0.visibleRange).toEqual([0, data.durationUs]);
    // Everything visible is drawn: all lost writes and events.
    expect(s0.drawn.lost).toBe(s0.counts.lost);
    expect(s0.drawn.events).toBe(data.events.length);

    // It opens with the messages around the first +switch-master selected.
    expect(s0.selectedWindow).not.toBeNull();
    expect(s0.drawnArrows).toBeGreaterThan(0);

    // Pixels: the master color, a lost-write ring, the fault hatch, outcome colors.
    const st = await canvasStats(page, 'tl', ['#0072B2', '#56B4E9', '#d0002a', '#009E73', '#111111']);
    expect(st.nonWhite).toBeGreaterThan(0.15);
    expect(st.found).toEqual([true, true, true, true, true]);

    // Zoom by API, by button and by mouse wheel.
    const r1 = await page.evaluate(() => window.redsim.zoomTo(10e6, 12e6));
    expect(r1[0]).toBeCloseTo(10e6, 0);
    expect(r1[1]).toBeCloseTo(12e6, 0);
    await page.click('#zoom-out');
    await page.waitForTimeout(50);
    const r2 = (await api()).visibleRange;
    expect(r2[1] - r2[0]).toBeCloseTo(4e6, 0);
    const box = (await page.locator('#tl').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + 120);
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(80);
    const r3 = (await api()).visibleRange;
    expect(r3[1] - r3[0]).toBeLessThan(r2[1] - r2[0]);
    await page.click('#fit');
    await page.waitForTimeout(50);
    expect((await api()).visibleRange).toEqual([0, data.durationUs]);

    // Select a window: exactly the messages in flight during it are drawn.
    const a = 13_900_000, b = 14_600_000;
    const want = expectedMessages(data, a, b);
    expect(want.length).toBeGreaterThan(5);
    const drawn = await page.evaluate(([a, b]) => window.redsim.selectWindow(a, b), [a, b]);
    expect(drawn).toBe(want.length);
    expect(await page.evaluate(() => window.redsim.drawnMessageIndices())).toEqual(want);
    const seqStats = await canvasStats(page, 'seq', ['#0072B2']);
    expect(seqStats.nonWhite).toBeGreaterThan(0.01);
    expect(seqStats.found[0]).toBe(true);
    expect(await page.locator('#msg-note').textContent()).toContain(`${want.length} messages in flight`);
    // The order-only (Lamport) layout draws the same arrows.
    await page.check('#msg-order');
    expect(await page.evaluate(() => window.redsim.drawnMessageIndices())).toEqual(want);
    expect((await canvasStats(page, 'seq', ['#0072B2'])).found[0]).toBe(true);
    await page.locator('#msg-panel').screenshot({ path: shot('small-ordered') });
    await page.uncheck('#msg-order');

    // Shift-drag on the timeline selects a window too (scrolled back into view: checking the box scrolled away).
    await page.locator('#tl').scrollIntoViewIfNeeded();
    const p0 = await page.evaluate(() => window.redsim.screenPos('redis-1', 5e6));
    const p1 = await page.evaluate(() => window.redsim.screenPos('redis-1', 6e6));
    await page.keyboard.down('Shift');
    await page.mouse.move(p0.x, p0.y);
    await page.mouse.down();
    await page.mouse.move((p0.x + p1.x) / 2, p0.y);
    await page.mouse.move(p1.x, p1.y);
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const sel = (await api()).selectedWindow as [number, number];
    expect(sel[0]).toBeGreaterThan(4.8e6);
    expect(sel[1]).toBeLessThan(6.2e6);
    expect((await api()).drawnArrows).toBe(expectedMessages(data, sel[0], sel[1]).length);

    // Tooltips: a lost write, and a +switch-master mark.
    const lost = data.ops.find((o) => o.lost)!;
    await page.evaluate((t) => window.redsim.zoomTo(t - 2e6, t + 2e6), lost.tUs);
    const lp = await page.evaluate(([n, t]) => window.redsim.screenPos(n, t), [lost.process, lost.tUs] as const);
    await page.mouse.move(lp.x, lp.y);
    await page.waitForTimeout(50);
    const tipText = await page.evaluate(() => window.redsim.tooltip());
    expect(tipText).toContain('LOST WRITE');
    expect(tipText).toContain(`${lost.f} ${lost.key} = ${lost.value}`);
    expect(tipText).toContain(lost.node);
    const sw = data.events.find((e) => e.name === '+switch-master')!;
    await page.evaluate((t) => window.redsim.zoomTo(t - 1e6, t + 1e6), sw.tUs);
    const sp = await page.evaluate(([n, t]) => window.redsim.screenPos(n, t), [sw.node, sw.tUs] as const);
    await page.mouse.move(sp.x, sp.y);
    await page.waitForTimeout(50);
    expect(await page.evaluate(() => window.redsim.tooltip())).toContain(sw.text);
    expect(await page.locator('#readout').textContent()).toContain('t = ');

    await page.evaluate(() => window.redsim.fit());
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.redsim.selectWindow(13_900_000, 14_600_000));
    await page.screenshot({ path: shot('small'), fullPage: true });
    expect(statSync(shot('small')).size).toBeGreaterThan(40_000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('data that looks like markup stays data in the page', async () => {
    const data = evilStory();
    const { page, errors } = await open(data, 'evil');
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toBe(data.scenario);
    expect(await page.locator('#replay').textContent()).toBe(data.replay);
    expect(await page.evaluate(() => window.redsim.counts.events)).toBe(data.events.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an empty run and odd data (no lanes, an open fault, ops of an unknown process) render without errors', async () => {
    const empty: ReportData = {
      scenario: 'empty', description: '', seed: 'abc', traceHash: '0', replay: 'redsim replay x', passed: true, durationUs: 0,
      lanes: [], faults: [], events: [], ops: [], lossReasons: [], splitBrain: [], messages: [], messagesTruncated: true, verdicts: [],
    };
    const a = await open(empty, 'empty');
    expect(await a.page.evaluate(() => window.redsim.lanes)).toEqual([]);
    expect(await a.page.evaluate(() => window.redsim.selectWindow(0, 1))).toBe(0);
    expect(await a.page.locator('#msg-trunc').isVisible()).toBe(true);
    expect(a.errors).toEqual([]);
    await a.page.close();

    const d = smallStory(5);
    const odd: ReportData = {
      ...d,
      faults: [...d.faults, { fromUs: 25e6, toUs: null, label: 'crash redis-3 (never restarted)', nodes: ['redis-3'] }],
      ops: [...d.ops, { tUs: 2e6, invokeUs: 1.9e6, process: 'ghost', node: 'redis-1', outcome: 'ok', f: 'write', key: 'k', value: '1', lost: true }],
    };
    const b = await open(odd, 'odd');
    const r = await b.page.evaluate(() => ({ lanes: window.redsim.lanes, counts: window.redsim.counts }));
    expect(r.lanes[r.lanes.length - 1]).toBe('ghost');
    expect(r.counts.faults).toBe(2);
    expect(r.counts.lost).toBe(odd.ops.filter((o) => o.lost).length);
    expect(b.errors).toEqual([]);
    await b.page.close();
  });

  it('big run (10 min, 100,000 ops, 200,000 messages): ready fast, zoom and message cap work', async () => {
    const data = bigStory();
    expect(data.ops.length).toBe(100_000);
    expect(data.messages.length).toBe(200_000);
    const t0 = performance.now();
    const html = renderHtml(data);
    const renderMs = performance.now() - t0;
    const { page, errors } = await open(data, 'big', html);
    const info = await page.evaluate(() => {
      const r = window.redsim;
      return { loadMs: r.loadMs, scriptMs: r.scriptMs, counts: r.counts, lanes: r.lanes.length, drawn: r.drawn, range: r.visibleRange };
    });
    console.log(
      `big report: ${(html.length / 1e6).toFixed(1)} MB, renderHtml ${renderMs.toFixed(0)} ms, page ready ${info.loadMs} ms after navigation (script ${info.scriptMs} ms)`,
    );
    expect(info.loadMs).toBeLessThan(5_000);
    expect(info.lanes).toBe(26);
    expect(info.counts.ops).toBe(100_000);
    expect(info.counts.lost).toBe(data.ops.filter((o) => o.lost).length);
    expect(info.counts.events).toBe(data.events.length);
    expect(info.counts.faults).toBe(4);
    // Zoomed out, the clients' ops are binned per pixel pair, not drawn one by one.
    expect(info.drawn.bins).toBeGreaterThan(1_000);
    expect(info.drawn.ops).toBe(0);

    // Zoom into 2 s: single points, and a frame is cheap.
    const z = await page.evaluate(() => {
      const r = window.redsim;
      const s = performance.now();
      const range = r.zoomTo(130e6, 132e6);
      return { range, ms: performance.now() - s, drawn: r.drawn };
    });
    expect(z.range).toEqual([130e6, 132e6]);
    expect(z.drawn.ops).toBeGreaterThan(100);
    expect(z.drawn.ops).toBeLessThan(2_000);
    expect(z.ms).toBeLessThan(250);
    const full = await page.evaluate(() => {
      const r = window.redsim;
      const s = performance.now();
      r.fit();
      return performance.now() - s;
    });
    expect(full).toBeLessThan(250);

    // A wide window is capped at 2,000 arrows, with a note.
    const a = 100e6, b = 110e6;
    const want = expectedMessages(data, a, b);
    expect(want.length).toBeGreaterThan(2_000);
    const sel = await page.evaluate(([a, b]) => {
      const r = window.redsim;
      const s = performance.now();
      r.selectWindow(a, b);
      return { ms: performance.now() - s, drawn: r.drawnArrows, total: r.windowMessages, idx: r.drawnMessageIndices() };
    }, [a, b]);
    expect(sel.total).toBe(want.length);
    expect(sel.drawn).toBe(2_000);
    expect(sel.idx).toEqual(want.slice(0, 2_000));
    expect(sel.ms).toBeLessThan(1_000);
    expect(await page.locator('#msg-note').textContent()).toContain('drawing the first 2,000');

    await page.evaluate(() => window.redsim.fit());
    await page.evaluate(() => window.redsim.selectWindow(126_000_000, 126_400_000));
    await page.screenshot({ path: shot('big'), fullPage: true });
    expect(statSync(shot('big')).size).toBeGreaterThan(40_000);
    expect(errors).toEqual([]);
    await page.close();
  });
});
