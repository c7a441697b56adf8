// `npm run bench`: every benchmark, printed as a table. Pass a group name
// (e.g. `npm run bench -- kernel`) to run only that group.

import { benchKernel } from './kernel.js';
import { benchRedis } from './redis.js';
import { benchSentinel } from './sentinel.js';
import { benchCheckers } from './checkers.js';
import { benchExplore } from './explore.js';
import { benchSpeed } from './speed.js';
import { printResults, type BenchResult } from './measure.js';

const groups: Record<string, { title: string; run: () => BenchResult[] | Promise<BenchResult[]> }> = {
  kernel: { title: 'Kernel and network (issue 2)', run: () => benchKernel() },
  redis: { title: 'Redis server actor (issue 3)', run: () => benchRedis() },
  sentinel: { title: 'Sentinel actor (issue 4)', run: () => benchSentinel() },
  checkers: { title: 'Checkers (issue 5)', run: () => benchCheckers() },
  explore: { title: 'Exploration: seeds per minute, simulated/wall (issue 7)', run: () => benchExplore() },
  speed: { title: 'Speed: the standard hour, the bare loop, seeds/min, scaling, memory (issue 12)', run: () => benchSpeed() },
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in groups)) {
    console.error(`bench: unknown group "${name}"; groups: ${Object.keys(groups).join(', ')}`);
    process.exit(2);
  }
}
console.log(`redsim benchmarks — node ${process.version}, ${process.arch}`);
for (const [name, group] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  printResults(group.title, await group.run());
}
