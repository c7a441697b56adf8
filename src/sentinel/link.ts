// A Sentinel's connections to one instance: a command connection (all types)
// and a Pub/Sub connection (masters and replicas), as sentinel.c's
// instanceLink. As with hiredis, a connection object exists from the moment
// the connect is started, and commands issued while it is still connecting are
// queued and sent once it opens; replies come back in order and each goes to
// the callback of its command.

import type { CloseReason, ProcessContext, Socket } from '../net/actor.js';
import { commandBytes, type Command, type Reply } from '../protocol/resp.js';

export type ReplyCallback = (reply: Reply | null) => void;

class Connection {
  readonly socket: Socket;
  private readonly queuedBeforeOpen: Command[] = [];
  readonly callbacks: ReplyCallback[] = [];
  readonly connectedAtMs: number;

  constructor(
    ctx: ProcessContext,
    host: string,
    port: number,
    onOpen: () => void,
    onData: (reply: Reply) => void,
    onClose: (reason: CloseReason) => void,
  ) {
    this.connectedAtMs = ctx.wallClockMs();
    this.socket = ctx.connect(host, port, {
      onOpen: () => {
        for (const command of this.queuedBeforeOpen) this.socket.send(command, commandBytes(command));
        this.queuedBeforeOpen.length = 0;
        onOpen();
      },
      onData: (_s, payload) => onData(payload as Reply),
      onClose: (_s, reason) => onClose(reason),
    });
  }

  send(command: Command): void {
    if (this.socket.state === 'open') this.socket.send(command, commandBytes(command));
    else this.queuedBeforeOpen.push(command);
  }
}

export class InstanceLink {
  private cc: Connection | null = null;
  private pc: Connection | null = null;
  /** Time of the last connection attempt (reconnects at most once per ping period). */
  lastReconnTime = 0;
  /** When the outstanding PING was sent; 0 = none outstanding. */
  actPingTime: number;
  lastPingTime = 0;
  /** Last reply of any kind to a PING. */
  lastPongTime: number;
  /** Last acceptable reply (PONG, LOADING, MASTERDOWN). */
  lastAvailTime: number;
  /** Last message on the Pub/Sub connection. */
  pcLastActivity = 0;

  constructor(
    private readonly ctx: ProcessContext,
    /** Sentinel peers need no Pub/Sub connection. */
    readonly wantsPubSub: boolean,
    nowMs: number,
  ) {
    this.actPingTime = nowMs;
    this.lastPongTime = nowMs;
    this.lastAvailTime = nowMs;
  }

  /** A required connection is missing. */
  get disconnected(): boolean {
    return this.cc === null || (this.wantsPubSub && this.pc === null);
  }

  get pendingCommands(): number {
    return this.cc === null ? 0 : this.cc.callbacks.length;
  }

  get ccConnectedAtMs(): number {
    return this.cc?.connectedAtMs ?? 0;
  }

  get pcConnectedAtMs(): number {
    return this.pc?.connectedAtMs ?? 0;
  }

  get hasCommandConnection(): boolean {
    return this.cc !== null;
  }

  get hasPubSubConnection(): boolean {
    return this.pc !== null;
  }

  /** Open whatever connection is missing. Returns which ones were started. */
  connect(
    host: string,
    port: number,
    handlers: {
      onCommandOpen: () => void;
      onPubSubOpen: () => void;
      onPubSubMessage: (reply: Reply) => void;
      onError: (which: 'cmd' | 'pubsub', reason: CloseReason) => void;
    },
  ): { cmd: boolean; pubsub: boolean } {
    const started = { cmd: false, pubsub: false };
    if (this.cc === null) {
      const conn: Connection = new Connection(
        this.ctx,
        host,
        port,
        handlers.onCommandOpen,
        (reply) => {
          const callback = conn.callbacks.shift();
          callback?.(reply);
        },
        (reason) => {
          if (this.cc !== conn) return;
          this.dropCommandConnection();
          handlers.onError('cmd', reason);
        },
      );
      this.cc = conn;
      started.cmd = true;
    }
    if (this.wantsPubSub && this.pc === null) {
      const conn: Connection = new Connection(
        this.ctx,
        host,
        port,
        handlers.onPubSubOpen,
        (reply) => {
          this.pcLastActivity = this.ctx.wallClockMs();
          handlers.onPubSubMessage(reply);
        },
        (reason) => {
          if (this.pc !== conn) return;
          this.pc = null;
          handlers.onError('pubsub', reason);
        },
      );
      this.pc = conn;
      this.pcLastActivity = this.ctx.wallClockMs();
      started.pubsub = true;
    }
    return started;
  }

  /** Send on the command connection; `callback` gets the reply, or null if the link drops first. */
  command(command: Command, callback: ReplyCallback = () => {}): boolean {
    if (this.cc === null) return false;
    this.cc.send(command);
    this.cc.callbacks.push(callback);
    return true;
  }

  /** Send on the Pub/Sub connection (SUBSCRIBE); replies arrive as messages. */
  pubsubCommand(command: Command): void {
    this.pc?.send(command);
  }

  closeCommandConnection(): void {
    if (this.cc === null) return;
    this.cc.socket.close();
    this.dropCommandConnection();
  }

  closePubSubConnection(): void {
    if (this.pc === null) return;
    this.pc.socket.close();
    this.pc = null;
  }

  close(): void {
    this.closeCommandConnection();
    this.closePubSubConnection();
  }

  private dropCommandConnection(): void {
    const conn = this.cc!;
    this.cc = null;
    // Pending commands die with the connection (hiredis calls them with no reply).
    const callbacks = conn.callbacks.splice(0);
    for (const callback of callbacks) callback(null);
  }
}
