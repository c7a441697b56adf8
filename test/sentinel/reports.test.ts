import { describe, expect, it } from 'vitest';
import type { ProcessContext, Socket } from '../../src/net/actor.js';
import { renderInfoSection } from '../../src/protocol/info.js';
import { encodeReply, type Reply } from '../../src/protocol/resp.js';
import { defaultSentinelConfig } from '../../src/sentinel/config.js';
import { SentinelInstance } from '../../src/sentinel/instance.js';
import { InstanceLink } from '../../src/sentinel/link.js';
import {
  applySentinelDebug,
  applySentinelSet,
  ckquorumReply,
  debugReply,
  instanceFields,
  instanceReply,
  mastersReply,
  replicasReply,
  SENTINEL_CONFIG_USAGE_ERROR,
  sentinelConfigGet,
  sentinelConfigSet,
  sentinelInfoSection,
  sentinelsReply,
} from '../../src/sentinel/reports.js';
import { defaultSentinelTiming } from '../../src/sentinel/timing.js';

const PEER1 = 'b'.repeat(40);
const PEER2 = 'c'.repeat(40);
const PEER3 = 'd'.repeat(40);
const T0 = 1_000_000;

/** Only wallClockMs and connect are touched by InstanceLink. */
const ctx = {
  wallClockMs: () => T0,
  connect: (): Socket =>
    ({ id: 1, peerName: 'x', peerPort: 0, localPort: 0, state: 'connecting', send: () => true, close: () => {}, setHandler: () => {} }) as Socket,
} as unknown as ProcessContext;

const handlers = { onCommandOpen: () => {}, onPubSubOpen: () => {}, onPubSubMessage: () => {}, onError: () => {} };

function connectedLink(wantsPubSub: boolean, now = T0): InstanceLink {
  const link = new InstanceLink(ctx, wantsPubSub, now);
  link.connect('h', 1, handlers);
  return link;
}

function world() {
  const master = new SentinelInstance('master', 'mymaster', '10.0.0.1', 6379, null, T0, connectedLink(true));
  master.quorum = 2;
  const r1 = new SentinelInstance('slave', '10.0.0.2:6379', '10.0.0.2', 6379, master, T0, connectedLink(true));
  const r2 = new SentinelInstance('slave', '10.0.0.3:6379', '10.0.0.3', 6379, master, T0, new InstanceLink(ctx, true, T0));
  master.replicas.set(r1.name, r1);
  master.replicas.set(r2.name, r2);
  const peers = [PEER1, PEER2].map((id, i) => {
    const s = new SentinelInstance('sentinel', id, `10.0.1.${i + 1}`, 26379, master, T0, connectedLink(false));
    s.runId = id;
    master.sentinels.set(id, s);
    return s;
  });
  return { master, r1, r2, peers };
}

function items(reply: Reply): Reply[] {
  if (reply.type !== 'array' || reply.items === null) throw new Error('not an array');
  return [...reply.items];
}

function strings(reply: Reply): string[] {
  return items(reply).map((r) => {
    if (r.type !== 'bulk' || r.value === null) throw new Error('not a bulk');
    return r.value;
  });
}

function keys(reply: Reply): string[] {
  return strings(reply).filter((_, i) => i % 2 === 0);
}

function asMap(reply: Reply): Map<string, string> {
  const s = strings(reply);
  const m = new Map<string, string>();
  for (let i = 0; i < s.length; i += 2) m.set(s[i]!, s[i + 1]!);
  return m;
}

const COMMON = ['name', 'ip', 'port', 'runid', 'flags', 'link-pending-commands', 'link-refcount', 'last-ping-sent', 'last-ok-ping-reply', 'last-ping-reply'];

