/**
 * Shell scripts and shell-form commands through tree-sitter-bash: the simple
 * commands they run, as argv Words with spans, and how each is run.
 */
import type { LineIndex, Span } from "./span.js";
import type { ParseError } from "./types.js";
import { parseWith, type SyntaxNode } from "./treesitter.js";

/** One word of a command: `text` after quote removal and expansion, null when it depends on something unknown. */
export interface ShellWord {
  text: string | null;
  raw: string;
  span: Span;
}

/** A branch condition on one variable: `$variable` is one of `values` (or, negated, none of them). */
export interface ShellGuard {
  variable: string;
  values: string[];
  negated: boolean;
  /** `values` are glob patterns (`[[ $1 != "/"* ]]`): unquoted `*` and `?` match, a backslash quotes the next character. */
  glob?: boolean;
}

/** Whether `value` matches a ShellGuard glob pattern. */
export function globMatches(pattern: string, value: string): boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`).test(value);
}

export interface ShellCommand {
  /** The command's words, `exec` and leading `VAR=x` assignments removed. */
  argv: ShellWord[];
  /** `VAR=value` assignments before the command. */
  assignments: { name: string; value: string | null; span: Span }[];
  /** The whole simple command, `exec` included. */
  span: Span;
  /** Started with `exec`. */
  exec: boolean;
  /** Runs only on some branch: inside `if`/`case`/loops, after `||`, or after a test with `&&`. */
  conditional: boolean;
  /** The equality tests (`[ "$1" = web ]`, `case "$1" in web)`) that must hold for it to run. */
  guards: ShellGuard[];
  /** Conditional for a reason no guard describes (a loop, `||`, a test that is not a plain comparison). */
  opaque: boolean;
  /** Runs only on a branch taken in development (`if [ "$DJANGO_ENV" = development ]`, `if [ "$DEBUG" = 1 ]`, the else of a production test). */
  devOnly: boolean;
  /** Started in the background with `&`. */
  background: boolean;
  /** One of the words is `"$@"` / `$@` / `"${@}"`: the script's arguments are handed on here. */
  handoff: boolean;
  /** The text a heredoc feeds the command on stdin (`python << END … END`); null without one. */
  stdin: string | null;
  /** The command calls a function the script itself defines (`initialize() { … }` … `initialize`), not a program. */
  callsFunction: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  /** `set -e` (or `-eu…`, `-o errexit`) at the top level. */
  errexit: boolean;
}

/** How `$VAR` is resolved: a string when known, null when known to be unset, undefined when unknown. */
export type ShellResolver = (name: string) => string | null | undefined;

const unknownEnv: ShellResolver = () => undefined;

const DEV_WORDS = /^(dev|devel|development|local|debug|test|testing)$/i;
const PROD_WORDS = /^(prod|production|live)$/i;
const TRUTHY = /^(1|true|yes|on)$/i;
const FALSY = /^(0|false|no|off)$/i;
const TESTS = new Set(["[", "[[", "test"]);

interface Branch {
  opaque: boolean;
  devOnly: boolean;
  guards: ShellGuard[];
}

const conditionalOf = (b: Branch): boolean => b.opaque || b.guards.length > 0;

/** The branch taken when a comparison holds (`then`) or not (`else`); opaque when it is not a plain comparison. */
function narrow(branch: Branch, cmp: Comparison | null, taken: boolean, dev: boolean): Branch {
  const devOnly = branch.devOnly || dev;
  if (!cmp) return { opaque: true, devOnly, guards: branch.guards };
  const guard: ShellGuard = { variable: cmp.variable, values: [cmp.literal], negated: cmp.equal !== taken };
  if (cmp.glob) guard.glob = true;
  return { opaque: branch.opaque, devOnly, guards: [...branch.guards, guard] };
}

/**
 * Parses `source` (by default `lines.text` between `start` and `end`) as a
 * shell script. `source` must have the same length as that range so node
 * offsets map back to the file; the caller may blank out what is not shell
 * (Dockerfile comment lines inside a continuation). Never throws.
 */
export async function parseShell(
  lines: LineIndex,
  start = 0,
  end = lines.text.length,
  source = lines.text.slice(start, end),
  resolve: ShellResolver = unknownEnv,
): Promise<{ script: ShellScript; errors: ParseError[] }> {
  const simple = parseSimpleShell(lines, start, source, resolve);
  return simple ? { script: simple, errors: [] } : parseShellTree(lines, start, source, resolve);
}

/** The tree-sitter path of parseShell, for any shell text. */
export async function parseShellTree(lines: LineIndex, start: number, source: string, resolve: ShellResolver = unknownEnv): Promise<{ script: ShellScript; errors: ParseError[] }> {
  const tree = await parseWith("bash", source);
  try {
    const span = (n: SyntaxNode): Span => lines.span(start + n.startIndex, start + n.endIndex);
    const commands: ShellCommand[] = [];
    const functions = new Set<string>();
    let errexit = /^#!\S*\s.*-\w*e/.test(source);
    const visit = (node: SyntaxNode, branch: Branch): void => {
      switch (node.type) {
        case "command": {
          const cmd = simpleCommand(node, branch, span, resolve);
          if (!cmd) return;
          const name = cmd.argv[0]?.text;
          if (name === "set" && !conditionalOf(branch) && cmd.argv.slice(1).some((w, i, all) => /^-[a-z]*e/.test(w.text ?? "") || (w.text === "errexit" && all[i - 1]?.text === "-o"))) errexit = true;
          if (name && TESTS.has(name)) return;
          commands.push(cmd);
          return;
        }
        case "list": {
          const [left, op, right] = [node.child(0), node.child(1), node.child(2)];
          if (left) visit(left, branch);
          if (!right || !op) return;
          if (op.type === "||") visit(right, { ...branch, opaque: true });
          else if (left && isTest(left)) visit(right, narrow(branch, comparison(left, resolve), true, testBranch(left, resolve)?.thenDev ?? false));
          else visit(right, branch);
          return;
        }
        case "if_statement":
          visitIf(node, branch);
          return;
        case "case_statement": {
          const value = node.childForFieldName("value");
          const variable = value ? variableOf(value.text) : null;
          const seen: string[] = [];
          let literalSoFar = true;
          for (const item of node.namedChildren) {
            if (!item || item.type !== "case_item") continue;
            const patterns = item.childrenForFieldName("value").filter((p): p is SyntaxNode => p !== null);
            const words = patterns.map((p) => p.text.replace(/^["']|["']$/g, ""));
            const dev = value !== null && words.length > 0 && words.every((w) => DEV_WORDS.test(w));
            const literal = words.length > 0 && words.every((w) => /^[\w.:@%+,=-]*$/.test(w));
            let inner: Branch;
            if (variable && literal) inner = { opaque: branch.opaque, devOnly: branch.devOnly || dev, guards: [...branch.guards, { variable, values: words, negated: false }] };
            else if (variable && literalSoFar && words.length === 1 && words[0] === "*") inner = { opaque: branch.opaque, devOnly: branch.devOnly, guards: [...branch.guards, { variable, values: [...seen], negated: true }] };
            else inner = { opaque: true, devOnly: branch.devOnly || dev, guards: branch.guards };
            if (literal) seen.push(...words);
            else literalSoFar = false;
            for (const c of item.namedChildren) if (c && !patterns.some((p) => p.id === c.id)) visit(c, inner);
          }
          return;
        }
        case "function_definition": {
          const name = node.childForFieldName("name")?.text;
          if (name) functions.add(name);
          for (const c of node.namedChildren) if (c) visit(c, { ...branch, opaque: true });
          return;
        }
        case "while_statement":
        case "for_statement":
        case "c_style_for_statement":
          for (const c of node.namedChildren) if (c) visit(c, { ...branch, opaque: true });
          return;
        case "command_substitution":
        case "process_substitution":
        case "heredoc_body":
        case "comment":
          return;
        case "ERROR":
          // What the grammar could not place (`while !</dev/tcp/db/5432; do …` trips
          // tree-sitter-bash): its commands may sit in a loop or a test.
          for (const c of node.namedChildren) if (c) visit(c, { ...branch, opaque: true });
          return;
        default:
          for (const c of node.namedChildren) if (c) visit(c, branch);
      }
    };
    const visitIf = (node: SyntaxNode, branch: Branch): void => {
      let conditions = node.childrenForFieldName("condition").filter((c): c is SyntaxNode => c !== null);
      if (conditions.length === 0) {
        const then = node.children.findIndex((c) => c?.type === "then");
        conditions = node.children.slice(0, Math.max(0, then)).filter((c): c is SyntaxNode => c !== null && c.isNamed);
      }
      for (const c of conditions) visit(c, branch);
      const named = conditions.filter((c) => c.isNamed);
      const only = named.length === 1 && isTest(named[0]!) ? named[0]! : null;
      const test = only ? testBranch(only, resolve) : null;
      const cmp = only ? comparison(only, resolve) : null;
      const thenBranch = narrow(branch, cmp, true, test?.thenDev ?? false);
      const elseBranch = narrow(branch, cmp, false, test?.elseDev ?? false);
      for (const c of node.namedChildren) {
        if (!c || conditions.some((x) => x.id === c.id)) continue;
        if (c.type === "elif_clause") visitIf(c, elseBranch);
        else if (c.type === "else_clause") {
          for (const e of c.namedChildren) if (e) visit(e, elseBranch);
        } else visit(c, thenBranch);
      }
    };
    visit(tree.rootNode, { opaque: false, devOnly: false, guards: [] });
    for (const c of commands) c.callsFunction = functions.has(c.argv[0]?.text ?? "");
    return { script: { commands, errexit }, errors: tree.rootNode.hasError ? [firstError(tree.rootNode, span)] : [] };
  } finally {
    tree.delete();
  }
}

function firstError(root: SyntaxNode, span: (n: SyntaxNode) => Span): ParseError {
  let found: SyntaxNode | null = null;
  const walk = (n: SyntaxNode): void => {
    if (found) return;
    if (n.isError || n.isMissing) {
      found = n;
      return;
    }
    if (n.hasError) for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  const node: SyntaxNode = found ?? root;
  const what = node.isMissing ? `missing "${node.type}"` : `unexpected "${node.text.split("\n")[0]!.slice(0, 30)}"`;
  return { span: span(node), message: `shell syntax error: ${what}` };
}

interface Comparison {
  variable: string;
  literal: string;
  equal: boolean;
  /** `literal` is a glob pattern (the right side of `==`/`!=` inside `[[ ]]` with unquoted `*`/`?`). */
  glob?: boolean;
}

/** The right side of `[[ $x == <pattern> ]]` as a ShellGuard glob: quoted parts escaped; null when it expands something. */
function globPattern(node: SyntaxNode, resolve: ShellResolver): string | null {
  switch (node.type) {
    case "word":
    case "extglob_pattern":
      return /[[\\]/.test(node.text) ? null : node.text;
    case "string":
    case "raw_string": {
      const v = wordValue(node, resolve);
      return v === null ? null : v.replace(/[\\*?]/g, "\\$&");
    }
    case "concatenation": {
      let out = "";
      for (const c of node.children) {
        const part = c ? globPattern(c, resolve) : null;
        if (part === null) return null;
        out += part;
      }
      return out;
    }
    default:
      return null;
  }
}

/** `$1`, `"$DJANGO_ENV"`, `${X}`: the variable a word reads, when it is nothing else. */
function variableOf(text: string): string | null {
  return /^"?\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9])\}?"?$/.exec(text)?.[1] ?? null;
}

function isTest(node: SyntaxNode): boolean {
  return node.type === "test_command" || (node.type === "command" && node.childForFieldName("name")?.text === "test");
}

/** `[ "$X" = lit ]`, `[[ $X == lit ]]`, `test "$X" != lit` (either side): the comparison; null for anything else. */
function comparison(node: SyntaxNode, resolve: ShellResolver): Comparison | null {
  let parts: SyntaxNode[] = [];
  if (node.type === "test_command") {
    const inner = node.namedChildren.filter((c): c is SyntaxNode => c !== null);
    if (inner.length !== 1 || inner[0]!.type !== "binary_expression") return null;
    parts = inner[0]!.children.filter((c): c is SyntaxNode => c !== null);
  } else if (node.type === "command" && node.childForFieldName("name")?.text === "test") {
    parts = node.childrenForFieldName("argument").filter((c): c is SyntaxNode => c !== null);
  } else return null;
  if (parts.length !== 3) return null;
  const [a, op, b] = parts as [SyntaxNode, SyntaxNode, SyntaxNode];
  const equal = op.text === "=" || op.text === "==";
  if (!equal && op.text !== "!=") return null;
  const va = variableOf(a.text);
  const vb = variableOf(b.text);
  const variable = va && !/\$/.test(b.text) ? va : vb && !/\$/.test(a.text) ? vb : null;
  if (!variable) return null;
  // In `[[ $1 != "/"* ]]` the right side is a glob pattern, not a string to compare.
  if (node.text.startsWith("[[") && variable === va && /[*?[]/.test(b.text.replace(/"(?:\\.|[^"\\])*"|'[^']*'/g, ""))) {
    const pattern = globPattern(b, resolve);
    return pattern === null ? null : { variable, literal: pattern, equal, glob: true };
  }
  const literal = wordValue(variable === va ? b : a, resolve);
  return literal === null ? null : { variable, literal, equal };
}

/** The branch a test command selects: whether its then/else branch is taken only in development. */
function testBranch(node: SyntaxNode, resolve: ShellResolver): { thenDev: boolean; elseDev: boolean } | null {
  const cmp = comparison(node, resolve);
  if (!cmp) return null;
  const debugVar = /DEBUG/i.test(cmp.variable);
  if (DEV_WORDS.test(cmp.literal) || (debugVar && TRUTHY.test(cmp.literal))) return cmp.equal ? { thenDev: true, elseDev: false } : { thenDev: false, elseDev: true };
  if (PROD_WORDS.test(cmp.literal) || (debugVar && FALSY.test(cmp.literal))) return cmp.equal ? { thenDev: false, elseDev: true } : { thenDev: true, elseDev: false };
  return null;
}

function simpleCommand(node: SyntaxNode, branch: Branch, span: (n: SyntaxNode) => Span, resolve: ShellResolver): ShellCommand | null {
  const assignments: ShellCommand["assignments"] = [];
  const words: SyntaxNode[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === "variable_assignment") {
      const name = c.childForFieldName("name")?.text ?? "";
      const value = c.childForFieldName("value");
      assignments.push({ name, value: value ? wordValue(value, resolve) : "", span: span(c) });
    } else if (c.type === "command_name") {
      const inner = c.namedChild(0);
      words.push(inner ?? c);
    } else if (c.type !== "file_redirect" && c.type !== "herestring_redirect" && c.type !== "heredoc_redirect") words.push(c);
  }
  let exec = false;
  if (words[0]?.text === "exec") {
    exec = true;
    words.shift();
    while (words[0] && /^-[cl]+$|^-a$/.test(words[0].text)) words.shift();
  }
  if (words.length === 0) return null;
  const argv: ShellWord[] = words.map((w) => ({ text: wordValue(w, resolve), raw: w.text, span: span(w) }));
  const handoff = words.some((w) => /^"?\$(@|\{@\})"?$/.test(w.text));
  const redirected = node.parent?.type === "redirected_statement" ? node.parent : null;
  const heredoc = redirected?.namedChildren.find((c) => c?.type === "heredoc_redirect")?.namedChildren.find((c) => c?.type === "heredoc_body");
  return {
    argv,
    assignments,
    span: span(node),
    exec,
    conditional: conditionalOf(branch),
    guards: branch.guards,
    opaque: branch.opaque,
    devOnly: branch.devOnly,
    background: node.nextSibling?.type === "&",
    handoff,
    stdin: heredoc ? heredoc.text : null,
    callsFunction: false,
  };
}

/** The value of a shell word after quote removal and expansion; null when it depends on something unknown. */
export function wordValue(node: SyntaxNode, resolve: ShellResolver): string | null {
  switch (node.type) {
    case "word":
    case "number":
    case "extglob_pattern":
      return node.text.replace(/\\(.)/gs, (_, c: string) => (c === "\n" ? "" : c));
    case "raw_string":
      return node.text.slice(1, -1);
    case "string": {
      let out = "";
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.type === "string_content") out += c.text.replace(/\\([$`"\\\n])/g, (_, ch: string) => (ch === "\n" ? "" : ch));
        else {
          const v = wordValue(c, resolve);
          if (v === null) return null;
          out += v;
        }
      }
      return out;
    }
    case "simple_expansion": {
      const name = node.namedChild(0)?.text ?? "";
      return resolve(name) ?? null;
    }
    case "expansion": {
      const name = node.namedChildren.find((c) => c?.type === "variable_name")?.text;
      if (!name) return null;
      const op = node.childForFieldName("operator")?.text;
      const value = resolve(name);
      if (op === undefined) return value ?? null;
      if ((op === ":-" || op === "-") && value === null) {
        const dflt = node.namedChildren.filter((c) => c?.type !== "variable_name");
        let out = "";
        for (const d of dflt) {
          if (!d) continue;
          const v = wordValue(d, resolve);
          if (v === null) return null;
          out += v;
        }
        return out;
      }
      if ((op === ":-" || op === "-") && typeof value === "string" && value !== "") return value;
      return null;
    }
    case "concatenation": {
      let out = "";
      for (const c of node.children) {
        if (!c) continue;
        const v = wordValue(c, resolve);
        if (v === null) return null;
        out += v;
      }
      return out;
    }
    default:
      return null;
  }
}

