// A Scenario back to YAML: for shrunk schedules written out as regression
// tests (explicit faults) and for generated property-test failures. The
// output parses back with parseScenario to the same scenario.

import { DEFAULT_SETTLE_TIMEOUT_US, type Expectations, type FaultStep, type Scenario } from './scenario.js';
import { US_PER_MS, US_PER_SECOND } from '../sim/time.js';

/**
 * µs as a scenario duration a person reads and the parser reads back to the
 * same µs: seconds from 1 s up (`12s`, `1.5s`, `6.003821s`, `-3s`), else
 * milliseconds (`250ms`, `1.5ms`), else microseconds (`150us`); zero is `0s`.
 * Decimals are exact (integer arithmetic, at most 6 digits), and the parser's
 * `Math.round(decimal × unit)` gives the µs back (a test checks many values).
 * Not minutes: fault times in seconds line up with the timeline and the log.
 */
export function formatDuration(us: number): string {
  const sign = us < 0 ? '-' : '';
  const a = Math.abs(us);
  if (a === 0) return '0s';
  if (a >= US_PER_SECOND) return `${sign}${exactDecimal(a, US_PER_SECOND)}s`;
  if (a >= US_PER_MS) return `${sign}${exactDecimal(a, US_PER_MS)}ms`;
  return `${sign}${a}us`;
}

/** `a / unit` written out exactly with integer arithmetic, trailing zeros dropped. */
function exactDecimal(a: number, unitUs: number): string {
  const digits = String(unitUs).length - 1;
  const fraction = String(a % unitUs).padStart(digits, '0').replace(/0+$/, '');
  return fraction === '' ? String(Math.trunc(a / unitUs)) : `${Math.trunc(a / unitUs)}.${fraction}`;
}
const duration = formatDuration;

const value = (v: string | number): string => {
  const s = String(v);
  return s === '""' ? '""' : /^[\w./:-]+$/.test(s) && !/^(yes|no|true|false|null|~)$/i.test(s) ? s : JSON.stringify(s);
};

const inline = (settings: Record<string, string | number>): string =>
  Object.keys(settings).length === 0
    ? '{}'
    : `{ ${Object.entries(settings)
    .map(([k, v]) => `${k}: ${k === 'replicaof' ? value(String(v).replace(/ 6379$/, '')) : value(v)}`)
    .join(', ')} }`;

function fault(step: FaultStep): string {
  const at = `at: ${duration(step.atUs)}`;
  const forPart = (f: number | null) => (f === null ? '' : `, for: ${duration(f)}`);
  switch (step.kind) {
    case 'partition':
      return `{ ${at}, partition: [${step.groups.map((g) => `[${g.join(', ')}]`).join(', ')}]${step.oneway ? ', oneway: true' : ''}${step.mode === 'reject' ? ', mode: reject' : ''}${forPart(step.forUs)} }`;
    case 'heal':
      return `{ ${at}, heal: all }`;
    case 'crash':
    case 'power-off':
    case 'pause':
      return `{ ${at}, ${step.kind}: ${step.target}${forPart(step.forUs)} }`;
    case 'restart':
      return `{ ${at}, restart: ${step.target}${step.wipe ? ', wipe: true' : ''} }`;
    case 'resume':
      return `{ ${at}, resume: ${step.target} }`;
    case 'clock-jump':
      return `{ ${at}, clock: ${step.target}, jump: ${duration(step.jumpUs)} }`;
    case 'clock-drift':
      return `{ ${at}, clock: ${step.target}, drift: ${step.drift} }`;
    case 'slow':
      return `{ ${at}, slow: [${step.targets.join(', ')}], latency: ${duration(step.latencyUs)}${forPart(step.forUs)} }`;
    case 'command':
      return `{ ${at}, command: ${step.target}, args: [${step.args.map(value).join(', ')}] }`;
  }
}

