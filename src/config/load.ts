import { existsSync, readFileSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { parse, TomlError } from "smol-toml";
import { LineIndex, type Span } from "../parse/span.js";
import { SEVERITIES, type Severity } from "../engine/types.js";
import { defaultConfig, type FailOn, type ResolvedConfig, type UnknownRuleRef } from "./types.js";

/** A config problem that stops the run (exit 2): one line, naming the file and the key. */
export class ConfigError extends Error {}

/** What the loader needs to know about rules: resolve a code or name, and the list of codes. */
export interface RuleIndex {
  /** The rule code for a code or name (any case), or undefined. */
  resolve(key: string): string | undefined;
  codes: readonly string[];
}

/** A config file read from disk: its path (relative to the root when inside it) and its lines. */
export interface ConfigFile {
  path: string;
  lines: LineIndex;
}

export interface LoadedConfig {
  config: ResolvedConfig;
  /** The file read, for code frames of PX003 findings; null when no config file exists. */
  file: ConfigFile | null;
}

const KNOWN_KEYS = ["select", "ignore", "severity", "exclude", "per-file-ignores", "settings", "env-files", "fail-on", "report-unused-ignores"] as const;
const FAIL_ON: readonly FailOn[] = ["error", "warning", "info", "never"];

/**
 * Finds and loads the config for `root`: `--config FILE` when given, else
 * `.shipshape.toml` (keys at top level), else `[tool.shipshape]` in
 * `pyproject.toml`. A file named `pyproject.toml` always uses its
 * `[tool.shipshape]` table; any other file uses its top level.
 */
export function loadConfig(root: string, explicit: string | undefined, rules: RuleIndex): LoadedConfig {
  let abs: string | null = null;
  if (explicit !== undefined) {
    abs = resolve(explicit);
    if (!existsSync(abs)) throw new ConfigError(`config file not found: ${explicit}`);
  } else if (existsSync(join(root, ".shipshape.toml"))) abs = join(root, ".shipshape.toml");
  else if (existsSync(join(root, "pyproject.toml"))) abs = join(root, "pyproject.toml");
  if (abs === null) return { config: defaultConfig(), file: null };

  const rel = relative(root, abs);
  const path = rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : abs;
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (e) {
    throw new ConfigError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const isPyproject = basename(abs) === "pyproject.toml";
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) throw new ConfigError(`${path}:${e.line}:${e.column}: invalid TOML: ${e.message.split("\n")[0]}`);
    throw e;
  }
  let table: unknown = doc;
  if (isPyproject) {
    const tool = doc["tool"];
    table = isTable(tool) ? tool["shipshape"] : undefined;
    if (table === undefined) {
      if (explicit !== undefined) throw new ConfigError(`${path}: no [tool.shipshape] table`);
      return { config: defaultConfig(), file: null };
    }
  }
  const section = isPyproject ? "[tool.shipshape]" : "the top level";
  if (!isTable(table)) throw new ConfigError(`${path}: tool.shipshape must be a table`);
  const file: ConfigFile = { path, lines: new LineIndex(path, text) };
  const config = fromTable(table, { path, section, rules, locate: locator(file, isPyproject) });
  config.source = path;
  return { config, file };
}

interface Ctx {
  path: string;
  section: string;
  rules: RuleIndex;
  locate(token: string): Span;
}

