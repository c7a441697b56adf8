// A process's durable storage: named files that survive crashes and restarts
// (unless a fault wipes them). Writes are durable at once; a program that
// buffers before fsync (Redis's AOF) keeps that buffer in its own memory, where
// a crash loses it. Values are stored as given: writers must not mutate them later.

export class Disk {
  private readonly files = new Map<string, unknown>();
  private bytesWritten = 0;

  read<T>(name: string): T | undefined {
    return this.files.get(name) as T | undefined;
  }

  has(name: string): boolean {
    return this.files.has(name);
  }

  write(name: string, content: unknown, bytes = 0): void {
    this.files.set(name, content);
    this.bytesWritten += bytes;
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

  /** Lose everything: a restart "without persistence" or a replaced machine. */
  wipe(): void {
    this.files.clear();
  }
}
