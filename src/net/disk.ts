// A process's storage: named files that survive crashes and restarts. It models
// the OS page cache: `write` replaces a file atomically and durably (how Redis
// saves an RDB: temp file, fsync, rename); `append` adds records that are only
// in the page cache until `fsync`. A process crash (kill -9) loses nothing the
// program had handed to the kernel; a host power failure loses every append not
// yet fsynced. What the program keeps in its own memory is lost either way.

interface DiskFile {
  content: unknown;
  /** For append-only files: the records, and how many of them are fsynced. */
  records: unknown[] | null;
  durableRecords: number;
}

export class Disk {
  private readonly files = new Map<string, DiskFile>();
  private bytesWritten = 0;

  read<T>(name: string): T | undefined {
    const file = this.files.get(name);
    if (file === undefined) return undefined;
    return (file.records ?? file.content) as T;
  }

  has(name: string): boolean {
    return this.files.has(name);
  }

  /** Replace a whole file, durably. Writers must not mutate `content` later. */
  write(name: string, content: unknown, bytes = 0): void {
    this.files.set(name, { content, records: null, durableRecords: 0 });
    this.bytesWritten += bytes;
  }

  /** Append records to a log file (page cache only until `fsync`). */
  append(name: string, records: readonly unknown[], bytes = 0): void {
    let file = this.files.get(name);
    if (file === undefined || file.records === null) {
      file = { content: null, records: [], durableRecords: 0 };
      this.files.set(name, file);
    }
    for (const record of records) file.records!.push(record);
    this.bytesWritten += bytes;
  }

  /** Make everything appended so far durable. */
  fsync(name: string): void {
    const file = this.files.get(name);
    if (file?.records) file.durableRecords = file.records.length;
  }

  /** Records appended but not yet fsynced. */
  unsyncedRecords(name: string): number {
    const file = this.files.get(name);
    return file?.records ? file.records.length - file.durableRecords : 0;
  }

  /** rename(2): the file, durable records and all, under a new name (replacing any). */
  rename(from: string, to: string): void {
    const file = this.files.get(from);
    if (file === undefined) return;
    this.files.delete(from);
    this.files.set(to, file);
  }

  /** Size of an append-only file in records (0 when missing). */
  recordCount(name: string): number {
    return this.files.get(name)?.records?.length ?? 0;
  }

  remove(name: string): void {
    this.files.delete(name);
  }

  names(): string[] {
    return [...this.files.keys()];
  }

  /** Bytes written over the disk's life, as the writers reported them. */
  get totalBytesWritten(): number {
    return this.bytesWritten;
  }

  /** The host lost power: appends that were never fsynced are gone. */
  losePageCache(): void {
    for (const file of this.files.values()) {
      if (file.records !== null) file.records.length = file.durableRecords;
    }
  }

  /** Lose everything: a restart "without persistence" or a replaced machine. */
  wipe(): void {
    this.files.clear();
  }
}
