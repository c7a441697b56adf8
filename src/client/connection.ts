// A client's connection to one Redis or Sentinel node, as client libraries
// have it: requests are pipelined and answered in order; each has a time-out;
// a time-out closes the connection (the reply, if it ever comes, can no longer
// be matched) and the request's outcome is unknown. A request that never left
// (the connect failed) certainly did not happen.
//
// Time-outs: by default one per request, from the moment it is made, covering
// the connect too. With a connect time-out (what client libraries have:
// Jedis' connectionTimeout/soTimeout, redis-py's socket_connect_timeout/
// socket_timeout), the connect has its own and each request's starts when it
// is sent.
import type { ProcessContext, ProcessTimer, Socket } from '../net/actor.js';
import { commandBytes, type Command, type Reply } from '../protocol/resp.js';

/** How a request ended, from the client's side. */
export type RequestOutcome =
  | { readonly kind: 'reply'; readonly reply: Reply }
  /** Never sent: it certainly did not happen. */
  | { readonly kind: 'not-sent'; readonly reason: string }
  /** Sent, then no answer: it may or may not have happened. */
  | { readonly kind: 'unknown'; readonly reason: 'timeout' | 'connection-closed' };

interface Pending {
  readonly command: Command;
  readonly done: (outcome: RequestOutcome) => void;
  timer: ProcessTimer | null;
  sent: boolean;
}

export class ClientConnection {
  private readonly socket: Socket;
  private readonly pending: Pending[] = [];
  private closed = false;
  /** Pub/Sub messages (after SUBSCRIBE) go here instead of to a request. */
  onPush: ((reply: Reply) => void) | null = null;
  private subscribed = false;
  private connectTimer: ProcessTimer | null = null;

  constructor(
    private readonly ctx: ProcessContext,
    readonly host: string,
    readonly port: number,
    private readonly timeoutUs: number,
    private readonly onClosed: (connection: ClientConnection) => void = () => {},
    private readonly connectTimeoutUs: number | null = null,
  ) {
    this.socket = ctx.connect(host, port, {
      onOpen: () => {
        this.ctx.cancelTimer(this.connectTimer);
        this.connectTimer = null;
        for (const p of [...this.pending]) this.transmit(p);
      },
      onData: (_s, payload) => this.receive(payload as Reply),
      onClose: (_s, reason) => this.fail(reason === 'refused' || reason === 'unresolved' || reason === 'timeout' ? reason : 'connection-closed'),
    });
    if (connectTimeoutUs !== null) {
      this.connectTimer = ctx.setTimer(connectTimeoutUs, () => {
        this.connectTimer = null;
        if (this.socket.state === 'open') return;
        this.socket.close();
        this.fail('connect timeout');
      });
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  request(command: Command, done: (outcome: RequestOutcome) => void): void {
    if (this.closed) {
      done({ kind: 'not-sent', reason: 'connection-closed' });
      return;
    }
    const p: Pending = { command, done, timer: null, sent: false };
    // With a connect time-out of its own, a request's time starts when it is sent.
    if (this.connectTimeoutUs === null || this.socket.state === 'open') p.timer = this.ctx.setTimer(this.timeoutUs, () => this.timeout(p));
    this.pending.push(p);
    if (this.socket.state === 'open') this.transmit(p);
  }

  /** SUBSCRIBE: replies and messages then arrive through `onPush`. */
  subscribe(channels: string[], onPush: (reply: Reply) => void): void {
    this.subscribed = true;
    this.onPush = onPush;
    const command: Command = ['SUBSCRIBE', ...channels];
    if (this.socket.state === 'open') this.socket.send(command, commandBytes(command));
    else this.pending.push({ command, done: () => {}, timer: null, sent: false });
  }

  close(): void {
    if (this.closed) return;
    this.socket.close();
    this.fail('connection-closed');
  }

  private transmit(p: Pending): void {
    if (p.sent) return;
    p.sent = true;
    this.socket.send(p.command, commandBytes(p.command));
    if (this.subscribed && p.command[0] === 'SUBSCRIBE') this.pending.splice(this.pending.indexOf(p), 1);
    else p.timer ??= this.ctx.setTimer(this.timeoutUs, () => this.timeout(p));
  }

  private receive(reply: Reply): void {
    if (this.subscribed) {
      this.onPush?.(reply);
      return;
    }
    const p = this.pending.shift();
    if (p === undefined) return;
    this.ctx.cancelTimer(p.timer);
    p.done({ kind: 'reply', reply });
  }

  private timeout(p: Pending): void {
    p.timer = null;
    // Sent or not, a request still pending at its deadline gives up the
    // connection: a late reply could no longer be matched to its request.
    const index = this.pending.indexOf(p);
    if (index < 0) return;
    this.pending.splice(index, 1);
    p.done(p.sent ? { kind: 'unknown', reason: 'timeout' } : { kind: 'not-sent', reason: 'connect timeout' });
    this.close();
  }

  private fail(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ctx.cancelTimer(this.connectTimer);
    const pending = this.pending.splice(0);
    for (const p of pending) {
      this.ctx.cancelTimer(p.timer);
      p.done(p.sent ? { kind: 'unknown', reason: 'connection-closed' } : { kind: 'not-sent', reason });
    }
    this.onClosed(this);
  }
}
