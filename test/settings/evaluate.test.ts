/**
 * The settings evaluator: imports, environment readers, expressions,
 * statements and provenance, checked through the model of small projects.
 */
import { describe, expect, test } from "vitest";
import { dictGet, show, type Val } from "../../src/model/settings/values.js";
import type { SettingsView } from "../../src/model/settings/types.js";
import { modelOf, pkg } from "./helpers.js";

async function view(modules: Record<string, string>, extra: Record<string, string> = {}): Promise<SettingsView> {
  const model = await modelOf({ ...pkg(modules), ...extra }, ["config.settings.production"]);
  const v = model.settings.productionSettings[0];
  if (!v) throw new Error("no production view");
  return v;
}

function shown(v: SettingsView, name: string): string {
  return show(v.value(name).val);
}

function at(v: SettingsView, name: string): string {
  const s = v.value(name).at;
  return s ? `${s.file}:${s.line}` : "default";
}

function deps(val: Val): string[] {
  return val.deps.map((d) => `${d.name}:${d.state}`);
}

describe("imports", () => {
  test("chained star imports keep the span where each value was assigned", async () => {
    const v = await view({
      common: "DEBUG = True\nTIME_ZONE = 'UTC'\n",
      base: "from .common import *\n\nDEBUG = False\nALLOWED_HOSTS = ['a.example.com']\n",
      production: "from .base import *\n\nALLOWED_HOSTS += ['b.example.com']\n",
    });
    expect(shown(v, "DEBUG")).toBe("False");
    expect(at(v, "DEBUG")).toBe("config/settings/base.py:3");
    expect(at(v, "TIME_ZONE")).toBe("config/settings/common.py:2");
    expect(shown(v, "ALLOWED_HOSTS")).toBe("['a.example.com', 'b.example.com']");
  });

  test("absolute star imports and named imports", async () => {
    const v = await view({
      base: "INSTALLED_APPS = ['django.contrib.admin']\n_PRIVATE = 1\n",
      production: "from config.settings.base import *\nfrom config.settings.base import INSTALLED_APPS as APPS, _PRIVATE\n\nX = _PRIVATE + 1\n",
    });
    expect(shown(v, "INSTALLED_APPS")).toBe("['django.contrib.admin']");
    expect(shown(v, "APPS")).toBe("['django.contrib.admin']");
    expect(shown(v, "X")).toBe("2");
  });

  test("star imports do not copy underscore names", async () => {
    const v = await view({ base: "_SECRET = 'x'\n", production: "from .base import *\nY = _SECRET\n" });
    expect(shown(v, "Y")).toBe("Unknown");
  });

  test("an absent optional local module runs the except branch", async () => {
    const v = await view({
      production: "DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    LOCAL = False\n",
    });
    expect(shown(v, "DEBUG")).toBe("False");
    expect(shown(v, "LOCAL")).toBe("False");
  });

  test("a present local override may or may not be deployed: differing values become Unknown", async () => {
    const v = await view({
      local: "DEBUG = True\nSAME = 1\n",
      production: "DEBUG = False\nSAME = 1\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n",
    });
    expect(shown(v, "DEBUG")).toBe("Unknown");
    expect(shown(v, "SAME")).toBe("1");
  });

  test("a star import from outside the project makes unassigned settings Unknown, assigned ones stay", async () => {
    const v = await view({ production: "from some_package.settings import *\n\nDEBUG = False\n" });
    expect(v.opaque).toBe(true);
    expect(shown(v, "DEBUG")).toBe("False");
    expect(shown(v, "SECURE_SSL_REDIRECT")).toBe("Unknown");
  });

  test("django-split-settings include() runs the files in one namespace, optional() ones may be absent", async () => {
    const v = await view({
      production: "from split_settings.tools import include, optional\n\ninclude('components/base.py', 'components/*.py', optional('local.py'))\n",
    }, {
      "config/settings/components/base.py": "DEBUG = False\nINSTALLED_APPS = ['a']\n",
      "config/settings/components/z_apps.py": "INSTALLED_APPS += ['b']\n",
    });
    expect(shown(v, "DEBUG")).toBe("False");
    expect(shown(v, "INSTALLED_APPS")).toBe("['a', 'b']");
  });

  test("a star import of a project module not in the repo (supplied at deploy time) may set any name", async () => {
    const v = await view({ production: "import os\nSECRET_KEY = 'x' * 60\nfrom .missing import *\nDEBUG = True\nA = os.environ.get('A', 'a')\n" });
    expect(v.failed).toBe(false);
    expect(shown(v, "SECRET_KEY")).toBe("Unknown");
    expect(shown(v, "DEBUG")).toBe("True");
    expect(shown(v, "A")).toBe("'a'");
    expect(shown(v, "ALLOWED_HOSTS")).toBe("Unknown");
  });

  test("writes through vars()/globals() may set any name; reading globals() does not", async () => {
    const written = await view({ production: "import yaml\nDEBUG = True\nvars().update(yaml.safe_load(open('/etc/app.yml')))\nX = 1\n" });
    expect(shown(written, "DEBUG")).toBe("Unknown");
    expect(shown(written, "X")).toBe("1");
    const read = await view({ production: "DEBUG = True\nHAS_X = 'X' in globals()\n" });
    expect(shown(read, "DEBUG")).toBe("True");
  });

  test("vars().update of django-environ's email_url sets only the EMAIL_* keys", async () => {
    const v = await view({ production: "import environ\nenv = environ.Env()\nDEBUG = True\nvars().update(env.email_url('EMAIL_URL'))\n" });
    expect(shown(v, "DEBUG")).toBe("True");
    expect(shown(v, "EMAIL_BACKEND")).toBe("Unknown");
    expect(v.assigned("EMAIL_HOST_PASSWORD")).toBeDefined();
  });

  test("what a branch decided by an env default binds, or would have replaced, depends on that variable", async () => {
    const v = await view({
      production: [
        "import os",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}",
        "if os.getenv('DB', 'sqlite') == 'postgres':",
        "    DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}",
        "if os.getenv('STAGE', 'dev') == 'dev':",
        "    DEBUG = True",
        "X = 1",
        "",
      ].join("\n"),
    });
    const engine = dictGet(dictGet(v.value("DATABASES").val, "default")!, "ENGINE")!;
    expect(deps(engine)).toEqual(["DB:unset"]);
    expect(shown(v, "DEBUG")).toBe("True");
    expect(deps(v.value("DEBUG").val)).toEqual(["STAGE:unset"]);
    expect(deps(v.value("X").val)).toEqual([]);
  });

  test("a branch that star-imports a module not in the repo is not ruled out: the other branch's values are not certain", async () => {
    const v = await view({
      production: ["import os", "if os.environ.get('MODE') == 'dev':", "    DEBUG = True", "else:", "    from .prod_secrets import *", ""].join("\n"),
    });
    expect(shown(v, "DEBUG")).toBe("Unknown");
  });
});

