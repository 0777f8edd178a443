import type { Severity } from "../engine/types.js";
import type { Span } from "../parse/span.js";

export type FailOn = Severity | "never";

/** A rule name in the config that matches no rule: becomes a PX003 finding at that spot. */
export interface UnknownRuleRef {
  /** The value as written, e.g. `DJ999`. */
  name: string;
  /** The config key that holds it, e.g. `select` or `per-file-ignores."deploy/*"`. */
  key: string;
  span: Span;
}

/** Configuration after merging the config file and CLI flags. */
export interface ResolvedConfig {
  /** Rule codes or code prefixes selected (e.g. `DJ`, `DJ1`, `DJ101`); empty = all. */
  select: string[];
  /** Rule codes or code prefixes switched off; wins over `select`. */
  ignore: string[];
  /** Severity per rule code. */
  severity: Record<string, Severity>;
  /** gitignore-style patterns of files not read at all. */
  exclude: string[];
  /** gitignore-style pattern → rule codes or prefixes not reported in matching files. */
  perFileIgnores: Record<string, string[]>;
  /** Production settings module(s) named by the user, overriding inference. */
  settings: string[];
  /** Env files (relative to the root) that production targets load, in addition to those wired in the repo. */
  envFiles: string[];
  failOn: FailOn;
  /** Report suppressions that suppress nothing (PX002). */
  reportUnusedIgnores: boolean;
  /** Rule names in the config file that match no rule (PX003). */
  unknownRules: UnknownRuleRef[];
  /** Where the config was read from, relative to the root when inside it; null when defaults. */
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
    reportUnusedIgnores: false,
    unknownRules: [],
    source: null,
  };
}

/** True when a rule code is matched by a code or prefix in `list`. */
export function matchesAny(code: string, list: readonly string[]): boolean {
  return list.some((p) => code.startsWith(p));
}

/** Whether a rule runs under this config: selected (or nothing selected) and not ignored. */
export function isSelected(code: string, config: Pick<ResolvedConfig, "select" | "ignore">): boolean {
  return (config.select.length === 0 || matchesAny(code, config.select)) && !matchesAny(code, config.ignore);
}