function expectations(e: Expectations): string[] {
  const out: string[] = [];
  if (e.failoverWithinUs !== undefined) out.push(`  failover: { within: ${duration(e.failoverWithinUs)} }`);
  if (e.noFailover !== undefined) out.push(`  no-failover: ${e.noFailover}`);
  if (e.finalMaster !== undefined || e.finalRoles !== undefined) {
    out.push('  final:');
    if (e.finalMaster !== undefined) out.push(e.finalMaster.length === 1 ? `    master: ${e.finalMaster[0]}` : `    master: { one-of: [${e.finalMaster.join(', ')}] }`);
    if (e.finalRoles !== undefined) out.push(`    roles: ${inline(e.finalRoles)}`);
  }
  if (e.invariants !== undefined) out.push(`  invariants: ${e.invariants}`);
  if (e.events !== undefined) {
    out.push('  events:');
    for (const ev of e.events) out.push(`    - ${JSON.stringify(ev)}`);
  }
  const checkers: string[] = [];
  if (e.lostWrites !== undefined) {
    const parts = [e.lostWrites.min !== undefined ? `min: ${e.lostWrites.min}` : '', e.lostWrites.max !== undefined ? `max: ${e.lostWrites.max}` : ''].filter(Boolean);
    checkers.push(`    lost-writes: { ${parts.join(', ')} }`);
  }
  if (e.splitBrain !== undefined) checkers.push(`    split-brain: ${e.splitBrain}`);
  if (e.convergenceWithinUs !== undefined) checkers.push(`    convergence: { within: ${duration(e.convergenceWithinUs)} }`);
  if (e.convergenceNotWithinUs !== undefined) checkers.push(`    convergence: { not-within: ${duration(e.convergenceNotWithinUs)} }`);
  if (e.linearizable !== undefined) checkers.push(`    linearizable: ${e.linearizable}`);
  if (e.availabilityMaxGapUs !== undefined) checkers.push(`    availability: { max-gap: ${duration(e.availabilityMaxGapUs)} }`);
  if (checkers.length > 0) out.push('  checkers:', ...checkers);
  return out;
}

function start(s: Scenario): string[] {
  const st = s.start;
  const defaultOrder = [...Object.keys(s.redis), ...(s.sentinel?.names ?? [])];
  const parts: string[] = [];
  if (st.order.join() !== defaultOrder.join()) parts.push(`order: [${st.order.join(', ')}]`);
  const after = Object.entries(st.startAfterUs);
  if (after.length > 0) parts.push(`start-after: { ${after.map(([n, us]) => `${n}: ${duration(us)}`).join(', ')} }`);
  if (st.settleTimeoutUs !== DEFAULT_SETTLE_TIMEOUT_US) parts.push(`settle-timeout: ${duration(st.settleTimeoutUs)}`);
  if (parts.length === 0) return st.mode === 'warm' ? [] : [`start: ${st.mode}`];
  return [`start: { mode: ${st.mode}, ${parts.join(', ')} }`];
}

