// The kernel's agenda: a binary min-heap of timers ordered by (time, sequence).
// Equal times run in the order they were scheduled, which is what makes a run
// reproducible. Cancelling is O(1): the timer is marked dead and skipped when it
// reaches the top; the heap is compacted if dead timers come to dominate it.

import type { Microseconds } from './time.js';

export type TimerCallback<T> = (arg: T) => void;

export class Timer {
  /** Set to null when cancelled or fired. */
  callback: TimerCallback<any> | null;
  constructor(
    readonly timeUs: Microseconds,
    readonly seq: number,
    callback: TimerCallback<any>,
    readonly arg: unknown,
  ) {
    this.callback = callback;
  }
  get pending(): boolean {
    return this.callback !== null;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);
}

export class EventQueue {
  private heap: Timer[] = [];
  private nextSeq = 0;
  private cancelledInHeap = 0;

  get size(): number {
    return this.heap.length - this.cancelledInHeap;
  }

  push<T>(timeUs: Microseconds, callback: TimerCallback<T>, arg: T): Timer {
    const timer = new Timer(timeUs, this.nextSeq++, callback, arg);
    const heap = this.heap;
    let i = heap.length;
    heap.push(timer);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
    return timer;
  }

  cancel(timer: Timer): void {
    if (timer.callback === null) return;
    timer.callback = null;
    this.cancelledInHeap++;
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.length) this.compact();
  }

  /** Time of the earliest live timer, or Infinity. */
  peekTimeUs(): Microseconds {
    this.dropCancelledTop();
    const top = this.heap[0];
    return top === undefined ? Infinity : top.timeUs;
  }

  /** Removes and returns the earliest live timer (its callback still set). */
  pop(): Timer | undefined {
    this.dropCancelledTop();
    return this.popTop();
  }

  private dropCancelledTop(): void {
    const heap = this.heap;
    while (heap.length > 0 && heap[0]!.callback === null) {
      this.popTop();
      this.cancelledInHeap--;
    }
  }

  private popTop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        let child = left;
        if (right < n && before(heap[right]!, heap[left]!)) child = right;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  private compact(): void {
    const live = this.heap.filter((t) => t.callback !== null);
    live.sort((a, b) => (a.timeUs - b.timeUs) || (a.seq - b.seq));
    // A sorted array is a valid binary heap.
    this.heap = live;
    this.cancelledInHeap = 0;
  }
}
