import type { Severity } from "../engine/types.js";

/** Configuration after merging the config file and CLI flags. */
export interface ResolvedConfig {
  /** Rule codes selected (prefixes allowed, e.g. `DJ`); empty = all. */
  select: string[];
  ignore: string[];
  severity: Record<string, Severity>;
  exclude: string[];
  perFileIgnores: Record<string, string[]>;
  /** Production settings module(s) named by the user, overriding inference. */
  settings: string[];
  envFiles: string[];
  failOn: Severity | "never";
  /** Where the config was read from, for messages; null when defaults. */
  source: string | null;
}

export function defaultConfig(): ResolvedConfig {
  return {
    select: [],
    ignore: [],
    severity: {},
    exclude: [],
    perFileIgnores: {},
    settings: [],
    envFiles: [],
    failOn: "warning",
    source: null,
  };
}
