// INFO sections of a Redis 7.0 server other than Replication (which lives in
// protocol/info.ts), and INFO's section selection (INFO [section ...]).
//
// Field names, order and conditional fields follow redis-server 7.0.15; the
// captured real output is in test/fixtures/real-redis-7.0/info-*.txt.
//
// Simulated constants (the simulator cannot know these; fixed plausible values
// so that INFO looks like the real thing):
//   - Server: redis_git_sha1, redis_git_dirty, redis_build_id, os, arch_bits,
//     monotonic_clock, multiplexing_api, atomicvar_api, gcc_version,
//     process_supervised, io_threads_active, and executable when not given
//     (SIMULATED_HOST below).
//   - Memory: everything except used_memory, used_memory_peak, maxmemory,
//     maxmemory_policy and the mem_* buffer sizes passed in. Startup memory,
//     Lua/function VM sizes and total_system_memory are constants; allocator
//     and RSS figures are derived from used_memory by fixed ratios.
//   - CPU: whatever microseconds the caller passes, zero by default.
//   - Stats/Persistence: copy-on-write sizes, defrag, tracking and io-thread
//     counters default to 0.

import { renderInfo, type InfoField, type InfoSection } from './info.js';

export const REDIS_VERSION = '7.0.15';

/** Values a real server reads from its build and host. */
export const SIMULATED_HOST = {
  gitSha1: '00000000',
  gitDirty: 0,
  buildId: 'ae4d7c971a948f0',
  os: 'Linux 6.1.0 x86_64',
  archBits: 64,
  monotonicClock: 'POSIX clock_gettime',
  multiplexingApi: 'epoll',
  atomicvarApi: 'c11-builtin',
  gccVersion: '12.2.0',
  executable: '/usr/bin/redis-server',
  memAllocator: 'jemalloc-5.3.0',
  /** used_memory right after startup (server.initial_memory_usage). */
  startupMemory: 876240,
  /** functions_caches, counted in used_memory_overhead. */
  functionsCacheMemory: 200,
  /** Memory of the Lua VM used by EVAL. */
  evalVmMemory: 32768,
  /** Memory of the Lua VM used by FUNCTION. */
  functionsVmMemory: 33792,
  totalSystemMemory: 8 * 1024 * 1024 * 1024,
} as const;

// ---------------------------------------------------------------------------
// Formatting helpers (printf semantics)

/**
 * printf("%.Nf"): like toFixed, except that an exact binary tie rounds to even
 * as glibc does (0.125 -> "0.12", where toFixed gives "0.13").
 */
export function formatFixed(value: number, digits: number): string {
  const scale = 10 ** digits;
  const scaled = value * scale;
  if (Number.isFinite(scaled) && Math.abs(scaled) < 2 ** 52 && !Number.isInteger(scaled) && Number.isInteger(scaled * 2)) {
    const floor = Math.floor(scaled);
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / scale).toFixed(digits);
  }
  return value.toFixed(digits);
}

/** server.c bytesToHuman: 1023B, 894.98K, 1.04M, 23.54G, ... */
export function bytesToHuman(bytes: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'] as const;
  if (bytes < 1024) return `${bytes}B`;
  let divisor = 1024;
  for (const unit of units) {
    if (bytes < divisor * 1024) return `${formatFixed(bytes / divisor, 2)}${unit}`;
    divisor *= 1024;
  }
  return `${bytes}B`;
}

/** getrusage's timeval as "%ld.%06ld" from a microsecond count. */
function formatCpuMicros(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const frac = micros - whole * 1_000_000;
  return `${whole}.${String(frac).padStart(6, '0')}`;
}

