// What a sweep varies: settings named as in scenario files. A bare redis.conf
// name (`min-replicas-to-write`) sets `redis.defaults`, a sentinel.conf name
// (`down-after-milliseconds`) `sentinel.defaults`, `quorum` the monitor's
// quorum, and a dotted path any scenario field (`workload.rate`,
// `redis.nodes.r3.replica-priority`). Each combination becomes a scenario by
// setting those fields in the file's YAML and validating the result like any
// scenario file, so a bad value gets the same one-line error.
// Durations are accepted where the setting counts time in Redis's own unit:
// `down-after-milliseconds=5s` is 5000, `min-replicas-max-lag=10s` is 10.

import { isMap, parseDocument } from 'yaml';
import { ScenarioError } from '../scenario/fields.js';
import { settingPath } from '../scenario/setting-path.js';
import { parseScenario, type Scenario } from '../scenario/scenario.js';

export class SweepError extends Error {}

const MILLISECOND_SETTINGS = new Set(['down-after-milliseconds', 'failover-timeout', 'master-reboot-down-after-period']);
const SECOND_SETTINGS = new Set(['min-replicas-max-lag', 'min-slaves-max-lag', 'repl-timeout', 'repl-ping-replica-period', 'repl-ping-slave-period', 'repl-diskless-sync-delay', 'repl-backlog-ttl', 'timeout']);
const DURATION_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** One varied setting: its name as given, the scenario path it sets, and its values (as given, and as written into the file). */
export interface Dimension {
  readonly name: string;
  readonly path: readonly string[];
  readonly values: readonly { readonly label: string; readonly value: string | number }[];
}

/** One combination: a value index per dimension. */
export interface Setting {
  readonly index: number;
  /** `down-after-milliseconds=5s min-replicas-to-write=1` */
  readonly label: string;
  readonly values: readonly { readonly name: string; readonly label: string }[];
  readonly overrides: readonly { readonly path: readonly string[]; readonly value: string | number }[];
}

/** A value as written into the file: numbers stay numbers, durations become the setting's unit. */
function fileValue(name: string, text: string): string | number {
  const unit = MILLISECOND_SETTINGS.has(name) ? 1 : SECOND_SETTINGS.has(name) ? 1000 : null;
  const duration = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text);
  if (unit !== null && duration !== null) {
    const inUnit = (Number(duration[1]) * DURATION_MS[duration[2]!]!) / unit;
    if (!Number.isInteger(inUnit)) throw new SweepError(`${name}=${text}: ${name} counts whole ${unit === 1 ? 'milliseconds' : 'seconds'}`);
    return inUnit;
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** `--vary NAME=V1,V2,...` */
export function parseVary(text: string): Dimension {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SweepError(`--vary ${text}: expected NAME=VALUE,VALUE (e.g. down-after-milliseconds=1s,5s,30s)`);
  const name = text.slice(0, eq).trim();
  const values = text.slice(eq + 1).split(',').map((v) => v.trim());
  return dimension(name, values);
}

export function dimension(name: string, values: readonly string[]): Dimension {
  if (values.length === 0 || values.some((v) => v === '')) throw new SweepError(`--vary ${name}: expected one or more values separated by commas`);
  if (new Set(values).size !== values.length) throw new SweepError(`--vary ${name}: a value is listed twice`);
  const path = settingPath(name);
  if (typeof path === 'string') throw new SweepError(path);
  return { name, path, values: values.map((label) => ({ label, value: fileValue(name, label) })) };
}

/** Every combination, the first dimension varying slowest. */
export function crossProduct(dimensions: readonly Dimension[]): Setting[] {
  const names = new Set<string>();
  for (const d of dimensions) {
    const key = d.path.join('.');
    if (names.has(key)) throw new SweepError(`--vary ${d.name}: varied twice`);
    names.add(key);
  }
  let combos: number[][] = [[]];
  for (const d of dimensions) combos = combos.flatMap((c) => d.values.map((_, i) => [...c, i]));
  return combos.map((choice, index) => {
    const values = choice.map((vi, di) => ({ name: dimensions[di]!.name, label: dimensions[di]!.values[vi]!.label }));
    return {
      index,
      label: values.map((v) => `${v.name}=${v.label}`).join(' ') || '(as in the file)',
      values,
      overrides: choice.map((vi, di) => ({ path: dimensions[di]!.path, value: dimensions[di]!.values[vi]!.value })),
    };
  });
}

/** The scenario of one setting: the file with its fields set, validated as a scenario file. */
export function scenarioFor(file: string, text: string, setting: Setting): Scenario {
  const document = parseDocument(text);
  for (const { path, value } of setting.overrides) {
    // A flow map (`{ save: "" }`) stays valid YAML when a key is added to it.
    const parent = document.getIn(path.slice(0, -1), true);
    if (parent !== undefined && !isMap(parent)) throw new SweepError(`${path.join('.')}: ${path.slice(0, -1).join('.')} in ${file} is not a map`);
    document.setIn(path, value);
  }
  try {
    return parseScenario(file, String(document));
  } catch (e) {
    if (e instanceof ScenarioError) {
      const varied = setting.overrides.find((o) => o.path.join('.') === e.path);
      const shown = setting.values[setting.overrides.indexOf(varied!)];
      if (varied !== undefined && shown !== undefined) throw new SweepError(`--vary ${shown.name}=${shown.label}: ${e.problem}`);
    }
    throw e;
  }
}
