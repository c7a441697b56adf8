// A net.Socket look-alike whose bytes travel through the simulation: what a
// client library writes is parsed into commands and sent from the clients'
// simulated process over the simulated network; replies come back as RESP
// bytes on its readable side. Connects, resets, refusals and time-outs of the
// simulated connection become the events and error codes Node gives a real
// socket, so the library's own handling of them is what runs.

import { Duplex } from 'node:stream';
import type { CloseReason } from '../net/actor.js';
import { encodeReply, type Reply } from '../protocol/resp.js';
import { encodeReplyResp3, type Resp3Shape } from '../protocol/resp3.js';
import type { Gateway, GatewayConnection } from '../serve/gateway.js';
import { CommandReader } from '../serve/resp-reader.js';

/** A Node-style socket error: `connect ECONNREFUSED m1:6379`. */
function socketError(code: string, syscall: string, host: string, port: number): NodeJS.ErrnoException {
  const text = syscall === 'getaddrinfo' ? `${syscall} ${code} ${host}` : syscall === 'read' ? `${syscall} ${code}` : `${syscall} ${code} ${host}:${port}`;
  const e = new Error(text) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  return e;
}

export class SimulatedSocket extends Duplex {
  connecting = true;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly remoteFamily = 'IPv4';
  private readonly conn: GatewayConnection;
  private readonly reader = new CommandReader();
  private idleMs = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    gateway: Gateway,
    id: number,
    host: string,
    port: number,
    kind: 'redis' | 'sentinel',
    /** Told whenever the library has something new to react to. */
    private readonly touched: () => void,
  ) {
    super({ allowHalfOpen: false });
    this.remoteAddress = host;
    this.remotePort = port;
    this.conn = gateway.connect(
      id,
      host,
      port,
      {
        opened: () =>
          this.later(() => {
            this.connecting = false;
            this.emit('connect');
            this.emit('ready');
            this.bumpIdle();
          }),
        reply: (reply: Reply, shape: Resp3Shape | null) => {
          const bytes = shape === null ? encodeReply(reply) : encodeReplyResp3(reply, shape);
          this.later(() => {
            if (this.destroyed) return;
            this.push(bytes);
            this.bumpIdle();
          });
        },
        closed: (reason: CloseReason) => this.later(() => this.closedBySimulation(reason, host, port)),
      },
      kind,
    );
  }

  /**
   * Library code never runs inside a simulation event: what the simulated
   * connection reports is handed over on the next tick, which the driver lets
   * run between events.
   */
  private later(action: () => void): void {
    this.touched();
    process.nextTick(action);
  }

  private closedBySimulation(reason: CloseReason, host: string, port: number): void {
    if (this.destroyed) return;
    if (reason === 'eof') return void this.push(null);
    const wasConnecting = this.connecting;
    this.connecting = false;
    if (reason === 'refused') this.destroy(socketError('ECONNREFUSED', 'connect', host, port));
    else if (reason === 'unresolved') this.destroy(socketError('ENOTFOUND', 'getaddrinfo', host, port));
    else if (reason === 'timeout') this.destroy(socketError('ETIMEDOUT', wasConnecting ? 'connect' : 'read', host, port));
    else this.destroy(socketError('ECONNRESET', 'read', host, port));
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const { commands, error } = this.reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    for (const command of commands) this.conn.send(command);
    this.bumpIdle();
    // A protocol error: the server answers it and closes, as Redis does.
    if (error !== null) {
      this.push(`-ERR ${error}\r\n`);
      this.push(null);
      this.conn.close();
    }
    callback();
  }

  override _read(): void {}

  override _final(callback: (error?: Error | null) => void): void {
    this.conn.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.clearIdle();
    this.conn.close();
    callback(error);
  }

  /** socket.setTimeout: `timeout` after `ms` without activity (0 turns it off). */
  setTimeout(ms: number, callback?: () => void): this {
    if (callback !== undefined) {
      if (ms === 0) this.removeListener('timeout', callback);
      else this.once('timeout', callback);
    }
    this.idleMs = ms;
    this.bumpIdle();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  address(): { address: string; family: string; port: number } {
    return { address: '0.0.0.0', family: 'IPv4', port: 0 };
  }

  private bumpIdle(): void {
    this.clearIdle();
    if (this.idleMs > 0 && !this.destroyed) this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
