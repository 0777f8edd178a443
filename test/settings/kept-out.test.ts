/**
 * Optional local overrides that .gitignore keeps out of the repository (the
 * Wagtail project template: production.py ends with `try: from .local import *`
 * and .gitignore lists the local module, which holds the servers' secrets):
 * the module may exist where the project is deployed, so what it could set is
 * Unknown. Without the .gitignore line the module is simply absent.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { renderSettings } from "../../src/commands/settings.js";
import { discover } from "../../src/discover/walk.js";
import { show } from "../../src/model/settings/values.js";
import type { SettingsView } from "../../src/model/settings/types.js";
import { modelOf, pkg } from "./helpers.js";

const OPTIONAL_LOCAL = "try:\n    from .local import *\nexcept ImportError:\n    pass\n";

async function view(files: Record<string, string>): Promise<SettingsView> {
  const model = await modelOf(files, ["config.settings.production"]);
  const v = model.settings.productionSettings[0];
  if (!v) throw new Error("no production view");
  return v;
}

function shown(v: SettingsView, name: string): string {
  return show(v.value(name).val);
}

function withFiles(files: Record<string, string>, run: (dir: string) => Promise<void> | void): Promise<void> | void {
  const dir = mkdtempSync(join(tmpdir(), "shipshape-kept-out-"));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const out = run(dir);
    if (out instanceof Promise) return out.finally(cleanup);
    cleanup();
  } catch (e) {
    cleanup();
    throw e;
  }
}

describe("an optional star import of a module .gitignore keeps out of the repo", () => {
  test("makes every name bound before it Unknown, naming the module; later assignments are known again", async () => {
    const v = await view({
      ...pkg({
        base: "SECRET_KEY = 'django-insecure-abc'\nALLOWED_HOSTS = []\n",
        production: `from .base import *\n\nDEBUG = False\n\n${OPTIONAL_LOCAL}\nSESSION_COOKIE_SECURE = True\n`,
      }),
      ".gitignore": "*.pyc\n*/settings/local.py\n",
    });
    for (const name of ["SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"]) {
      expect(shown(v, name)).toBe("Unknown");
      expect(v.value(name).val.overriddenBy).toBe("config/settings/local.py");
    }
    expect(v.value("SECRET_KEY").at?.file).toBe("config/settings/base.py");
    expect(shown(v, "SESSION_COOKIE_SECURE")).toBe("True");
    expect(v.value("SESSION_COOKIE_SECURE").val.overriddenBy).toBeUndefined();
    expect(v.opaque).toBe(true);
    expect(shown(v, "SECURE_SSL_REDIRECT")).toBe("Unknown");
  });

  test("without the .gitignore line the module is absent: values stay as the repository sets them", async () => {
    const v = await view({
      ...pkg({ production: `DEBUG = False\nALLOWED_HOSTS = []\n${OPTIONAL_LOCAL}` }),
      ".gitignore": "*.pyc\nlocal_settings.py\n",
    });
    expect(shown(v, "DEBUG")).toBe("False");
    expect(shown(v, "ALLOWED_HOSTS")).toBe("[]");
    expect(v.opaque).toBe(false);
    expect(shown(v, "SECURE_SSL_REDIRECT")).toBe("False");
  });

  test("a module in the repository keeps today's behaviour: only values it changes become Unknown", async () => {
    const v = await view({
      ...pkg({ local: "DEBUG = True\nSAME = 1\n", production: `DEBUG = False\nSAME = 1\nOTHER = 2\n${OPTIONAL_LOCAL}` }),
      ".gitignore": "*.pyc\n",
    });
    expect(shown(v, "DEBUG")).toBe("Unknown");
    expect(shown(v, "SAME")).toBe("1");
    expect(shown(v, "OTHER")).toBe("2");
  });

  test("an ignored copy on disk (a developer's own local.py) is not read: the servers' copy may set anything", async () => {
    const v = await view({
      ...pkg({ local: "SAME = 1\n", production: `SAME = 1\n${OPTIONAL_LOCAL}` }),
      ".gitignore": "config/settings/local.py\n",
    });
    expect(shown(v, "SAME")).toBe("Unknown");
    expect(v.value("SAME").val.overriddenBy).toBe("config/settings/local.py");
  });

  test("a guard on the file's existence counts as optional too", async () => {
    const production = "import os\n\nDEBUG = False\nif os.path.exists(os.path.join(os.path.dirname(__file__), 'local.py')):\n    from .local import *\n";
    const ignored = await view({ ...pkg({ production }), ".gitignore": "local.py\n" });
    expect(shown(ignored, "DEBUG")).toBe("Unknown");
    expect(ignored.value("DEBUG").val.overriddenBy).toBe("config/settings/local.py");
    const notIgnored = await view(pkg({ production }));
    expect(shown(notIgnored, "DEBUG")).toBe("False");
  });

  test("a deeper .gitignore that re-includes the path wins over a shallower one", async () => {
    const v = await view({
      ...pkg({ production: `DEBUG = False\n${OPTIONAL_LOCAL}` }),
      ".gitignore": "local.py\n",
      "config/settings/.gitignore": "!local.py\n",
    });
    expect(shown(v, "DEBUG")).toBe("False");
  });

  test("a named import of the module is not a star import: it fails as before", async () => {
    const v = await view({
      ...pkg({ production: "DEBUG = False\ntry:\n    from .local import DEBUG\nexcept ImportError:\n    pass\n" }),
      ".gitignore": "*/settings/local.py\n",
    });
    expect(shown(v, "DEBUG")).toBe("False");
  });

  test("shipshape settings shows where the value may come from", async () => {
    await withFiles({ ...pkg({ production: `DEBUG = False\n${OPTIONAL_LOCAL}` }), ".gitignore": "*/settings/local.py\n" }, async (dir) => {
      const out = await renderSettings(dir, "config.settings.production");
      expect(out).toMatch(/^ {2}DEBUG\s+= Unknown .*\{may be overridden by config\/settings\/local\.py, which \.gitignore keeps out of the repo\}$/m);
    });
  });
});

describe("discovery answers whether a path is ignored, the same with and without git", () => {
  const files = {
    ".gitignore": "/build/\n*.log\n",
    "app/.gitignore": "secrets/\n!keep.log\n",
    "app/settings.py": "DEBUG = False\n",
  };
  const probes = ["build/x.py", "app/build/x.py", "a.log", "app/keep.log", "app/secrets/local.py", "app/local.py", "app/settings.py", "../outside.py", "/abs.py"];
  const expected = [true, false, true, false, true, false, false, false, false];

  test.each([false, true])("git listing: %s", (useGit) =>
    withFiles(files, (dir) => {
      if (useGit) {
        const init = spawnSync("git", ["init", "-q"], { cwd: dir });
        if (init.status !== 0) throw new Error("git init failed");
      }
      const result = discover(dir, { noGit: !useGit });
      expect(result.listing).toBe(useGit ? "git" : "walk");
      expect(probes.map((p) => result.ignored(p))).toEqual(expected);
    }),
  );
});
