// `npm run bench`: wall time and peak RSS of cold `shipshape audit` runs (a
// fresh process each) on a generated monorepo, a generated settings package
// and every fixture project, side by side with Django's own
// `check --deploy` and bare node. Prints a Markdown table for README.
//
//   BENCH_RUNS=N   runs per row (default 7; the median is reported)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { generateDjangoCheckProject, generateMonorepo, generateSettingsPackage } from "./bench/generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "shipshape.cjs");
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const djangoPython = findDjangoPython();

if (!existsSync(join(root, "dist", "shipshape.cjs"))) {
  console.error("bench: dist/shipshape.cjs is missing; run `npm run bench` (it builds first)");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "shipshape-bench-"));
try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function main() {
  const plain = join(work, "monorepo");
  const checkout = join(work, "monorepo-git");
  const fileCount = generateMonorepo(plain);
  generateMonorepo(checkout);
  git(checkout, "init", "-q");
  git(checkout, "add", "-A");
  git(checkout, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "bench");
  const settings = join(work, "settings-package");
  generateSettingsPackage(settings);
  const django = join(work, "django-check");
  generateDjangoCheckProject(django);

  const audit = (dir) => [process.execPath, bin, "audit", dir, "--format", "json", "--output", "/dev/null"];
  const rows = [
    { name: "bare `node -e 0`", argv: [process.execPath, "-e", "0"] },
    { name: "`shipshape --version` (start-up)", argv: [process.execPath, bin, "--version"] },
    ...readdirSync(join(root, "fixtures", "projects"))
      .sort()
      .map((p) => ({ name: `fixture project \`${p}\``, argv: audit(join(root, "fixtures", "projects", p)), audit: true })),
    { name: `monorepo, ${fileCount} files, git checkout`, argv: audit(checkout), audit: true },
    { name: `monorepo, ${fileCount} files, plain directory`, argv: audit(plain), audit: true },
    { name: "settings package: 30 star-chained modules, 2,000 assignments", argv: audit(settings), audit: true },
    djangoPython
      ? { name: "`python3 -m django check --deploy`, minimal settings", argv: [djangoPython, "-m", "django", "check", "--deploy", "--settings=minimal_settings"], cwd: django, env: { PYTHONPATH: django } }
      : null,
  ].filter(Boolean);

  const load = () => loadavg()[0].toFixed(1);
  const loadBefore = load();
  const measured = measureAll(rows);
  const results = rows.map((row, k) => ({ ...row, ...measured[k] }));
  const discovery = await measureDiscovery(checkout, plain);
  const inProcess = await measureInProcess([
    { name: "fixture project `compose-stack`", dir: join(root, "fixtures", "projects", "compose-stack") },
    { name: "settings package", dir: settings },
    { name: "monorepo, git checkout", dir: checkout },
  ]);

  const out = [];
  out.push(
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; ${runs} cold run(s) per row (a fresh process each, rows interleaved, after one warm-up round); 1-minute load average ${loadBefore} before, ${load()} after.`,
    "",
  );
  out.push("| run | wall time, median | fastest | peak RSS |", "| --- | ---: | ---: | ---: |");
  for (const r of results)
    out.push(`| ${r.name} | ${r.failed ? `failed: ${r.failed}` : `${r.wall.toFixed(0)} ms`} | ${r.failed ? "" : `${r.min.toFixed(0)} ms`} | ${r.rss === null ? "n/a" : `${(r.rss / 1024).toFixed(0)} MB`} |`);
  for (const d of discovery) out.push(`| discovery only, in process: ${d.name} | ${d.wall.toFixed(1)} ms | ${d.min.toFixed(1)} ms | — |`);
  for (const d of inProcess) out.push(`| \`audit()\` in process, grammars already loaded: ${d.name} | ${d.wall.toFixed(1)} ms | ${d.min.toFixed(1)} ms | — |`);
  if (!djangoPython) out.push("", "Django's `check --deploy` row skipped: no python3 with Django found (Debian: `apt-get install python3-django`).");
  if (!gnuTime) out.push("", "Peak RSS not measured: GNU time is missing (Debian: `apt-get install time`).");
  console.log(out.join("\n"));
}

