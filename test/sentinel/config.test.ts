import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultMasterConfig,
  defaultSentinelConfig,
  knownSentinelDirectives,
  masterConfigFromInstance,
  parseSentinelConfig,
  renderSentinelConfig,
  splitArgs,
  type SentinelConfig,
} from '../../src/sentinel/config.js';
import { SentinelInstance } from '../../src/sentinel/instance.js';
import { InstanceLink } from '../../src/sentinel/link.js';
import type { ProcessContext } from '../../src/net/actor.js';

const MYID = 'a'.repeat(40);
const PEER1 = 'b'.repeat(40);
const PEER2 = 'c'.repeat(40);

function everything(): SentinelConfig {
  const config = defaultSentinelConfig();
  config.port = 26380;
  config.myid = MYID;
  config.currentEpoch = 7;
  config.announceIp = '10.0.0.9';
  config.announcePort = 26390;
  config.denyScriptsReconfig = false;
  config.resolveHostnames = true;
  config.announceHostnames = true;
  config.sentinelUser = 'sent';
  config.sentinelPass = 'secret';
  config.loglevel = 'verbose';
  const a = defaultMasterConfig('mymaster', 'm1', 6379, 2);
  a.downAfterMs = 5000;
  a.failoverTimeoutMs = 60000;
  a.parallelSyncs = 3;
  a.authPass = 'pw';
  a.authUser = 'alice';
  a.masterRebootDownAfterPeriodMs = 1234;
  a.configEpoch = 5;
  a.leaderEpoch = 6;
  a.knownReplicas = [
    { host: 'r1', port: 6379 },
    { host: 'r2', port: 6380 },
  ];
  a.knownSentinels = [
    { host: 's2', port: 26379, runId: PEER1 },
    { host: 's3', port: 26379, runId: PEER2 },
  ];
  const b = defaultMasterConfig('other', '10.0.0.5', 7000, 1);
  config.masters = [a, b];
  return config;
}

describe('renderSentinelConfig', () => {
  it('writes the rewrite order of sentinel.c with only non-default options', () => {
    expect(renderSentinelConfig(everything())).toBe(
      [
        'port 26380',
        'loglevel verbose',
        `sentinel myid ${MYID}`,
        'sentinel deny-scripts-reconfig no',
        'sentinel resolve-hostnames yes',
        'sentinel announce-hostnames yes',
        'sentinel monitor mymaster m1 6379 2',
        'sentinel down-after-milliseconds mymaster 5000',
        'sentinel failover-timeout mymaster 60000',
        'sentinel parallel-syncs mymaster 3',
        'sentinel auth-pass mymaster pw',
        'sentinel auth-user mymaster alice',
        'sentinel master-reboot-down-after-period mymaster 1234',
        'sentinel config-epoch mymaster 5',
        'sentinel leader-epoch mymaster 6',
        'sentinel known-replica mymaster r1 6379',
        'sentinel known-replica mymaster r2 6380',
        `sentinel known-sentinel mymaster s2 26379 ${PEER1}`,
        `sentinel known-sentinel mymaster s3 26379 ${PEER2}`,
        'sentinel monitor other 10.0.0.5 7000 1',
        'sentinel config-epoch other 0',
        'sentinel leader-epoch other 0',
        'sentinel current-epoch 7',
        'sentinel announce-ip "10.0.0.9"',
        'sentinel announce-port 26390',
        'sentinel sentinel-user sent',
        'sentinel sentinel-pass secret',
        '',
      ].join('\n'),
    );
  });

  it('writes a fresh Sentinel as port, myid, monitor, epochs', () => {
    const config = defaultSentinelConfig();
    config.myid = MYID;
    config.masters.push(defaultMasterConfig('mymaster', 'm1', 6379, 2));
    expect(renderSentinelConfig(config)).toBe(
      `port 26379\nsentinel myid ${MYID}\nsentinel monitor mymaster m1 6379 2\n` +
        'sentinel config-epoch mymaster 0\nsentinel leader-epoch mymaster 0\nsentinel current-epoch 0\n',
    );
  });

  it('compares with the DEBUG-changed defaults when given', () => {
    const config = defaultSentinelConfig();
    config.masters.push(defaultMasterConfig('m', 'h', 1, 1));
    const text = renderSentinelConfig(config, { defaultDownAfterMs: 5000, defaultFailoverTimeoutMs: 9000 });
    expect(text).toContain('sentinel down-after-milliseconds m 30000\n');
    expect(text).toContain('sentinel failover-timeout m 180000\n');
  });
});

