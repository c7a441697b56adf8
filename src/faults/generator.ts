// Generated fault schedules for exploration: every `every`, each fault family
// fires with its probability, on a random target, for at least `min-duration`
// (an exponential tail above it). The schedule is drawn from its own stream,
// derived from the seed, before the run starts; it is an explicit list of
// steps, so a failing seed's schedule can be written out, shrunk and replayed.
// Faults stop at `until` so the cluster has time to converge afterwards.
//
// Swarm testing (Groce et al.): with `--swarm` each seed first draws, from
// another separate stream, which families are on at all and the Redis and
// Sentinel knobs within the scenario's ranges, so seeds differ in kind, not
// only in timing.

import { RngStreams, type Rng } from '../sim/rng.js';
import type { FaultStep } from '../scenario/scenario.js';

export const FAULT_FAMILIES = ['partition', 'oneway', 'crash', 'kill', 'power-off', 'pause', 'slow', 'clock'] as const;
export type FaultFamily = (typeof FAULT_FAMILIES)[number];

export interface GeneratorSpec {
  /** Probability per family per `every`. */
  readonly families: Partial<Record<FaultFamily, number>>;
  readonly everyUs: number;
  /** No fault before this (default: `every`). Sentinels learn of replicas from INFO, every 10 s. */
  readonly fromUs: number;
  readonly minDurationUs: number;
  /** No fault starts or lasts past this (default: the scenario's duration − 30 s). */
  readonly untilUs: number;
}

/** Knob ranges for swarm testing. */
export interface SwarmRanges {
  readonly quorum?: readonly [number, number];
  readonly downAfterMs?: readonly [number, number];
  readonly minReplicasToWrite?: readonly [number, number];
  readonly replBacklogBytes?: readonly [number, number];
  readonly persistence?: readonly ('none' | 'rdb' | 'aof')[];
}

/** What a seed drew: enabled families and knob values (printed and saved with failures). */
export interface SwarmDraw {
  readonly families: readonly FaultFamily[];
  readonly quorum?: number;
  readonly downAfterMs?: number;
  readonly minReplicasToWrite?: number;
  readonly replBacklogBytes?: number;
  readonly persistence?: 'none' | 'rdb' | 'aof';
}

export interface Targets {
  /** Boxes (partition units), each with its processes. */
  readonly boxes: readonly { readonly name: string; readonly processes: readonly string[] }[];
  /** Processes that crash, pause or skew (data nodes and Sentinels). */
  readonly servers: readonly string[];
  readonly dataNodes: readonly string[];
}

export function drawSwarm(seed: number | string, families: readonly FaultFamily[], ranges: SwarmRanges): SwarmDraw {
  const rng = new RngStreams(seed).stream('swarm');
  // Each family on or off with even odds; at least one on.
  let on = families.filter(() => rng.chance(0.5));
  if (on.length === 0 && families.length > 0) on = [rng.pick(families)];
  const pickInt = (r?: readonly [number, number]) => (r === undefined ? undefined : rng.intBetween(r[0], r[1]));
  const draw: SwarmDraw = {
    families: on,
    ...(ranges.quorum ? { quorum: pickInt(ranges.quorum)! } : {}),
    ...(ranges.downAfterMs ? { downAfterMs: pickInt(ranges.downAfterMs)! } : {}),
    ...(ranges.minReplicasToWrite ? { minReplicasToWrite: pickInt(ranges.minReplicasToWrite)! } : {}),
    ...(ranges.replBacklogBytes ? { replBacklogBytes: pickInt(ranges.replBacklogBytes)! } : {}),
    ...(ranges.persistence && ranges.persistence.length > 0 ? { persistence: rng.pick(ranges.persistence) } : {}),
  };
  return draw;
}