describe('instanceReply', () => {
  it('master: field order and values', () => {
    const { master } = world();
    master.runId = 'f'.repeat(40);
    master.configEpoch = 3;
    master.link.actPingTime = T0 + 100;
    master.link.lastAvailTime = T0 + 50;
    master.link.lastPongTime = T0 + 60;
    master.infoRefresh = T0 + 900;
    master.roleReportedTime = T0 + 10;
    master.link.command(['PING']);
    master.link.command(['INFO']);
    const reply = instanceReply(master, T0 + 1000);
    expect(keys(reply)).toEqual([
      ...COMMON,
      'down-after-milliseconds',
      'info-refresh',
      'role-reported',
      'role-reported-time',
      'config-epoch',
      'num-slaves',
      'num-other-sentinels',
      'quorum',
      'failover-timeout',
      'parallel-syncs',
    ]);
    // The test suite reads num-other-sentinels at index 33 when no optional field is present.
    expect(strings(reply)[32]).toBe('num-other-sentinels');
    expect(Object.fromEntries(asMap(reply))).toEqual({
      name: 'mymaster',
      ip: '10.0.0.1',
      port: '6379',
      runid: 'f'.repeat(40),
      flags: 'master',
      'link-pending-commands': '2',
      'link-refcount': '1',
      'last-ping-sent': '900',
      'last-ok-ping-reply': '950',
      'last-ping-reply': '940',
      'down-after-milliseconds': '30000',
      'info-refresh': '100',
      'role-reported': 'master',
      'role-reported-time': '990',
      'config-epoch': '3',
      'num-slaves': '2',
      'num-other-sentinels': '2',
      quorum: '2',
      'failover-timeout': '180000',
      'parallel-syncs': '1',
    });
    expect(encodeReply(reply).startsWith('*40\r\n$4\r\nname\r\n$8\r\nmymaster\r\n')).toBe(true);
  });

  it('master: no ping outstanding, no INFO yet, unknown run id', () => {
    const { master } = world();
    master.link.actPingTime = 0;
    const m = asMap(instanceReply(master, T0 + 5));
    expect(m.get('last-ping-sent')).toBe('0');
    expect(m.get('info-refresh')).toBe('0');
    expect(m.get('runid')).toBe('');
  });

  it('master in failover: failover-state after link-refcount, s-down-time and o-down-time after the pings', () => {
    const { master } = world();
    master.flags.sDown = true;
    master.flags.oDown = true;
    master.flags.failoverInProgress = true;
    master.failoverState = 'select_slave';
    master.sDownSinceTime = T0 + 200;
    master.oDownSinceTime = T0 + 300;
    const reply = instanceReply(master, T0 + 1000);
    expect(keys(reply).slice(0, 14)).toEqual([
      ...COMMON.slice(0, 7),
      'failover-state',
      ...COMMON.slice(7),
      's-down-time',
      'o-down-time',
      'down-after-milliseconds',
    ]);
    const m = asMap(reply);
    expect(m.get('flags')).toBe('s_down,o_down,master,failover_in_progress');
    expect(m.get('failover-state')).toBe('select_slave');
    expect(m.get('s-down-time')).toBe('800');
    expect(m.get('o-down-time')).toBe('700');
  });

  it('replica: fields and values', () => {
    const { r1, r2 } = world();
    r1.masterLinkDownTimeMs = 0;
    r1.slaveMasterLinkUp = true;
    r1.slaveMasterHost = '10.0.0.1';
    r1.slaveMasterPort = 6379;
    r1.slavePriority = 50;
    r1.slaveReplOffset = 12345;
    const reply = instanceReply(r1, T0);
    expect(keys(reply)).toEqual([
      ...COMMON,
      'down-after-milliseconds',
      'info-refresh',
      'role-reported',
      'role-reported-time',
      'master-link-down-time',
      'master-link-status',
      'master-host',
      'master-port',
      'slave-priority',
      'slave-repl-offset',
      'replica-announced',
    ]);
    const m = asMap(reply);
    expect(m.get('name')).toBe('10.0.0.2:6379');
    expect(m.get('flags')).toBe('slave');
    expect(m.get('role-reported')).toBe('slave');
    expect(m.get('master-link-status')).toBe('ok');
    expect(m.get('master-host')).toBe('10.0.0.1');
    expect(m.get('slave-priority')).toBe('50');
    expect(m.get('slave-repl-offset')).toBe('12345');
    expect(m.get('replica-announced')).toBe('1');

    const fresh = asMap(instanceReply(r2, T0));
    expect(fresh.get('flags')).toBe('slave,disconnected');
    expect(fresh.get('master-link-status')).toBe('err');
    expect(fresh.get('master-host')).toBe('?');
    expect(fresh.get('master-port')).toBe('0');
  });

  it('sentinel: no INFO fields, hello and vote fields', () => {
    const { peers } = world();
    const peer = peers[0]!;
    peer.lastHelloTime = T0 + 100;
    const reply = instanceReply(peer, T0 + 400);
    expect(keys(reply)).toEqual([...COMMON, 'down-after-milliseconds', 'last-hello-message', 'voted-leader', 'voted-leader-epoch']);
    let m = asMap(reply);
    expect(m.get('name')).toBe(PEER1);
    expect(m.get('runid')).toBe(PEER1);
    expect(m.get('flags')).toBe('sentinel');
    expect(m.get('last-hello-message')).toBe('300');
    expect(m.get('voted-leader')).toBe('?');
    expect(m.get('voted-leader-epoch')).toBe('0');
    peer.leader = PEER3;
    peer.leaderEpoch = 4;
    peer.flags.sDown = true;
    peer.flags.masterDown = true;
    peer.sDownSinceTime = T0;
    m = asMap(instanceReply(peer, T0 + 400));
    expect(m.get('voted-leader')).toBe(PEER3);
    expect(m.get('voted-leader-epoch')).toBe('4');
    expect(m.get('flags')).toBe('s_down,sentinel,master_down');
    expect(m.get('s-down-time')).toBe('400');
  });

  it('flags text covers every flag in order', () => {
    const { r2 } = world();
    Object.assign(r2.flags, {
      sDown: true,
      oDown: true,
      masterDown: true,
      failoverInProgress: true,
      promoted: true,
      reconfSent: true,
      reconfInprog: true,
      reconfDone: true,
      forceFailover: true,
      scriptKillSent: true,
      masterReboot: true,
    });
    expect(instanceFields(r2, T0).find(([k]) => k === 'flags')?.[1]).toBe(
      's_down,o_down,slave,disconnected,master_down,failover_in_progress,promoted,reconf_sent,reconf_inprog,reconf_done,force_failover,script_kill_sent,master_reboot',
    );
  });
});

