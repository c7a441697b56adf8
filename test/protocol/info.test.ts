import { describe, expect, it } from 'vitest';
import {
  parseInfo,
  renderInfo,
  renderInfoSection,
  replicationInfoFields,
  replicationInfoSection,
  type ReplicationInfoInput,
} from '../../src/protocol/info.js';
import { roleReply } from '../../src/protocol/role.js';
import { encodeReply, formatReply } from '../../src/protocol/resp.js';

const REPLID = '8d9a2cbe7e0ea4e8bc8e1bc3c0e9b3a3f1f0d2c1';
const NO_REPLID = '0'.repeat(40);

const masterInput: ReplicationInfoInput = {
  replicaOf: null,
  replicas: [
    { ip: '10.0.0.2', port: 6379, state: 'online', ackOffset: 1234, lagSeconds: 1 },
    { ip: '10.0.0.3', port: 6380, state: 'wait_bgsave', ackOffset: 0, lagSeconds: 7 },
  ],
  failoverState: 'no-failover',
  replid: REPLID,
  replid2: NO_REPLID,
  masterReplOffset: 1234,
  secondReplOffset: -1,
  backlogActive: true,
  backlogSizeBytes: 1048576,
  backlogFirstByteOffset: 1,
  backlogHistlenBytes: 1234,
};

describe('INFO replication', () => {
  it('renders a master exactly as Redis 7 does', () => {
    expect(renderInfoSection(replicationInfoSection(masterInput))).toBe(
      '# Replication\r\n' +
        'role:master\r\n' +
        'connected_slaves:2\r\n' +
        'slave0:ip=10.0.0.2,port=6379,state=online,offset=1234,lag=1\r\n' +
        // lag is only computed for online replicas
        'slave1:ip=10.0.0.3,port=6380,state=wait_bgsave,offset=0,lag=0\r\n' +
        'master_failover_state:no-failover\r\n' +
        `master_replid:${REPLID}\r\n` +
        `master_replid2:${NO_REPLID}\r\n` +
        'master_repl_offset:1234\r\n' +
        'second_repl_offset:-1\r\n' +
        'repl_backlog_active:1\r\n' +
        'repl_backlog_size:1048576\r\n' +
        'repl_backlog_first_byte_offset:1\r\n' +
        'repl_backlog_histlen:1234\r\n',
    );
  });

  it('prints min_slaves_good_slaves only when the feature is on', () => {
    const names = replicationInfoFields({ ...masterInput, minReplicasGoodCount: 1 }).map(([f]) => f);
    expect(names.slice(0, 3)).toEqual(['role', 'connected_slaves', 'min_slaves_good_slaves']);
  });

  it('orders replica fields, with sync and link-down fields only when relevant', () => {
    const replicaSide = {
      masterHost: '10.0.0.1',
      masterPort: 6379,
      linkUp: false,
      lastIoSecondsAgo: -1,
      readReplOffset: 100,
      replOffset: 100,
      transfer: { totalBytes: 200, readBytes: 50, lastIoSecondsAgo: 0 },
      linkDownSinceSeconds: 12,
      priority: 100,
      readOnly: true,
      announced: true,
    };
    const fields = replicationInfoFields({ ...masterInput, replicaOf: replicaSide, replicas: [] });
    expect(fields.map(([f]) => f)).toEqual([
      'role',
      'master_host',
      'master_port',
      'master_link_status',
      'master_last_io_seconds_ago',
      'master_sync_in_progress',
      'slave_read_repl_offset',
      'slave_repl_offset',
      'master_sync_total_bytes',
      'master_sync_read_bytes',
      'master_sync_left_bytes',
      'master_sync_perc',
      'master_sync_last_io_seconds_ago',
      'master_link_down_since_seconds',
      'slave_priority',
      'slave_read_only',
      'replica_announced',
      'connected_slaves',
      'master_failover_state',
      'master_replid',
      'master_replid2',
      'master_repl_offset',
      'second_repl_offset',
      'repl_backlog_active',
      'repl_backlog_size',
      'repl_backlog_first_byte_offset',
      'repl_backlog_histlen',
    ]);
    const values = new Map(fields.map(([f, v]) => [f, String(v)]));
    expect(values.get('role')).toBe('slave');
    expect(values.get('master_link_status')).toBe('down');
    expect(values.get('master_sync_in_progress')).toBe('1');
    expect(values.get('master_sync_left_bytes')).toBe('150');
    expect(values.get('master_sync_perc')).toBe('25.00');

    const connected = replicationInfoFields({
      ...masterInput,
      replicas: [],
      replicaOf: { ...replicaSide, linkUp: true, lastIoSecondsAgo: 0, transfer: undefined },
    }).map(([f]) => f);
    expect(connected).not.toContain('master_link_down_since_seconds');
    expect(connected).not.toContain('master_sync_total_bytes');
  });

  it('separates sections with an empty line and parses back the way Sentinel reads it', () => {
    const text = renderInfo([
      { name: 'Server', fields: [['redis_version', '7.2.6'], ['run_id', 'a'.repeat(40)], ['tcp_port', 6379]] },
      replicationInfoSection(masterInput),
    ]);
    expect(text).toContain('tcp_port:6379\r\n\r\n# Replication\r\nrole:master\r\n');
    const parsed = parseInfo(text);
    expect(parsed.fields.get('redis_version')).toBe('7.2.6');
    expect(parsed.fields.get('role')).toBe('master');
    expect(parsed.fields.get('master_repl_offset')).toBe('1234');
    expect(parsed.fields.get('slave0')).toBe('ip=10.0.0.2,port=6379,state=online,offset=1234,lag=1');
    expect(parsed.replicas).toEqual([
      { index: 0, ip: '10.0.0.2', port: 6379, state: 'online', offset: 1234, lagSeconds: 1 },
      { index: 1, ip: '10.0.0.3', port: 6380, state: 'wait_bgsave', offset: 0, lagSeconds: 0 },
    ]);
  });

  it('parses IPv6 replica addresses and the pre-2.8 slave line format', () => {
    const parsed = parseInfo('# Replication\r\nslave0:ip=::1,port=7000,state=online,offset=5,lag=0\r\nslave1:10.0.0.9,6390,online\r\n');
    expect(parsed.replicas[0]).toMatchObject({ ip: '::1', port: 7000 });
    expect(parsed.replicas[1]).toMatchObject({ ip: '10.0.0.9', port: 6390, state: 'online' });
  });
});

