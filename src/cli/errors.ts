// Bad input ends in one clear line and exit code 2, never a stack trace.

export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_EXPECTATION_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