describe('list replies', () => {
  it('MASTERS, REPLICAS (unannounced left out), SENTINELS', () => {
    const { master, r2 } = world();
    expect(items(mastersReply([master], T0)).map((r) => asMap(r).get('name'))).toEqual(['mymaster']);
    expect(items(replicasReply(master, T0)).map((r) => asMap(r).get('name'))).toEqual(['10.0.0.2:6379', '10.0.0.3:6379']);
    r2.replicaAnnounced = false;
    expect(items(replicasReply(master, T0)).map((r) => asMap(r).get('name'))).toEqual(['10.0.0.2:6379']);
    expect(items(sentinelsReply(master, T0)).map((r) => asMap(r).get('name'))).toEqual([PEER1, PEER2]);
    expect(encodeReply(mastersReply([], T0))).toBe('*0\r\n');
  });
});

describe('ckquorumReply', () => {
  it('OK with everything reachable', () => {
    const { master } = world();
    expect(ckquorumReply(master)).toEqual({
      type: 'simple',
      value: 'OK 3 usable Sentinels. Quorum and failover authorization can be reached',
    });
  });

  it('quorum unreachable only', () => {
    const { master } = world();
    master.quorum = 4;
    expect(encodeReply(ckquorumReply(master))).toBe(
      '-NOQUORUM 3 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master\r\n',
    );
  });

  it('majority unreachable only', () => {
    const { master, peers } = world();
    master.quorum = 1;
    peers[0]!.flags.sDown = true;
    peers[1]!.flags.oDown = true;
    expect(encodeReply(ckquorumReply(master))).toBe(
      '-NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover\r\n',
    );
  });

  it('both', () => {
    const { master, peers } = world();
    peers[0]!.flags.sDown = true;
    peers[1]!.flags.sDown = true;
    expect(encodeReply(ckquorumReply(master))).toBe(
      '-NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master. ' +
        'Not enough available Sentinels to reach the majority and authorize a failover\r\n',
    );
  });

  it('a lone Sentinel with quorum 1 is OK (1 voter, majority 1)', () => {
    const master = new SentinelInstance('master', 'solo', 'h', 1, null, T0, new InstanceLink(ctx, true, T0));
    master.quorum = 1;
    expect(ckquorumReply(master)).toMatchObject({ type: 'simple', value: 'OK 1 usable Sentinels. Quorum and failover authorization can be reached' });
  });
});

