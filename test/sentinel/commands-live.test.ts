// The Sentinel's command surface, asked over the network as clients and
// operators do (00-base, 13-info-command, 14-debug-command, MONITOR/REMOVE),
// and a client following +switch-master on a Sentinel's Pub/Sub.

import { describe, expect, it } from 'vitest';
import type { Actor, ProcessContext } from '../../src/net/actor.js';
import { commandBytes, type Reply } from '../../src/protocol/resp.js';
import { redisWorld } from '../redis/harness.js';

const setup = () =>
  redisWorld(
    { m1: {}, r2: { replicaof: 'm1 6379' } },
    { sentinels: { names: ['s1', 's2', 's3'], monitor: { name: 'mymaster', master: 'm1', quorum: 2 }, config: { 'down-after-milliseconds': 3000 } } },
  );

describe('SENTINEL commands, live', () => {
  it('starts with 7.0.15\'s banner, then saves its new ID and says it (as a real s1.log begins)', () => {
    const w = setup();
    w.runFor(100);
    expect(w.logLines('s1').slice(0, 7).join('\n')).toMatch(
      new RegExp(
        [
          '^(\\d+):C .* # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
          '\\1:C .* # Redis version=7\\.0\\.15, bits=64, commit=00000000, modified=0, pid=\\1, just started',
          '\\1:C .* # Configuration loaded',
          '\\1:X .* \\* monotonic clock: POSIX clock_gettime',
          '\\1:X .* \\* Running mode=sentinel, port=26379\\.',
          '\\1:X .* \\* Sentinel new configuration saved on disk',
          '\\1:X .* # Sentinel ID is [0-9a-f]{40}$',
        ].join('\n'),
      ),
    );
  });

  it('MYID is 40 hex chars and survives a restart (it is in sentinel.conf)', () => {
    const w = setup();
    const id = w.cli('s1', 'SENTINEL', 'MYID');
    expect(id).toMatch(/^"[0-9a-f]{40}"$/);
    w.net.crash('s1');
    w.net.restart('s1');
    expect(w.cli('s1', 'SENTINEL', 'MYID')).toBe(id);
    expect(w.net.process('s1').disk.read<string>('sentinel.conf')).toContain(`sentinel myid ${id.slice(1, -1)}`);
  });

  it('a Sentinel does not know data commands', () => {
    const w = setup();
    for (const cmd of ['SAVE', 'REPLICAOF', 'GET']) {
      expect(w.cli('s1', cmd, 'x', 'y').startsWith(`(error) ERR unknown command '${cmd}'`), cmd).toBe(true);
    }
  });

  it('INFO has server, clients, cpu, stats and sentinel sections only', () => {
    const w = setup();
    // The replica shows up at the second INFO (every 10 s), as with a real Sentinel.
    w.runFor(12_000);
    const text = (args: string[]) => {
      const r = w.cmd('s1', 'INFO', ...args);
      return r.type === 'bulk' ? (r.value ?? '') : '';
    };
    for (const args of [[], ['all'], ['everything']]) {
      const info = text(args);
      expect(info).toMatch(/redis_version:7\.0\.15/);
      expect(info).toMatch(/maxclients:/);
      expect(info).toMatch(/used_cpu_user:/);
      expect(info).toMatch(/sentinel_tilt:0/);
      expect(info).not.toMatch(/used_memory:|rdb_last_bgsave|master_repl_offset|cluster_enabled/);
    }
    expect(text(['cpu'])).toMatch(/^# CPU\r\n/);
    expect(text(['sentinel'])).toMatch(/^# Sentinel\r\n/);
    expect(text(['sentinel'])).toMatch(/master0:name=mymaster,status=ok,address=m1:6379,slaves=1,sentinels=3\r\n$/);
  });

  it('SENTINEL DEBUG lists and sets the timing values', () => {
    const w = setup();
    const lines = () => w.cli('s1', 'SENTINEL', 'DEBUG').split('\n').map((l) => l.trim());
    expect(lines()[0]).toBe('1) "INFO-PERIOD"');
    expect(lines()[1]).toBe('2) "10000"');
    expect(w.cli('s1', 'SENTINEL', 'DEBUG', 'info-period', 8888)).toBe('OK');
    expect(lines()[1]).toBe('2) "8888"');
  });

  it('MONITOR and REMOVE add and forget a master, with +monitor and -monitor', () => {
    const w = setup();
    expect(w.cli('s1', 'SENTINEL', 'MONITOR', 'other', 'r2', 6379, 0)).toBe('(error) ERR Quorum must be 1 or greater.');
    expect(w.cli('s1', 'SENTINEL', 'MONITOR', 'mymaster', 'r2', 6379, 1)).toBe('(error) ERR Duplicate master name.');
    expect(w.cli('s1', 'SENTINEL', 'MONITOR', 'other', 'r2', 6379, 1)).toBe('OK');
    expect(w.events('s1')).toContain('+monitor master other r2 6379 quorum 1');
    expect(w.cli('s1', 'ROLE')).toBe('1) "sentinel"\n2) 1) "mymaster"\n   2) "other"');
    expect(w.cli('s1', 'SENTINEL', 'REMOVE', 'other')).toBe('OK');
    expect(w.events('s1')).toContain('-monitor master other r2 6379');
    expect(w.cli('s1', 'SENTINEL', 'MASTER', 'other')).toBe('(error) ERR No such master with that name');
    expect(w.cli('s1', 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'other')).toBe('(nil)');
  });

  it('SENTINEL SET changes quorum and down-after and persists them', () => {
    const w = setup();
    expect(w.cli('s1', 'SENTINEL', 'SET', 'mymaster', 'down-after-milliseconds', -20)).toBe(
      "(error) ERR Invalid argument '-20' for SENTINEL SET 'down-after-milliseconds'",
    );
    expect(w.cli('s1', 'SENTINEL', 'SET', 'mymaster', 'quorum', 3, 'down-after-milliseconds', 4000)).toBe('OK');
    expect(w.events('s1')).toEqual(expect.arrayContaining(['+set master mymaster m1 6379 quorum 3', '+set master mymaster m1 6379 down-after-milliseconds 4000']));
    const conf = w.net.process('s1').disk.read<string>('sentinel.conf')!;
    expect(conf).toMatch(/sentinel monitor mymaster m1 6379 3/);
    expect(conf).toMatch(/sentinel down-after-milliseconds mymaster 4000/);
  });
});

class Subscriber implements Actor {
  readonly messages: string[] = [];
  constructor(private readonly ctx: ProcessContext) {}
  start(): void {
    const socket = this.ctx.connect('s2', 26379, {
      onOpen: () => {
        const cmd = ['SUBSCRIBE', '+switch-master'];
        socket.send(cmd, commandBytes(cmd));
      },
      onData: (_s, payload) => {
        const r = payload as Reply;
        if (r.type === 'array' && r.items?.[0]?.type === 'bulk' && r.items[0].value === 'message') {
          this.messages.push(r.items.map((i) => (i.type === 'bulk' ? i.value : '')).join(' | '));
        }
      },
      onClose: () => {},
    });
  }
}

describe('clients following a Sentinel', () => {
  it('a subscriber of +switch-master hears the new master', () => {
    const w = setup();
    let subscriber: Subscriber | null = null;
    w.net.addProcess('app', (ctx) => (subscriber = new Subscriber(ctx)));
    w.net.start('app');
    w.runFor(12_000);
    w.net.crash('m1');
    w.runFor(20_000);
    expect(subscriber!.messages).toEqual(['message | +switch-master | mymaster m1 6379 r2 6379']);
  });
});
