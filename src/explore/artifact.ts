// A failing seed, saved so anyone can replay it bit for bit:
// reports/failures/<scenario>-<seed>.json.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REDSIM_COMMAND, type DerivedRun } from '../scenario/simulate.js';
import type { SeedOutcome } from './outcome.js';

export const ARTIFACT_FORMAT = 'redsim-failure/1';

export interface FailureArtifact {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  readonly swarm: boolean;
  /** The build that found it: a replay on another build may legitimately differ. */
  readonly build: { readonly version: string; readonly commit: string };
  readonly derived: DerivedRun;
  readonly violated: readonly { readonly name: string; readonly detail: string }[];
  readonly traceHash: string;
  /** Running hash every CHECKPOINT_EVERY (256) trace events (replay reports where a run diverged). */
  readonly checkpoints: readonly string[];
  readonly replay: string;
}

export function buildInfo(packageRoot: string): { version: string; commit: string } {
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* no package.json: unknown */
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* not a git checkout */
  }
  return { version, commit };
}

export function writeArtifact(dir: string, scenario: { name: string; file: string }, outcome: SeedOutcome, swarm: boolean, build: { version: string; commit: string }): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${scenario.name}-${outcome.seed}.json`);
  const artifact: FailureArtifact = {
    format: ARTIFACT_FORMAT,
    scenario: scenario.name,
    file: scenario.file,
    seed: outcome.seed,
    swarm,
    build,
    derived: outcome.derived ?? { swarm: null, faults: [] },
    violated: outcome.violated,
    traceHash: outcome.traceHash,
    checkpoints: outcome.checkpoints,
    replay: `${REDSIM_COMMAND} replay ${path}`,
  };
  writeFileSync(path, JSON.stringify(artifact, null, 2) + '\n');
  return path;
}

export function readArtifact(path: string): FailureArtifact {
  const artifact = JSON.parse(readFileSync(path, 'utf8')) as FailureArtifact;
  if (artifact.format !== ARTIFACT_FORMAT) throw new Error(`${path}: not a redsim failure artifact (format ${String(artifact.format)})`);
  return artifact;
}