export function generateFaults(seed: number | string, spec: GeneratorSpec, targets: Targets, onlyFamilies?: readonly FaultFamily[]): FaultStep[] {
  const rng = new RngStreams(seed).stream('nemesis');
  const steps: FaultStep[] = [];
  /** A target is busy until its fault ends, so faults on one target never overlap. */
  const busyUntil = new Map<string, number>();
  const free = (name: string, atUs: number) => (busyUntil.get(name) ?? 0) <= atUs;
  const duration = (atUs: number) => Math.min(spec.minDurationUs + Math.floor(rng.exponential(spec.minDurationUs)), spec.untilUs - atUs);
  const families = FAULT_FAMILIES.filter((f) => (spec.families[f] ?? 0) > 0 && (onlyFamilies === undefined || onlyFamilies.includes(f)));
  for (let atUs = spec.fromUs; atUs + spec.minDurationUs <= spec.untilUs; atUs += spec.everyUs) {
    for (const family of families) {
      if (!rng.chance(spec.families[family]!)) continue;
      const forUs = duration(atUs);
      const step = makeStep(family, atUs, forUs, rng, targets, free);
      if (step === null) continue;
      for (const name of stepTargets(step, targets)) busyUntil.set(name, family === 'kill' ? Infinity : atUs + forUs);
      steps.push(step);
    }
  }
  return steps;
}

function makeStep(family: FaultFamily, atUs: number, forUs: number, rng: Rng, targets: Targets, free: (n: string, at: number) => boolean): FaultStep | null {
  const freeServers = targets.servers.filter((s) => free(s, atUs));
  switch (family) {
    case 'partition':
    case 'oneway': {
      const boxes = targets.boxes.filter((b) => free(`box:${b.name}`, atUs));
      if (boxes.length < 2) return null;
      // Isolate one box, or split the boxes in two random groups.
      const shuffled = shuffle(boxes.map((b) => b.name), rng);
      const cut = rng.chance(0.5) ? 1 : 1 + rng.int(shuffled.length - 1);
      return { kind: 'partition', atUs, groups: [shuffled.slice(0, cut), shuffled.slice(cut)], oneway: family === 'oneway', mode: 'drop', forUs };
    }
    case 'crash':
      return freeServers.length === 0 ? null : { kind: 'crash', atUs, target: rng.pick(freeServers), forUs };
    case 'kill': {
      // Killed for good: at most one data node, never the last one standing.
      const candidates = targets.dataNodes.filter((n) => free(n, atUs));
      if (candidates.length < 2) return null;
      return { kind: 'crash', atUs, target: rng.pick(candidates), forUs: null };
    }
    case 'power-off': {
      const boxes = targets.boxes.filter((b) => b.processes.every((p) => free(p, atUs)) && free(`box:${b.name}`, atUs));
      return boxes.length === 0 ? null : { kind: 'power-off', atUs, target: rng.pick(boxes).name, forUs };
    }
    case 'pause':
      return freeServers.length === 0 ? null : { kind: 'pause', atUs, target: rng.pick(freeServers), forUs };
    case 'slow': {
      const boxes = targets.boxes.filter((b) => free(`box:${b.name}`, atUs));
      return boxes.length === 0 ? null : { kind: 'slow', atUs, targets: [rng.pick(boxes).name], latencyUs: 50_000 + rng.int(950_000), forUs };
    }
    case 'clock':
      if (freeServers.length === 0) return null;
      return rng.chance(0.5)
        ? { kind: 'clock-jump', atUs, target: rng.pick(freeServers), jumpUs: (rng.chance(0.5) ? 1 : -1) * (1_000_000 + rng.int(9_000_000)) }
        : { kind: 'clock-drift', atUs, target: rng.pick(freeServers), drift: (rng.chance(0.5) ? 1 : -1) * (0.001 + rng.next() * 0.05) };
  }
}

/** What a step occupies, so two faults never act on one target at once. */
function stepTargets(step: FaultStep, targets: Targets): string[] {
  switch (step.kind) {
    case 'partition':
      return step.groups.flat().map((b) => `box:${b}`);
    case 'slow':
      return step.targets.map((b) => `box:${b}`);
    case 'power-off': {
      const box = targets.boxes.find((b) => b.name === step.target);
      return [`box:${step.target}`, ...(box?.processes ?? [])];
    }
    case 'crash':
    case 'pause':
    case 'clock-jump':
    case 'clock-drift':
      return [step.target];
    default:
      return [];
  }
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
