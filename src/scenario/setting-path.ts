// A setting named as in scenario files, as a path in the file: a bare
// redis.conf name sets `redis.defaults`, a sentinel.conf option
// `sentinel.defaults`, `quorum` the monitor's quorum, and a dotted path names
// any field (`workload.rate`). Used by `redsim sweep --vary` and a scenario's
// `sweep:` section.

import { knownConfigNames } from '../redis/config.js';
import { didYouMean } from './fields.js';

/** Sentinel options a scenario's `sentinel.defaults` takes (not auth-*: sweeping passwords means nothing). */
export const SWEEPABLE_SENTINEL_OPTIONS = ['down-after-milliseconds', 'failover-timeout', 'parallel-syncs', 'master-reboot-down-after-period'];

/** The path, or a one-line reason (with a suggestion) why the name means nothing. */
export function settingPath(name: string): string[] | string {
  if (name.includes('.')) return name.split('.');
  if (name === 'quorum') return ['sentinel', 'monitor', 'quorum'];
  if (SWEEPABLE_SENTINEL_OPTIONS.includes(name)) return ['sentinel', 'defaults', name];
  if (knownConfigNames().includes(name)) return ['redis', 'defaults', name];
  const near = didYouMean(name, ['quorum', ...SWEEPABLE_SENTINEL_OPTIONS, ...knownConfigNames()]);
  return `"${name}" is not a redis.conf or sentinel.conf setting, nor a scenario path like workload.rate${near === null ? '' : ` (did you mean ${near}?)`}`;
}