/**
 * Runs every row `runs` times, round-robin (so a busy neighbour slows every
 * row alike), after one warm-up round. Per row: the median and the fastest
 * wall time, and the largest peak RSS (KiB) seen.
 */
function measureAll(rows) {
  const stats = rows.map(() => ({ walls: [], rss: gnuTime ? 0 : null, failed: null }));
  const statsFile = join(work, "time.txt");
  for (let i = 0; i <= runs; i++) {
    rows.forEach((row, k) => {
      const st = stats[k];
      if (st.failed) return;
      const argv = gnuTime ? [gnuTime, "-f", "%M", "-o", statsFile, ...row.argv] : row.argv;
      const start = process.hrtime.bigint();
      const r = spawnSync(argv[0], argv.slice(1), { cwd: row.cwd ?? work, env: { ...process.env, NO_COLOR: "1", ...(row.env ?? {}) }, encoding: "utf8" });
      const wall = Number(process.hrtime.bigint() - start) / 1e6;
      const ok = row.audit ? r.status === 0 || r.status === 1 : r.status === 0;
      if (!ok) {
        st.failed = `exit ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").pop()}`;
        return;
      }
      if (i === 0) return;
      st.walls.push(wall);
      if (gnuTime) st.rss = Math.max(st.rss, Number(readFileSync(statsFile, "utf8").trim().split("\n").pop()));
    });
  }
  return stats.map((st) => ({ failed: st.failed, wall: st.failed ? NaN : median(st.walls), min: st.failed ? NaN : Math.min(...st.walls), rss: st.rss }));
}

/** Discovery alone, in process, bundled from the sources: what listing and reading cost without start-up, parsing and rules. */
async function measureDiscovery(checkout, plain) {
  const outfile = join(work, "discover.mjs");
  await build({ entryPoints: [join(root, "src", "discover", "walk.ts")], outfile, bundle: true, platform: "node", format: "esm", logLevel: "warning" });
  const { discover } = await import(pathToFileURL(outfile).href);
  return [
    { name: "monorepo via `git ls-files`", dir: checkout, options: {} },
    { name: "monorepo via the directory walk", dir: plain, options: { noGit: true } },
  ].map(({ name, dir, options }) => {
    const walls = [];
    let read = 0;
    for (let i = 0; i <= runs; i++) {
      const start = process.hrtime.bigint();
      read = discover(dir, options).files.length;
      if (i > 0) walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return { name: `${name}, ${read} files read`, wall: median(walls), min: Math.min(...walls) };
  });
}

/** The whole audit in process, after a first run has loaded the grammars: the work itself, without start-up and WASM compilation. */
async function measureInProcess(cases) {
  // Beside the sources, so the tree-sitter loader finds the grammars in node_modules.
  const outfile = join(root, ".bench", "audit.mjs");
  await build({ entryPoints: [join(root, "src", "index.ts")], outfile, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
  const { audit } = await import(pathToFileURL(outfile).href);
  const out = [];
  for (const { name, dir } of cases) {
    const walls = [];
    for (let i = 0; i <= runs; i++) {
      const start = process.hrtime.bigint();
      await audit({ root: dir });
      if (i > 0) walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    out.push({ name, wall: median(walls), min: Math.min(...walls) });
  }
  return out;
}

function git(cwd, ...args) {
  execFileSync("git", args, { cwd, stdio: "ignore" });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function machine() {
  const cpu = cpus();
  const os = existsSync("/etc/debian_version") ? `Debian ${readFileSync("/etc/debian_version", "utf8").trim()}` : process.platform;
  return `${os}, ${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

/** Debian's python3 has python3-django; a pyenv or venv python3 first on PATH may not. */
function findDjangoPython() {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(python, ["-c", "import django"], { stdio: "ignore" });
    if (r.status === 0) return python;
  }
  return null;
}

