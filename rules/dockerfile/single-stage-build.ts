import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp } from "../../src/model/docker.js";
import type { Word } from "../../src/model/types.js";

const BUILD_PACKAGE = /^(gcc|g\+\+|gcc-\d+|clang|build-essential|build-base|musl-dev|libc6?-dev|[\w.+-]+-dev|[\w.+-]+-devel)([=~]\S*)?$/;

/** Build packages an install command adds, with the apk `--virtual` group they are added under. */
function installs(argv: Word[]): { packages: Word[]; group: string | null } {
  const name = argv[0]?.text ?? "";
  const sub = argv.slice(1).find((w) => !(w.text ?? "-").startsWith("-"))?.text;
  const managers: Record<string, string> = { "apt-get": "install", apt: "install", apk: "add", yum: "install", dnf: "install", microdnf: "install" };
  if (managers[name] === undefined || sub !== managers[name]) return { packages: [], group: null };
  const at = argv.findIndex((w) => w.text === "--virtual" || w.text === "-t");
  const group = name === "apk" ? (at > 0 ? (argv[at + 1]?.text ?? null) : (argv.find((w) => w.text?.startsWith("--virtual="))?.text?.slice(10) ?? null)) : null;
  return { packages: argv.filter((w) => w.text !== null && BUILD_PACKAGE.test(w.text)), group };
}

/**
 * What a removal command names (`apt-get purge -y gcc`, `apk del .build-deps`):
 * the names, or "unknown" when a word is an unresolved expansion (`$BUILD_DEPS`).
 * `apt-get autoremove` and `purge --auto-remove` without names remove only
 * automatically installed packages, never ones installed by name.
 */
function removes(argv: Word[]): Set<string> | "unknown" {
  const name = argv[0]?.text ?? "";
  const words = argv.slice(1).filter((w, i, all) => !(w.text ?? "").startsWith("-") && all[i - 1]?.text !== "-o");
  const sub = words[0]?.text ?? "";
  const verbs: Record<string, string[]> = { apk: ["del"], "apt-get": ["purge", "remove"], apt: ["purge", "remove"], yum: ["remove", "erase"], dnf: ["remove", "erase"], microdnf: ["remove"] };
  if (!verbs[name]?.includes(sub)) return new Set();
  const named = words.slice(1);
  if (named.some((w) => w.text === null)) return "unknown";
  return new Set(named.map((w) => w.text!.replace(/[=~].*$/, "")));
}

export default defineRule({
  code: "DF106",
  name: "single-stage-build",
  area: "dockerfile",
  severity: "info",
  tags: ["security", "performance"],
  messages: {
    compilers: "This RUN installs {packages} in the final stage of {file} and does not remove them: the compilers and headers ship in the production image.",
  },
  docs: {
    summary: "Compilers or development headers are installed in the final stage and stay in the image.",
    why:
      "Build tools are needed to compile wheels (psycopg, cryptography, Pillow from source), not to run Django. Left in the final image they add 150–300 MB to every pull and cold start, widen the set of packages your scanner reports CVEs for, and hand an attacker who gets code execution a compiler to build exploits and tools in place.",
    fix:
      "Build wheels in a builder stage and install only the wheels in the final stage:\n\n```dockerfile\nFROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nCOPY requirements.txt .\nRUN pip wheel --wheel-dir /wheels -r requirements.txt\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/* && rm -rf /wheels\n```\n\nOr install and purge in the same RUN (`apk add --virtual .build-deps … && pip install … && apk del .build-deps`) — removing them in a later RUN does not shrink the image, because the earlier layer keeps them. Prefer binary wheels (`psycopg[binary]`) where they exist.",
    bad: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nRUN apt-get update && apt-get install -y gcc libpq-dev\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nRUN apt-get update && apt-get install -y libpq5\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    limits:
      "Recognises apt-get/apt, apk, yum, dnf and microdnf installs of gcc, g++, clang, build-essential, build-base and `*-dev`/`*-devel` packages in the final stage and the stages it is built FROM. A package counts as removed when a removal in the same RUN names it or its apk `--virtual` group (or names something Unknown, like `$BUILD_DEPS`); `apt-get autoremove` and `purge --auto-remove` without names remove only automatically installed packages, so they do not count. Builder stages whose files are copied out selectively are never judged.",
    references: [
      { title: "Multi-stage builds", url: "https://docs.docker.com/build/building/multi-stage/" },
      { title: "Best practices: apt-get", url: "https://docs.docker.com/build/building/best-practices/#apt-get" },
    ],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      for (const run of image.runs) {
        if (!image.lineage.includes(run.stage)) continue;
        const removals = run.commands.map((c) => removes(c.argv));
        if (removals.includes("unknown")) continue;
        const gone = new Set(removals.flatMap((r) => (r === "unknown" ? [] : [...r])));
        const kept = run.commands.flatMap((c) => {
          const { packages, group } = installs(c.argv);
          return group !== null && gone.has(group) ? [] : packages.filter((w) => !gone.has(w.text!.replace(/[=~].*$/, "")));
        });
        if (kept.length === 0) continue;
        report({ messageId: "compilers", data: { packages: [...new Set(kept.map((w) => w.text))].join(", "), file: image.file }, span: run.span });
      }
    }
  },
});
