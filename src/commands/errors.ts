/** A usage problem (bad argument, missing path, unknown rule on the command line): one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Exit codes of every command. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;
