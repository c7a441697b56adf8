// Persistence: RDB snapshots (save points, SAVE, BGSAVE through a forked child
// that takes time, the save on SHUTDOWN, the load on start, with the
// replication ID and offset the file carries) and the AOF (every write appended
// to the page cache, fsynced per appendfsync: always before the reply,
// everysec once a second, no when the OS gets to it, modelled as 30 s).
//
// The AOF itself, Redis 7's multi-part directory with its rewrite, is aof.ts.
//
// Simplifications: a fork is instant and the child's time is
// size / rdbSaveBytesPerSec; loading makes the server answer LOADING for
// size / rdbLoadBytesPerSec while the data is already in place.

import type { InfoSection } from '../protocol/info.js';
import { persistenceInfoSection } from '../protocol/info-sections.js';
import { OK, type Command, type Reply } from '../protocol/resp.js';
import * as errors from '../protocol/errors.js';
import type { ProcessTimer } from '../net/actor.js';
import { Keyspace } from './keyspace.js';
import { REDIS_VERSION, type RdbFile } from './rdb-file.js';
import type { CachedMaster } from './replication-replica.js';
import type { RedisServer } from './server.js';
import { AppendOnlyFile } from './aof.js';

export interface ChildProcess {
  /** `disk`: writes dbfilename; `sockets`: streams to replicas (diskless sync); `aof-rewrite`: a new AOF base. */
  readonly kind: 'disk' | 'sockets' | 'aof-rewrite';
  readonly pid: number;
  readonly forReplication: boolean;
  /** master_repl_offset at the fork: what the RDB contains. */
  readonly offset: number;
  readonly file: RdbFile;
  readonly dirtyAtFork: number;
  readonly startedWallMs: number;
  timer: ProcessTimer | null;
}

const BGSAVE_RETRY_SECONDS = 5;
/** Fork CoW: what the child reports; the simulation has no memory to copy. */
const COW_LINE = 'current 0 MB, peak 0 MB, average 0 MB';

export class Persistence {
  /** Changes since the last successful save (server.dirty). */
  dirty = 0;
  child: ChildProcess | null = null;
  private lastSaveWallMs: number;
  private lastBgsaveOk = true;
  private lastBgsaveSeconds = -1;
  private rdbSaves = 0;
  private lastBgsaveTryWallMs = 0;
  private childCount = 0;
  /** BGSAVE SCHEDULE while another child ran: start when it is gone. */
  private bgsaveScheduled = false;
  /** Set by loadAtStartup for a replica whose RDB names its master's history. */
  startupCachedMaster: CachedMaster | null = null;
  readonly aof: AppendOnlyFile;

  constructor(private readonly server: RedisServer) {
    this.lastSaveWallMs = server.ctx.wallClockMs();
    this.aof = new AppendOnlyFile(server, this);
  }

  // ---- loading at start -------------------------------------------------------------

  loadAtStartup(): void {
    const server = this.server;
    const disk = server.ctx.disk;
    const cfg = server.config;
    // With appendonly yes Redis 7 loads the AOF directory only, never dump.rdb.
    if (cfg.appendonly) {
      this.aof.loadAndOpenAtStartup();
      return;
    }
    const file = disk.read<RdbFile>(cfg.dbfilename);
    if (file === undefined) return;
    const asMaster = cfg.replicaof === null;
    const { keyspace, expiredKeys } = Keyspace.loadSnapshot(file.snapshot, server.ctx.wallClockMs(), asMaster);
    server.keyspace = keyspace;
    this.logRdbLoaded(file, keyspace.size, expiredKeys.length);
    const loadUs = this.loadTimeUs(file.snapshot.sizeBytes);
    server.beginLoading(loadUs, file.snapshot.sizeBytes);
    server.log('notice', `DB loaded from disk: ${(loadUs / 1e6).toFixed(3)} seconds`);
    const info = file.replication;
    if (info === null) return;
    const ids = server.ids;
    if (asMaster) {
      // A restarted master keeps its old history as replid2, so replicas can continue.
      ids.replid2 = info.replid;
      ids.secondReplOffset = info.offset + 1;
      ids.masterReplOffset = info.offset;
      ids.createBacklog(cfg.replBacklogSizeBytes);
      for (const key of expiredKeys) server.master.feed([['DEL', key]]);
    } else {
      this.startupCachedMaster = { replid: info.replid, offset: info.offset };
    }
  }

