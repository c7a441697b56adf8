// `redsim scenarios`: the scenarios that ship with redsim, by name, each with
// the first sentence of its description. Any of them runs from any folder as
// `npx redsim run NAME` or `npx redsim run scenarios/NAME.yaml`.

import { join } from 'node:path';
import chalk from 'chalk';
import { BUNDLED_DIR, bundledScenarioNames, packageRoot } from '../scenario/bundled.js';
import { loadScenario } from '../scenario/load.js';
import { EXIT_OK } from './errors.js';

const SUMMARY_CHARS = 100;

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  const sentence = end < 0 ? flat : flat.slice(0, end);
  return sentence.length > SUMMARY_CHARS ? `${sentence.slice(0, SUMMARY_CHARS - 3)}...` : sentence;
}

export function scenariosCommand(): number {
  const names = bundledScenarioNames();
  const width = Math.max(...names.map((n) => n.length));
  const lines = [chalk.bold(`${names.length} bundled scenarios, in ${join(packageRoot(), BUNDLED_DIR)}; run one with npx redsim run NAME`)];
  for (const name of names) lines.push(`  ${name.padEnd(width)}  ${chalk.dim(firstSentence(loadScenario(join(packageRoot(), BUNDLED_DIR, `${name}.yaml`)).description))}`);
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}
