import { Option, type Command } from "commander";
import { allRules, findRule } from "../../rules/index.js";
import { catalogMarkdown, explainText, rulesJson, rulesTable } from "../docs/render.js";
import { UsageError } from "./errors.js";

export function registerRulesCommand(program: Command): void {
  program
    .command("rules")
    .description("list every rule (markdown renders the catalog rules/README.md)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .action((flags: { format: "text" | "json" | "markdown" }) => {
      const render = { text: rulesTable, json: rulesJson, markdown: catalogMarkdown }[flags.format];
      process.stdout.write(render(allRules));
    });
}

export function registerExplainCommand(program: Command): void {
  program
    .command("explain")
    .description("explain a rule: why it matters, how to fix it, examples, references")
    .argument("<rule>", "rule code or name, e.g. DJ101 or debug-enabled")
    .action((key: string) => {
      const rule = findRule(key);
      if (!rule) throw new UsageError(`unknown rule: ${key} (see shipshape rules)`);
      process.stdout.write(explainText(rule));
    });
}