  logRdbLoaded(file: RdbFile, keysLoaded: number, keysExpired: number, aofBase = false): void {
    const server = this.server;
    const ageSeconds = Math.max(0, Math.floor((server.ctx.wallClockMs() - file.savedAtWallMs) / 1000));
    server.log('notice', `Loading RDB produced by version ${file.redisVersion}`);
    server.log('notice', `RDB age ${ageSeconds} seconds`);
    server.log('notice', `RDB memory usage when created ${(file.usedMemoryBytes / 1024 / 1024).toFixed(2)} Mb`);
    if (aofBase) server.log('notice', 'RDB is base AOF');
    server.log('notice', `Done loading RDB, keys loaded: ${keysLoaded}, keys expired: ${keysExpired}.`);
  }

  private loadTimeUs(bytes: number): number {
    return Math.ceil((bytes / this.server.timing.rdbLoadBytesPerSec) * 1_000_000);
  }

  // ---- RDB ----------------------------------------------------------------------------

  /** What the RDB would carry about replication (rdbPopulateSaveInfo). */
  private replicationInfo(): RdbFile['replication'] {
    const server = this.server;
    const ids = server.ids;
    if (server.isMaster) return ids.backlog !== null ? { replid: ids.replid, offset: ids.masterReplOffset } : null;
    if (server.replica!.linkUp) return { replid: ids.replid, offset: ids.masterReplOffset };
    return null;
  }

  /** An AOF base file: the dataset now (it carries no replication ID, as Redis's does not). */
  snapshotForAofBase(): RdbFile {
    return { ...this.rdbFile(), replication: null };
  }

  private rdbFile(): RdbFile {
    const server = this.server;
    const snapshot = server.keyspace.snapshot();
    return {
      snapshot,
      replication: this.replicationInfo(),
      savedAtWallMs: server.ctx.wallClockMs(),
      redisVersion: REDIS_VERSION,
      usedMemoryBytes: 900 * 1024 + 3 * snapshot.sizeBytes,
    };
  }

  private writeRdb(file: RdbFile): void {
    this.server.ctx.disk.write(this.server.config.dbfilename, file, file.snapshot.sizeBytes);
  }

  /** Start a child that writes an RDB to disk or streams it to replicas. */
  fork(kind: ChildProcess['kind'], forReplication: boolean): ChildProcess {
    const server = this.server;
    const file = this.rdbFile();
    const child: ChildProcess = {
      kind,
      pid: server.ctx.pid + ++this.childCount,
      forReplication,
      offset: server.ids.masterReplOffset,
      file,
      dirtyAtFork: this.dirty,
      startedWallMs: server.ctx.wallClockMs(),
      timer: null,
    };
    this.child = child;
    if (kind !== 'aof-rewrite') {
      this.rdbSaves++;
      this.lastBgsaveTryWallMs = child.startedWallMs;
    }
    const durationUs = Math.ceil((file.snapshot.sizeBytes / server.timing.rdbSaveBytesPerSec) * 1_000_000);
    child.timer = server.ctx.setTimer(durationUs, () => this.childDone(child));
    return child;
  }

  private childDone(child: ChildProcess): void {
    const server = this.server;
    if (this.child !== child) return;
    child.timer = null;
    // The AOF child stays ours until the parent reaps it (aof.ts, in cron).
    if (child.kind === 'aof-rewrite') return this.aof.onChildDone(child);
    this.child = null;
    if (child.kind === 'sockets') server.log('notice', `Fork CoW for RDB: ${COW_LINE}`, 'C', child.pid);
    if (child.kind === 'disk') {
      this.writeRdb(child.file);
      server.log('notice', 'DB saved on disk', 'C', child.pid);
      server.log('notice', `Fork CoW for RDB: ${COW_LINE}`, 'C', child.pid);
      server.log('notice', 'Background saving terminated with success');
      this.dirty -= child.dirtyAtFork;
      this.lastSaveWallMs = server.ctx.wallClockMs();
      this.lastBgsaveOk = true;
      this.lastBgsaveSeconds = Math.floor((this.lastSaveWallMs - child.startedWallMs) / 1000);
    }
    server.master.onChildDone(child);
  }

  /** The parent reaped an AOF rewrite child: another fork may start. */
  childReaped(child: ChildProcess): void {
    if (this.child !== child) return;
    this.child = null;
    this.server.master.onChildDone(child);
  }

  /** Kill a child (SHUTDOWN, or the AOF turned off under its rewrite). */
  killChild(child: ChildProcess): void {
    if (this.child !== child) return;
    if (child.timer !== null) this.server.ctx.cancelTimer(child.timer);
    this.child = null;
  }

  saveCommand(): Reply {
    if (this.child !== null) return errors.BGSAVE_IN_PROGRESS;
    this.saveNow();
    return OK;
  }