export function scenarioToYaml(s: Scenario): string {
  const lines: string[] = [];
  lines.push(`name: ${value(s.name)}`);
  lines.push('description: >');
  for (const row of wrap(s.description || s.name, 76)) lines.push(`  ${row}`);
  lines.push(`seed: ${s.seed}`, `duration: ${duration(s.durationUs)}`);
  lines.push(...start(s));
  const boxes = new Map<string, string[]>();
  for (const [p, box] of Object.entries(s.hosts)) boxes.set(box, [...(boxes.get(box) ?? []), p]);
  if (boxes.size > 0) {
    lines.push('hosts:');
    for (const [box, members] of boxes) lines.push(`  ${box}: [${members.join(', ')}]`);
  }
  lines.push('redis:', '  nodes:');
  for (const [node, conf] of Object.entries(s.redis)) lines.push(`    ${node}: ${inline(conf)}`);
  if (s.sentinel !== null) {
    lines.push('sentinel:');
    if (Object.keys(s.sentinel.config).length > 0) lines.push(`  defaults: ${inline(s.sentinel.config)}`);
    const m = s.sentinel.monitor;
    lines.push(`  monitor: { name: ${m.name}, master: ${m.master}, quorum: ${m.quorum} }`, `  nodes: [${s.sentinel.names.join(', ')}]`);
  }
  const lat = s.network.latency;
  if (lat !== undefined || s.network.bandwidthBytesPerSec !== undefined) {
    lines.push('network:');
    if (lat?.distribution === 'constant') lines.push(`  latency: { distribution: constant, value: ${duration(lat.us)} }`);
    if (lat?.distribution === 'uniform') lines.push(`  latency: { distribution: uniform, min: ${duration(lat.minUs)}, max: ${duration(lat.maxUs)} }`);
    if (lat?.distribution === 'exponential') lines.push(`  latency: { distribution: exponential, min: ${duration(lat.minUs)}, mean: ${duration(lat.meanUs)} }`);
    if (s.network.bandwidthBytesPerSec !== undefined) lines.push(`  bandwidth: ${s.network.bandwidthBytesPerSec}`);
  }
  if (Object.keys(s.clients).length > 0) {
    lines.push('clients:');
    for (const [name, c] of Object.entries(s.clients)) {
      const d = c.discovery;
      const parts =
        d.kind === 'fixed'
          ? [`discovery: fixed`, `address: ${d.address}`]
          : [
              'discovery: sentinel',
              `sentinels: [${d.sentinels.join(', ')}]`,
              ...(d.masterName !== s.sentinel?.monitor.name ? [`master-name: ${value(d.masterName)}`] : []),
              ...(d.perOp ? ['per-op: true'] : []),
              ...(d.subscribe ? ['subscribe: true'] : []),
              ...(d.readFromReplicas ? ['read-from-replicas: true'] : []),
            ];
      if (c.timeoutUs > 0) parts.push(`timeout: ${duration(c.timeoutUs)}`);
      if (c.connectTimeoutUs > 0) parts.push(`connect-timeout: ${duration(c.connectTimeoutUs)}`);
      lines.push(`  ${name}: { ${parts.join(', ')} }`);
    }
  }
  const w = s.workload;
  const wait = w.waitReplicas > 0 ? `, wait: { replicas: ${w.waitReplicas}, timeout: ${duration(w.waitTimeoutMs * 1000)} }` : '';
  const pace = `${w.loop === 'closed' ? ', loop: closed' : ''}${w.jitterUs > 0 ? `, jitter: ${duration(w.jitterUs)}` : ''}`;
  lines.push(`workload: { type: ${w.type}, rate: ${w.ratePerSec}/s${pace}, timeout: ${duration(w.timeoutUs)}, until: ${duration(w.untilUs)}${wait} }`);
  if (s.faults.length > 0) {
    lines.push('faults:');
    for (const f of s.faults) lines.push(`  - ${fault(f)}`);
  }
  const conform = [
    ...(s.conform.failoverToleranceUs !== null ? [`failover-time-tolerance: ${duration(s.conform.failoverToleranceUs)}`] : []),
    ...(s.conform.seeds !== null ? [`seeds: ${s.conform.seeds}`] : []),
  ];
  if (conform.length > 0) lines.push(`conform: { ${conform.join(', ')} }`);
  if (s.scheduling !== null) lines.push(`scheduling: { every: ${duration(s.scheduling.meanGapUs)}, min: ${duration(s.scheduling.minUs)}, max: ${duration(s.scheduling.maxUs)} }`);
  if (s.sweep !== null) {
    const vary = s.sweep.vary.map((v) => `${v.name}: [${v.values.map((x) => (x === '""' ? '""' : /^[\w./-]+$/.test(x) ? x : JSON.stringify(x))).join(', ')}]`).join(', ');
    lines.push(`sweep: { ${s.sweep.seeds !== null ? `seeds: ${s.sweep.seeds}, ` : ''}vary: { ${vary} } }`);
  }
  const exp = expectations(s.expect);
  if (exp.length > 0) lines.push('expect:', ...exp);
  return lines.join('\n') + '\n';
}

function wrap(text: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(/\s+/)) {
    if (row !== '' && row.length + word.length + 1 > width) {
      rows.push(row);
      row = word;
    } else row = row === '' ? word : `${row} ${word}`;
  }
  if (row !== '') rows.push(row);
  return rows;
}
