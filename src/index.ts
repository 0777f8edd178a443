import { resolve } from "node:path";
import { discover } from "./discover/walk.js";
import { buildModel } from "./model/build.js";
import { runRules } from "./engine/runner.js";
import { applySuppressions, scanSuppressions, type SuppressedBy } from "./engine/suppress.js";
import { applyBaseline, type Baseline } from "./engine/baseline.js";
import { isSelected, type ResolvedConfig } from "./config/types.js";
import { loadConfig, type ConfigFile } from "./config/load.js";
import { compareSpans, type LineIndex } from "./parse/span.js";
import type { Finding, Rule, Severity } from "./engine/types.js";
import type { ProjectModel } from "./model/types.js";
import type { SkippedFile } from "./discover/types.js";
import { allRules, findRule } from "../rules/index.js";

export type { Finding, Rule, Severity } from "./engine/types.js";
export type { Span } from "./parse/span.js";
export type { ResolvedConfig } from "./config/types.js";

export interface AuditOptions {
  /** The project root: every file under it is read for context. */
  root: string;
  /** The merged config; when absent, the root's `.shipshape.toml` or `[tool.shipshape]` is loaded (a bad one throws ConfigError). */
  config?: ResolvedConfig;
  /** The rule registry; defaults to every rule. Config `select`/`ignore` choose among them. */
  rules?: readonly Rule[];
  /** Paths relative to the root (files or directories) that narrow the report; the whole root is still read. */
  only?: readonly string[];
  /** Findings already accepted: hidden from the report. */
  baseline?: Baseline;
  /** The config file that was read, so findings in it (PX003) get a code frame. */
  configFile?: ConfigFile | null;
}

export type HiddenBy = SuppressedBy | "baseline" | "narrowed";

export interface AuditResult {
  root: string;
  /** What to report: after suppressions, baseline and narrowing, sorted. */
  findings: Finding[];
  /** Findings after suppressions but before baseline and narrowing: what `--write-baseline` records. */
  unbaselined: Finding[];
  /** How many findings each mechanism hid. */
  hidden: Record<HiddenBy, number>;
  skipped: SkippedFile[];
  filesRead: number;
  model: ProjectModel;
  /** The registry the run chose from (for SARIF `tool.driver.rules`). */
  rules: readonly Rule[];
  /** Severity per rule code where the config overrides the rule's default. */
  severityOverrides: Readonly<Record<string, Severity>>;
  /** Line indexes of every file a finding can point into (read files and the config file). */
  sources: ReadonlyMap<string, LineIndex>;
}

/** The rule that judges suppressions themselves; it runs after the others are suppressed. */
const UNUSED_SUPPRESSION = "PX002";

/** Reads the project at `root`, builds its model, runs the rules and applies suppressions. Never executes project code. */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const root = resolve(options.root);
  const registry = options.rules ?? allRules;
  const resolveName = options.rules ? (name: string) => registry.find((r) => r.code === name.toUpperCase() || r.name === name.toLowerCase())?.code : (name: string) => findRule(name)?.code;
  const loaded = options.config ? { config: options.config, file: options.configFile ?? null } : loadConfig(root, undefined, { resolve: resolveName, codes: registry.map((r) => r.code) });
  const config = loaded.config;
  const { files, skipped, ignored } = discover(root, { exclude: config.exclude });
  const model = await buildModel(root, files, skipped, config, ignored);
  model.suppressions = scanSuppressions(files, resolveName);

  const selected = registry.filter((r) => isSelected(r.code, config));
  const first = runRules(
    model,
    selected.filter((r) => r.code !== UNUSED_SUPPRESSION),
  );
  const { kept, suppressed } = applySuppressions(first, model.suppressions, config);
  const second = applySuppressions(
    runRules(
      model,
      selected.filter((r) => r.code === UNUSED_SUPPRESSION),
    ),
    [],
    config,
  ).kept;
  const unbaselined = [...kept, ...second].sort(compareFindings);

  const hidden: Record<HiddenBy, number> = { inline: 0, file: 0, "per-file-ignores": 0, baseline: 0, narrowed: 0 };
  for (const s of suppressed) hidden[s.by]++;
  let findings = unbaselined;
  if (options.baseline) {
    const b = applyBaseline(findings, options.baseline);
    findings = b.kept;
    hidden.baseline = b.hidden.length;
  }
  if (options.only?.length) {
    const only = options.only.map((p) => p.replace(/\/+$/, ""));
    const inScope = (file: string) => only.some((p) => p === "" || p === "." || file === p || file.startsWith(p + "/"));
    const narrowed = findings.filter((f) => inScope(f.span.file));
    hidden.narrowed = findings.length - narrowed.length;
    findings = narrowed;
  }

  const sources = new Map<string, LineIndex>(files.map((f) => [f.path, f.lines]));
  if (loaded.file) sources.set(loaded.file.path, loaded.file.lines);
  return { root, findings, unbaselined, hidden, skipped: model.skipped, filesRead: files.length, model, rules: registry, severityOverrides: config.severity, sources };
}

function compareFindings(a: Finding, b: Finding): number {
  return compareSpans(a.span, b.span) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
