// A host (a box) is the unit of partitions: its processes are cut off together.
// It owns its outgoing links, indexed by the destination host's index, so a
// socket finds its link without a lookup.

import type { Link } from './link.js';
import type { SimProcess } from './process.js';

export class Host {
  readonly processes: SimProcess[] = [];
  /** linksOut[other.index] is the link from this host to `other` (loopback at our own index). */
  readonly linksOut: Link[] = [];
  /** False after a power failure until something on it starts again: it answers nothing. */
  powered = true;

  constructor(
    readonly name: string,
    readonly index: number,
  ) {}

  linkTo(other: Host): Link {
    return this.linksOut[other.index]!;
  }
}