describe('parseSentinelConfig', () => {
  it('round-trips a config with everything', () => {
    const config = everything();
    expect(parseSentinelConfig(renderSentinelConfig(config))).toEqual(config);
  });

  it('round-trips the defaults', () => {
    expect(parseSentinelConfig(renderSentinelConfig(defaultSentinelConfig()))).toEqual(defaultSentinelConfig());
    expect(parseSentinelConfig('')).toEqual(defaultSentinelConfig());
  });

  it('reads comments, blank lines, aliases, quotes and mixed case', () => {
    const config = parseSentinelConfig(
      [
        '# sentinel.conf',
        '',
        'PORT 5000',
        'sentinel monitor mymaster 127.0.0.1 6379 2',
        '   # indented comment',
        'SENTINEL Known-Slave mymaster 127.0.0.1 6380',
        'sentinel known-sentinel mymaster 127.0.0.1 26380',
        'sentinel announce-ip "10.1.2.3"',
        "sentinel auth-pass mymaster 'pa ss'",
        'loglevel WARNING',
      ].join('\n'),
    );
    expect(config.port).toBe(5000);
    expect(config.announceIp).toBe('10.1.2.3');
    expect(config.loglevel).toBe('warning');
    const m = config.masters[0]!;
    expect(m.knownReplicas).toEqual([{ host: '127.0.0.1', port: 6380 }]);
    // known-sentinel without a run id: the old form, ignored.
    expect(m.knownSentinels).toEqual([]);
    expect(m.authPass).toBe('pa ss');
  });

  it('loads pre-monitor options first, then monitors, then the rest', () => {
    const config = parseSentinelConfig(
      [
        'sentinel down-after-milliseconds b 1000',
        'sentinel monitor a h1 6379 1',
        'sentinel parallel-syncs a 5',
        'sentinel current-epoch 3',
        'sentinel monitor b h2 6379 2',
        'sentinel config-epoch b 9',
        `sentinel myid ${MYID}`,
      ].join('\n'),
    );
    expect(config.masters.map((m) => m.name)).toEqual(['a', 'b']);
    expect(config.masters[1]!.downAfterMs).toBe(1000);
    expect(config.masters[0]!.parallelSyncs).toBe(5);
    // config-epoch raises current-epoch, as in Redis.
    expect(config.currentEpoch).toBe(9);
    expect(config.myid).toBe(MYID);
  });

  it('ignores empty announce-ip / sentinel-user / sentinel-pass, keeps the larger current-epoch', () => {
    const config = parseSentinelConfig(
      'sentinel announce-ip ""\nsentinel sentinel-user ""\nsentinel sentinel-pass ""\nsentinel current-epoch 5\nsentinel current-epoch 2\n',
    );
    expect(config.announceIp).toBe('');
    expect(config.sentinelUser).toBe('');
    expect(config.sentinelPass).toBe('');
    expect(config.currentEpoch).toBe(5);
  });

  const errorCases: [string, string][] = [
    ['sentinel monitor m h 6379 2\nbogus 1', 'sentinel.conf line 2 (bogus): Bad directive or wrong number of arguments'],
    ['\n\nsentinel frobnicate x', 'sentinel.conf line 3 (sentinel frobnicate): Unrecognized sentinel configuration statement.'],
    ['sentinel monitor m h 6379', 'sentinel.conf line 1 (sentinel monitor): Unrecognized sentinel configuration statement.'],
    ['sentinel down-after-milliseconds nope 100', 'sentinel.conf line 1 (sentinel down-after-milliseconds): No such master with specified name.'],
    ['sentinel monitor m h 6379 0', 'sentinel.conf line 1 (sentinel monitor): Quorum must be 1 or greater.'],
    ['sentinel monitor m h 6379 two', "sentinel.conf line 1 (sentinel monitor): invalid quorum 'two'"],
    ['sentinel monitor m h 70000 2', 'sentinel.conf line 1 (sentinel monitor): Invalid port number.'],
    ['sentinel monitor m h 1 2\nsentinel monitor m h 2 2', 'sentinel.conf line 2 (sentinel monitor): Duplicate master name.'],
    ['sentinel monitor m h 1 2\nsentinel down-after-milliseconds m 0', 'sentinel.conf line 2 (sentinel down-after-milliseconds): negative or zero time parameter.'],
    ['sentinel monitor m h 1 2\nsentinel failover-timeout m 10s', "sentinel.conf line 2 (sentinel failover-timeout): invalid number '10s'"],
    ['sentinel monitor m h 1 2\nsentinel master-reboot-down-after-period m -1', 'sentinel.conf line 2 (sentinel master-reboot-down-after-period): negative time parameter.'],
    ['sentinel myid abc', 'sentinel.conf line 1 (sentinel myid): Malformed Sentinel id in myid option.'],
    ['sentinel resolve-hostnames maybe', 'sentinel.conf line 1 (sentinel resolve-hostnames): Please specify yes or no for the resolve-hostnames option.'],
    ['sentinel deny-scripts-reconfig 1', 'sentinel.conf line 1 (sentinel deny-scripts-reconfig): Please specify yes or no for the deny-scripts-reconfig options.'],
    ['sentinel monitor m h 1 2\nsentinel known-replica m r 1\nsentinel known-replica m r 1', 'sentinel.conf line 3 (sentinel known-replica): Duplicate hostname and port for replica.'],
    [`sentinel monitor m h 1 2\nsentinel known-sentinel m a 1 ${PEER1}\nsentinel known-sentinel m b 2 ${PEER1}`, 'sentinel.conf line 3 (sentinel known-sentinel): Duplicate runid for sentinel.'],
    ['sentinel monitor m h 1 2\nsentinel notification-script m /bin/true', 'sentinel.conf line 2 (sentinel notification-script): Notification script seems non existing or non executable.'],
    ['port abc', "sentinel.conf line 1 (port): invalid port 'abc'"],
    ['loglevel loud', 'sentinel.conf line 1 (loglevel): argument(s) must be one of the following: debug, verbose, notice, warning, nothing'],
    ['sentinel announce-ip "unterminated', 'sentinel.conf line 1 (sentinel): unbalanced quotes in configuration line'],
  ];
  it.each(errorCases)('rejects %j', (text, message) => {
    expect(() => parseSentinelConfig(text)).toThrow(ConfigError);
    expect(() => parseSentinelConfig(text)).toThrow(message);
  });

  it('reports the first error in load order (pre-monitor lines before monitor lines)', () => {
    expect(() => parseSentinelConfig('sentinel monitor m h 1 0\nsentinel myid short')).toThrow('line 2 (sentinel myid)');
  });
});