describe("environment readers (unset environment)", () => {
  test("defaults apply, reads without a default are Unknown", async () => {
    const v = await view({
      production: [
        "import os",
        "A = os.environ.get('A', 'x')",
        "B = os.getenv('B', 3)",
        "C = os.environ['C']",
        "D = os.environ.get('D')",
        "E = os.environ.setdefault('E', 'e')",
        "F = os.environ.get('F_FILE', 'dflt')",
        "",
      ].join("\n"),
    });
    expect(shown(v, "A")).toBe("'x'");
    expect(deps(v.value("A").val)).toEqual(["A:unset"]);
    expect(v.value("A").val.deps[0]!.defaultSpan?.line).toBe(2);
    expect(shown(v, "B")).toBe("3");
    expect(shown(v, "C")).toBe("Unknown");
    expect(shown(v, "D")).toBe("Unknown");
    expect(shown(v, "E")).toBe("'e'");
    expect(v.envWrites.map((w) => w.name)).toEqual(["E"]);
    expect(shown(v, "F")).toBe("Unknown");
  });

  test("django-environ: schemes, casts, lists, database URLs", async () => {
    const v = await view({
      production: [
        "import environ",
        "env = environ.Env(DEBUG=(bool, False), WORKERS=(int, 4))",
        "environ.Env.read_env()",
        "DEBUG = env('DEBUG')",
        "W = env('WORKERS')",
        "B = env.bool('B', default=True)",
        "HOSTS = env.list('HOSTS', default=['*'])",
        "RAW = env('RAW', default='False')",
        "DATABASES = {'default': env.db('DATABASE_URL', default='postgres://u:p@db:6432/shop')}",
        "OTHER = {'default': env.db()}",
        "",
      ].join("\n"),
    });
    expect(shown(v, "DEBUG")).toBe("False");
    expect(v.value("DEBUG").val.rawEnv).toBeUndefined();
    expect(shown(v, "W")).toBe("4");
    expect(shown(v, "B")).toBe("True");
    expect(shown(v, "HOSTS")).toBe("['*']");
    expect(v.value("RAW").val.rawEnv).toBe("RAW");
    expect(shown(v, "DATABASES")).toContain("'ENGINE': 'django.db.backends.postgresql'");
    expect(shown(v, "DATABASES")).toContain("'PORT': 6432");
    expect(shown(v, "OTHER")).toBe("{'default': {…}}");
  });

  test("python-decouple casts the default too", async () => {
    const v = await view({
      production: [
        "from decouple import config, Csv",
        "DEBUG = config('DEBUG', default='off', cast=bool)",
        "HOSTS = config('HOSTS', default='a.example.com, b.example.com', cast=Csv())",
        "PORT = config('PORT', default='5432', cast=int)",
        "KEY = config('KEY')",
        "",
      ].join("\n"),
    });
    expect(shown(v, "DEBUG")).toBe("False");
    expect(shown(v, "HOSTS")).toBe("['a.example.com', 'b.example.com']");
    expect(shown(v, "PORT")).toBe("5432");
    expect(shown(v, "KEY")).toBe("Unknown");
    const auto = await view({ production: "from decouple import AutoConfig\n\nconfig = AutoConfig(search_path='/etc/shop')\nDEBUG = config('DEBUG', default=False, cast=bool)\n" });
    expect(shown(auto, "DEBUG")).toBe("False");
  });

  test("dj-database-url: keyword arguments are known even when the URL is not", async () => {
    const v = await view({
      production: "import dj_database_url\n\nDATABASES = {'default': dj_database_url.config(conn_max_age=600, conn_health_checks=True)}\n",
    });
    const db = show(v.value("DATABASES").val);
    expect(db).toContain("'CONN_MAX_AGE': 600");
    expect(db).toContain("'CONN_HEALTH_CHECKS': True");
    expect(db).not.toContain("ENGINE");
  });

  test("the traps: raw strings, bool() of a string, int() of a default", async () => {
    const v = await view({
      production: [
        "import os",
        "A = os.getenv('DEBUG', False)",
        "B = bool(os.environ.get('DEBUG', 'False'))",
        "C = os.environ.get('DEBUG', 'False') == 'True'",
        "D = int(os.environ.get('DEBUG', 0))",
        "E = os.getenv('DEBUG', 'no').lower() in ('1', 'true')",
        "",
      ].join("\n"),
    });
    expect([shown(v, "A"), v.value("A").val.rawEnv]).toEqual(["False", "DEBUG"]);
    expect([shown(v, "B"), v.value("B").val.rawEnv]).toEqual(["True", "DEBUG"]);
    expect([shown(v, "C"), v.value("C").val.rawEnv]).toEqual(["False", undefined]);
    expect([shown(v, "D"), v.value("D").val.rawEnv]).toEqual(["0", undefined]);
    expect([shown(v, "E"), v.value("E").val.rawEnv]).toEqual(["False", undefined]);
  });

  test("generated values are marked with the call", async () => {
    const v = await view({
      production: "from django.core.management.utils import get_random_secret_key\nimport secrets\n\nSECRET_KEY = get_random_secret_key()\nOTHER = 'x' + secrets.token_hex(8)\n",
    });
    expect(v.value("SECRET_KEY").val.generated).toBe("get_random_secret_key()");
    expect(v.value("OTHER").val.generated).toBe("secrets.token_hex()");
  });
});

