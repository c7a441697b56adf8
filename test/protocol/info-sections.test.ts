// Fixtures: test/fixtures/real-redis-7.0/info-*.txt are raw `redis-cli -p 7311 INFO ...`
// replies (CRLF kept) from Debian's redis-server 7.0.15 on 127.0.0.1, started with
// --save ''. Names say what was asked and in which state:
//   info-{default,all,everything}-fresh: INFO / INFO all / INFO everything first thing after start;
//   info-everything-during-bgsave: after SET a, SET b, SET k v EX 100, GET a, GET nokey,
//     SET x y + PEXPIRE x 50000 in db2, CONFIG SET rdb-key-save-delay 2000000, BGSAVE, 1.2 s later;
//   info-everything-after-writes-and-bgsave: the same server once that BGSAVE finished;
//   info-everything-while-loading-rdb: restart on a DEBUG POPULATE 3000 dump with
//     --key-load-delay 1000 --loading-process-events-interval-bytes 1024, 1 s in;
//   info-everything-appendonly-yes: fresh start with --appendonly yes, then SET a 1;
//   info-select-<args>: INFO <args> (info-select-empty-string is INFO ""), on a server
//     holding k with a TTL; right-after-set is INFO keyspace just after SET x y;
//     errorstats-after-error follows an INCR on a non-integer.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parseInfo, replicationInfoSection, type InfoSection } from '../../src/protocol/info.js';
import {
  buildInfo,
  buildInfoSections,
  bytesToHuman,
  clientsInfoSection,
  clusterInfoSection,
  commandstatsInfoSection,
  cpuInfoSection,
  DEFAULT_INFO_SECTIONS,
  errorstatsInfoSection,
  formatFixed,
  keyspaceInfoSection,
  latencystatsInfoSection,
  memoryInfoSection,
  modulesInfoSection,
  persistenceInfoSection,
  selectInfoSections,
  serverInfoSection,
  statsInfoSection,
  type InfoSectionBuilders,
  type KeyspaceInfoInput,
  type PersistenceInfoInput,
  type ServerInfoInput,
  type StatsInfoInput,
} from '../../src/protocol/info-sections.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/real-redis-7.0/info-${name}.txt`, import.meta.url), 'utf8');
}

interface RealSection {
  readonly name: string;
  readonly fields: readonly (readonly [string, string])[];
}

/** Splits a raw INFO reply into its sections. */
function realSections(text: string): RealSection[] {
  const sections: { name: string; fields: [string, string][] }[] = [];
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) sections.push({ name: line.slice(2), fields: [] });
    else if (line.length > 0) {
      const colon = line.indexOf(':');
      sections.at(-1)!.fields.push([line.slice(0, colon), line.slice(colon + 1)]);
    }
  }
  return sections;
}

function realSection(text: string, name: string): RealSection {
  const section = realSections(text).find((s) => s.name === name);
  if (section === undefined) throw new Error(`no # ${name}`);
  return section;
}

const names = (section: InfoSection | RealSection): string[] => section.fields.map(([field]) => field);
const headers = (text: string): string[] => realSections(text).map((s) => s.name);
const asStrings = (section: InfoSection): [string, string][] =>
  section.fields.map(([field, value]) => [field, String(value)]);

// Inputs mirroring the captured servers.
const freshServer: ServerInfoInput = {
  processId: 11756,
  runId: '91265f3a01b69df7b8c9716984ac8164c1dd4430',
  tcpPort: 7311,
  serverTimeUsec: 1795237291768180,
  uptimeSeconds: 0,
  hz: 10,
  executable: '/tmp/redsim-info-7311/redis-server',
};

const freshStats: StatsInfoInput = {
  totalConnectionsReceived: 1,
  totalCommandsProcessed: 0,
  totalNetInputBytes: 31,
  syncFull: 0,
  syncPartialOk: 0,
  syncPartialErr: 0,
  expiredKeys: 0,
  keyspaceHits: 0,
  keyspaceMisses: 0,
  pubsubChannels: 0,
  totalReadsProcessed: 1,
};

