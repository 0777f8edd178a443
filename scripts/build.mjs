// Bundles the CLI into one file (start-up time: one require instead of hundreds)
// and puts the tree-sitter WASM files beside it.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { devNull } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const out = join(root, "dist");
mkdirSync(out, { recursive: true });

// Written to a temporary file and renamed, so a CLI started while a build
// runs (tests run in parallel) loads the old bundle or the new, never half of one.
const bundle = await build({
  entryPoints: [join(root, "src", "cli.ts")],
  outfile: join(out, "shipshape.cjs"),
  write: false,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  define: { "import.meta.url": "__shipshape_import_meta_url" },
  banner: { js: 'const __shipshape_import_meta_url = require("node:url").pathToFileURL(__filename).href;\nconst __shipshape_require = require;' },
});
// web-tree-sitter loads two Node built-ins with import(); a bundle run from a
// V8 code cache cannot use import() on Node 20 (the host callback is lost), so
// those become require() — the same modules, loaded synchronously.
function withoutDynamicImports(text) {
  const out = text.replace(/\bimport\((["'])(node:)?(fs\/promises|module)\1\)/g, (_, q, prefix, name) => `Promise.resolve(__shipshape_require(${q}${prefix ?? ""}${name}${q}))`);
  if (/\bimport\(/.test(out)) throw new Error("the bundle still has a dynamic import(): extend withoutDynamicImports");
  return out;
}
for (const file of bundle.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, withoutDynamicImports(file.text));
  renameSync(tmp, file.path);
}

function packageDir(pkg) {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    try {
      return dirname(require.resolve(join(dir, pkg, "package.json")));
    } catch {
      // try the next
    }
  }
  throw new Error(`cannot find package ${pkg}`);
}

for (const [pkg, file] of [
  ["web-tree-sitter", "tree-sitter.wasm"],
  ["tree-sitter-python", "tree-sitter-python.wasm"],
  ["tree-sitter-bash", "tree-sitter-bash.wasm"],
]) {
  const tmp = join(out, `${file}.${process.pid}.tmp`);
  copyFileSync(join(packageDir(pkg), file), tmp);
  renameSync(tmp, join(out, file));
}

// The V8 code cache for bin/shipshape.cjs: made by running the CLI once on a
// fixture project, so the functions an audit uses are in it, not just the top level.
const cache = join(out, "shipshape.cjs.cache");
const cacheTmp = `${cache}.${process.pid}.tmp`;
const warmUp = join(root, "fixtures", "projects", "compose-stack");
const argv = existsSync(warmUp) ? ["audit", warmUp, "--format", "json", "--output", devNull] : ["--version"];
const run = spawnSync(process.execPath, [join(root, "bin", "shipshape.cjs"), ...argv], {
  env: { ...process.env, SHIPSHAPE_WRITE_CODE_CACHE: cacheTmp, NO_COLOR: "1" },
  stdio: "ignore",
});
if (existsSync(cacheTmp)) renameSync(cacheTmp, cache);
else if (run.error || run.status === 2) console.warn("shipshape build: no code cache made (start-up will be slower)");
