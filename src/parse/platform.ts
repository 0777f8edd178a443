/**
 * Platform manifests: heroku.yml (via `yaml`), app.json (JSON; key lines
 * found by a scan), fly.toml (via `smol-toml`, which gives no positions: the
 * lines of tables and keys are found by a line scanner).
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { parse as parseToml, TomlError } from "smol-toml";
import type { SourceFile } from "../discover/types.js";
import type { Span } from "./span.js";
import type { Parsed, ParseError } from "./types.js";

export interface PlatformCommand {
  /** Process type: web, worker, release, app… */
  name: string;
  /** Shell command text; null when given as an exec-form list (see `argv`). */
  command: string | null;
  /** Exec-form words (heroku.yml `command: [...]`). */
  argv: { text: string; span: Span }[] | null;
  /** File offsets of `command` when it is written verbatim (plain or simply quoted, one line). */
  start: number | null;
  end: number | null;
  span: Span;
  /** A release step (heroku `release`, fly `release_command`), not long-running. */
  release: boolean;
}

export interface PlatformEnvEntry {
  name: string;
  /** null when not a literal (app.json `generator`, `required` without a value). */
  value: string | null;
  span: Span;
}

export interface PlatformManifest {
  platform: "heroku" | "fly";
  commands: PlatformCommand[];
  env: PlatformEnvEntry[];
  /** fly `[http_service] force_https`. */
  forceHttps: { value: boolean; span: Span } | null;
  /** Health checks declared (fly checks). */
  checks: Span[];
  /** The Dockerfile the platform builds (heroku.yml `build.docker.web`, fly `[build] dockerfile`), repo-relative as written. */
  dockerfile: string | null;
  /** Where the manifest's app is defined, for file-level facts. */
  span: Span;
  /** Declared process counts (app.json `formation.<type>.quantity`). */
  formation: Record<string, number>;
}

export function parsePlatform(file: SourceFile): Parsed<PlatformManifest | null> {
  const base = file.path.split("/").pop()!.toLowerCase();
  if (base === "heroku.yml") return parseHerokuYml(file);
  if (base === "app.json") return parseAppJson(file);
  if (base === "fly.toml") return parseFlyToml(file);
  return { file, doc: null, errors: [] };
}

function emptyManifest(file: SourceFile, platform: PlatformManifest["platform"]): PlatformManifest {
  return { platform, commands: [], env: [], forceHttps: null, checks: [], dockerfile: null, span: file.lines.lineSpan(1), formation: {} };
}

function parseHerokuYml(file: SourceFile): Parsed<PlatformManifest> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter });
  const errors: ParseError[] = doc.errors.map((e) => ({ span: file.lines.span(e.pos[0], e.pos[1]), message: e.message.split("\n")[0]! }));
  const out = emptyManifest(file, "heroku");
  const span = (n: YamlNode | null | undefined): Span => (n?.range ? file.lines.span(n.range[0], n.range[1]) : out.span);
  const root = doc.contents;
  if (!isMap(root)) return { file, doc: out, errors };
  const get = (m: unknown, key: string): YamlNode | null => {
    if (!isMap(m)) return null;
    const pair = (m.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === key);
    return (pair?.value as YamlNode | undefined) ?? null;
  };
  const docker = get(get(root, "build"), "docker");
  const webDockerfile = get(docker, "web");
  if (isScalar(webDockerfile) && typeof webDockerfile.value === "string") out.dockerfile = webDockerfile.value;
  const config = get(get(root, "setup"), "config");
  if (isMap(config)) {
    for (const p of config.items as Pair[]) {
      if (!isScalar(p.key)) continue;
      const v = p.value as YamlNode | null;
      out.env.push({ name: String(p.key.value), value: isScalar(v) && v.value !== null ? String(v.value) : null, span: span(p.key as YamlNode) });
    }
  }
  const addCommand = (name: string, node: YamlNode | null, release: boolean): void => {
    const cmd = isMap(node) ? get(node, "command") : node;
    if (isScalar(cmd) && typeof cmd.value === "string" && cmd.range) {
      const verbatim = file.text.slice(cmd.range[0], cmd.range[1]);
      const offset = verbatim === cmd.value ? 0 : verbatim.slice(1, -1) === cmd.value ? 1 : -1;
      out.commands.push({
        name,
        command: cmd.value,
        argv: null,
        start: offset >= 0 ? cmd.range[0] + offset : null,
        end: offset >= 0 ? cmd.range[0] + offset + cmd.value.length : null,
        span: span(cmd),
        release,
      });
    } else if (isSeq(cmd)) {
      const argv = cmd.items.filter(isScalar).map((w) => ({ text: String(w.value), span: span(w) }));
      out.commands.push({ name, command: null, argv, start: null, end: null, span: span(cmd), release });
    }
  };
  const run = get(root, "run");
  if (isMap(run)) for (const p of run.items as Pair[]) if (isScalar(p.key)) addCommand(String(p.key.value), p.value as YamlNode | null, false);
  const release = get(root, "release");
  if (release) addCommand("release", release, true);
  return { file, doc: out, errors };
}

