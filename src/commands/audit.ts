import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { audit } from "../index.js";
import { allRules, findRule } from "../../rules/index.js";
import { loadConfig, resolveSelector, type RuleIndex } from "../config/load.js";
import type { FailOn } from "../config/types.js";
import { applyBaseline, BaselineError, readBaseline, toBaseline, writeBaseline } from "../engine/baseline.js";
import { severityRank } from "../engine/types.js";
import { FORMAT_NAMES, formatters, type FormatName } from "../report/index.js";
import { summaryLine } from "../report/types.js";
import { EXIT, UsageError } from "./errors.js";
import { resolveScope } from "./root.js";

interface AuditFlags {
  format: FormatName;
  output?: string;
  failOn?: FailOn;
  select?: string;
  ignore?: string;
  config?: string;
  color: boolean;
  verbose?: boolean;
  baseline?: string;
  writeBaseline?: string;
  reportUnusedIgnores?: boolean;
  root?: string;
}

export const ruleIndex: RuleIndex = { resolve: (key) => findRule(key)?.code, codes: allRules.map((r) => r.code) };

export function registerAuditCommand(program: Command): void {
  program
    .command("audit")
    .description("audit a Django deployment: read every deployment file under the root, report what breaks in production")
    .argument("[paths...]", "a project directory, or files to report on (the whole project is still read)", ["."])
    .addOption(new Option("--format <format>", "report format").choices(FORMAT_NAMES).default("text"))
    .option("--output <file>", "write the report to a file; the terminal gets a one-line summary")
    .addOption(new Option("--fail-on <severity>", "lowest severity that makes the exit code 1 (default: config fail-on, else warning)").choices(["error", "warning", "info", "never"]))
    .option("--select <rules>", "only these rules: comma-separated codes, names or code prefixes (overrides config select)")
    .option("--ignore <rules>", "skip these rules: comma-separated codes, names or code prefixes (overrides config ignore)")
    .option("--config <file>", "config file (default: .shipshape.toml, else [tool.shipshape] in pyproject.toml, in the root)")
    .option("--no-color", "never use colours (NO_COLOR is honoured too)")
    .option("--verbose", "list skipped files with reasons, the config used and what was hidden")
    .option("--baseline <file>", "hide findings recorded in this baseline; report only new ones")
    .option("--write-baseline <file>", "record the current findings as the baseline")
    .option("--report-unused-ignores", "report suppression comments that suppress nothing (PX002)")
    .option("--root <dir>", "the project root when paths are files (default: their git top-level)")
    .action(async (paths: string[], flags: AuditFlags) => {
      process.exitCode = await runAudit(paths, flags);
    });
}

async function runAudit(paths: string[], flags: AuditFlags): Promise<number> {
  const cwd = process.cwd();
  const scope = resolveScope(paths, flags.root, cwd);
  const { config, file } = loadConfig(scope.root, flags.config, ruleIndex);
  if (flags.select !== undefined) config.select = selectors(flags.select, "--select");
  if (flags.ignore !== undefined) config.ignore = selectors(flags.ignore, "--ignore");
  if (flags.failOn) config.failOn = flags.failOn;
  if (flags.reportUnusedIgnores) config.reportUnusedIgnores = true;
  const baseline = flags.baseline ? readBaseline(resolve(cwd, flags.baseline)) : undefined;

  let result = await audit({ root: scope.root, config, only: scope.only, configFile: file, ...(baseline ? { baseline } : {}) });

  if (flags.writeBaseline) {
    try {
      writeBaseline(resolve(cwd, flags.writeBaseline), result.unbaselined);
    } catch (e) {
      throw new BaselineError(`cannot write baseline ${flags.writeBaseline} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    const { kept, hidden } = applyBaseline(result.findings, toBaseline(result.unbaselined));
    result = { ...result, findings: kept, hidden: { ...result.hidden, baseline: result.hidden.baseline + hidden.length } };
  }
  const toFile = flags.output !== undefined;
  const color = !toFile && flags.color && !!process.stdout.isTTY && !process.env["NO_COLOR"];
  const report = formatters[flags.format](result, { color, cwd });
  if (toFile) {
    try {
      writeFileSync(resolve(cwd, flags.output!), report);
    } catch (e) {
      throw new UsageError(`cannot write report to ${flags.output} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    process.stdout.write(`${summaryLine(result)} · report written to ${flags.output}\n`);
  } else process.stdout.write(report);
  if (flags.writeBaseline) process.stderr.write(`shipshape: wrote ${result.unbaselined.length} findings to baseline ${flags.writeBaseline}\n`);

  if (flags.verbose) {
    const err = (s: string) => process.stderr.write(`${s}\n`);
    err(`root: ${result.root}`);
    err(`config: ${config.source ?? "none (defaults)"}`);
    if (scope.only.length) err(`reporting on: ${scope.only.join(", ")}`);
    for (const s of result.skipped) err(`skipped ${s.path}: ${s.reason}`);
    for (const t of result.model.targets) if (!t.production) err(`not judged as production: ${t.label} (development)`);
    for (const m of result.model.settings.modules) {
      if (m.production) continue;
      const why = /^(dev|local|test)/.test(m.name.split(".").pop() ?? "")
        ? "named like a development module"
        : "not a production module by itself; its settings are judged where a production module imports it";
      err(`not judged as production: settings module ${m.name} (${m.file}), ${why}`);
    }
  }

  const threshold = config.failOn;
  if (threshold === "never") return EXIT.ok;
  return result.findings.some((f) => severityRank(f.severity) >= severityRank(threshold)) ? EXIT.findings : EXIT.ok;
}

function selectors(list: string, flag: string): string[] {
  const out: string[] = [];
  for (const raw of list.split(",")) {
    const name = raw.trim();
    if (!name) continue;
    const sel = resolveSelector(name, ruleIndex);
    if (!sel) throw new UsageError(`${flag}: unknown rule or code prefix "${name}" (see shipshape rules)`);
    out.push(sel);
  }
  return out;
}
