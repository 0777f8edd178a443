import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp, pipInstallArgs } from "../../src/model/docker.js";
import type { Word } from "../../src/model/types.js";

const DEV_FILE = /(^|\/)(requirements[-_.]?(dev|develop|development|test|tests|testing|local|ci|lint)\b[^/]*|(dev|test|local|ci)[-_]requirements[^/]*|requirements\/(dev|develop|development|test|tests|testing|local|ci)[^/]*)$/i;
const DEV_EXTRA = /\[([^\]]*,)?\s*(dev|develop|test|tests|testing|lint)\s*(,[^\]]*)?\]$/i;

function devInstall(argv: Word[]): string | null {
  const args = pipInstallArgs(argv);
  if (args) {
    for (let i = 0; i < args.length; i++) {
      const t = args[i]!.text;
      if (t === null) continue;
      const file = t === "-r" || t === "--requirement" ? args[i + 1]?.text : t.startsWith("--requirement=") ? t.slice(14) : /^-r./.test(t) ? t.slice(2) : null;
      if (file && DEV_FILE.test(file)) return file;
      if (DEV_EXTRA.test(t)) return t;
    }
    return null;
  }
  if (argv[0]?.text === "pipenv" && argv[1]?.text === "install" && argv.some((w) => w.text === "--dev" || w.text === "-d")) return "pipenv --dev";
  return null;
}

/** The values of a flag given as `--flag a,b`, `--flag=a,b` or repeated; null when one is Unknown. */
function flagValues(argv: Word[], flag: string): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!.text;
    const v = t === flag ? argv[i + 1]?.text : t?.startsWith(`${flag}=`) ? t.slice(flag.length + 1) : undefined;
    if (v === undefined) continue;
    if (v === null) return null;
    out.push(...v.split(",").map((s) => s.trim()));
  }
  return out;
}

/**
 * `poetry install` / `uv sync` that installs a default group the project's
 * pyproject.toml defines (poetry: every non-optional group unless `--without`,
 * `--only` or `--no-dev` leaves it out; uv: `dev` unless `--no-dev`,
 * `--no-default-groups`, `--only-group`, `--no-group dev`).
 */
function groupInstall(argv: Word[], groups: { tool: "poetry" | "uv"; name: string }[]): string | null {
  const [tool, sub] = [argv[0]?.text, argv[1]?.text];
  if (argv.some((w) => w.text === null)) return null;
  if (tool === "poetry" && sub === "install") {
    if (argv.some((w) => w.text === "--no-dev" || w.text === "--only-root")) return null;
    const only = flagValues(argv, "--only");
    const without = flagValues(argv, "--without");
    if (only === null || without === null) return null;
    const installed = groups.filter((g) => g.tool === "poetry" && (only.length > 0 ? only.includes(g.name) : !without.includes(g.name)));
    return installed.length > 0 ? `the poetry dependency group${installed.length > 1 ? "s" : ""} ${installed.map((g) => `"${g.name}"`).join(", ")}` : null;
  }
  if (tool === "uv" && sub === "sync") {
    if (argv.some((w) => ["--no-dev", "--no-default-groups", "--only-group"].includes(w.text ?? "") || (w.text ?? "").startsWith("--only-group="))) return null;
    const dropped = flagValues(argv, "--no-group");
    if (dropped === null || dropped.includes("dev")) return null;
    return groups.some((g) => g.tool === "uv") ? 'the uv dependency group "dev"' : null;
  }
  return null;
}

export default defineRule({
  code: "DF109",
  name: "dev-requirements-in-image",
  area: "dockerfile",
  severity: "info",
  tags: ["security", "performance"],
  messages: {
    dev: "This RUN installs {what} into the final stage of {file}: test and debug tools (debug toolbar, Werkzeug debugger, pytest) ship in the production image.",
  },
  docs: {
    summary: "The final stage installs development or test requirements.",
    why:
      "Development requirements bring packages that are dangerous or useless in production: django-debug-toolbar and Werkzeug's debugger execute code on request when they are enabled by mistake, factory-boy and pytest plugins bloat the image and the CVE report, and a settings module that imports them only when present starts behaving differently in production. The image also gets bigger and slower to pull on every deploy.",
    fix:
      "Install only the production requirements in the image, and keep development ones for the dev image or CI:\n\n```dockerfile\nCOPY requirements/base.txt requirements/production.txt requirements/\nRUN pip install --no-cache-dir -r requirements/production.txt\n```\n\nWith a multi-stage file, give tests their own target (`FROM base AS test` + `RUN pip install -r requirements/test.txt`) and build production from `base`.",
    bad: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCOPY requirements-dev.txt .\nRUN pip install -r requirements-dev.txt\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    limits:
      "Recognises pip (`pip`, `python -m pip`, `uv pip`) installs of requirements files named dev/test/local/ci and of `[dev]`/`[test]` extras, and `pipenv install --dev`, in the final stage and the stages it is built FROM. Also `poetry install` and `uv sync` when the pyproject.toml of the build context (beside the Dockerfile, else at the root) defines a group they install by default — poetry: every non-optional group unless `--without`/`--only`/`--no-dev` leaves it out; uv: `dev` unless `--no-dev`, `--no-default-groups`, `--only-group` or `--no-group dev`. A requirements file that includes dev packages under a neutral name is not detected.",
    references: [
      { title: "pip install: requirements files", url: "https://pip.pypa.io/en/stable/user_guide/#requirements-files" },
      { title: "Multi-stage builds", url: "https://docs.docker.com/build/building/multi-stage/" },
    ],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      for (const run of image.runs) {
        if (!image.lineage.includes(run.stage)) continue;
        for (const c of run.commands) {
          if (c.devOnly) continue;
          const what = devInstall(c.argv) ?? groupInstall(c.argv, image.defaultGroups);
          if (what) report({ messageId: "dev", data: { what, file: image.file }, span: run.span });
        }
      }
    }
  },
});
