// `redsim run` writes each node's own log file in the report folder (issue 17),
// as a real deployment's logfile would read: the start-up banner at every
// start, the fork child's `C` lines, Sentinel's `X` lines and events.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/scenario/simulate.js';
import { messageRecorder } from '../../src/report/build.js';
import { writeReportFolder } from '../../src/report/folder.js';

const LINE = /^(\d+):([MSCX]) \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} [.\-*#] \S/;

describe('per-node log files in the report folder', () => {
  const recorder = messageRecorder(1000);
  const run = simulate(loadScenario('scenarios/persistence-off-restart.yaml'), { seed: 1, messageTap: recorder.tap });
  const dir = writeReportFolder(run, mkdtempSync(join(tmpdir(), 'redsim-logs-')), recorder.captured);
  const read = (name: string) => readFileSync(join(dir, 'logs', name), 'utf8');

  it('one file per node, named for its kind', () => {
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['m1.redis.log', 'r2.redis.log', 'r3.redis.log', 's1.sentinel.log', 's2.sentinel.log', 's3.sentinel.log']);
  });

  it("a restarted master's file has the banner of each start, with each process's pid, and its fork child's C lines", () => {
    const lines = read('m1.redis.log').trimEnd().split('\n');
    expect(lines.every((l) => LINE.test(l))).toBe(true);
    const banners = lines.filter((l) => l.includes('Redis is starting oO0OoO0OoO0Oo'));
    expect(banners).toHaveLength(2);
    const pids = banners.map((l) => LINE.exec(l)![1]);
    expect(new Set(pids).size).toBe(2);
    expect(lines.filter((l) => l.includes('Running mode=standalone, port=6379.'))).toHaveLength(2);
    const child = lines.find((l) => l.includes('Fork CoW for RDB'));
    expect(child).toBeDefined();
    const [, childPid, role] = LINE.exec(child!)!;
    expect(role).toBe('C');
    expect(pids).not.toContain(childPid);
    // Lines are in time order, as a file appended to would be.
    const times = lines.map((l) => l.slice(l.indexOf(' ') + 1, l.indexOf(' ') + 25));
    expect([...times].sort((a, b) => Date.parse(a.replace(/\.(\d{3})$/, '')) - Date.parse(b.replace(/\.(\d{3})$/, '')))).toEqual(times);
  });

  it("a Sentinel's file has its banner and its events as X lines", () => {
    const text = read('s1.sentinel.log');
    expect(text).toMatch(/^\d+:X .* \* Running mode=sentinel, port=26379\.$/m);
    expect(text).toMatch(/^\d+:X .* # \+monitor master mymaster /m);
    expect(text).not.toMatch(/:[MS] /);
  });
});
