// What `replay` and `shrink` act on: a failure artifact (.json), or a
// scenario file with --seed N [--swarm]. The options and their reading, once.

import type { Command } from 'commander';
import { readArtifact, type FailureArtifact } from '../explore/artifact.js';
import { UsageError } from './errors.js';
import { parseSeed } from './parse.js';

export interface SeedTargetOptions {
  seed?: number;
  swarm: boolean;
}

export interface SeedTarget {
  readonly file: string;
  readonly seed: number;
  readonly swarm: boolean;
  /** When the target was an artifact. */
  readonly artifact: FailureArtifact | null;
}

/** The `<target>` argument and its --seed / --swarm options. */
export function withSeedTarget(command: Command): Command {
  return command
    .argument('<target>', 'a failure artifact (reports/failures/*.json), or a scenario file with --seed')
    .option('--seed <n>', 'with a scenario file: the seed', parseSeed)
    .option('--swarm', 'with a scenario file: the seed was run with --swarm', false);
}

export function resolveSeedTarget(verb: string, target: string, options: SeedTargetOptions): SeedTarget {
  if (target.endsWith('.json')) {
    let artifact: FailureArtifact;
    try {
      artifact = readArtifact(target);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    return { file: artifact.file, seed: artifact.seed, swarm: artifact.swarm, artifact };
  }
  if (options.seed === undefined) throw new UsageError(`${verb} ${target}: give a failure artifact (.json) or --seed N`);
  return { file: target, seed: options.seed, swarm: options.swarm, artifact: null };
}
