// Redis 7's multi-part append-only file. A directory (appenddirname) holds a
// base file (an RDB snapshot with aof-use-rdb-preamble yes, the default),
// incr files with the write commands since, and a manifest naming them:
//
//   file appendonly.aof.2.base.rdb seq 2 type b
//   file appendonly.aof.2.incr.aof seq 2 type i
//
// A rewrite (BGREWRITEAOF, auto-aof-rewrite-percentage, or after a replica's
// full sync) forks a child that writes a new base while the parent appends to
// a new incr file; when the parent reaps the child (in serverCron, as Redis
// does) the new base and incr replace the old ones in the manifest, and the
// old files are removed. A normal rewrite lists its new incr file in the
// manifest at once, so a crash meanwhile loses nothing; the rewrite that
// turns the AOF on (a replica after a full sync, CONFIG SET appendonly yes)
// writes to a temp incr file the manifest does not know until the end.
//
// The log lines are 7.0.15's, captured from redis-server with appendonly yes
// (a start, BGREWRITEAOF, a restart, a replica's full sync).
//
// Simplifications: the base file's content is the snapshot either way (the
// preamble setting changes its name and load lines); the child's time is
// size / rdbSaveBytesPerSec as for an RDB; the manifest and the base are
// written atomically and durably (Redis fsyncs them and the directory).

import type { Command } from '../protocol/resp.js';
import { commandBytes } from '../protocol/resp.js';
import { Keyspace } from './keyspace.js';
import type { RdbFile } from './rdb-file.js';
import type { ChildProcess, Persistence } from './persistence.js';
import type { RedisServer } from './server.js';

const OS_WRITEBACK_SECONDS = 30;

interface ManifestEntry {
  readonly name: string;
  readonly seq: number;
}

interface Manifest {
  base: ManifestEntry | null;
  incrs: ManifestEntry[];
}

interface Rewrite {
  readonly child: ChildProcess;
  /** The child has written the new base; the parent finishes at its next cron. */
  childDone: boolean;
  /** The incr file the parent appends to meanwhile. */
  readonly incr: ManifestEntry;
  /** Written under a temp name, unknown to the manifest until the end. */
  readonly tempIncrName: string | null;
}

export class AppendOnlyFile {
  /** off; on; or waiting for the rewrite that turns it on. */
  state: 'off' | 'on' | 'wait-rewrite' = 'off';
  rewriteScheduled = false;
  rewrites = 0;
  lastRewriteSeconds = -1;
  currentSizeBytes = 0;
  baseSizeBytes = 0;
  private manifest: Manifest = { base: null, incrs: [] };
  /** The file writes are appended to now (a name in the directory). */
  private incrName: string | null = null;
  private rewrite: Rewrite | null = null;
  private lastFsyncWallMs: number;
  /** appendonly as last seen: a change is CONFIG SET turning the AOF on or off. */
  private configuredOn: boolean;

  constructor(
    private readonly server: RedisServer,
    private readonly persistence: Persistence,
  ) {
    this.lastFsyncWallMs = server.ctx.wallClockMs();
    this.configuredOn = server.config.appendonly;
  }

  private get cfg() {
    return this.server.config;
  }

  private path(name: string): string {
    return `${this.cfg.appenddirname}/${name}`;
  }

  private get manifestPath(): string {
    return this.path(`${this.cfg.appendfilename}.manifest`);
  }

  get rewriteInProgress(): boolean {
    return this.rewrite !== null;
  }

  get rewriteStartedWallMs(): number | null {
    return this.rewrite?.child.startedWallMs ?? null;
  }

  // ---- start --------------------------------------------------------------------------

  /**
   * appendonly yes at start: load what the manifest names (Redis does not
   * fall back to dump.rdb then), or create the first base and incr files.
   */
  loadAndOpenAtStartup(): void {
    const server = this.server;
    this.manifest = this.readManifest();
    const m = this.manifest;
    if (m.base !== null || m.incrs.length > 0) this.load();
    if (m.base === null && m.incrs.length === 0) {
      const base = this.baseEntry(1);
      this.writeBase(base, this.snapshotFile());
      m.base = base;
      server.log('notice', `Creating AOF base file ${base.name} on server start`);
    }
    const last = m.incrs[m.incrs.length - 1];
    const incr = last ?? this.incrEntry(1);
    if (last === undefined) m.incrs.push(incr);
    this.incrName = incr.name;
    server.ctx.disk.append(this.path(incr.name), []); // open(O_APPEND|O_CREAT)
    this.persistManifest();
    server.log('notice', `${last === undefined ? 'Creating' : 'Opening'} AOF incr file ${incr.name} on server start`);
    this.state = 'on';
    this.currentSizeBytes = this.baseSizeBytes + this.incrBytes(m.incrs);
  }

