import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ102",
  name: "debug-from-env-string",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    rawString: "DEBUG takes the raw string of {envVar} without parsing it: any non-empty value, including \"False\" and \"0\", turns DEBUG on.",
  },
  docs: {
    summary: "DEBUG is derived from an environment string without parsing it into a boolean.",
    why:
      "Environment variables are strings. `DEBUG = os.getenv(\"DEBUG\", False)` is False only while the variable is unset; the day someone sets `DEBUG=False` in the deployment, DEBUG becomes the string \"False\", which is truthy, and production serves technical error pages with tracebacks and settings to anyone. `bool(os.environ.get(\"DEBUG\"))` and django-environ's `env(\"DEBUG\")` without a cast have the same trap. The bug is invisible in review and in development, where the variable is usually set to something truthy on purpose.",
    fix:
      "Parse the string: `DEBUG = env.bool(\"DEBUG\", default=False)` (django-environ), `config(\"DEBUG\", default=False, cast=bool)` (python-decouple), or `os.environ.get(\"DEBUG\", \"\").lower() in (\"1\", \"true\", \"yes\")`. Each treats \"False\" and \"0\" as False.",
    bad: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = os.getenv("DEBUG", False)\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = os.getenv("DEBUG", "").lower() in ("1", "true", "yes")\n' }],
    limits: "Only recognises strings that reach DEBUG through the readers the evaluator knows (os.environ, os.getenv, django-environ, python-decouple) and through bool(), str methods and conditional expressions.",
    references: [
      { title: "Settings: DEBUG", url: "https://docs.djangoproject.com/en/stable/ref/settings/#debug" },
      { title: "django-environ: supported types", url: "https://django-environ.readthedocs.io/en/latest/types.html" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const b = view.assigned("DEBUG");
      if (!b || !b.val.rawEnv) continue;
      once({ messageId: "rawString", data: { envVar: b.val.rawEnv }, span: b.at });
    }
  },
});