const freshPersistence: PersistenceInfoInput = {
  loading: null,
  rdbChangesSinceLastSave: 0,
  rdbBgsaveInProgress: false,
  rdbLastSaveTimeSeconds: 1795237291,
  rdbLastBgsaveStatus: 'ok',
  rdbLastBgsaveTimeSeconds: -1,
  aofEnabled: false,
};

const emptyKeyspace: KeyspaceInfoInput[] = [];

function builders(over: Partial<InfoSectionBuilders> = {}): InfoSectionBuilders {
  return {
    server: () => serverInfoSection(freshServer),
    clients: () => clientsInfoSection({ connectedClients: 1 }),
    memory: () => memoryInfoSection({ usedMemory: 916456 }),
    persistence: () => persistenceInfoSection(freshPersistence),
    stats: () => statsInfoSection(freshStats),
    replication: () =>
      replicationInfoSection({
        replicaOf: null,
        replicas: [],
        failoverState: 'no-failover',
        replid: 'e468c730d181b546a54616dd70f26b134d098554',
        replid2: '0'.repeat(40),
        masterReplOffset: 0,
        secondReplOffset: -1,
        backlogActive: false,
        backlogSizeBytes: 1048576,
        backlogFirstByteOffset: 0,
        backlogHistlenBytes: 0,
      }),
    cpu: () => cpuInfoSection(),
    keyspace: () => keyspaceInfoSection(emptyKeyspace),
    ...over,
  };
}

describe('field names and order match redis-server 7.0.15', () => {
  const fresh = fixture('everything-fresh');

  it('every section of a fresh server, INFO everything', () => {
    const built = buildInfoSections('everything', builders());
    const real = realSections(fresh);
    expect(built.map((s) => s.name)).toEqual(real.map((s) => s.name));
    for (const [i, section] of built.entries()) expect([section.name, names(section)]).toEqual([real[i]!.name, names(real[i]!)]);
  });

  it.each(['everything-during-bgsave', 'everything-after-writes-and-bgsave', 'everything-while-loading-rdb', 'everything-appendonly-yes'])(
    'sections with unconditional fields have the same names in %s',
    (name) => {
      const text = fixture(name);
      expect(names(realSection(text, 'Server'))).toEqual(names(serverInfoSection(freshServer)));
      expect(names(realSection(text, 'Clients'))).toEqual(names(clientsInfoSection({ connectedClients: 1 })));
      expect(names(realSection(text, 'Memory'))).toEqual(names(memoryInfoSection({ usedMemory: 1 << 20 })));
      expect(names(realSection(text, 'Stats'))).toEqual(names(statsInfoSection(freshStats)));
      expect(names(realSection(text, 'CPU'))).toEqual(names(cpuInfoSection()));
      expect(names(realSection(text, 'Cluster'))).toEqual(names(clusterInfoSection()));
    },
  );
});