  private load(): void {
    const server = this.server;
    const disk = server.ctx.disk;
    const m = this.manifest;
    const rate = server.timing.rdbLoadBytesPerSec;
    const timeUs = (bytes: number) => Math.ceil((bytes / rate) * 1_000_000);
    let totalBytes = 0;
    if (m.base !== null) {
      const file = disk.read<RdbFile>(this.path(m.base.name));
      if (file !== undefined) {
        const bytes = file.snapshot.sizeBytes;
        server.log('notice', this.cfg.aofUseRdbPreamble ? 'Reading RDB base file on AOF loading...' : 'Reading the remaining AOF tail...');
        // An AOF base keeps keys that expired meanwhile (they expire later, as commands would).
        const { keyspace } = Keyspace.loadSnapshot(file.snapshot, server.ctx.wallClockMs(), false);
        server.keyspace = keyspace;
        this.persistence.logRdbLoaded(file, keyspace.size, 0, true);
        server.log('notice', `DB loaded from base file ${m.base.name}: ${(timeUs(bytes) / 1e6).toFixed(3)} seconds`);
        this.baseSizeBytes = bytes;
        totalBytes += bytes;
      }
    }
    for (const incr of m.incrs) {
      const commands = disk.read<Command[]>(this.path(incr.name)) ?? [];
      let bytes = 0;
      for (const command of commands) {
        bytes += commandBytes(command);
        const name = command[0]!.toUpperCase();
        if (name === 'MULTI' || name === 'EXEC' || name === 'SELECT') continue;
        server.keyspace.execute(command, { nowMs: server.ctx.wallClockMs(), expiry: 'ignore' });
      }
      // An empty incr file loads as "empty", without its line.
      if (commands.length > 0) server.log('notice', `DB loaded from incr file ${incr.name}: ${(timeUs(bytes) / 1e6).toFixed(3)} seconds`);
      totalBytes += bytes;
    }
    const loadUs = timeUs(totalBytes);
    server.beginLoading(loadUs, totalBytes);
    server.log('notice', `DB loaded from append only file: ${(loadUs / 1e6).toFixed(3)} seconds`);
  }

  // ---- writes ---------------------------------------------------------------------------

  append(commands: readonly Command[]): void {
    if (this.incrName === null || this.state === 'off') return;
    let bytes = 0;
    for (const command of commands) bytes += commandBytes(command);
    const disk = this.server.ctx.disk;
    const file = this.path(this.incrName);
    disk.append(file, commands, bytes);
    this.currentSizeBytes += bytes;
    if (this.cfg.appendfsync === 'always') disk.fsync(file);
  }

  /** SHUTDOWN: what the page cache holds goes to disk. */
  beforeShutdown(): void {
    if (this.state === 'off') return;
    const server = this.server;
    if (this.rewrite !== null) {
      server.log('warning', 'There is a child rewriting the AOF. Killing it!');
      this.abortRewrite();
    }
    server.log('notice', 'Calling fsync() on the AOF file.');
    if (this.incrName !== null) server.ctx.disk.fsync(this.path(this.incrName));
  }

  // ---- rewrite ----------------------------------------------------------------------------

  /** BGREWRITEAOF (and the automatic one): 'started', 'scheduled' (another child runs) or 'in-progress'. */
  requestRewrite(): 'started' | 'scheduled' | 'in-progress' {
    if (this.rewrite !== null) return 'in-progress';
    if (this.persistence.child !== null) {
      this.rewriteScheduled = true;
      return 'scheduled';
    }
    this.startRewrite(false);
    return 'started';
  }