describe("a target's environment", () => {
  test("values committed for the target apply; the env source is the provenance", async () => {
    const model = await modelOf({
      ...pkg({ production: "import os\n\nDEBUG = os.environ.get('DJANGO_DEBUG', '0') == '1'\nNAME = os.environ.get('NAME', 'dflt')\n" }),
      "config/wsgi.py": "import os\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n",
      Dockerfile: 'FROM python:3.12-slim\nENV DJANGO_DEBUG=1\nENV DJANGO_SETTINGS_MODULE=config.settings.production\nCOPY . /app\nCMD ["gunicorn", "config.wsgi:application"]\n',
    });
    const views = model.settings.productionSettings.filter((v) => v.targets.length > 0);
    expect(views.length).toBeGreaterThan(0);
    const v = views[0]!;
    expect(show(v.value("DEBUG").val)).toBe("True");
    const dep = v.value("DEBUG").val.deps[0]!;
    expect([dep.name, dep.state, dep.setAt?.file, dep.setAt?.line]).toEqual(["DJANGO_DEBUG", "set", "Dockerfile", 2]);
    expect(show(v.value("NAME").val)).toBe("'dflt'");
  });
});

describe("expressions", () => {
  test("arithmetic, strings, comparisons, boolean operators, f-strings, conditionals", async () => {
    const v = await view({
      production: [
        "A = 60 * 60 * 24 * 365",
        "B = 'a' + 'b' * 2",
        "C = 1 < 2 <= 2",
        "D = 0 or 'x'",
        "E = '' and 'y'",
        "NAME = 'shop'",
        "F = f'{NAME}.example.com'",
        "G = 'on' if A > 1 else 'off'",
        "H = not []",
        "I = 'a,b'.split(',')",
        "J = ' X '.strip().lower()",
        "K = 'x' in ['x', 'y']",
        "L = (1, 2)[1]",
        "M = {'a': 1}.get('b', 2)",
        "N = len([1, 2, 3])",
        "",
      ].join("\n"),
    });
    expect(shown(v, "A")).toBe("31536000");
    expect(shown(v, "B")).toBe("'abb'");
    expect(shown(v, "C")).toBe("True");
    expect(shown(v, "D")).toBe("'x'");
    expect(shown(v, "E")).toBe("''");
    expect(shown(v, "F")).toBe("'shop.example.com'");
    expect(shown(v, "G")).toBe("'on'");
    expect(shown(v, "H")).toBe("True");
    expect(shown(v, "I")).toBe("['a', 'b']");
    expect(shown(v, "J")).toBe("'x'");
    expect(shown(v, "K")).toBe("True");
    expect(shown(v, "L")).toBe("2");
    expect(shown(v, "M")).toBe("2");
    expect(shown(v, "N")).toBe("3");
  });

  test("paths: Path(__file__), .parent, /, os.path.join", async () => {
    const v = await view({
      production: [
        "import os",
        "from pathlib import Path",
        "BASE_DIR = Path(__file__).resolve().parent.parent.parent",
        "STATIC_ROOT = BASE_DIR / 'static'",
        "MEDIA_ROOT = os.path.join(BASE_DIR, 'media')",
        "OLD = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))",
        "",
      ].join("\n"),
    });
    expect(shown(v, "STATIC_ROOT")).toBe("Path('<root>/static')");
    expect(shown(v, "MEDIA_ROOT")).toBe("'<root>/media'");
    expect(shown(v, "OLD")).toBe("'<root>/config'");
  });

  test("anything else is Unknown", async () => {
    const v = await view({ production: "from shop.conf import load\n\nA = load('x')\nB = [x for x in range(3)]\nC = lambda: 1\n" });
    expect([shown(v, "A"), shown(v, "B"), shown(v, "C")]).toEqual(["Unknown", "Unknown", "Unknown"]);
  });
});