describe('sentinelInfoSection', () => {
  it('prints the fields and one line per master', () => {
    const { master } = world();
    const other = new SentinelInstance('master', 'other', '10.0.0.9', 7000, null, T0, new InstanceLink(ctx, true, T0));
    other.flags.sDown = true;
    const third = new SentinelInstance('master', 'third', '10.0.0.8', 7001, null, T0, new InstanceLink(ctx, true, T0));
    third.flags.sDown = true;
    third.flags.oDown = true;
    expect(renderInfoSection(sentinelInfoSection({ masters: [master, other, third], tilt: false, tiltSinceSeconds: 12 }))).toBe(
      '# Sentinel\r\n' +
        'sentinel_masters:3\r\n' +
        'sentinel_tilt:0\r\n' +
        'sentinel_tilt_since_seconds:-1\r\n' +
        'sentinel_running_scripts:0\r\n' +
        'sentinel_scripts_queue_length:0\r\n' +
        'sentinel_simulate_failure_flags:0\r\n' +
        'master0:name=mymaster,status=ok,address=10.0.0.1:6379,slaves=2,sentinels=3\r\n' +
        'master1:name=other,status=sdown,address=10.0.0.9:7000,slaves=0,sentinels=1\r\n' +
        'master2:name=third,status=odown,address=10.0.0.8:7001,slaves=0,sentinels=1\r\n',
    );
    const tilted = sentinelInfoSection({ masters: [], tilt: true, tiltSinceSeconds: 12, simulateFailureFlags: 3 });
    expect(tilted.fields).toContainEqual(['sentinel_tilt', 1]);
    expect(tilted.fields).toContainEqual(['sentinel_tilt_since_seconds', 12]);
    expect(tilted.fields).toContainEqual(['sentinel_simulate_failure_flags', 3]);
  });
});

describe('applySentinelSet', () => {
  it('applies every option and propagates down-after-milliseconds', () => {
    const { master, r1, r2, peers } = world();
    const result = applySentinelSet(
      master,
      ['Down-After-Milliseconds', '5000', 'failover-timeout', '10000', 'parallel-syncs', '2', 'quorum', '3', 'auth-pass', 'pw', 'auth-user', 'u', 'master-reboot-down-after-period', '0'],
      true,
    );
    expect(result.error).toBeNull();
    expect(result.dropConnections).toBe(true);
    expect(result.applied).toEqual([
      ['Down-After-Milliseconds', '5000'],
      ['failover-timeout', '10000'],
      ['parallel-syncs', '2'],
      ['quorum', '3'],
      ['auth-pass', '******'],
      ['auth-user', 'u'],
      ['master-reboot-down-after-period', '0'],
    ]);
    expect([master.downAfterMs, r1.downAfterMs, r2.downAfterMs, peers[0]!.downAfterMs, peers[1]!.downAfterMs]).toEqual([5000, 5000, 5000, 5000, 5000]);
    expect(master.failoverTimeoutMs).toBe(10000);
    expect(master.parallelSyncs).toBe(2);
    expect(master.quorum).toBe(3);
    expect(master.authPass).toBe('pw');
    expect(master.authUser).toBe('u');
  });

  it('keeps earlier options when a later one is invalid', () => {
    const { master } = world();
    const result = applySentinelSet(master, ['quorum', '3', 'failover-timeout', '0', 'parallel-syncs', '9'], true);
    expect(result.error).toEqual({ type: 'error', message: "ERR Invalid argument '0' for SENTINEL SET 'failover-timeout'" });
    expect(result.applied).toEqual([['quorum', '3']]);
    expect(master.quorum).toBe(3);
    expect(master.failoverTimeoutMs).toBe(180000);
    expect(master.parallelSyncs).toBe(1);
    expect(result.dropConnections).toBe(false);
  });

  it('validation errors', () => {
    const { master } = world();
    const err = (args: string[], deny = true) => applySentinelSet(master, args, deny).error;
    expect(err(['quorum', 'x'])).toEqual({ type: 'error', message: "ERR Invalid argument 'x' for SENTINEL SET 'quorum'" });
    expect(err(['down-after-milliseconds', '-5'])).toEqual({ type: 'error', message: "ERR Invalid argument '-5' for SENTINEL SET 'down-after-milliseconds'" });
    expect(err(['parallel-syncs', '01'])).toEqual({ type: 'error', message: "ERR Invalid argument '01' for SENTINEL SET 'parallel-syncs'" });
    expect(err(['master-reboot-down-after-period', '-1'])).toEqual({
      type: 'error',
      message: "ERR Invalid argument '-1' for SENTINEL SET 'master-reboot-down-after-period'",
    });
    expect(err(['bogus', '1'])).toEqual({ type: 'error', message: "ERR Unknown option or number of arguments for SENTINEL SET 'bogus'" });
    expect(err(['quorum', '2', 'quorum'])).toEqual({ type: 'error', message: "ERR Unknown option or number of arguments for SENTINEL SET 'quorum'" });
    expect(err(['rename-command', 'CONFIG', 'XCONFIG'])).toEqual({
      type: 'error',
      message: "ERR Unknown option or number of arguments for SENTINEL SET 'rename-command'",
    });
  });

  it('scripts: denied, non-existing, or cleared', () => {
    const { master } = world();
    expect(applySentinelSet(master, ['notification-script', ''], true).error).toEqual({
      type: 'error',
      message:
        'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration',
    });
    expect(applySentinelSet(master, ['notification-script', '/bin/notify.sh'], false).error).toEqual({
      type: 'error',
      message: 'ERR Notification script seems non existing or non executable',
    });
    expect(applySentinelSet(master, ['client-reconfig-script', '/bin/reconf.sh'], false).error).toEqual({
      type: 'error',
      message: 'ERR Client reconfiguration script seems non existing or non executable',
    });
    const cleared = applySentinelSet(master, ['notification-script', '', 'client-reconfig-script', ''], false);
    expect(cleared.error).toBeNull();
    expect(cleared.applied).toEqual([
      ['notification-script', ''],
      ['client-reconfig-script', ''],
    ]);
  });
});

