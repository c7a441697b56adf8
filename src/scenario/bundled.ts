// The scenarios that ship with redsim (the package's scenarios/ folder), so a
// user's project can name them as the README does (`scenarios/x.yaml`) or by
// name (`x`) without copying them: a path that exists is always read first.

import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: the nearest folder above this file with a package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

export const BUNDLED_DIR = 'scenarios';

/** The bundled scenarios' names (file names without `.yaml`), sorted. */
export function bundledScenarioNames(): string[] {
  const dir = join(packageRoot(), BUNDLED_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/**
 * Where to read `file` from: itself when it exists; else, for a relative path,
 * the same path inside the package (`scenarios/x.yaml` from a user's project);
 * else, for a bare name (`x`), the bundled `scenarios/x.yaml`. Null when none
 * exists.
 */
export function resolveScenarioPath(file: string): string | null {
  if (existsSync(file)) return file;
  if (isAbsolute(file)) return null;
  const root = packageRoot();
  const inPackage = join(root, file);
  if (existsSync(inPackage)) return inPackage;
  if (!/[/\\]/.test(file) && !/\.ya?ml$/.test(file)) {
    const byName = join(root, BUNDLED_DIR, `${file}.yaml`);
    if (existsSync(byName)) return byName;
  }
  return null;
}