describe("statements", () => {
  test("tuple, chained and augmented assignment; del", async () => {
    const v = await view({ production: "A, B = 1, 2\nC = D = 'x'\nA += 10\nL = [1]\nL += [2]\nGONE = 1\ndel GONE\n" });
    expect([shown(v, "A"), shown(v, "B"), shown(v, "C"), shown(v, "D"), shown(v, "L")]).toEqual(["11", "2", "'x'", "'x'", "[1, 2]"]);
    expect(v.assigned("GONE")).toBeUndefined();
  });

  test("if/elif/else on evaluable conditions picks one branch", async () => {
    const v = await view({ production: "MODE = 'prod'\nif MODE == 'dev':\n    DEBUG = True\nelif MODE == 'prod':\n    DEBUG = False\nelse:\n    DEBUG = None\n" });
    expect(shown(v, "DEBUG")).toBe("False");
    expect(at(v, "DEBUG")).toBe("config/settings/production.py:5");
  });

  test("an unevaluable condition yields either branch: equal values survive, different ones become Unknown", async () => {
    const v = await view({
      production: "import os\n\nA = 1\nB = 1\nif os.environ.get('FLAG'):\n    A = 2\n    B = 1\n",
    });
    expect(shown(v, "A")).toBe("Unknown");
    expect(shown(v, "B")).toBe("1");
    expect(deps(v.value("A").val)).toContain("FLAG:unset");
  });

  test("a branch that raises is not taken", async () => {
    const v = await view({
      production: "import os\n\nSECRET_KEY = os.environ.get('SECRET_KEY', '')\nif not SECRET_KEY:\n    raise RuntimeError('missing')\n",
    });
    expect(v.failed).toBe(true);
    const ok = await view({ production: "import os\n\nDEBUG = False\nif DEBUG:\n    raise RuntimeError('no debug in production')\n" });
    expect(ok.failed).toBe(false);
  });

  test("subscript assignment and list/dict mutations", async () => {
    const v = await view({
      production: [
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}",
        "DATABASES['default']['CONN_MAX_AGE'] = 60",
        "MIDDLEWARE = ['b']",
        "MIDDLEWARE.insert(0, 'a')",
        "MIDDLEWARE.append('c')",
        "MIDDLEWARE.extend(['d', 'e'])",
        "MIDDLEWARE.remove('d')",
        "CACHES = {}",
        "CACHES.update({'default': {'BACKEND': 'x'}})",
        "del DATABASES['default']['ENGINE']",
        "",
      ].join("\n"),
    });
    expect(shown(v, "DATABASES")).toBe("{'default': {'CONN_MAX_AGE': 60}}");
    expect(at(v, "DATABASES")).toBe("config/settings/production.py:1");
    expect(shown(v, "MIDDLEWARE")).toBe("['a', 'b', 'c', 'e']");
    expect(shown(v, "CACHES")).toBe("{'default': {'BACKEND': 'x'}}");
  });

  test("loops, with-blocks and function bodies make what they touch Unknown", async () => {
    const v = await view({
      production: "APPS = ['a']\nfor extra in ['b']:\n    APPS.append(extra)\nwith open('/run/secrets/key') as f:\n    SECRET_KEY = f.read()\ndef helper():\n    return 1\nKEPT = 1\n",
    });
    expect([shown(v, "APPS"), shown(v, "SECRET_KEY"), shown(v, "KEPT")]).toEqual(["Unknown", "Unknown", "1"]);
  });
});