describe('ROLE', () => {
  it('master: own offset as integer, online replicas with string port and offset', () => {
    const reply = roleReply({ role: 'master', masterReplOffset: 1234, replicas: masterInput.replicas });
    expect(encodeReply(reply)).toBe(
      '*3\r\n$6\r\nmaster\r\n:1234\r\n*1\r\n*3\r\n$8\r\n10.0.0.2\r\n$4\r\n6379\r\n$4\r\n1234\r\n',
    );
  });

  it('replica: port and offset as integers', () => {
    const reply = roleReply({
      role: 'slave',
      masterHost: '10.0.0.1',
      masterPort: 6379,
      linkState: 'connected',
      replOffset: 3167,
    });
    expect(formatReply(reply)).toBe(
      ['1) "slave"', '2) "10.0.0.1"', '3) (integer) 6379', '4) "connected"', '5) (integer) 3167'].join('\n'),
    );
    const connecting = roleReply({ role: 'slave', masterHost: 'h', masterPort: 1, linkState: 'connect', replOffset: -1 });
    expect(encodeReply(connecting)).toBe('*5\r\n$5\r\nslave\r\n$1\r\nh\r\n:1\r\n$7\r\nconnect\r\n:-1\r\n');
  });

  it('sentinel: the monitored master names', () => {
    expect(encodeReply(roleReply({ role: 'sentinel', masterNames: ['mymaster'] }))).toBe(
      '*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n',
    );
  });
});
