// ODOWN only with at least quorum opinions gathered. When a Sentinel declares
// a master objectively down it records the opinions it held
// (`sentinel.odown`): its own SDOWN and each peer whose last
// is-master-down-by-addr reply said "down", with that reply's age. The checker
// counts only opinions the trace bears out: the Sentinel's own SDOWN as its
// +sdown/-sdown events left it, and a peer's only if the last reply this
// Sentinel received from that peer (`sentinel.down-reply`, since it last
// started) said down and is no older than an opinion can be. Fewer than the
// quorum is a violation.
//
// Not flagged: a peer's opinion older than that right after TILT ends (opinions
// are not expired while in TILT, and Redis checks ODOWN before expiring them on
// the first tick after TILT); an opinion about the master's old address kept
// across a +switch-master (Redis keeps the Sentinels and their flags).

import type { TraceEvent } from '../../sim/trace.js';
import { Violations, at, type InvariantResult } from './result.js';
import { SentinelNames } from './sentinel-ids.js';

export const ODOWN = { invariant: 'odown-quorum', title: 'ODOWN only with a quorum agreeing' } as const;
export const ODOWN_KINDS = ['sentinel.odown', 'sentinel.down-reply', 'sentinel.event', 'process', 'log'] as const;

interface SentinelState {
  /** master -> in SDOWN by its own judgement. */
  readonly sDown: Map<string, boolean>;
  /** `master peer` -> the last reply. */
  readonly replies: Map<string, { down: boolean; tUs: number }>;
  lastTiltExitUs: number;
}

const fresh = (): SentinelState => ({ sDown: new Map(), replies: new Map(), lastTiltExitUs: -Infinity });

/** The master named by a Sentinel event about the master itself (not one of its replicas or Sentinels), or null. */
function masterOf(e: TraceEvent, name: string): string | null {
  const text = String(e['text']);
  if (name === '+switch-master') return text.split(' ')[1] ?? null;
  return text.startsWith(`${name} master `) ? String(e['master']) : null;
}

export function checkOdown(trace: readonly TraceEvent[]): InvariantResult {
  const names = new SentinelNames(trace);
  const violations = new Violations();
  const states = new Map<string, SentinelState>();
  const state = (node: string) => {
    let s = states.get(node);
    if (s === undefined) states.set(node, (s = fresh()));
    return s;
  };
  for (const e of trace) {
    if (e.kind === 'process') {
      if (e['event'] === 'start') states.set(e.node, fresh());
    } else if (e.kind === 'sentinel.down-reply') {
      state(e.node).replies.set(`${String(e['master'])} ${String(e['peer'])}`, { down: e['down'] === true, tUs: e.tUs });
    } else if (e.kind === 'sentinel.event') {
      const name = String(e['name']);
      const s = state(e.node);
      if (name === '-tilt') s.lastTiltExitUs = e.tUs;
      else if (name === '+sdown' || name === '-sdown' || name === '+switch-master' || name === '+reset-master' || name === '-monitor') {
        const master = masterOf(e, name);
        if (master !== null) s.sDown.set(master, name === '+sdown');
      }
    } else if (e.kind === 'sentinel.odown') {
      const s = state(e.node);
      const master = String(e['master']);
      const quorum = Number(e['quorum']);
      const maxAgeMs = Number(e['maxAgeMs']);
      const peers = (e['peers'] as readonly string[] | undefined) ?? [];
      const ages = (e['peerAgesMs'] as readonly number[] | undefined) ?? [];
      const justOutOfTilt = s.lastTiltExitUs === e.tUs;
      const held: string[] = [];
      const refused: string[] = [];
      if (s.sDown.get(master) === true) held.push('its own SDOWN');
      else refused.push('it was not in SDOWN itself');
      peers.forEach((peer, i) => {
        const reply = s.replies.get(`${master} ${peer}`);
        const who = names.name(peer);
        const ageMs = ages[i] ?? 0;
        if (reply === undefined) refused.push(`${who} never answered it`);
        else if (!reply.down) refused.push(`${who}'s last reply (${at(reply.tUs)}) said not down`);
        else if (ageMs > maxAgeMs && !justOutOfTilt) refused.push(`${who}'s reply was ${Math.round(ageMs)} ms old (opinions expire within ${maxAgeMs} ms)`);
        else held.push(`${who} (${at(reply.tUs)})`);
      });
      if (held.length >= quorum) continue;
      violations.add(
        e.tUs,
        e.node,
        `${e.node} declared ${master} ODOWN at ${at(e.tUs)} with ${held.length} opinion(s) of the quorum ${quorum}: ${held.length > 0 ? held.join(', ') : 'none'}${refused.length > 0 ? `; not counted: ${refused.join('; ')}` : ''}`,
      );
    }
  }
  return violations.result(ODOWN.invariant, ODOWN.title);
}
