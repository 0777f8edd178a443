import { resolve } from "node:path";
import { discover } from "./discover/walk.js";
import { buildModel } from "./model/build.js";
import { runRules } from "./engine/runner.js";
import { defaultConfig, type ResolvedConfig } from "./config/types.js";
import type { Finding, Rule } from "./engine/types.js";
import type { ProjectModel } from "./model/types.js";
import type { SkippedFile } from "./discover/types.js";
import { allRules } from "../rules/index.js";

export type { Finding, Rule, Severity } from "./engine/types.js";
export type { Span } from "./parse/span.js";

export interface AuditOptions {
  root: string;
  config?: ResolvedConfig;
  rules?: readonly Rule[];
}

export interface AuditResult {
  root: string;
  findings: Finding[];
  skipped: SkippedFile[];
  filesRead: number;
  model: ProjectModel;
}

/** Reads the project at `root`, builds its model and runs the rules. Never executes project code. */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const root = resolve(options.root);
  const config = options.config ?? defaultConfig();
  const { files, skipped } = discover(root, { exclude: config.exclude });
  const model = await buildModel(root, files, skipped, config);
  const findings = runRules(model, options.rules ?? allRules);
  return { root, findings, skipped, filesRead: files.length, model };
}
