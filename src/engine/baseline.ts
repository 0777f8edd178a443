import { readFileSync, writeFileSync } from "node:fs";
import type { Finding } from "./types.js";

/**
 * A baseline records the findings a project accepted when it adopted
 * shipshape. Findings are matched by fingerprint (rule + file + normalised
 * line content + ordinal among identical lines), so moving code up or down
 * keeps them matched, while a new instance — even of the same rule in the
 * same file — is reported.
 */
export interface Baseline {
  version: 1;
  tool: "shipshape";
  findings: BaselineEntry[];
}

export interface BaselineEntry {
  code: string;
  file: string;
  fingerprint: string;
  /** For people reading the file; not used for matching. */
  message: string;
}

export class BaselineError extends Error {}

export function toBaseline(findings: readonly Finding[]): Baseline {
  return {
    version: 1,
    tool: "shipshape",
    findings: findings.map((f) => ({ code: f.code, file: f.span.file, fingerprint: f.fingerprint, message: f.message })),
  };
}

export function writeBaseline(path: string, findings: readonly Finding[]): void {
  writeFileSync(path, JSON.stringify(toBaseline(findings), null, 2) + "\n");
}

export function readBaseline(path: string): Baseline {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new BaselineError(`baseline ${path} is not valid JSON`);
  }
  const b = data as Partial<Baseline>;
  if (b?.tool !== "shipshape" || b.version !== 1 || !Array.isArray(b.findings) || b.findings.some((e) => typeof e?.fingerprint !== "string" || typeof e.code !== "string"))
    throw new BaselineError(`${path} is not a shipshape baseline (version 1)`);
  return b as Baseline;
}

/** Splits findings into new ones and those the baseline already holds (each baseline entry hides at most one finding). */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { kept: Finding[]; hidden: Finding[] } {
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) remaining.set(e.fingerprint, (remaining.get(e.fingerprint) ?? 0) + 1);
  const kept: Finding[] = [];
  const hidden: Finding[] = [];
  for (const f of findings) {
    const n = remaining.get(f.fingerprint) ?? 0;
    if (n > 0) {
      remaining.set(f.fingerprint, n - 1);
      hidden.push(f);
    } else kept.push(f);
  }
  return { kept, hidden };
}