function fromTable(table: Record<string, unknown>, ctx: Ctx): ResolvedConfig {
  const config = defaultConfig();
  for (const key of Object.keys(table)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key))
      throw new ConfigError(`${ctx.path}: unknown key "${key}" in ${ctx.section} (known keys: ${KNOWN_KEYS.join(", ")})`);
  }
  const unknown: UnknownRuleRef[] = [];
  const ruleList = (key: string, value: unknown): string[] => {
    const list = stringList(value, key, ctx);
    const out: string[] = [];
    for (const name of list) {
      const code = resolveSelector(name, ctx.rules);
      if (code) out.push(code);
      else unknown.push({ name, key, span: ctx.locate(name) });
    }
    return out;
  };
  if ("select" in table) config.select = ruleList("select", table["select"]);
  if ("ignore" in table) config.ignore = ruleList("ignore", table["ignore"]);
  if ("exclude" in table) config.exclude = stringList(table["exclude"], "exclude", ctx);
  if ("env-files" in table) config.envFiles = stringList(table["env-files"], "env-files", ctx);
  if ("settings" in table) {
    const s = table["settings"];
    config.settings = typeof s === "string" ? [s] : stringList(s, "settings", ctx);
  }
  if ("fail-on" in table) {
    const f = table["fail-on"];
    if (typeof f !== "string" || !(FAIL_ON as readonly string[]).includes(f))
      throw new ConfigError(`${ctx.path}: "fail-on" must be one of ${FAIL_ON.join(", ")}`);
    config.failOn = f as FailOn;
  }
  if ("report-unused-ignores" in table) {
    const r = table["report-unused-ignores"];
    if (typeof r !== "boolean") throw new ConfigError(`${ctx.path}: "report-unused-ignores" must be true or false`);
    config.reportUnusedIgnores = r;
  }
  if ("severity" in table) {
    const sev = table["severity"];
    if (!isTable(sev)) throw new ConfigError(`${ctx.path}: "severity" must be a table of rule = "error" | "warning" | "info"`);
    for (const [name, value] of Object.entries(sev)) {
      if (typeof value !== "string" || !(SEVERITIES as readonly string[]).includes(value))
        throw new ConfigError(`${ctx.path}: severity.${name} must be "error", "warning" or "info"`);
      const code = ctx.rules.resolve(name);
      if (code) config.severity[code] = value as Severity;
      else unknown.push({ name, key: "severity", span: ctx.locate(name) });
    }
  }
  if ("per-file-ignores" in table) {
    const pfi = table["per-file-ignores"];
    if (!isTable(pfi)) throw new ConfigError(`${ctx.path}: "per-file-ignores" must be a table of "glob" = ["RULE", ...]`);
    for (const [glob, value] of Object.entries(pfi)) config.perFileIgnores[glob] = ruleList(`per-file-ignores."${glob}"`, value);
  }
  config.unknownRules = unknown;
  return config;
}

/**
 * A selector is a rule code or name (any case) or a code prefix that matches
 * at least one rule (`DJ`, `DJ1`). Returns the code or prefix, upper-cased.
 */
export function resolveSelector(name: string, rules: RuleIndex): string | undefined {
  const code = rules.resolve(name);
  if (code) return code;
  const prefix = name.toUpperCase();
  if (/^[A-Z]{2}[0-9]{0,2}$|^K8[0-9]{0,2}$/.test(prefix) && rules.codes.some((c) => c.startsWith(prefix))) return prefix;
  return undefined;
}

function stringList(value: unknown, key: string, ctx: Ctx): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw new ConfigError(`${ctx.path}: "${key}" must be a list of strings`);
  return value as string[];
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * smol-toml gives no value positions, so a value is found by scanning the
 * text of the shipshape section for it as a quoted string or a bare key.
 * Falls back to the section header (or line 1).
 */
function locator(file: ConfigFile, isPyproject: boolean): (token: string) => Span {
  const text = file.lines.text;
  let start = 0;
  let end = text.length;
  if (isPyproject) {
    const header = /^[ \t]*\[tool\.shipshape[\].]/m.exec(text);
    if (header) {
      start = header.index;
      const rest = /^[ \t]*\[(?!tool\.shipshape[\].])/m;
      const after = text.slice(start + header[0].length);
      const next = rest.exec(after);
      if (next) end = start + header[0].length + next.index;
    }
  }
  const region = text.slice(start, end);
  return (token) => {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(["'])${escaped}\\1|(?<=^|[\\s{,])${escaped}(?=\\s*=)`, "m");
    const m = re.exec(region);
    if (!m) return file.lines.span(start, start);
    const quoted = m[1] !== undefined ? 1 : 0;
    const from = start + m.index + quoted;
    return file.lines.span(from, from + token.length);
  };
}
