// Settings evaluation speed: a generated settings package of 30 modules with
// chained star imports and 2,000 assignments (scripts/bench/generate.mjs),
// evaluated in process. Prints the median of warm runs of the whole settings
// build (parse every module + evaluate the production module), and the cold
// first run that also loads the Python grammar.
//
//   node scripts/bench-settings.mjs        (BENCH_RUNS=N, default 20)
//
// Exits 1 when the warm median exceeds the 50 ms budget.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { generateSettingsPackage } from "./bench/generate.mjs";

const BUDGET_MS = 50;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 20));
const work = mkdtempSync(join(tmpdir(), "shipshape-bench-settings-"));
try {
  const entry = join(work, "entry.ts");
  // Beside the package's node_modules, so the bundle's external imports resolve.
  mkdirSync(join(root, "dist"), { recursive: true });
  const outfile = join(root, "dist", `bench-settings.${process.pid}.mjs`);
  writeFileSync(
    entry,
    [
      `export { discover } from ${JSON.stringify(join(root, "src", "discover", "walk.ts"))};`,
      `export { buildContext } from ${JSON.stringify(join(root, "src", "model", "context.ts"))};`,
      `export { buildSettings } from ${JSON.stringify(join(root, "src", "model", "settings", "build.ts"))};`,
      `export { defaultConfig } from ${JSON.stringify(join(root, "src", "config", "types.ts"))};`,
      `export { parsePython } from ${JSON.stringify(join(root, "src", "parse", "python.ts"))};`,
    ].join("\n"),
  );
  await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning", absWorkingDir: root });
  const { discover, buildContext, buildSettings, defaultConfig, parsePython } = await import(pathToFileURL(outfile).href);

  const project = join(work, "settings-package");
  generateSettingsPackage(project);
  const { files, skipped } = discover(project, {});
  const cpuTimes = [];
  const once = async () => {
    const ctx = buildContext(project, files, skipped, defaultConfig());
    const start = performance.now();
    const cpu = process.cpuUsage();
    const model = await buildSettings(ctx, []);
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - start;
    cpuTimes.push((used.user + used.system) / 1000);
    const view = model.productionSettings[0];
    if (!view || view.names().length < 1600) throw new Error(`expected one production view with 1,600+ distinct settings (2,000 assignments), got ${view ? view.names().length : "none"}`);
    return ms;
  };
  // Parsing alone (tree-sitter + copy into plain nodes), to tell it apart from evaluation.
  const python = files.filter((f) => f.path.endsWith(".py"));
  const parseOnce = async () => {
    const cpu = process.cpuUsage();
    for (const f of python) await parsePython(f);
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  const cold = await once();
  cpuTimes.length = 0;
  const warm = [];
  const parse = [];
  for (let i = 0; i < runs; i++) {
    warm.push(await once());
    parse.push(await parseOnce());
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const total = median(cpuTimes);
  const parsing = median(parse);
  const evaluation = Math.max(0, total - parsing);
  console.log(
    [
      `settings package (30 star-chained modules, 2,000 assignments), median of ${runs} warm runs:`,
      `  whole settings build ${median(warm).toFixed(1)} ms wall, ${total.toFixed(1)} ms CPU (cold first run ${cold.toFixed(1)} ms wall, grammar load included)`,
      `  of which parsing ${parsing.toFixed(1)} ms CPU, evaluation ${evaluation.toFixed(1)} ms CPU (budget ${BUDGET_MS} ms)`,
    ].join("\n"),
  );
  if (evaluation > BUDGET_MS) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(join(root, "dist", `bench-settings.${process.pid}.mjs`), { force: true });
}
