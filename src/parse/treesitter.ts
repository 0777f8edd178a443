/**
 * tree-sitter (WASM) for Python and bash. The runtime and each grammar load
 * lazily, once, on first use: a project without shell scripts never pays for
 * the bash grammar. Trees live on the WASM heap: callers `delete()` them.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Language, Parser, type Tree } from "web-tree-sitter";

export type { Node as SyntaxNode, Tree } from "web-tree-sitter";

export type Grammar = "python" | "bash";

const WASM_FILES: Record<Grammar | "runtime", { file: string; pkg: string }> = {
  runtime: { file: "tree-sitter.wasm", pkg: "web-tree-sitter" },
  python: { file: "tree-sitter-python.wasm", pkg: "tree-sitter-python" },
  bash: { file: "tree-sitter-bash.wasm", pkg: "tree-sitter-bash" },
};

function here(): string {
  // Bundled: the .wasm files sit next to dist/shipshape.cjs. From source: node_modules.
  if (typeof __dirname === "string") return __dirname;
  return dirname(fileURLToPath(import.meta.url));
}

function locate(which: Grammar | "runtime"): string {
  const { file, pkg } = WASM_FILES[which];
  const beside = join(here(), file);
  if (existsSync(beside)) return beside;
  const require = createRequire(join(here(), "noop.js"));
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = join(dir, pkg, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find ${file} (package ${pkg})`);
}

let runtime: Promise<void> | undefined;
const languages = new Map<Grammar, Promise<Language>>();
const parsers = new Map<Grammar, Parser>();

async function language(grammar: Grammar): Promise<Language> {
  runtime ??= Parser.init({ locateFile: () => locate("runtime") });
  await runtime;
  let lang = languages.get(grammar);
  if (!lang) {
    lang = Language.load(locate(grammar));
    languages.set(grammar, lang);
  }
  return lang;
}

/** Parses `text` with the grammar; the caller must `tree.delete()` when done. */
export async function parseWith(grammar: Grammar, text: string): Promise<Tree> {
  const lang = await language(grammar);
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(lang);
    parsers.set(grammar, parser);
  }
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${grammar}`);
  return tree;
}
