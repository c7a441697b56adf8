// Loading a scenario file from disk.

import { readFileSync } from 'node:fs';
import { ScenarioError } from './fields.js';
import { parseScenario, type Scenario } from './scenario.js';

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, 1, 1, '', code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a scenario file' : `cannot read it (${code ?? String(e)})`);
  }
  return parseScenario(file, text);
}
