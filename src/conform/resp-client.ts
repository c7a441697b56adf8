// A small RESP2 client over a real TCP socket, for driving real redis-server
// and redis-sentinel processes: commands in, replies out, a time-out per
// request, and Pub/Sub pattern messages for Sentinel events.

import { Socket, createConnection } from 'node:net';

export type Reply = string | number | null | ReplyError | Reply[];

export class ReplyError extends Error {}

export class RespClient {
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  private closed: Error | null = null;
  /** Pub/Sub messages (after PSUBSCRIBE): channel and payload. */
  onMessage: ((channel: string, message: string) => void) | null = null;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk) => this.receive(chunk));
    const fail = (error: Error) => {
      this.closed = error;
      for (const w of this.waiting.splice(0)) {
        clearTimeout(w.timer);
        w.reject(error);
      }
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static connect(host: string, port: number, timeoutMs: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RespClient(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Send one command; resolves with its reply (an error reply resolves as ReplyError). */
  call(args: readonly (string | number)[], timeoutMs: number): Promise<Reply> {
    if (this.closed !== null) return Promise.reject(this.closed);
    const parts = [`*${args.length}\r\n`];
    for (const a of args) {
      const s = String(a);
      parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
    }
    this.socket.write(parts.join(''));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('timeout'));
        this.close(); // replies would be out of step otherwise
      }, timeoutMs);
      this.waiting.push({ resolve, reject, timer });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (parsed === null) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const reply = parsed.reply;
      if (this.onMessage !== null && Array.isArray(reply) && reply[0] === 'pmessage') {
        this.onMessage(String(reply[2]), String(reply[3]));
        continue;
      }
      const w = this.waiting.shift();
      if (w === undefined) continue;
      clearTimeout(w.timer);
      w.resolve(reply);
    }
  }
}

/** Parse one reply at `at`; null when the buffer does not hold all of it yet. */
export function parseReply(buf: Buffer, at: number): { reply: Reply; end: number } | null {
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[at]!);
  const line = buf.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: new ReplyError(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buf.length < next + length + 2) return null;
      return { reply: buf.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (item === null) return null;
        items.push(item.reply);
        pos = item.end;
      }
      return { reply: items, end: pos };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}