/** app.json: `env` (values or `{value}` objects; generators and required-without-value are Unknown) and `formation` quantities. */
function parseAppJson(file: SourceFile): Parsed<PlatformManifest> {
  const out = emptyManifest(file, "heroku");
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    const at = m ? Number(m[1]) : 0;
    return { file, doc: out, errors: [{ span: file.lines.span(at, at + 1), message: String((e as Error).message).split("\n")[0]! }] };
  }
  const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const root = obj(data);
  const env = obj(root?.env);
  if (env) {
    const envAt = keyOffset(file.text, "env", 0);
    for (const [name, v] of Object.entries(env)) {
      const value = typeof v === "string" ? v : typeof obj(v)?.value === "string" ? (obj(v)!.value as string) : null;
      const at = keyOffset(file.text, name, envAt);
      out.env.push({ name, value, span: at === null ? out.span : file.lines.span(at, at + JSON.stringify(name).length) });
    }
  }
  const formation = obj(root?.formation);
  if (formation) for (const [type, v] of Object.entries(formation)) if (typeof obj(v)?.quantity === "number") out.formation[type] = obj(v)!.quantity as number;
  return { file, doc: out, errors: [] };
}

/** Offset of the first `"name":` key at or after `from` (JSON keys of one object are unique, and `from` is the enclosing key). */
function keyOffset(text: string, name: string, from: number | null): number | null {
  const needle = JSON.stringify(name);
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\s*:", "g");
  re.lastIndex = from ?? 0;
  const m = re.exec(text);
  return m ? m.index : null;
}

/** One `key = value` line of a TOML file, under its table path (`http_service`, `services.0`). */
interface TomlLine {
  table: string;
  key: string;
  span: Span;
  valueStart: number;
  valueEnd: number;
}

function scanToml(file: SourceFile): { lines: TomlLine[]; tables: Map<string, Span> } {
  const out: TomlLine[] = [];
  const tables = new Map<string, Span>();
  const counts = new Map<string, number>();
  let table = "";
  for (let n = 1; n <= file.lines.lineCount; n++) {
    const text = file.lines.lineText(n);
    const start = file.lines.lineStart(n);
    const header = /^\s*(\[\[?)\s*([A-Za-z0-9_."-]+?)\s*\]\]?/.exec(text);
    if (header) {
      const name = header[2]!.replace(/"/g, "");
      if (header[1] === "[[") {
        const i = counts.get(name) ?? 0;
        counts.set(name, i + 1);
        table = `${name}.${i}`;
      } else table = name;
      tables.set(table, file.lines.lineSpan(n));
      continue;
    }
    const kv = /^(\s*)("?[A-Za-z0-9_.-]+"?)\s*=\s*(.*?)\s*$/.exec(text);
    if (!kv) continue;
    const keyStart = start + kv[1]!.length;
    const valueStart = start + text.indexOf(kv[3]!, kv[1]!.length + kv[2]!.length);
    out.push({ table, key: kv[2]!.replace(/"/g, ""), span: file.lines.span(keyStart, start + text.trimEnd().length), valueStart, valueEnd: valueStart + kv[3]!.length });
  }
  return { lines: out, tables };
}

function parseFlyToml(file: SourceFile): Parsed<PlatformManifest> {
  const out = emptyManifest(file, "fly");
  let data: Record<string, unknown>;
  try {
    data = parseToml(file.text) as Record<string, unknown>;
  } catch (e) {
    const err = e as TomlError;
    const line = typeof err.line === "number" ? err.line : 1;
    const col = typeof err.column === "number" ? err.column : 1;
    const at = file.lines.lineStart(line) + col - 1;
    return { file, doc: out, errors: [{ span: file.lines.span(at, at + 1), message: String(err.message).split("\n")[0]! }] };
  }
  const { lines, tables } = scanToml(file);
  const line = (table: string, key: string): TomlLine | undefined => lines.find((l) => l.table === table && l.key === key);
  const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const command = (name: string, value: unknown, at: TomlLine | undefined, release: boolean): void => {
    if (typeof value !== "string" || !at) return;
    const verbatim = file.text.slice(at.valueStart, at.valueEnd);
    const offset = verbatim.length === value.length + 2 && verbatim.slice(1, -1) === value ? at.valueStart + 1 : null;
    out.commands.push({ name, command: value, argv: null, start: offset, end: offset === null ? null : offset + value.length, span: at.span, release });
  };
  const env = obj(data.env);
  if (env) for (const [name, v] of Object.entries(env)) out.env.push({ name, value: typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : null, span: line("env", name)?.span ?? tables.get("env") ?? out.span });
  const processes = obj(data.processes);
  if (processes) for (const [name, v] of Object.entries(processes)) command(name, v, line("processes", name), false);
  const deploy = obj(data.deploy);
  if (deploy) command("release", deploy.release_command, line("deploy", "release_command"), true);
  const build = obj(data.build);
  if (build && typeof build.dockerfile === "string") out.dockerfile = build.dockerfile;
  const http = obj(data.http_service);
  if (http && typeof http.force_https === "boolean") {
    const at = line("http_service", "force_https");
    out.forceHttps = { value: http.force_https, span: at?.span ?? tables.get("http_service") ?? out.span };
  }
  for (const [table, span] of tables) if (/(^|\.)(checks|http_checks|tcp_checks)(\.\d+)?$/.test(table) || /^checks\./.test(table)) out.checks.push(span);
  const app = lines.find((l) => l.table === "" && l.key === "app");
  if (app) out.span = app.span;
  return { file, doc: out, errors: [] };
}