describe('splitArgs', () => {
  it('splits like sdssplitargs', () => {
    expect(splitArgs('a  "b c" \'d e\' "x\\x41\\n"')).toEqual(['a', 'b c', 'd e', 'xA\n']);
    expect(splitArgs('""')).toEqual(['']);
    expect(() => splitArgs('"a"b')).toThrow('unbalanced quotes');
  });
});

describe('knownSentinelDirectives', () => {
  it('lists top-level and sentinel directives', () => {
    const names = knownSentinelDirectives();
    expect(names).toContain('port');
    expect(names).toContain('sentinel monitor');
    expect(names).toContain('sentinel known-slave');
    expect(names).toContain('sentinel master-reboot-down-after-period');
  });
});

describe('masterConfigFromInstance', () => {
  const ctx = { wallClockMs: () => 0 } as unknown as ProcessContext;
  const link = () => new InstanceLink(ctx, true, 0);

  it('persists the promoted address once reconf_slaves is reached, and the promoted replica as the old master', () => {
    const master = new SentinelInstance('master', 'mymaster', 'm1', 6379, null, 0, link());
    master.quorum = 2;
    const r1 = new SentinelInstance('slave', 'r1:6379', 'r1', 6379, master, 0, link());
    const r2 = new SentinelInstance('slave', 'r2:6379', 'r2', 6379, master, 0, link());
    master.replicas.set(r1.name, r1);
    master.replicas.set(r2.name, r2);
    const peer = new SentinelInstance('sentinel', PEER1, 's2', 26379, master, 0, new InstanceLink(ctx, false, 0));
    peer.runId = PEER1;
    master.sentinels.set(peer.name, peer);

    expect(masterConfigFromInstance(master)).toMatchObject({
      host: 'm1',
      knownReplicas: [
        { host: 'r1', port: 6379 },
        { host: 'r2', port: 6379 },
      ],
      knownSentinels: [{ host: 's2', port: 26379, runId: PEER1 }],
    });

    master.flags.failoverInProgress = true;
    master.promoted = r2;
    master.failoverState = 'wait_promotion';
    expect(masterConfigFromInstance(master).host).toBe('m1');
    master.failoverState = 'reconf_slaves';
    const cfg = masterConfigFromInstance(master);
    expect(cfg.host).toBe('r2');
    expect(cfg.knownReplicas).toEqual([
      { host: 'r1', port: 6379 },
      { host: 'm1', port: 6379 },
    ]);
  });
});