const RESERVED = new Set(["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "function", "select", "time", "coproc", "in", "!", "[[", "]]", "{", "}", "[", "test"]);
const PLAIN = /[A-Za-z0-9_./:=@%+,*#-]/;

/**
 * The fast path of parseShell, without loading the bash grammar: simple
 * commands joined by `&&`, `||`, `|`, `;` or newlines, with plain words,
 * quotes, comments and `$VAR` / `${VAR}` / `${VAR:-x}` expansions. Returns
 * null for anything else (redirections, substitutions, compound commands,
 * tests, backslashes…), which the tree-sitter path then handles; where it
 * answers, it answers exactly as that path does.
 */
export function parseSimpleShell(lines: LineIndex, start: number, source: string, resolve: ShellResolver = unknownEnv): ShellScript | null {
  interface Tok {
    from: number;
    to: number;
    value: string | null;
    /** The value after a leading `NAME=`, for assignments. */
    assigned: string | null | undefined;
  }
  const statements: { words: Tok[]; op: string }[] = [];
  let words: Tok[] = [];
  let i = 0;
  const n = source.length;
  const expansion = (at: number): { end: number; value: string | null } | null => {
    const rest = source.slice(at);
    const special = /^\$[@*#?0-9]/.exec(rest);
    if (special) return { end: at + 2, value: null };
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (plain) return { end: at + plain[0].length, value: resolve(plain[1]!) ?? null };
    const braced = /^\$\{(@|[A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([A-Za-z0-9_./:=@%+,-]*))?\}/.exec(rest);
    if (!braced) return null;
    const end = at + braced[0].length;
    if (braced[1] === "@") return { end, value: null };
    const value = resolve(braced[1]!);
    if (braced[2] === undefined) return { end, value: value ?? null };
    if (value === null) return { end, value: braced[3]! };
    if (typeof value === "string" && value !== "") return { end, value };
    return { end, value: null };
  };
  while (i < n) {
    const c = source[i]!;
    if (c === " " || c === "\t" || c === "\r" || (c === "\n" && words.length === 0)) {
      i++;
      continue;
    }
    if (c === "#") {
      const nl = source.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === "\n" || c === ";" || c === "|" || c === "&") {
      const op = source.startsWith("&&", i) ? "&&" : source.startsWith("||", i) ? "||" : c === "&" ? null : c === "|" ? "|" : ";";
      if (op === null || words.length === 0) return null;
      statements.push({ words, op });
      words = [];
      i += op.length;
      continue;
    }
    const tok: Tok = { from: i, to: i, value: "", assigned: undefined };
    const append = (piece: string | null): void => {
      tok.value = tok.value === null || piece === null ? null : tok.value + piece;
      if (tok.assigned !== undefined) tok.assigned = tok.assigned === null || piece === null ? null : tok.assigned + piece;
    };
    while (i < n && !/[\s;|&]/.test(source[i]!)) {
      const ch = source[i]!;
      if (ch === "'") {
        const close = source.indexOf("'", i + 1);
        if (close < 0) return null;
        append(source.slice(i + 1, close));
        i = close + 1;
      } else if (ch === '"') {
        i++;
        while (i < n && source[i] !== '"') {
          const q = source[i]!;
          if (q === "\\" || q === "`") return null;
          if (q === "$") {
            const e = expansion(i);
            if (!e) return null;
            append(e.value);
            i = e.end;
          } else {
            append(q);
            i++;
          }
        }
        if (i >= n) return null;
        i++;
      } else if (ch === "$") {
        const e = expansion(i);
        if (!e) return null;
        append(e.value);
        i = e.end;
      } else if (ch === "=" && tok.assigned === undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(source.slice(tok.from, i))) {
        append("=");
        tok.assigned = "";
        i++;
      } else if (PLAIN.test(ch)) {
        append(ch);
        i++;
      } else return null;
    }
    tok.to = i;
    words.push(tok);
  }
  if (words.length > 0) statements.push({ words, op: ";" });
  const commands: ShellCommand[] = [];
  let errexit = /^#!\S*\s.*-\w*e/.test(source);
  let previous = ";";
  let pipelineConditional = false;
  for (const { words: toks, op } of statements) {
    const conditional: boolean = previous === "|" ? pipelineConditional : previous === "||";
    pipelineConditional = conditional;
    previous = op;
    const raw = (t: Tok): string => source.slice(t.from, t.to);
    let k = 0;
    const assignments: ShellCommand["assignments"] = [];
    while (k < toks.length && toks[k]!.assigned !== undefined) {
      const t = toks[k]!;
      assignments.push({ name: raw(t).slice(0, raw(t).indexOf("=")), value: t.assigned ?? null, span: lines.span(start + t.from, start + t.to) });
      k++;
    }
    const rest = toks.slice(k);
    if (rest.length === 0) continue;
    if (RESERVED.has(raw(rest[0]!))) return null;
    let exec = false;
    let argvToks = rest;
    if (raw(rest[0]!) === "exec") {
      exec = true;
      argvToks = rest.slice(1);
      while (argvToks[0] && /^-[cl]+$|^-a$/.test(raw(argvToks[0]))) argvToks = argvToks.slice(1);
      if (argvToks.length === 0) return null;
    }
    if (/#|^[-%@,+=:*]/.test(raw(argvToks[0]!))) return null;
    const argv: ShellWord[] = argvToks.map((t) => ({ text: t.value, raw: raw(t), span: lines.span(start + t.from, start + t.to) }));
    const first = toks[0]!;
    const last = toks[toks.length - 1]!;
    if (argv[0]?.text === "set" && !conditional && argv.slice(1).some((w, j, all) => /^-[a-z]*e/.test(w.text ?? "") || (w.text === "errexit" && all[j - 1]?.text === "-o"))) errexit = true;
    commands.push({
      argv,
      assignments,
      span: lines.span(start + first.from, start + last.to),
      exec,
      conditional,
      guards: [],
      opaque: conditional,
      devOnly: false,
      background: false,
      handoff: argv.some((w) => /^"?\$(@|\{@\})"?$/.test(w.raw)),
      stdin: null,
      callsFunction: false,
    });
  }
  return { commands, errexit };
}
