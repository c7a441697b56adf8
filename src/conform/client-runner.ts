// Entry point of a real-run client process: the spec as JSON in argv[2],
// the history out as one JSON operation per line on stdout.

import { runRealClient, type RealClientSpec } from './real-client.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as RealClientSpec;
await runRealClient(spec, (op) => process.stdout.write(JSON.stringify(op) + '\n'));