describe("Django defaults", () => {
  test("unassigned settings take Django's default for the pinned version", async () => {
    const old = await view({ production: "DEBUG = False\n" }, { "requirements.txt": "Django==3.2.25\n" });
    expect(shown(old, "SECURE_CROSS_ORIGIN_OPENER_POLICY")).toBe("Unknown");
    expect(shown(old, "X_FRAME_OPTIONS")).toBe("'DENY'");
    expect(at(old, "X_FRAME_OPTIONS")).toBe("default");
    const unpinned = await view({ production: "DEBUG = False\n" });
    expect(shown(unpinned, "SECURE_CROSS_ORIGIN_OPENER_POLICY")).toBe("'same-origin'");
  });
});

describe("names the evaluator cannot see", () => {
  test("globals() tricks make every setting Unknown, assigned or not; an update with known keys sets those", async () => {
    const v = await view({
      production: "import os\n\nDEBUG = False\nfor key, value in os.environ.items():\n    if key.startswith('DJANGO_'):\n        globals()[key[7:]] = value\n",
    });
    expect(v.opaque).toBe(true);
    expect(shown(v, "SECURE_SSL_REDIRECT")).toBe("Unknown");
    expect(shown(v, "DEBUG")).toBe("Unknown");
    const direct = await view({ production: "DEBUG = False\nglobals().update({'SECURE_SSL_REDIRECT': True})\n" });
    expect(shown(direct, "SECURE_SSL_REDIRECT")).toBe("True");
    expect(shown(direct, "DEBUG")).toBe("False");
  });

  test("a star import of Django's global_settings keeps Django's defaults known", async () => {
    const v = await view({ production: "from django.conf.global_settings import *\n\nDEBUG = False\n" });
    expect(v.opaque).toBe(false);
    expect(shown(v, "X_FRAME_OPTIONS")).toBe("'DENY'");
  });
});

describe("try/finally", () => {
  test("finally runs after the body", async () => {
    const v = await view({ production: "try:\n    A = 1\nexcept Exception:\n    A = 2\nfinally:\n    B = 3\n" });
    expect([shown(v, "A"), shown(v, "B")]).toEqual(["Unknown", "3"]);
  });
});
