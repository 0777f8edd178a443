/**
 * The environment a settings module is evaluated under: the variables a
 * target's committed sources set, or none ("unset"). A variable that is not
 * set is "unset-but-unknown" unless the target's env is complete: reads take
 * the code's default where one exists and are Unknown where none exists.
 */
import type { Span } from "../../parse/span.js";
import type { Target } from "../types.js";

export interface EnvVar {
  /** Null when set to something the model cannot read (an interpolation, a secret reference). */
  value: string | null;
  span: Span;
}

export interface EvalEnv {
  /** Identifies identical environments, so identical views are evaluated once. */
  key: string;
  /** For messages and the settings view: "unset environment", "compose service web". */
  label: string;
  vars: ReadonlyMap<string, EnvVar>;
  /** True when every variable the deployment sets is known: an absent variable is really unset. */
  complete: boolean;
}

export const UNSET_ENV: EvalEnv = { key: "unset", label: "unset environment", vars: new Map(), complete: false };

/** The environment of a target: its sources in precedence order (later wins), then its main process's own entries. */
export function targetEnv(target: Target): EvalEnv {
  const vars = new Map<string, EnvVar>();
  for (const src of target.env) for (const e of src.entries) vars.set(e.name, { value: e.value, span: e.span });
  for (const e of target.main?.env ?? []) vars.set(e.name, { value: e.value, span: e.span });
  const parts = [...vars.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v.value === null ? "\u0000" : v.value}`);
  const key = `${target.envComplete ? "complete" : "partial"}\u0001${parts.join("\u0001")}`;
  return { key, label: target.label, vars, complete: target.envComplete };
}
