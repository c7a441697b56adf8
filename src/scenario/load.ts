// Loading a scenario file from disk.

import { readFileSync } from 'node:fs';
import { ScenarioError, didYouMean } from './fields.js';
import { parseScenario, type Scenario } from './scenario.js';
import { bundledScenarioNames, resolveScenarioPath } from './bundled.js';

/**
 * Read and validate a scenario file. A path that does not exist may name a
 * bundled scenario (`scenarios/x.yaml` or `x`: see bundled.ts); the scenario
 * keeps the name as given, so the replay line it prints works where it was typed.
 */
export function loadScenario(file: string): Scenario {
  return parseScenario(file, readScenarioText(file));
}

/** A scenario file's text, found as loadScenario finds it; a ScenarioError naming the file when there is none. */
export function readScenarioText(file: string): string {
  const path = resolveScenarioPath(file);
  if (path === null) {
    const names = bundledScenarioNames();
    const base = file.replace(/^.*[/\\]/, '').replace(/\.ya?ml$/, '');
    const near = didYouMean(base, names);
    throw new ScenarioError(file, 1, 1, '', `no such file${near !== null ? ` (did you mean the bundled scenarios/${near}.yaml?)` : names.length > 0 ? ' (npx redsim scenarios lists the bundled ones)' : ''}`);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, 1, 1, '', code === 'EISDIR' ? 'is a directory, not a scenario file' : `cannot read it (${code ?? String(e)})`);
  }
}
