#!/usr/bin/env node
// The redsim command line: the program (src/cli/program.ts) and the last
// resort for whatever escapes it.

import { main } from './program.js';
import { internalError } from './internal-error.js';

// The last resort: whatever escapes (a bug of ours) is one line on the
// terminal, the stack in a file, and exit 70 (EX_SOFTWARE), never a raw trace.
process.on('uncaughtException', (error) => internalError(error, process.argv));
process.on('unhandledRejection', (error) => internalError(error, process.argv));
void main(process.argv);