  private saveNow(): void {
    this.writeRdb(this.rdbFile());
    this.server.log('notice', 'DB saved on disk');
    this.dirty = 0;
    this.lastSaveWallMs = this.server.ctx.wallClockMs();
  }

  bgsaveCommand(cmd: Command): Reply {
    if (this.child !== null) {
      if (this.child.kind !== 'aof-rewrite') return errors.BGSAVE_IN_PROGRESS;
      if ((cmd[1] ?? '').toUpperCase() !== 'SCHEDULE') return errors.BGSAVE_AOF_CHILD_ACTIVE;
      this.bgsaveScheduled = true;
      return errors.BGSAVE_SCHEDULED;
    }
    const child = this.fork('disk', false);
    this.server.log('notice', `Background saving started by pid ${child.pid}`);
    return errors.BGSAVE_STARTED;
  }

  /** SHUTDOWN: final save when save points exist (or SAVE), unless NOSAVE. */
  beforeShutdown(mode: 'save' | 'nosave' | 'default'): void {
    const server = this.server;
    if (this.child !== null) {
      server.log('warning', 'There is a child saving an .rdb. Killing it!');
      if (this.child.timer) server.ctx.cancelTimer(this.child.timer);
      this.child = null;
    }
    this.aof.beforeShutdown();
    if (mode === 'save' || (mode === 'default' && server.config.save.length > 0)) {
      server.log('notice', 'Saving the final RDB snapshot before exiting.');
      this.saveNow();
    }
  }

  // ---- AOF ----------------------------------------------------------------------------

  appendAof(commands: readonly Command[]): void {
    this.aof.append(commands);
  }

  bgrewriteaofCommand(): Reply {
    const outcome = this.aof.requestRewrite();
    if (outcome === 'in-progress') return errors.BGREWRITEAOF_IN_PROGRESS;
    return outcome === 'scheduled' ? errors.BGREWRITEAOF_SCHEDULED : errors.BGREWRITEAOF_STARTED;
  }

  // ---- cron (hz times a second) -----------------------------------------------------------

  cron(): void {
    const server = this.server;
    const cfg = server.config;
    const nowMs = server.ctx.wallClockMs();
    if (this.child === null) {
      for (const point of cfg.save) {
        const sinceSaveSeconds = Math.floor((nowMs - this.lastSaveWallMs) / 1000);
        const mayRetry = this.lastBgsaveOk || nowMs - this.lastBgsaveTryWallMs > BGSAVE_RETRY_SECONDS * 1000;
        if (this.dirty >= point.changes && sinceSaveSeconds > point.seconds && mayRetry) {
          server.log('notice', `${point.changes} changes in ${point.seconds} seconds. Saving...`);
          const child = this.fork('disk', false);
          server.log('notice', `Background saving started by pid ${child.pid}`);
          break;
        }
      }
    }
    if (this.child === null && this.bgsaveScheduled) {
      this.bgsaveScheduled = false;
      const child = this.fork('disk', false);
      server.log('notice', `Background saving started by pid ${child.pid}`);
    }
    this.aof.cron(nowMs);
  }

  infoSection(): InfoSection {
    const server = this.server;
    const child = this.child;
    return persistenceInfoSection({
      loading: server.loadingProgress(),
      rdbChangesSinceLastSave: this.dirty,
      rdbBgsaveInProgress: child?.kind === 'disk',
      ...(child !== null ? { rdbCurrentBgsaveTimeSeconds: Math.floor((server.ctx.wallClockMs() - child.startedWallMs) / 1000) } : {}),
      rdbLastSaveTimeSeconds: Math.floor(this.lastSaveWallMs / 1000),
      rdbLastBgsaveStatus: this.lastBgsaveOk ? 'ok' : 'err',
      rdbLastBgsaveTimeSeconds: this.lastBgsaveSeconds,
      rdbSaves: this.rdbSaves,
      aofEnabled: this.aof.state !== 'off',
      aofRewriteInProgress: this.aof.rewriteInProgress,
      aofRewriteScheduled: this.aof.rewriteScheduled,
      aofLastRewriteTimeSeconds: this.aof.lastRewriteSeconds,
      ...(this.aof.rewriteStartedWallMs !== null ? { aofCurrentRewriteTimeSeconds: Math.floor((server.ctx.wallClockMs() - this.aof.rewriteStartedWallMs) / 1000) } : {}),
      aofRewrites: this.aof.rewrites,
      aofCurrentSize: this.aof.currentSizeBytes,
      aofBaseSize: this.aof.baseSizeBytes,
    });
  }
}