describe('SENTINEL CONFIG', () => {
  it('GET: globs, case-insensitive, each option once, in Redis order', () => {
    const config = defaultSentinelConfig();
    config.announcePort = 26390;
    expect(strings(sentinelConfigGet(config, ['*']))).toEqual([
      'resolve-hostnames',
      'no',
      'announce-hostnames',
      'no',
      'announce-ip',
      '',
      'announce-port',
      '26390',
      'sentinel-user',
      '',
      'sentinel-pass',
      '',
      'loglevel',
      'notice',
    ]);
    expect(strings(sentinelConfigGet(config, ['ANNOUNCE-PORT', 'announce-*', 'nothing']))).toEqual([
      'announce-port',
      '26390',
      'announce-hostnames',
      'no',
      'announce-ip',
      '',
    ]);
    expect(encodeReply(sentinelConfigGet(config, ['nope']))).toBe('*0\r\n');
  });

  it('SET applies all pairs after validating them', () => {
    const config = defaultSentinelConfig();
    const result = sentinelConfigSet(config, [
      'announce-ip',
      '1.2.3.4',
      'ANNOUNCE-PORT',
      '7000',
      'resolve-hostnames',
      'YES',
      'announce-hostnames',
      'yes',
      'sentinel-user',
      'su',
      'sentinel-pass',
      'sp',
      'loglevel',
      'Debug',
    ]);
    expect(result).toEqual({ reply: { type: 'simple', value: 'OK' }, applied: true, dropConnections: true });
    expect(config).toMatchObject({
      announceIp: '1.2.3.4',
      announcePort: 7000,
      resolveHostnames: true,
      announceHostnames: true,
      sentinelUser: 'su',
      sentinelPass: 'sp',
      loglevel: 'debug',
    });
    const noDrop = sentinelConfigSet(config, ['announce-port', '0']);
    expect(noDrop.dropConnections).toBe(false);
    expect(config.announcePort).toBe(0);
  });

  it('SET is all or nothing, with Redis error texts in validation order', () => {
    const config = defaultSentinelConfig();
    const before = structuredClone(config);
    const err = (args: string[]) => {
      const result = sentinelConfigSet(config, args);
      expect(result.applied).toBe(false);
      expect(config).toEqual(before);
      return result.reply;
    };
    expect(err(['announce-ip', '1.2.3.4', 'announce-port', '70000'])).toEqual({
      type: 'error',
      message: "ERR Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'",
    });
    expect(err(['announce-ip', '1.2.3.4', 'bogus', 'x'])).toEqual({ type: 'error', message: "ERR Invalid argument 'bogus' to SENTINEL CONFIG SET" });
    expect(err(['announce-ip', '1', 'ANNOUNCE-IP', '2'])).toEqual({ type: 'error', message: "ERR Duplicate argument 'ANNOUNCE-IP' to SENTINEL CONFIG SET" });
    expect(err(['announce-ip', '1', 'loglevel'])).toEqual({ type: 'error', message: "ERR Missing argument 'loglevel' value" });
    expect(err(['resolve-hostnames', 'maybe'])).toEqual({ type: 'error', message: "ERR Invalid value 'maybe' to SENTINEL CONFIG SET 'resolve-hostnames'" });
    expect(err(['loglevel', 'loud'])).toEqual({ type: 'error', message: "ERR Invalid value 'loud' to SENTINEL CONFIG SET 'loglevel'" });
    expect(err(['announce-port', 'x'])).toEqual({ type: 'error', message: "ERR Invalid value 'x' to SENTINEL CONFIG SET 'announce-port'" });
    // An invalid name is reported before a bad value later in the list...
    expect(err(['bogus', '1', 'announce-port', 'x'])).toEqual({ type: 'error', message: "ERR Invalid argument 'bogus' to SENTINEL CONFIG SET" });
    // ...and a bad value before a later invalid name.
    expect(err(['announce-port', 'x', 'bogus', '1'])).toEqual({ type: 'error', message: "ERR Invalid value 'x' to SENTINEL CONFIG SET 'announce-port'" });
    expect(err(['announce-ip'])).toEqual({ type: 'error', message: SENTINEL_CONFIG_USAGE_ERROR });
  });

  it('SET sentinel-user "" clears it', () => {
    const config = defaultSentinelConfig();
    config.sentinelUser = 'x';
    expect(sentinelConfigSet(config, ['sentinel-user', '']).dropConnections).toBe(true);
    expect(config.sentinelUser).toBe('');
  });
});

