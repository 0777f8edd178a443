import { ConfigError } from "../config/load.js";
import { BaselineError } from "../engine/baseline.js";

/** A usage problem (bad argument, missing path, unknown rule on the command line): one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Exit codes of every command. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/**
 * What to print on stderr for a failure: one line for expected errors
 * (usage, config, baseline) and for internal errors; the stack trace of an
 * internal error only when debugging (--verbose or SHIPSHAPE_DEBUG).
 */
export function failureMessage(e: unknown, debug: boolean): string {
  if (e instanceof UsageError || e instanceof ConfigError || e instanceof BaselineError) return `shipshape: ${e.message}\n`;
  const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
  const stack = debug && e instanceof Error && e.stack ? `${e.stack}\n` : "";
  return `shipshape: internal error: ${message}\n${stack}`;
}
