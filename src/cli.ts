import { Command, CommanderError, Option } from "commander";
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { audit } from "./index.js";
import { allRules, findRule } from "../rules/index.js";
import { severityRank, type Severity } from "./engine/types.js";
import { defaultConfig } from "./config/types.js";
import { formatText } from "./report/text.js";
import { formatJson } from "./report/json.js";

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/internal error. */
async function main(argv: string[]): Promise<number> {
  const program = new Command("shipshape")
    .description("Static production-readiness auditor for Django deployments.")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  let code = 0;
  program
    .command("audit")
    .argument("[paths...]", "project root or files to report on", ["."])
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--fail-on <severity>", "lowest severity that fails").choices(["error", "warning", "info", "never"]).default("warning"))
    .option("--no-color", "disable colours")
    .action(async (paths: string[], opts: { format: string; failOn: Severity | "never"; color: boolean }) => {
      const root = resolve(paths[0] ?? ".");
      if (!existsSync(root)) throw new UsageError(`path does not exist: ${paths[0]}`);
      const config = { ...defaultConfig(), failOn: opts.failOn };
      const result = await audit({ root, config });
      const out = opts.format === "json" ? formatJson(result) : formatText(result, { color: opts.color && !!process.stdout.isTTY && !process.env.NO_COLOR });
      process.stdout.write(out);
      const threshold = config.failOn;
      code = threshold !== "never" && result.findings.some((f) => severityRank(f.severity) >= severityRank(threshold)) ? 1 : 0;
    });

  program
    .command("rules")
    .description("list every rule")
    .action(() => {
      for (const r of allRules) process.stdout.write(`${r.code}  ${r.name.padEnd(34)} ${r.severity.padEnd(8)} ${r.docs.summary}\n`);
    });

  program
    .command("explain")
    .argument("<rule>", "code or name")
    .action((key: string) => {
      const r = findRule(key);
      if (!r) throw new UsageError(`unknown rule: ${key}`);
      process.stdout.write(`${r.code} ${r.name} (${r.severity})\n\n${r.docs.summary}\n\nWhy: ${r.docs.why}\n\nFix: ${r.docs.fix}\n`);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      process.stderr.write(`shipshape: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return code;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`shipshape: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