describe('SENTINEL DEBUG', () => {
  it('lists the 13 values with Redis defaults', () => {
    expect(strings(debugReply(defaultSentinelTiming()))).toEqual([
      'INFO-PERIOD', '10000',
      'PING-PERIOD', '1000',
      'ASK-PERIOD', '1000',
      'PUBLISH-PERIOD', '2000',
      'DEFAULT-DOWN-AFTER', '30000',
      'DEFAULT-FAILOVER-TIMEOUT', '180000',
      'TILT-TRIGGER', '2000',
      'TILT-PERIOD', '30000',
      'SLAVE-RECONF-TIMEOUT', '10000',
      'MIN-LINK-RECONNECT-PERIOD', '15000',
      'ELECTION-TIMEOUT', '10000',
      'SCRIPT-MAX-RUNTIME', '60000',
      'SCRIPT-RETRY-DELAY', '30000',
    ]);
  });

  it('sets values (case-insensitive keys)', () => {
    const timing = defaultSentinelTiming();
    expect(applySentinelDebug(timing, ['ping-period', '500', 'ASK-PERIOD', '250', 'election-timeout', '3000'])).toEqual({ type: 'simple', value: 'OK' });
    expect(timing.pingPeriodMs).toBe(500);
    expect(timing.askPeriodMs).toBe(250);
    expect(timing.electionTimeoutMs).toBe(3000);
    expect(asMap(debugReply(timing)).get('PING-PERIOD')).toBe('500');
  });

  it('errors, keeping what was set before the bad pair', () => {
    const timing = defaultSentinelTiming();
    expect(applySentinelDebug(timing, ['info-period', '2000', 'tilt-period', '0'])).toEqual({
      type: 'error',
      message: "ERR Invalid argument '0' for SENTINEL DEBUG 'tilt-period'",
    });
    expect(timing.infoPeriodMs).toBe(2000);
    expect(timing.tiltPeriodMs).toBe(30000);
    expect(applySentinelDebug(timing, ['bogus', '1'])).toEqual({ type: 'error', message: "ERR Unknown option or number of arguments for SENTINEL DEBUG 'bogus'" });
    expect(applySentinelDebug(timing, ['ping-period'])).toEqual({
      type: 'error',
      message: "ERR Unknown option or number of arguments for SENTINEL DEBUG 'ping-period'",
    });
    expect(applySentinelDebug(timing, ['ping-period', 'soon'])).toEqual({ type: 'error', message: "ERR Invalid argument 'soon' for SENTINEL DEBUG 'ping-period'" });
  });
});