describe('exact values against the captured servers', () => {
  const fresh = fixture('everything-fresh');

  it('Server: everything but the host os', () => {
    const real = realSection(fresh, 'Server').fields.filter(([f]) => f !== 'os');
    const built = asStrings(serverInfoSection(freshServer)).filter(([f]) => f !== 'os');
    expect(built).toEqual(real);
  });

  it('Clients and Stats of a fresh server', () => {
    expect(asStrings(clientsInfoSection({ connectedClients: 1 }))).toEqual(realSection(fresh, 'Clients').fields);
    expect(asStrings(statsInfoSection(freshStats))).toEqual(realSection(fresh, 'Stats').fields);
  });

  it('Persistence of a fresh server', () => {
    expect(asStrings(persistenceInfoSection(freshPersistence))).toEqual(realSection(fresh, 'Persistence').fields);
  });

  it('Persistence during a BGSAVE: rdb_saves already counts it, keys total is known', () => {
    const section = persistenceInfoSection({
      ...freshPersistence,
      rdbChangesSinceLastSave: 5,
      rdbBgsaveInProgress: true,
      rdbCurrentBgsaveTimeSeconds: 1,
      currentSaveKeysProcessed: 0,
      currentSaveKeysTotal: 4,
      rdbSaves: 1,
    });
    expect(asStrings(section)).toEqual(realSection(fixture('everything-during-bgsave'), 'Persistence').fields);
  });

  it('Persistence after the BGSAVE finished', () => {
    const section = persistenceInfoSection({
      ...freshPersistence,
      rdbLastSaveTimeSeconds: 1795237318,
      rdbLastBgsaveTimeSeconds: 8,
      rdbSaves: 1,
      rdbLastCowSize: 462848,
    });
    expect(asStrings(section)).toEqual(realSection(fixture('everything-after-writes-and-bgsave'), 'Persistence').fields);
  });

  it('Persistence while loading: loading:1 and the loading_* block last', () => {
    const section = persistenceInfoSection({
      ...freshPersistence,
      loading: { startTimeSeconds: 1795237345, elapsedSeconds: 1, totalBytes: 120875, rdbUsedMem: 4235448, loadedBytes: 37877 },
      rdbLastSaveTimeSeconds: 1795237345,
      rdbLastLoadKeysLoaded: 938,
    });
    expect(asStrings(section)).toEqual(realSection(fixture('everything-while-loading-rdb'), 'Persistence').fields);
  });

  it('Persistence with appendonly yes: the aof_* block after module_fork_last_cow_size', () => {
    const text = fixture('everything-appendonly-yes');
    const lastSave = Number(parseInfo(text).fields.get('rdb_last_save_time'));
    const section = persistenceInfoSection({ ...freshPersistence, rdbLastSaveTimeSeconds: lastSave,
      rdbChangesSinceLastSave: 1,
      aofEnabled: true,
      aofCurrentSize: 50,
    });
    expect(asStrings(section)).toEqual(realSection(text, 'Persistence').fields);
  });

  it('Keyspace after writes to db0 and db2', () => {
    const dbs: KeyspaceInfoInput[] = [];
    dbs[0] = { keys: 3, expires: 1, avgTtlMs: 91499 };
    dbs[2] = { keys: 1, expires: 1, avgTtlMs: 41548 };
    expect(asStrings(keyspaceInfoSection(dbs))).toEqual(realSection(fixture('everything-after-writes-and-bgsave'), 'Keyspace').fields);
  });

  it('whole replies whose values are deterministic', () => {
    expect(buildInfo(['modules', 'cluster', 'errorstats'], builders())).toBe(fixture('select-modules-cluster-errorstats'));
    expect(buildInfo('module_list', builders())).toBe(fixture('select-module_list'));
    expect(
      buildInfo('keyspace', builders({ keyspace: () => keyspaceInfoSection([{ keys: 2, expires: 1, avgTtlMs: 0 }]) })),
    ).toBe(fixture('select-keyspace-right-after-set'));
    expect(buildInfo('errorstats', builders({ errorstats: () => errorstatsInfoSection(new Map([['ERR', 1]])) }))).toBe(
      fixture('select-errorstats-after-error'),
    );
    expect(buildInfo(['Keyspace', 'cpu'], builders({ keyspace: () => keyspaceInfoSection([{ keys: 1, expires: 1, avgTtlMs: 0 }]) })).split('\r\n\r\n')[1]).toBe(
      fixture('select-Keyspace-cpu').split('\r\n\r\n')[1],
    );
  });
});