/** getSafeInfoString: '#', ':', '\r', '\n' become '_' in names printed as INFO fields. */
function safeInfoName(name: string): string {
  return name.replace(/[#:\r\n]/g, '_');
}

// ---------------------------------------------------------------------------
// Server

export type RedisMode = 'standalone' | 'sentinel' | 'cluster';

export interface ServerInfoInput {
  /** Default REDIS_VERSION. */
  readonly redisVersion?: string;
  /** Default 'standalone'. */
  readonly mode?: RedisMode;
  readonly processId: number;
  /** 40 hex characters; Sentinel reads it. */
  readonly runId: string;
  readonly tcpPort: number;
  /** Simulated wall clock, microseconds since the epoch (server.ustime). lru_clock derives from it. */
  readonly serverTimeUsec: number;
  readonly uptimeSeconds: number;
  /** Current (possibly dynamic) hz. */
  readonly hz: number;
  /** The configured hz; default hz. */
  readonly configuredHz?: number;
  /** Absolute path Redis derived from argv[0]; default SIMULATED_HOST.executable. */
  readonly executable?: string;
  /** '' when started without a config file (the default). */
  readonly configFile?: string;
  /** Printed only while a SHUTDOWN waits for replicas: ms left until it gives up. */
  readonly shutdownInMilliseconds?: number;
}

const LRU_CLOCK_MAX = (1 << 24) - 1;

export function serverInfoSection(input: ServerInfoInput): InfoSection {
  const host = SIMULATED_HOST;
  const lruClock = Math.floor(input.serverTimeUsec / 1_000_000) & LRU_CLOCK_MAX;
  const fields: InfoField[] = [
    ['redis_version', input.redisVersion ?? REDIS_VERSION],
    ['redis_git_sha1', host.gitSha1],
    ['redis_git_dirty', host.gitDirty],
    ['redis_build_id', host.buildId],
    ['redis_mode', input.mode ?? 'standalone'],
    ['os', host.os],
    ['arch_bits', host.archBits],
    ['monotonic_clock', host.monotonicClock],
    ['multiplexing_api', host.multiplexingApi],
    ['atomicvar_api', host.atomicvarApi],
    ['gcc_version', host.gccVersion],
    ['process_id', input.processId],
    ['process_supervised', 'no'],
    ['run_id', input.runId],
    ['tcp_port', input.tcpPort],
    ['server_time_usec', input.serverTimeUsec],
    ['uptime_in_seconds', input.uptimeSeconds],
    ['uptime_in_days', Math.floor(input.uptimeSeconds / 86400)],
    ['hz', input.hz],
    ['configured_hz', input.configuredHz ?? input.hz],
    ['lru_clock', lruClock],
    ['executable', input.executable ?? host.executable],
    ['config_file', input.configFile ?? ''],
    ['io_threads_active', 0],
  ];
  if (input.shutdownInMilliseconds !== undefined) fields.push(['shutdown_in_milliseconds', input.shutdownInMilliseconds]);
  return { name: 'Server', fields };
}

// ---------------------------------------------------------------------------
// Clients

export interface ClientsInfoInput {
  /**
   * All clients except replicas (Redis prints clients minus slaves), so on a
   * replica the link to its master counts.
   */
  readonly connectedClients: number;
  /** Default 10000. */
  readonly maxclients?: number;
  readonly blockedClients?: number;
  readonly clientRecentMaxInputBuffer?: number;
  readonly clientRecentMaxOutputBuffer?: number;
  readonly trackingClients?: number;
  readonly clientsInTimeoutTable?: number;
}

export function clientsInfoSection(input: ClientsInfoInput): InfoSection {
  return {
    name: 'Clients',
    fields: [
      ['connected_clients', input.connectedClients],
      ['cluster_connections', 0],
      ['maxclients', input.maxclients ?? 10000],
      ['client_recent_max_input_buffer', input.clientRecentMaxInputBuffer ?? 0],
      ['client_recent_max_output_buffer', input.clientRecentMaxOutputBuffer ?? 0],
      ['blocked_clients', input.blockedClients ?? 0],
      ['tracking_clients', input.trackingClients ?? 0],
      ['clients_in_timeout_table', input.clientsInTimeoutTable ?? 0],
    ],
  };
}

// ---------------------------------------------------------------------------
// Memory

export interface MemoryInfoInput {
  /** zmalloc_used_memory(); should include SIMULATED_HOST.startupMemory. */
  readonly usedMemory: number;
  /** Default usedMemory; raised to usedMemory if smaller, as Redis does. */
  readonly usedMemoryPeak?: number;
  /** 0 = no limit. */
  readonly maxmemory?: number;
  /** Default 'noeviction'. */
  readonly maxmemoryPolicy?: string;
  /** mem_replication_backlog. */
  readonly replicationBacklogBytes?: number;
  /** mem_total_replication_buffers (backlog and replica buffers share it); default backlog + replica clients. */
  readonly totalReplicationBuffersBytes?: number;
  /** mem_clients_slaves. */
  readonly replicaClientsBytes?: number;
  /** mem_clients_normal (normal, pubsub and master clients). */
  readonly normalClientsBytes?: number;
  /** mem_aof_buffer. */
  readonly aofBufferBytes?: number;
  /** Per-database hash table overhead, part of used_memory_overhead. */
  readonly keyspaceOverheadBytes?: number;
}

export function memoryInfoSection(input: MemoryInfoInput): InfoSection {
  const host = SIMULATED_HOST;
  const used = Math.max(input.usedMemory, 1);
  const peak = Math.max(input.usedMemoryPeak ?? used, used);
  const backlog = input.replicationBacklogBytes ?? 0;
  const replicaClients = input.replicaClientsBytes ?? 0;
  const normalClients = input.normalClientsBytes ?? 0;
  const aofBuffer = input.aofBufferBytes ?? 0;
  const startup = host.startupMemory;
  const overhead =
    startup + backlog + replicaClients + normalClients + aofBuffer + host.functionsCacheMemory + (input.keyspaceOverheadBytes ?? 0);
  const dataset = Math.max(0, used - overhead);
  const netUsage = used > startup ? used - startup : 1;
  // Allocator and process figures: fixed ratios standing in for jemalloc and RSS.
  const allocated = used;
  const active = Math.ceil((allocated * 1.08) / 4096) * 4096;
  const resident = active + 2 * 1024 * 1024;
  const rss = resident + 2 * 1024 * 1024;
  const maxmemory = input.maxmemory ?? 0;
  const scriptsMemory = host.functionsCacheMemory; // lua_caches (0) + functions_caches
  const vmTotal = host.evalVmMemory + host.functionsVmMemory;
  return {
    name: 'Memory',
    fields: [
      ['used_memory', used],
      ['used_memory_human', bytesToHuman(used)],
      ['used_memory_rss', rss],
      ['used_memory_rss_human', bytesToHuman(rss)],
      ['used_memory_peak', peak],
      ['used_memory_peak_human', bytesToHuman(peak)],
      ['used_memory_peak_perc', `${formatFixed((used * 100) / peak, 2)}%`],
      ['used_memory_overhead', overhead],
      ['used_memory_startup', startup],
      ['used_memory_dataset', dataset],
      ['used_memory_dataset_perc', `${formatFixed((dataset * 100) / netUsage, 2)}%`],
      ['allocator_allocated', allocated],
      ['allocator_active', active],
      ['allocator_resident', resident],
      ['total_system_memory', host.totalSystemMemory],
      ['total_system_memory_human', bytesToHuman(host.totalSystemMemory)],
      ['used_memory_lua', host.evalVmMemory],
      ['used_memory_vm_eval', host.evalVmMemory],
      ['used_memory_lua_human', bytesToHuman(host.evalVmMemory)],
      ['used_memory_scripts_eval', 0],
      ['number_of_cached_scripts', 0],
      ['number_of_functions', 0],
      ['number_of_libraries', 0],
      ['used_memory_vm_functions', host.functionsVmMemory],
      ['used_memory_vm_total', vmTotal],
      ['used_memory_vm_total_human', bytesToHuman(vmTotal)],
      ['used_memory_functions', host.functionsCacheMemory],
      ['used_memory_scripts', scriptsMemory],
      ['used_memory_scripts_human', bytesToHuman(scriptsMemory)],
      ['maxmemory', maxmemory],
      ['maxmemory_human', bytesToHuman(maxmemory)],
      ['maxmemory_policy', input.maxmemoryPolicy ?? 'noeviction'],
      ['allocator_frag_ratio', formatFixed(active / allocated, 2)],
      ['allocator_frag_bytes', active - allocated],
      ['allocator_rss_ratio', formatFixed(resident / active, 2)],
      ['allocator_rss_bytes', resident - active],
      ['rss_overhead_ratio', formatFixed(rss / resident, 2)],
      ['rss_overhead_bytes', rss - resident],
      ['mem_fragmentation_ratio', formatFixed(rss / used, 2)],
      ['mem_fragmentation_bytes', rss - used],
      ['mem_not_counted_for_evict', replicaClients + aofBuffer],
      ['mem_replication_backlog', backlog],
      ['mem_total_replication_buffers', input.totalReplicationBuffersBytes ?? backlog + replicaClients],
      ['mem_clients_slaves', replicaClients],
      ['mem_clients_normal', normalClients],
      ['mem_cluster_links', 0],
      ['mem_aof_buffer', aofBuffer],
      ['mem_allocator', host.memAllocator],
      ['active_defrag_running', 0],
      ['lazyfree_pending_objects', 0],
      ['lazyfreed_objects', 0],
    ],
  };
}

// ---------------------------------------------------------------------------
// Persistence

export type OkOrErr = 'ok' | 'err';

/** Progress of an RDB load (server.loading), as a replica loading a full sync or a restart. */
export interface LoadingProgress {
  /** Simulated unix seconds the load started. */
  readonly startTimeSeconds: number;
  /** Seconds since then (time(NULL) - loading_start_time). */
  readonly elapsedSeconds: number;
  /** Size of the RDB; 0 when unknown (diskless load). */
  readonly totalBytes: number;
  /** The used-mem aux field of the RDB, 0 if absent; the estimate used when totalBytes is 0. */
  readonly rdbUsedMem: number;
  readonly loadedBytes: number;
}

export interface PersistenceInfoInput {
  /** Non-null while loading (also while async-loading). */
  readonly loading: LoadingProgress | null;
  /** repl-diskless-load swapdb: the load runs while serving the old data; prints loading:0. */
  readonly asyncLoading?: boolean;
  /** server.dirty. */
  readonly rdbChangesSinceLastSave: number;
  readonly rdbBgsaveInProgress: boolean;
  /** Seconds the running BGSAVE has taken; printed only while one runs (else -1). */
  readonly rdbCurrentBgsaveTimeSeconds?: number;
  /** Keys the child reported saved / keys to save (0/0 when no save runs). */
  readonly currentSaveKeysProcessed?: number;
  readonly currentSaveKeysTotal?: number;
  /** Unix seconds of the last successful save (server start time if none). */
  readonly rdbLastSaveTimeSeconds: number;
  readonly rdbLastBgsaveStatus: OkOrErr;
  /** Duration of the last BGSAVE; -1 before the first. */
  readonly rdbLastBgsaveTimeSeconds: number;
  /** Saves started (counted at fork, so already 1 during the first BGSAVE). */
  readonly rdbSaves?: number;
  /** Copy-on-write bytes of the last RDB child (unknowable here; default 0). */
  readonly rdbLastCowSize?: number;
  readonly rdbLastLoadKeysExpired?: number;
  /** Grows during a load. */
  readonly rdbLastLoadKeysLoaded?: number;
  readonly aofEnabled: boolean;
  readonly aofRewriteInProgress?: boolean;
  /** Printed only while a rewrite runs (else -1). */
  readonly aofCurrentRewriteTimeSeconds?: number;
  readonly aofRewriteScheduled?: boolean;
  /** Default -1. */
  readonly aofLastRewriteTimeSeconds?: number;
  readonly aofLastBgrewriteStatus?: OkOrErr;
  readonly aofRewrites?: number;
  readonly aofRewritesConsecutiveFailures?: number;
  /** Default 'ok'. */
  readonly aofLastWriteStatus?: OkOrErr;
  /** The extra aof_* fields, printed iff aofEnabled. */
  readonly aofCurrentSize?: number;
  readonly aofBaseSize?: number;
  readonly aofBufferLength?: number;
  readonly aofPendingBioFsync?: number;
  readonly aofDelayedFsync?: number;
}

export function persistenceInfoSection(input: PersistenceInfoInput): InfoSection {
  const processed = input.currentSaveKeysProcessed ?? 0;
  const total = input.currentSaveKeysTotal ?? 0;
  const forkPerc = total !== 0 ? (processed / total) * 100 : 0;
  const asyncLoading = input.asyncLoading ?? false;
  const aofRewriteInProgress = input.aofRewriteInProgress ?? false;
  const fields: InfoField[] = [
    ['loading', input.loading !== null && !asyncLoading ? 1 : 0],
    ['async_loading', asyncLoading ? 1 : 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', formatFixed(forkPerc, 2)],
    ['current_save_keys_processed', processed],
    ['current_save_keys_total', total],
    ['rdb_changes_since_last_save', input.rdbChangesSinceLastSave],
    ['rdb_bgsave_in_progress', input.rdbBgsaveInProgress ? 1 : 0],
    ['rdb_last_save_time', input.rdbLastSaveTimeSeconds],
    ['rdb_last_bgsave_status', input.rdbLastBgsaveStatus],
    ['rdb_last_bgsave_time_sec', input.rdbLastBgsaveTimeSeconds],
    ['rdb_current_bgsave_time_sec', input.rdbBgsaveInProgress ? (input.rdbCurrentBgsaveTimeSeconds ?? 0) : -1],
    ['rdb_saves', input.rdbSaves ?? 0],
    ['rdb_last_cow_size', input.rdbLastCowSize ?? 0],
    ['rdb_last_load_keys_expired', input.rdbLastLoadKeysExpired ?? 0],
    ['rdb_last_load_keys_loaded', input.rdbLastLoadKeysLoaded ?? 0],
    ['aof_enabled', input.aofEnabled ? 1 : 0],
    ['aof_rewrite_in_progress', aofRewriteInProgress ? 1 : 0],
    ['aof_rewrite_scheduled', input.aofRewriteScheduled === true ? 1 : 0],
    ['aof_last_rewrite_time_sec', input.aofLastRewriteTimeSeconds ?? -1],
    ['aof_current_rewrite_time_sec', aofRewriteInProgress ? (input.aofCurrentRewriteTimeSeconds ?? 0) : -1],
    ['aof_last_bgrewrite_status', input.aofLastBgrewriteStatus ?? 'ok'],
    ['aof_rewrites', input.aofRewrites ?? 0],
    ['aof_rewrites_consecutive_failures', input.aofRewritesConsecutiveFailures ?? 0],
    ['aof_last_write_status', input.aofLastWriteStatus ?? 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
  if (input.aofEnabled) {
    fields.push(
      ['aof_current_size', input.aofCurrentSize ?? 0],
      ['aof_base_size', input.aofBaseSize ?? 0],
      ['aof_pending_rewrite', input.aofRewriteScheduled === true ? 1 : 0],
      ['aof_buffer_length', input.aofBufferLength ?? 0],
      ['aof_pending_bio_fsync', input.aofPendingBioFsync ?? 0],
      ['aof_delayed_fsync', input.aofDelayedFsync ?? 0],
    );
  }
  const loading = input.loading;
  if (loading !== null) {
    let perc = 0;
    let remaining = 1;
    if (loading.totalBytes !== 0) {
      perc = (loading.loadedBytes / loading.totalBytes) * 100;
      remaining = loading.totalBytes - loading.loadedBytes;
    } else if (loading.rdbUsedMem !== 0) {
      // used-mem is a poor estimate of the file size: never claim 100%.
      perc = Math.min((loading.loadedBytes / loading.rdbUsedMem) * 100, 99.99);
      remaining = Math.max(loading.rdbUsedMem - loading.loadedBytes, 1);
    }
    const eta =
      loading.elapsedSeconds === 0 ? 1 : Math.trunc((loading.elapsedSeconds * remaining) / (loading.loadedBytes + 1));
    fields.push(
      ['loading_start_time', loading.startTimeSeconds],
      ['loading_total_bytes', loading.totalBytes],
      ['loading_rdb_used_mem', loading.rdbUsedMem],
      ['loading_loaded_bytes', loading.loadedBytes],
      ['loading_loaded_perc', formatFixed(perc, 2)],
      ['loading_eta_seconds', eta],
    );
  }
  return { name: 'Persistence', fields };
}

// ---------------------------------------------------------------------------
// Stats

export interface StatsInfoInput {
  readonly totalConnectionsReceived: number;
  readonly totalCommandsProcessed: number;
  readonly instantaneousOpsPerSec?: number;
  /** All bytes read from clients, replication traffic included (Redis prints the sum). */
  readonly totalNetInputBytes?: number;
  /** All bytes written, replication traffic included. */
  readonly totalNetOutputBytes?: number;
  /** The replication part: a replica's stream from its master. */
  readonly totalNetReplInputBytes?: number;
  /** The replication part: a master's stream to its replicas. */
  readonly totalNetReplOutputBytes?: number;
  readonly instantaneousInputKbps?: number;
  readonly instantaneousOutputKbps?: number;
  readonly instantaneousInputReplKbps?: number;
  readonly instantaneousOutputReplKbps?: number;
  readonly rejectedConnections?: number;
  readonly syncFull: number;
  readonly syncPartialOk: number;
  readonly syncPartialErr: number;
  readonly expiredKeys: number;
  /** Fraction 0..1, printed as a percentage. */
  readonly expiredStaleFraction?: number;
  readonly evictedKeys?: number;
  readonly evictedClients?: number;
  readonly keyspaceHits: number;
  readonly keyspaceMisses: number;
  readonly pubsubChannels: number;
  readonly pubsubPatterns?: number;
  readonly pubsubshardChannels?: number;
  readonly latestForkUsec?: number;
  readonly totalForks?: number;
  /** Keys with a TTL a writable replica set locally. */
  readonly slaveExpiresTrackedKeys?: number;
  readonly unexpectedErrorReplies?: number;
  readonly totalErrorReplies?: number;
  readonly totalReadsProcessed?: number;
  readonly totalWritesProcessed?: number;
}

export function statsInfoSection(input: StatsInfoInput): InfoSection {
  const kbps = (value: number | undefined): string => formatFixed(value ?? 0, 2);
  return {
    name: 'Stats',
    fields: [
      ['total_connections_received', input.totalConnectionsReceived],
      ['total_commands_processed', input.totalCommandsProcessed],
      ['instantaneous_ops_per_sec', input.instantaneousOpsPerSec ?? 0],
      ['total_net_input_bytes', input.totalNetInputBytes ?? 0],
      ['total_net_output_bytes', input.totalNetOutputBytes ?? 0],
      ['total_net_repl_input_bytes', input.totalNetReplInputBytes ?? 0],
      ['total_net_repl_output_bytes', input.totalNetReplOutputBytes ?? 0],
      ['instantaneous_input_kbps', kbps(input.instantaneousInputKbps)],
      ['instantaneous_output_kbps', kbps(input.instantaneousOutputKbps)],
      ['instantaneous_input_repl_kbps', kbps(input.instantaneousInputReplKbps)],
      ['instantaneous_output_repl_kbps', kbps(input.instantaneousOutputReplKbps)],
      ['rejected_connections', input.rejectedConnections ?? 0],
      ['sync_full', input.syncFull],
      ['sync_partial_ok', input.syncPartialOk],
      ['sync_partial_err', input.syncPartialErr],
      ['expired_keys', input.expiredKeys],
      ['expired_stale_perc', formatFixed((input.expiredStaleFraction ?? 0) * 100, 2)],
      ['expired_time_cap_reached_count', 0],
      ['expire_cycle_cpu_milliseconds', 0],
      ['evicted_keys', input.evictedKeys ?? 0],
      ['evicted_clients', input.evictedClients ?? 0],
      ['total_eviction_exceeded_time', 0],
      ['current_eviction_exceeded_time', 0],
      ['keyspace_hits', input.keyspaceHits],
      ['keyspace_misses', input.keyspaceMisses],
      ['pubsub_channels', input.pubsubChannels],
      ['pubsub_patterns', input.pubsubPatterns ?? 0],
      ['pubsubshard_channels', input.pubsubshardChannels ?? 0],
      ['latest_fork_usec', input.latestForkUsec ?? 0],
      ['total_forks', input.totalForks ?? 0],
      ['migrate_cached_sockets', 0],
      ['slave_expires_tracked_keys', input.slaveExpiresTrackedKeys ?? 0],
      ['active_defrag_hits', 0],
      ['active_defrag_misses', 0],
      ['active_defrag_key_hits', 0],
      ['active_defrag_key_misses', 0],
      ['total_active_defrag_time', 0],
      ['current_active_defrag_time', 0],
      ['tracking_total_keys', 0],
      ['tracking_total_items', 0],
      ['tracking_total_prefixes', 0],
      ['unexpected_error_replies', input.unexpectedErrorReplies ?? 0],
      ['total_error_replies', input.totalErrorReplies ?? 0],
      ['dump_payload_sanitizations', 0],
      ['total_reads_processed', input.totalReadsProcessed ?? 0],
      ['total_writes_processed', input.totalWritesProcessed ?? 0],
      ['io_threaded_reads_processed', 0],
      ['io_threaded_writes_processed', 0],
      ['reply_buffer_shrinks', 0],
      ['reply_buffer_expands', 0],
    ],
  };
}

// ---------------------------------------------------------------------------
// CPU

/** getrusage times in microseconds; all default to 0. */
export interface CpuInfoInput {
  readonly sysMicros?: number;
  readonly userMicros?: number;
  readonly sysChildrenMicros?: number;
  readonly userChildrenMicros?: number;
  readonly sysMainThreadMicros?: number;
  readonly userMainThreadMicros?: number;
}

export function cpuInfoSection(input: CpuInfoInput = {}): InfoSection {
  return {
    name: 'CPU',
    fields: [
      ['used_cpu_sys', formatCpuMicros(input.sysMicros ?? 0)],
      ['used_cpu_user', formatCpuMicros(input.userMicros ?? 0)],
      ['used_cpu_sys_children', formatCpuMicros(input.sysChildrenMicros ?? 0)],
      ['used_cpu_user_children', formatCpuMicros(input.userChildrenMicros ?? 0)],
      ['used_cpu_sys_main_thread', formatCpuMicros(input.sysMainThreadMicros ?? 0)],
      ['used_cpu_user_main_thread', formatCpuMicros(input.userMainThreadMicros ?? 0)],
    ],
  };
}

// ---------------------------------------------------------------------------
// Modules, Commandstats, Errorstats, Latencystats, Cluster

/** No modules are loaded: the header alone. */
export function modulesInfoSection(): InfoSection {
  return { name: 'Modules', fields: [] };
}

export interface CommandStats {
  /** Full name, 'config|set' for subcommands. */
  readonly name: string;
  readonly calls: number;
  readonly usec: number;
  readonly rejectedCalls: number;
  readonly failedCalls: number;
}

/**
 * `cmdstat_<name>:calls=..,usec=..,usec_per_call=..,rejected_calls=..,failed_calls=..`
 * for commands with any calls, in the order given (Redis prints its command
 * table's hash order, which has no meaning).
 */
export function commandstatsInfoSection(commands: readonly CommandStats[] = []): InfoSection {
  const fields: InfoField[] = [];
  for (const c of commands) {
    if (c.calls === 0 && c.failedCalls === 0 && c.rejectedCalls === 0) continue;
    const perCall = c.calls === 0 ? 0 : c.usec / c.calls;
    fields.push([
      `cmdstat_${safeInfoName(c.name)}`,
      `calls=${c.calls},usec=${c.usec},usec_per_call=${formatFixed(perCall, 2)},rejected_calls=${c.rejectedCalls},failed_calls=${c.failedCalls}`,
    ]);
  }
  return { name: 'Commandstats', fields };
}

/** `errorstat_<PREFIX>:count=N`, sorted by prefix bytes (Redis keeps them in a radix tree). */
export function errorstatsInfoSection(counts: ReadonlyMap<string, number> = new Map()): InfoSection {
  const prefixes = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    name: 'Errorstats',
    fields: prefixes.map((prefix): InfoField => [`errorstat_${safeInfoName(prefix)}`, `count=${counts.get(prefix)!}`]),
  };
}

/** Latency percentiles are not simulated: the header alone (as with latency-tracking off). */
export function latencystatsInfoSection(): InfoSection {
  return { name: 'Latencystats', fields: [] };
}

export function clusterInfoSection(clusterEnabled = false): InfoSection {
  return { name: 'Cluster', fields: [['cluster_enabled', clusterEnabled ? 1 : 0]] };
}

// ---------------------------------------------------------------------------
// Keyspace

export interface KeyspaceInfoInput {
  readonly keys: number;
  readonly expires: number;
  /**
   * Redis's running estimate from active-expire sampling, in ms; it stays 0
   * until the first expire cycle after a TTL is set.
   */
  readonly avgTtlMs: number;
}

/** One `dbN:keys=..,expires=..,avg_ttl=..` line per database (index = N) with keys or expires. */
export function keyspaceInfoSection(databases: readonly (KeyspaceInfoInput | undefined)[]): InfoSection {
  const fields: InfoField[] = [];
  databases.forEach((db, index) => {
    if (db === undefined || (db.keys === 0 && db.expires === 0)) return;
    fields.push([`db${index}`, `keys=${db.keys},expires=${db.expires},avg_ttl=${db.avgTtlMs}`]);
  });
  return { name: 'Keyspace', fields };
}

// ---------------------------------------------------------------------------
// Section selection: INFO [section [section ...]]

export type InfoSectionKey =
  | 'server'
  | 'clients'
  | 'memory'
  | 'persistence'
  | 'stats'
  | 'replication'
  | 'cpu'
  | 'modules'
  | 'commandstats'
  | 'errorstats'
  | 'latencystats'
  | 'cluster'
  | 'keyspace';

/** The order genRedisInfoString prints sections in, whatever order they were asked in. */
export const INFO_SECTION_ORDER: readonly InfoSectionKey[] = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'commandstats',
  'errorstats',
  'latencystats',
  'cluster',
  'keyspace',
];

/** INFO / INFO default: everything but commandstats and latencystats. */
export const DEFAULT_INFO_SECTIONS: readonly InfoSectionKey[] = INFO_SECTION_ORDER.filter(
  (key) => key !== 'commandstats' && key !== 'latencystats',
);

/**
 * Closures building each section; only the selected ones are called. The
 * optional ones default to what a server without modules, cluster mode or
 * latency tracking prints.
 */
export interface InfoSectionBuilders {
  readonly server: () => InfoSection;
  readonly clients: () => InfoSection;
  readonly memory: () => InfoSection;
  readonly persistence: () => InfoSection;
  readonly stats: () => InfoSection;
  readonly replication: () => InfoSection;
  readonly cpu: () => InfoSection;
  readonly keyspace: () => InfoSection;
  readonly modules?: () => InfoSection;
  readonly commandstats?: () => InfoSection;
  readonly errorstats?: () => InfoSection;
  readonly latencystats?: () => InfoSection;
  readonly cluster?: () => InfoSection;
}

/** The arguments after INFO: none, one, or several (Redis 7 accepts several). */
export type InfoArgs = readonly string[] | string | undefined;

/**
 * Which sections INFO prints, in print order. Case-insensitive. `default`
 * adds the default sections, `all` and `everything` select every section
 * (they differ only for module-defined sections, which the simulator has
 * none of); `module_list` is an alias of `modules`; unknown names (and '')
 * select nothing, so `INFO bogus` is an empty reply. Duplicates collapse.
 */
export function selectInfoSections(args: InfoArgs): InfoSectionKey[] {
  const list = args === undefined ? [] : typeof args === 'string' ? [args] : args;
  if (list.length === 0) return [...DEFAULT_INFO_SECTIONS];
  let all = false;
  const wanted = new Set<string>();
  for (const raw of list) {
    const arg = raw.toLowerCase();
    if (arg === 'default') for (const key of DEFAULT_INFO_SECTIONS) wanted.add(key);
    else if (arg === 'all' || arg === 'everything') all = true;
    else wanted.add(arg === 'module_list' ? 'modules' : arg);
  }
  return INFO_SECTION_ORDER.filter((key) => all || wanted.has(key));
}

/** The selected sections, built by calling only their closures. */
export function buildInfoSections(args: InfoArgs, builders: InfoSectionBuilders): InfoSection[] {
  return selectInfoSections(args).map((key) => buildSection(key, builders));
}

function buildSection(key: InfoSectionKey, builders: InfoSectionBuilders): InfoSection {
  switch (key) {
    case 'modules':
      return (builders.modules ?? modulesInfoSection)();
    case 'commandstats':
      return (builders.commandstats ?? commandstatsInfoSection)();
    case 'errorstats':
      return (builders.errorstats ?? errorstatsInfoSection)();
    case 'latencystats':
      return (builders.latencystats ?? latencystatsInfoSection)();
    case 'cluster':
      return (builders.cluster ?? clusterInfoSection)();
    default:
      return builders[key]();
  }
}

/** INFO's reply text: sections separated by an empty line; '' when nothing matched. */
export function buildInfo(args: InfoArgs, builders: InfoSectionBuilders): string {
  return renderInfo(buildInfoSections(args, builders));
}
