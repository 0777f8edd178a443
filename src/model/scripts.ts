/**
 * Scripts in the repository that a process runs (entrypoints, `bin/start`),
 * and the commands they start. Each script is parsed once per build; its
 * syntax errors become PX001 findings once.
 */
import type { BuildContext } from "./context.js";
import type { EnvEntry, Process, Word } from "./types.js";
import { parseShell, type ShellCommand, type ShellResolver, type ShellScript } from "../parse/shell.js";
import { LineIndex } from "../parse/span.js";

const cache = new WeakMap<BuildContext, Map<string, Promise<ShellScript | null>>>();

/** The parsed script at a repo path (relative to the root); null when the file is not in the repo or is not a shell script. */
export function loadScript(ctx: BuildContext, path: string): Promise<ShellScript | null> {
  let perBuild = cache.get(ctx);
  if (!perBuild) {
    perBuild = new Map();
    cache.set(ctx, perBuild);
  }
  let found = perBuild.get(path);
  if (!found) {
    const file = ctx.file(path);
    found =
      file && (file.kind === "shell" || /^#!\s*\S*(\/|env\s+)(ba|da|z|k|a)?sh\b/.test(file.text))
        ? parseShell(file.lines).then(({ script, errors }) => {
          ctx.errors.push(...errors);
          return script;
        })
      : Promise.resolve(null);
    perBuild.set(path, found);
  }
  return found;
}

/**
 * Parses a command string (`sh -c "<word>"`) into commands. When the word's
 * raw text holds the string verbatim (unquoted, or quoted without escapes)
 * spans point into it; otherwise every command and word gets the word's span.
 */
export async function inlineCommands(ctx: BuildContext, word: Word, resolve?: ShellResolver): Promise<ShellCommand[]> {
  const text = word.text;
  if (text === null) return [];
  const file = ctx.file(word.span.file);
  const inner = word.raw === text ? 0 : word.raw.length === text.length + 2 && word.raw.slice(1, -1) === text ? 1 : -1;
  if (file && inner >= 0 && word.span.line === word.span.endLine) {
    const start = file.lines.lineStart(word.span.line) + word.span.column - 1 + inner;
    if (file.text.slice(start, start + text.length) === text) {
      return (await parseShell(file.lines, start, start + text.length, text, resolve)).script.commands;
    }
  }
  const { script } = await parseShell(new LineIndex(word.span.file, text), 0, text.length, text, resolve);
  for (const c of script.commands) {
    c.span = word.span;
    for (const w of c.argv) w.span = word.span;
    for (const a of c.assignments) a.span = word.span;
  }
  return script.commands;
}

/** A script command as a Process run by `parent`. */
export function commandProcess(cmd: ShellCommand, parent: Process, origin: Process["origin"], label: string): Process {
  const env: EnvEntry[] = cmd.assignments.map((a) => ({ name: a.name, value: a.value, raw: a.value ?? "", literal: a.value !== null, span: a.span }));
  return {
    origin,
    argv: cmd.argv,
    span: cmd.span,
    label,
    container: parent.container,
    production: parent.production && !cmd.devOnly,
    conditional: parent.conditional || cmd.conditional,
    shellForm: origin !== "script",
    exec: cmd.exec,
    env: [...parent.env, ...env],
    parent,
    ...(cmd.stdin !== null ? { stdin: cmd.stdin } : {}),
  };
}

/** The commands the repo script at `scriptPath` runs, as processes whose parent is `parent`. Empty when the file is not in the repo. */
export async function scriptProcesses(ctx: BuildContext, scriptPath: string, parent: Process): Promise<Process[]> {
  const script = await loadScript(ctx, scriptPath);
  if (!script) return [];
  return script.commands.map((c) => commandProcess(c, parent, "script", `${scriptPath}:${c.span.line} (run by ${parent.label})`));
}
