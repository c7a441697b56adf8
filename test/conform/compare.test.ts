import { describe, expect, it } from 'vitest';
import { compare, type RunFacts } from '../../src/conform/compare.js';
import { parseReply, ReplyError } from '../../src/conform/resp-client.js';

const facts = (over: Partial<RunFacts> = {}): RunFacts => ({
  promoted: 'r2',
  failoverMs: 3300,
  eventOrder: ['+sdown', '+odown', '+switch-master'],
  lost: 0,
  acked: 400,
  noReplicasAfterMs: null,
  roles: { m1: 'down', r2: 'master', r3: 'replica' },
  converged: true,
  ...over,
});

describe('conform: comparing real runs with simulated seeds', () => {
  const sim = [facts(), facts({ promoted: 'r3', roles: { m1: 'down', r2: 'replica', r3: 'master' }, failoverMs: 3100 })];
  it('agrees on every row when the real run is one the simulation produced', () => {
    expect(compare([facts({ failoverMs: 3500 })], sim, 1000).every((r) => r.agree)).toBe(true);
  });
  it('differs on a failover time outside the simulated range plus the tolerance', () => {
    const row = compare([facts({ failoverMs: 6000 })], sim, 1000).find((r) => r.what.startsWith('failover time'))!;
    expect(row).toMatchObject({ agree: false, real: '6.0s', simulated: '3.1s–3.3s (2 of 2 seeds)' });
  });
  it('a real run without a failover agrees only when some seed had none too', () => {
    const row = (seeds: RunFacts[]) => compare([facts({ failoverMs: null, promoted: null })], seeds, 1000).find((r) => r.what.startsWith('failover time'))!;
    expect(row(sim).agree).toBe(false);
    expect(row([...sim, facts({ failoverMs: null, promoted: null })])).toMatchObject({ agree: true, simulated: '3.1s–3.3s (2 of 3 seeds)' });
  });
  it('differs on a promoted node, an event order, lost writes or final roles the simulation never showed', () => {
    const rows = compare([facts({ promoted: 'r4', eventOrder: ['+sdown', '+switch-master'], lost: 12, roles: { m1: 'master', r2: 'replica', r3: 'replica' }, converged: false })], sim, 1000);
    expect(rows.filter((r) => !r.agree).map((r) => r.what.split(/ \(|,/)[0])).toEqual(['promoted node', 'order of failover events', 'acknowledged writes lost', 'final roles', 'converged at the end']);
  });
  it('lost writes agree as a share of acked: within the seeds\' min–max, widened by 2 points', () => {
    const seeds = [facts({ lost: 200 }), facts({ lost: 212 })]; // 50.0%–53.0% of 400
    const row = (lost: number, acked = 400) => compare([facts({ lost, acked })], seeds, 1000).find((r) => r.what.startsWith('acknowledged writes lost'))!;
    expect(row(206)).toMatchObject({ agree: true, simulated: '200–212 of ~400 (50.0%–53.0%)', real: '206 of 400 (51.5%)' });
    expect(row(220).agree).toBe(true); // 55.0%: 53.0 + 2
    expect(row(221).agree).toBe(false);
    // a loaded machine: fewer writes for real, the same share lost
    expect(row(190, 370).agree).toBe(true);
    expect(row(0).agree).toBe(false);
    expect(compare([facts({ lost: 0 })], [facts({ lost: 0 }), facts({ lost: 3 })], 1000).find((r) => r.what.startsWith('acknowledged writes lost'))!.agree).toBe(true);
  });
  it('the first NOREPLICAS after the fault agrees within the simulated range ±0.2 s, and is left out when neither side had one', () => {
    const seeds = [facts({ noReplicasAfterMs: 10_040 }), facts({ noReplicasAfterMs: 11_010 })];
    const row = (t: number | null) => compare([facts({ noReplicasAfterMs: t })], seeds, 1000).find((r) => r.what.startsWith('first NOREPLICAS'))!;
    expect(row(10_500)).toMatchObject({ agree: true, real: '10.50s', simulated: '10.04s–11.01s (2 of 2 seeds)' });
    expect(row(11_300).agree).toBe(false);
    expect(row(null).agree).toBe(false);
    expect(compare([facts()], [facts()], 1000).some((r) => r.what.startsWith('first NOREPLICAS'))).toBe(false);
  });
});

describe('conform: the event order row', () => {
  it('+switch-master may come before or after the last reconfiguration steps (a race real runs show both ways)', () => {
    const seedOrder = ['+sdown', '+odown', '+slave-reconf-sent', '+switch-master', '+slave-reconf-done', '+failover-end'];
    const realOrder = ['+sdown', '+odown', '+slave-reconf-sent', '+slave-reconf-done', '+failover-end', '+switch-master'];
    const row = (r: string[]) => compare([facts({ eventOrder: r })], [facts({ eventOrder: seedOrder })], 1000).find((x) => x.what.startsWith('order'))!;
    expect(row(realOrder).agree).toBe(true);
    // Anything else out of order still differs, and so does a missing switch.
    expect(row(['+odown', '+sdown', '+slave-reconf-sent', '+switch-master', '+slave-reconf-done', '+failover-end']).agree).toBe(false);
    expect(row(['+sdown', '+odown', '+slave-reconf-sent', '+slave-reconf-done', '+failover-end']).agree).toBe(false);
  });
});

describe('conform: the RESP client parser', () => {
  it('parses every reply type and waits for incomplete ones', () => {
    const buf = Buffer.from('*3\r\n$5\r\nhello\r\n:42\r\n*2\r\n+OK\r\n$-1\r\n-READONLY You can\'t write\r\n');
    const first = parseReply(buf, 0)!;
    expect(first.reply).toEqual(['hello', 42, ['OK', null]]);
    const second = parseReply(buf, first.end)!;
    expect(second.reply).toBeInstanceOf(ReplyError);
    expect((second.reply as ReplyError).message).toBe("READONLY You can't write");
    expect(parseReply(Buffer.from('$5\r\nhel'), 0)).toBeNull();
    expect(parseReply(Buffer.from('*2\r\n:1\r\n'), 0)).toBeNull();
  });
});