describe('section selection as in 7.0', () => {
  it('no argument and default print the default sections in Redis order', () => {
    const real = headers(fixture('default-fresh'));
    expect(real).toEqual(['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace']);
    expect(headers(buildInfo(undefined, builders()))).toEqual(real);
    expect(headers(buildInfo([], builders()))).toEqual(real);
    expect(headers(buildInfo('default', builders()))).toEqual(real);
    expect(headers(buildInfo('DeFaUlT', builders()))).toEqual(real);
    expect(selectInfoSections(undefined)).toEqual(DEFAULT_INFO_SECTIONS);
  });

  it('all and everything add Commandstats and Latencystats', () => {
    expect(headers(buildInfo('all', builders()))).toEqual(headers(fixture('all-fresh')));
    expect(headers(buildInfo('EVERYTHING', builders()))).toEqual(headers(fixture('everything-fresh')));
    expect(headers(buildInfo(['default', 'all'], builders()))).toEqual(headers(fixture('all-fresh')));
  });

  it('several names print in Redis order whatever order they were given in, case-insensitively', () => {
    expect(headers(buildInfo(['Keyspace', 'cpu'], builders()))).toEqual(headers(fixture('select-Keyspace-cpu')));
    expect(headers(buildInfo(['bogus', 'CLUSTER', 'server'], builders()))).toEqual(headers(fixture('select-bogus-CLUSTER-server')));
    expect(selectInfoSections(['server', 'SERVER', 'server'])).toEqual(['server']);
    expect(selectInfoSections(['default', 'commandstats'])).toEqual([
      'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'commandstats', 'errorstats', 'cluster', 'keyspace',
    ]);
  });

  it('an unknown name or the empty string is an empty reply', () => {
    expect(fixture('select-bogus')).toBe('');
    expect(fixture('select-empty-string')).toBe('');
    expect(buildInfo('bogus', builders())).toBe('');
    expect(buildInfo('', builders())).toBe('');
    expect(buildInfo(['nope', 'neither'], builders())).toBe('');
  });

  it('only the selected sections are computed', () => {
    const spies = {
      server: vi.fn(() => serverInfoSection(freshServer)),
      clients: vi.fn(() => clientsInfoSection({ connectedClients: 1 })),
      memory: vi.fn(() => memoryInfoSection({ usedMemory: 916456 })),
      persistence: vi.fn(() => persistenceInfoSection(freshPersistence)),
      stats: vi.fn(() => statsInfoSection(freshStats)),
      replication: vi.fn(() => builders().replication()),
      cpu: vi.fn(() => cpuInfoSection()),
      keyspace: vi.fn(() => keyspaceInfoSection([])),
    };
    const text = buildInfo('server', spies);
    expect(headers(text)).toEqual(['Server']);
    expect(spies.server).toHaveBeenCalledTimes(1);
    for (const [key, spy] of Object.entries(spies)) if (key !== 'server') expect(spy).not.toHaveBeenCalled();
  });

  it('optional builders default to what a plain 7.0 server prints', () => {
    const sections = buildInfoSections(['modules', 'commandstats', 'errorstats', 'latencystats', 'cluster'], builders());
    expect(sections).toEqual([modulesInfoSection(), commandstatsInfoSection(), errorstatsInfoSection(), latencystatsInfoSection(), clusterInfoSection()]);
    expect(clusterInfoSection().fields).toEqual([['cluster_enabled', 0]]);
  });

  it('sections are separated by one empty line and the reply ends with the last field', () => {
    expect(buildInfo(['cluster', 'modules'], builders())).toBe('# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n');
  });
});