  private startRewrite(turningOn: boolean): void {
    const server = this.server;
    this.rewriteScheduled = false;
    const incr = this.incrEntry(this.lastIncrSeq() + 1);
    const tempIncrName = turningOn ? `temp-${this.cfg.appendfilename}.incr` : null;
    if (tempIncrName === null) {
      this.manifest.incrs.push(incr);
      this.persistManifest();
    } else server.ctx.disk.remove(this.path(tempIncrName));
    this.incrName = tempIncrName ?? incr.name;
    server.ctx.disk.append(this.path(this.incrName), []);
    server.log('notice', `Creating AOF incr file ${this.incrName} on background rewrite`);
    const child = this.persistence.fork('aof-rewrite', false);
    this.rewrite = { child, childDone: false, incr, tempIncrName };
    server.log('notice', `Background append only file rewriting started by pid ${child.pid}`);
  }

  /** The child wrote its temp base (called by persistence when its time is up). */
  onChildDone(child: ChildProcess): void {
    const rewrite = this.rewrite;
    if (rewrite === null || rewrite.child !== child) return;
    const server = this.server;
    server.log('notice', `Successfully created the temporary AOF base file temp-rewriteaof-bg-${child.pid}.aof`, 'C', child.pid);
    server.log('notice', 'Fork CoW for AOF rewrite: current 0 MB, peak 0 MB, average 0 MB', 'C', child.pid);
    rewrite.childDone = true;
  }

  /** The parent reaps the child: the new base and incr replace the old ones. */
  private finishRewrite(rewrite: Rewrite): void {
    const server = this.server;
    const disk = server.ctx.disk;
    const child = rewrite.child;
    server.log('notice', 'Background AOF rewrite terminated with success');
    const old = this.manifest;
    const base = this.baseEntry((old.base?.seq ?? 0) + 1);
    this.writeBase(base, child.file);
    server.log('notice', `Successfully renamed the temporary AOF base file temp-rewriteaof-bg-${child.pid}.aof into ${base.name}`);
    if (rewrite.tempIncrName !== null) {
      disk.rename(this.path(rewrite.tempIncrName), this.path(rewrite.incr.name));
      server.log('notice', `Successfully renamed the temporary AOF incr file ${rewrite.tempIncrName} into ${rewrite.incr.name}`);
    }
    const history = [...old.incrs.filter((i) => i.name !== rewrite.incr.name), ...(old.base !== null ? [old.base] : [])];
    this.manifest = { base, incrs: [rewrite.incr] };
    this.incrName = rewrite.incr.name;
    this.persistManifest();
    for (const h of history) {
      disk.remove(this.path(h.name));
      server.log('notice', `Removing the history file ${h.name} in the background`);
    }
    this.rewrite = null;
    this.state = 'on';
    this.rewrites++;
    this.lastRewriteSeconds = Math.floor((server.ctx.wallClockMs() - child.startedWallMs) / 1000);
    this.baseSizeBytes = child.file.snapshot.sizeBytes;
    this.currentSizeBytes = this.baseSizeBytes + this.incrBytes(this.manifest.incrs);
    server.log('notice', 'Background AOF rewrite finished successfully');
    this.persistence.childReaped(child);
  }

  private abortRewrite(): void {
    const rewrite = this.rewrite;
    if (rewrite === null) return;
    this.rewrite = null;
    this.persistence.killChild(rewrite.child);
    if (rewrite.tempIncrName !== null) this.server.ctx.disk.remove(this.path(rewrite.tempIncrName));
  }

  // ---- a replica's full sync ---------------------------------------------------------------------

  /** The RDB from the master replaces the dataset: the AOF stops (stopAppendOnly). */
  stopForSync(): void {
    if (this.state === 'off') return;
    if (this.rewrite !== null) {
      this.server.log('notice', `Killing running AOF rewrite child: ${this.rewrite.child.pid}`);
      this.abortRewrite();
    }
    if (this.incrName !== null) this.server.ctx.disk.fsync(this.path(this.incrName));
    this.state = 'off';
  }

  /** Loaded: turn the AOF back on with a rewrite of the new dataset (restartAOFAfterSYNC). */
  restartAfterSync(): void {
    if (!this.cfg.appendonly || this.state !== 'off') return;
    this.turnOn();
  }

