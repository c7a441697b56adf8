// Node's timers and Date.now, replaced for the length of an in-process run by
// timers of the clients' simulated process: a client library's connect
// time-outs, retry delays and command time-outs then count simulated time,
// fire in the simulation's deterministic order, freeze when its box is paused
// and follow its clock's skew. Callbacks do not run inside a simulation event:
// a due timer is queued, and the driver runs the queue between events, as
// Node's event loop would between I/O callbacks.

import type { ProcessContext, ProcessTimer } from '../net/actor.js';

type Callback = (...args: unknown[]) => void;

/** What setTimeout returns: Node's Timeout shape, enough for libraries that call ref/unref/refresh or use it as a number. */
export class VirtualTimeout {
  timer: ProcessTimer | null = null;
  constructor(
    readonly id: number,
    readonly callback: Callback,
    readonly args: unknown[],
    readonly delayMs: number,
    readonly repeat: boolean,
    private readonly owner: VirtualTimers,
  ) {}
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
  refresh(): this {
    this.owner.arm(this);
    return this;
  }
  close(): this {
    this.owner.clear(this);
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

const GLOBALS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const;

export class VirtualTimers {
  private readonly live = new Map<number, VirtualTimeout>();
  /** Timers that are due, in the order they fell due: the driver runs them. */
  readonly due: VirtualTimeout[] = [];
  private nextId = 1;
  private saved: Record<string, unknown> | null = null;

  constructor(private readonly ctx: ProcessContext) {}

  /** Replace the globals; `uninstall` puts Node's back. */
  install(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    this.saved = Object.fromEntries([...GLOBALS.map((k) => [k, g[k]]), ['dateNow', Date.now]]);
    g['setTimeout'] = (cb: Callback, ms?: number, ...args: unknown[]) => this.add(cb, ms, args, false);
    g['setInterval'] = (cb: Callback, ms?: number, ...args: unknown[]) => this.add(cb, ms, args, true);
    g['setImmediate'] = (cb: Callback, ...args: unknown[]) => this.add(cb, null, args, false);
    for (const k of ['clearTimeout', 'clearInterval', 'clearImmediate']) g[k] = (t: unknown) => this.clear(t);
    Date.now = () => Math.floor(this.ctx.wallClockMs());
  }

  uninstall(): void {
    if (this.saved === null) return;
    const g = globalThis as unknown as Record<string, unknown>;
    for (const k of GLOBALS) g[k] = this.saved[k];
    Date.now = this.saved['dateNow'] as () => number;
    this.saved = null;
    for (const t of this.live.values()) this.ctx.cancelTimer(t.timer);
    this.live.clear();
    this.due.length = 0;
  }

  /** Run the due callbacks (errors are the library's: rethrown after the rest ran). */
  runDue(): void {
    for (const t of this.due.splice(0)) {
      if (!this.live.has(t.id)) continue;
      if (t.repeat) this.arm(t);
      else this.live.delete(t.id);
      t.callback(...t.args);
    }
  }

  arm(t: VirtualTimeout): void {
    this.ctx.cancelTimer(t.timer);
    this.live.set(t.id, t);
    t.timer = this.ctx.setTimer(Math.round(t.delayMs * 1000), () => {
      t.timer = null;
      this.due.push(t);
    });
  }

  clear(handle: unknown): void {
    const id = typeof handle === 'number' ? handle : handle instanceof VirtualTimeout ? handle.id : null;
    if (id === null) return;
    const t = this.live.get(id);
    if (t === undefined) return;
    this.ctx.cancelTimer(t.timer);
    this.live.delete(id);
  }

  /** `ms` null: setImmediate, due now. Otherwise as Node: outside 1..2^31-1 ms it is 1 ms. */
  private add(callback: Callback, ms: number | null | undefined, args: unknown[], repeat: boolean): VirtualTimeout {
    const asked = Number(ms);
    const delayMs = ms === null ? 0 : asked >= 1 && asked <= 2 ** 31 - 1 ? asked : 1;
    const t = new VirtualTimeout(this.nextId++, callback, args, delayMs, repeat, this);
    this.arm(t);
    return t;
  }
}