describe('values', () => {
  it('keyspace lines: dbN:keys=..,expires=..,avg_ttl=.., empty databases omitted', () => {
    const dbs: (KeyspaceInfoInput | undefined)[] = [{ keys: 0, expires: 0, avgTtlMs: 0 }, undefined, { keys: 1, expires: 0, avgTtlMs: 0 }];
    expect(keyspaceInfoSection(dbs).fields).toEqual([['db2', 'keys=1,expires=0,avg_ttl=0']]);
    expect(buildInfo('keyspace', builders({ keyspace: () => keyspaceInfoSection([{ keys: 1, expires: 0, avgTtlMs: 0 }]) }))).toBe(
      '# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n',
    );
    expect(buildInfo('keyspace', builders())).toBe('# Keyspace\r\n');
  });

  it('persistence flags', () => {
    const idle = parseInfo(buildInfo('persistence', builders())).fields;
    expect(idle.get('loading')).toBe('0');
    expect(idle.get('rdb_bgsave_in_progress')).toBe('0');
    const saving = persistenceInfoSection({ ...freshPersistence, rdbBgsaveInProgress: true, rdbCurrentBgsaveTimeSeconds: 3 });
    expect(saving.fields).toContainEqual(['rdb_bgsave_in_progress', 1]);
    expect(saving.fields).toContainEqual(['rdb_current_bgsave_time_sec', 3]);
    // The current time is printed only while a save runs.
    const notSaving = persistenceInfoSection({ ...freshPersistence, rdbCurrentBgsaveTimeSeconds: 3 });
    expect(notSaving.fields).toContainEqual(['rdb_current_bgsave_time_sec', -1]);
    // An async (swapdb) load prints loading:0 async_loading:1 and still the progress block.
    const async = persistenceInfoSection({
      ...freshPersistence,
      asyncLoading: true,
      loading: { startTimeSeconds: 100, elapsedSeconds: 0, totalBytes: 0, rdbUsedMem: 0, loadedBytes: 0 },
    });
    expect(async.fields.slice(0, 2)).toEqual([['loading', 0], ['async_loading', 1]]);
    expect(async.fields.at(-1)).toEqual(['loading_eta_seconds', 1]);
    expect(persistenceInfoSection({ ...freshPersistence, rdbLastBgsaveStatus: 'err' }).fields).toContainEqual(['rdb_last_bgsave_status', 'err']);
  });

  it('server: readable by parsers, uptime in days, shutdown countdown last', () => {
    const parsed = parseInfo(buildInfo('server', builders({ server: () => serverInfoSection({ ...freshServer, uptimeSeconds: 3 * 86400 + 5 }) }))).fields;
    expect(parsed.get('redis_version')).toBe('7.0.15');
    expect(parsed.get('run_id')).toBe(freshServer.runId);
    expect(parsed.get('uptime_in_seconds')).toBe(String(3 * 86400 + 5));
    expect(parsed.get('uptime_in_days')).toBe('3');
    expect(parsed.get('redis_mode')).toBe('standalone');
    expect(serverInfoSection({ ...freshServer, shutdownInMilliseconds: 8000 }).fields.at(-1)).toEqual(['shutdown_in_milliseconds', 8000]);
  });

  it('cpu times print as %ld.%06ld', () => {
    const fields = cpuInfoSection({ userMicros: 2439, sysMicros: 12_000_176 }).fields;
    expect(fields.slice(0, 3)).toEqual([['used_cpu_sys', '12.000176'], ['used_cpu_user', '0.002439'], ['used_cpu_sys_children', '0.000000']]);
  });

  it('memory: human sizes as bytesToHuman prints them', () => {
    const real = parseInfo(fixture('everything-fresh')).fields;
    expect(bytesToHuman(916456)).toBe(real.get('used_memory_human'));
    expect(bytesToHuman(25276502016)).toBe(real.get('total_system_memory_human'));
    expect(bytesToHuman(0)).toBe(real.get('maxmemory_human'));
    expect(bytesToHuman(200)).toBe(real.get('used_memory_scripts_human'));
    expect(bytesToHuman(66560)).toBe(real.get('used_memory_vm_total_human'));
    const section = parseInfo(buildInfo('memory', builders())).fields;
    expect(section.get('used_memory')).toBe('916456');
    expect(section.get('used_memory_human')).toBe('894.98K');
    expect(section.get('used_memory_peak_perc')).toBe('100.00%');
    expect(section.get('used_memory_dataset')).toBe(real.get('used_memory_dataset'));
    expect(section.get('used_memory_dataset_perc')).toBe(real.get('used_memory_dataset_perc'));
    expect(section.get('maxmemory_policy')).toBe('noeviction');
  });

  it('%.2f rounds exact ties to even like glibc', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(31.335, 2)).toBe((31.335).toFixed(2));
    expect(formatFixed(0, 2)).toBe('0.00');
  });

  it('commandstats and errorstats lines', () => {
    expect(
      commandstatsInfoSection([
        { name: 'get', calls: 2, usec: 4, rejectedCalls: 0, failedCalls: 0 },
        { name: 'ping', calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 },
        { name: 'config|set', calls: 3, usec: 2, rejectedCalls: 0, failedCalls: 0 },
      ]).fields,
    ).toEqual([
      ['cmdstat_get', 'calls=2,usec=4,usec_per_call=2.00,rejected_calls=0,failed_calls=0'],
      ['cmdstat_config|set', 'calls=3,usec=2,usec_per_call=0.67,rejected_calls=0,failed_calls=0'],
    ]);
    expect(errorstatsInfoSection(new Map([['WRONGTYPE', 2], ['ERR', 5], ['a:b', 1]])).fields).toEqual([
      ['errorstat_ERR', 'count=5'],
      ['errorstat_WRONGTYPE', 'count=2'],
      ['errorstat_a_b', 'count=1'],
    ]);
  });
});
