/**
 * The command line: argv → config → audit → format → exit code. Each command
 * lives in src/commands/; this file wires them and turns every failure into
 * one line on stderr and exit code 2 (a crash never looks like success).
 */
import { setFlagsFromString } from "node:v8";
import { Command, CommanderError } from "commander";
import { registerAuditCommand } from "./commands/audit.js";
import { registerExplainCommand, registerRulesCommand } from "./commands/rules.js";
import { registerGraphCommand } from "./commands/graph.js";
import { registerSettingsCommand } from "./commands/settings.js";
import { EXIT, failureMessage } from "./commands/errors.js";
import { TOOL_VERSION } from "./report/types.js";

// The tree-sitter grammars are WebAssembly. V8's optimising tier spends more time compiling them than an
// audit spends parsing: with the baseline compiler alone a cold fixture audit is ~250 ms faster and ~25 MB
// smaller, and the 10,000-file bench is no slower (README, "Speed and memory"). WASM flags are read when a
// module is compiled, which happens lazily, after this line.
setFlagsFromString("--liftoff-only");

const debug = () => process.argv.includes("--verbose") || !!process.env["SHIPSHAPE_DEBUG"];

function fail(e: unknown): void {
  process.stderr.write(failureMessage(e, debug()));
  process.exitCode = EXIT.error;
}

process.on("unhandledRejection", fail);
process.on("uncaughtException", fail);
// A reader that stops early (`shipshape rules | head`) is not a failure: the exit code still reflects the audit.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") fail(e);
});

async function main(argv: string[]): Promise<void> {
  const program = new Command("shipshape")
    .description("Static production-readiness auditor for Django deployments.")
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({
      outputError: (str) => process.stderr.write(`shipshape: ${str.replace(/^error: /, "").split("\n")[0]}\n`),
    });

  // Commands. Each registers itself on the program and sets process.exitCode.
  registerAuditCommand(program);
  registerRulesCommand(program);
  registerExplainCommand(program);
  registerGraphCommand(program);
  registerSettingsCommand(program);

  if (argv.length === 0) {
    process.stderr.write(program.helpInformation());
    process.exitCode = EXIT.error;
    return;
  }
  process.exitCode = EXIT.ok;
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.error;
    else fail(e);
  }
}

void main(process.argv.slice(2));
