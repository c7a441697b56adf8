// The report folder: result.json, report.md, trace.jsonl, history.jsonl, the
// self-contained index.html, and logs/ with each node's own log file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulation } from '../scenario/simulate.js';
import { buildReportData, type CapturedMessages } from './build.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { nodeLogFiles } from './text.js';

export function defaultReportDir(run: Simulation): string {
  return join('reports', `${run.scenario.name}-${run.result.seed}`);
}

/** Write every report file; returns the folder. */
export function writeReportFolder(run: Simulation, dir: string, messages: CapturedMessages): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'result.json'), JSON.stringify(run.result, null, 2) + '\n');
  writeFileSync(join(dir, 'report.md'), renderMarkdown(run));
  writeFileSync(join(dir, 'trace.jsonl'), run.trace.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, 'history.jsonl'), run.history.map((o) => JSON.stringify(o)).join('\n') + (run.history.length > 0 ? '\n' : ''));
  const logsDir = join(dir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  for (const [name, text] of nodeLogFiles(run.trace)) writeFileSync(join(logsDir, name), text);
  writeFileSync(join(dir, 'index.html'), renderHtml(buildReportData(run.scenario, run.result, run.trace, run.history, messages)));
  return dir;
}
