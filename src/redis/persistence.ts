// Persistence: RDB snapshots (save points, SAVE, BGSAVE through a forked child
// that takes time, the save on SHUTDOWN, the load on start, with the
// replication ID and offset the file carries) and the AOF (every write appended
// to the page cache, fsynced per appendfsync: always before the reply,
// everysec once a second, no when the OS gets to it, modelled as 30 s).
//
// Simplifications: the AOF is one command log (no Redis 7 multi-part base +
// incr files, no rewrite); a fork is instant and the child's time is
// size / rdbSaveBytesPerSec; loading makes the server answer LOADING for
// size / rdbLoadBytesPerSec while the data is already in place.

import type { InfoSection } from '../protocol/info.js';
import { persistenceInfoSection } from '../protocol/info-sections.js';
import { OK, commandBytes, type Command, type Reply } from '../protocol/resp.js';
import * as errors from '../protocol/errors.js';
import type { ProcessTimer } from '../net/actor.js';
import { Keyspace } from './keyspace.js';
import { REDIS_VERSION, type RdbFile } from './rdb-file.js';
import type { CachedMaster } from './replication-replica.js';
import type { RedisServer } from './server.js';

export interface ChildProcess {
  /** `disk`: writes dbfilename; `sockets`: streams to replicas (diskless sync). */
  readonly kind: 'disk' | 'sockets';
  readonly pid: number;
  readonly forReplication: boolean;
  /** master_repl_offset at the fork: what the RDB contains. */
  readonly offset: number;
  readonly file: RdbFile;
  readonly dirtyAtFork: number;
  readonly startedWallMs: number;
  timer: ProcessTimer | null;
}

const OS_WRITEBACK_SECONDS = 30;
const BGSAVE_RETRY_SECONDS = 5;

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
  private lastFsyncWallMs: number;
  /** Set by loadAtStartup for a replica whose RDB names its master's history. */
  startupCachedMaster: CachedMaster | null = null;

  constructor(private readonly server: RedisServer) {
    this.lastSaveWallMs = server.ctx.wallClockMs();
    this.lastFsyncWallMs = this.lastSaveWallMs;
  }

  private get aofName(): string {
    return this.server.config.appendfilename;
  }

  // ---- loading at start -------------------------------------------------------------

  loadAtStartup(): void {
    const server = this.server;
    const disk = server.ctx.disk;
    const cfg = server.config;
    if (cfg.appendonly && disk.has(this.aofName)) {
      const commands = disk.read<Command[]>(this.aofName)!;
      let bytes = 0;
      for (const command of commands) {
        bytes += commandBytes(command);
        const name = command[0]!.toUpperCase();
        if (name === 'MULTI' || name === 'EXEC' || name === 'SELECT') continue;
        server.keyspace.execute(command, { nowMs: server.ctx.wallClockMs(), expiry: 'ignore' });
      }
      const loadUs = this.loadTimeUs(bytes);
      server.beginLoading(loadUs, bytes);
      server.log('notice', `DB loaded from append only file: ${(loadUs / 1e6).toFixed(3)} seconds`);
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

  logRdbLoaded(file: RdbFile, keysLoaded: number, keysExpired: number): void {
    const server = this.server;
    const ageSeconds = Math.max(0, Math.floor((server.ctx.wallClockMs() - file.savedAtWallMs) / 1000));
    server.log('notice', `Loading RDB produced by version ${file.redisVersion}`);
    server.log('notice', `RDB age ${ageSeconds} seconds`);
    server.log('notice', `RDB memory usage when created ${(file.usedMemoryBytes / 1024 / 1024).toFixed(2)} Mb`);
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
  fork(kind: 'disk' | 'sockets', forReplication: boolean): ChildProcess {
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
    this.rdbSaves++;
    this.lastBgsaveTryWallMs = child.startedWallMs;
    const durationUs = Math.ceil((file.snapshot.sizeBytes / server.timing.rdbSaveBytesPerSec) * 1_000_000);
    child.timer = server.ctx.setTimer(durationUs, () => this.childDone(child));
    return child;
  }

  private childDone(child: ChildProcess): void {
    const server = this.server;
    if (this.child !== child) return;
    this.child = null;
    if (child.kind === 'disk') {
      this.writeRdb(child.file);
      server.log('notice', 'DB saved on disk', 'C', child.pid);
      server.log('notice', 'Background saving terminated with success');
      this.dirty -= child.dirtyAtFork;
      this.lastSaveWallMs = server.ctx.wallClockMs();
      this.lastBgsaveOk = true;
      this.lastBgsaveSeconds = Math.floor((this.lastSaveWallMs - child.startedWallMs) / 1000);
    }
    server.master.onChildDone(child);
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
      if ((cmd[1] ?? '').toUpperCase() === 'SCHEDULE') return errors.BGSAVE_SCHEDULED;
      return errors.BGSAVE_IN_PROGRESS;
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
    if (server.config.appendonly) {
      server.log('notice', 'Calling fsync() on the AOF file.');
      server.ctx.disk.fsync(this.aofName);
    }
    if (mode === 'save' || (mode === 'default' && server.config.save.length > 0)) {
      server.log('notice', 'Saving the final RDB snapshot before exiting.');
      this.saveNow();
    }
  }

  // ---- AOF ----------------------------------------------------------------------------

  appendAof(commands: readonly Command[]): void {
    const server = this.server;
    if (!server.config.appendonly) return;
    let bytes = 0;
    for (const command of commands) bytes += commandBytes(command);
    server.ctx.disk.append(this.aofName, commands, bytes);
    if (server.config.appendfsync === 'always') server.ctx.disk.fsync(this.aofName);
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
    if (cfg.appendonly) {
      const disk = server.ctx.disk;
      const periodMs = cfg.appendfsync === 'everysec' ? 1000 : cfg.appendfsync === 'no' ? OS_WRITEBACK_SECONDS * 1000 : 0;
      if (periodMs > 0 && nowMs - this.lastFsyncWallMs >= periodMs && disk.unsyncedRecords(this.aofName) > 0) {
        disk.fsync(this.aofName);
        this.lastFsyncWallMs = nowMs;
      }
    }
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
      aofEnabled: server.config.appendonly,
    });
  }
}