  private turnOn(): void {
    this.state = 'wait-rewrite';
    if (this.persistence.child !== null) this.rewriteScheduled = true;
    else this.startRewrite(true);
  }

  // ---- cron ----------------------------------------------------------------------------------

  cron(nowMs: number): void {
    const cfg = this.cfg;
    if (this.rewrite?.childDone) this.finishRewrite(this.rewrite);
    // CONFIG SET appendonly: on (with a rewrite) or off. (Redis applies it in
    // the command; here at the next cron, within 1/hz.)
    if (cfg.appendonly !== this.configuredOn) {
      this.configuredOn = cfg.appendonly;
      if (cfg.appendonly && this.state === 'off') this.turnOn();
      else if (!cfg.appendonly) {
        this.abortRewrite();
        this.state = 'off';
      }
    }
    if (this.rewrite === null && this.persistence.child === null && this.rewriteScheduled) this.startRewrite(this.state === 'wait-rewrite');
    if (this.state === 'on' && this.rewrite === null && this.persistence.child === null && cfg.autoAofRewritePercentage > 0 && this.currentSizeBytes > cfg.autoAofRewriteMinSizeBytes) {
      const base = this.baseSizeBytes > 0 ? this.baseSizeBytes : 1;
      const growth = Math.floor((this.currentSizeBytes * 100) / base) - 100;
      if (growth >= cfg.autoAofRewritePercentage) {
        this.server.log('notice', `Starting automatic rewriting of AOF on ${growth}% growth`);
        this.startRewrite(false);
      }
    }
    if (this.state !== 'off' && this.incrName !== null) {
      const disk = this.server.ctx.disk;
      const file = this.path(this.incrName);
      const periodMs = cfg.appendfsync === 'everysec' ? 1000 : cfg.appendfsync === 'no' ? OS_WRITEBACK_SECONDS * 1000 : 0;
      if (periodMs > 0 && nowMs - this.lastFsyncWallMs >= periodMs && disk.unsyncedRecords(file) > 0) {
        disk.fsync(file);
        this.lastFsyncWallMs = nowMs;
      }
    }
  }

  // ---- files -----------------------------------------------------------------------------------

  private baseEntry(seq: number): ManifestEntry {
    return { name: `${this.cfg.appendfilename}.${seq}.base.${this.cfg.aofUseRdbPreamble ? 'rdb' : 'aof'}`, seq };
  }

  private incrEntry(seq: number): ManifestEntry {
    return { name: `${this.cfg.appendfilename}.${seq}.incr.aof`, seq };
  }

  private lastIncrSeq(): number {
    return Math.max(0, ...this.manifest.incrs.map((i) => i.seq));
  }

  private snapshotFile(): RdbFile {
    return this.persistence.snapshotForAofBase();
  }

  private writeBase(entry: ManifestEntry, file: RdbFile): void {
    this.server.ctx.disk.write(this.path(entry.name), file, file.snapshot.sizeBytes);
    this.baseSizeBytes = file.snapshot.sizeBytes;
  }

  private incrBytes(incrs: readonly ManifestEntry[]): number {
    let bytes = 0;
    for (const incr of incrs) for (const command of this.server.ctx.disk.read<Command[]>(this.path(incr.name)) ?? []) bytes += commandBytes(command);
    return bytes;
  }

  private persistManifest(): void {
    const m = this.manifest;
    const lines = [...(m.base !== null ? [`file ${m.base.name} seq ${m.base.seq} type b`] : []), ...m.incrs.map((i) => `file ${i.name} seq ${i.seq} type i`)];
    const text = lines.join('\n') + '\n';
    this.server.ctx.disk.write(this.manifestPath, text, text.length);
  }

  private readManifest(): Manifest {
    const text = this.server.ctx.disk.read<string>(this.manifestPath);
    const manifest: Manifest = { base: null, incrs: [] };
    if (typeof text !== 'string') return manifest;
    for (const line of text.split('\n')) {
      const m = /^file (\S+) seq (\d+) type ([bhi])$/.exec(line.trim());
      if (m === null) continue;
      const entry = { name: m[1]!, seq: Number(m[2]) };
      if (m[3] === 'b') manifest.base = entry;
      else if (m[3] === 'i') manifest.incrs.push(entry);
    }
    return manifest;
  }
}
