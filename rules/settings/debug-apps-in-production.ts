import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan } from "../../src/model/settings/query.js";

const APPS: Record<string, string> = { debug_toolbar: "django-debug-toolbar", silk: "django-silk" };
const MIDDLEWARE: Record<string, string> = {
  "debug_toolbar.middleware.DebugToolbarMiddleware": "django-debug-toolbar",
  "silk.middleware.SilkyMiddleware": "django-silk",
};

export default defineRule({
  code: "DJ122",
  name: "debug-apps-in-production",
  area: "settings",
  severity: "warning",
  tags: ["security", "performance"],
  messages: {
    app: "{entry} ({tool}) is in INSTALLED_APPS of {module}: a debugging tool that records or exposes SQL, headers and settings runs in production.",
    middleware: "{entry} ({tool}) is in MIDDLEWARE of {module}: every request pays for profiling, and its pages expose SQL and request data if reachable.",
  },
  docs: {
    summary: "django-debug-toolbar or django-silk is installed in a production settings module.",
    why:
      "The debug toolbar and Silk record every SQL query, header and template context of every request. In production that costs memory and latency on each request (Silk writes it all to your database), and if their URLs or panels are reachable — a misconfigured INTERNAL_IPS, SHOW_TOOLBAR_CALLBACK or an unprotected /silk/ — anyone can read other users' requests, session data and settings.",
    fix: "Install them only in development settings: add them to INSTALLED_APPS and MIDDLEWARE in `local.py`/`dev.py` (`INSTALLED_APPS += [\"debug_toolbar\"]`), and keep the packages in a dev requirements file.",
    bad: [{ path: "config/settings/production.py", code: 'INSTALLED_APPS = ["django.contrib.admin", "debug_toolbar"]\n' }],
    good: [{ path: "config/settings/production.py", code: 'INSTALLED_APPS = ["django.contrib.admin"]\n' }],
    limits: "Apps added conditionally on an unevaluable condition are not reported (the list becomes Unknown).",
    references: [
      { title: "django-debug-toolbar: installation", url: "https://django-debug-toolbar.readthedocs.io/en/latest/installation.html" },
      { title: "django-silk", url: "https://github.com/jazzband/django-silk" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      for (const [setting, table, messageId] of [
        ["INSTALLED_APPS", APPS, "app"],
        ["MIDDLEWARE", MIDDLEWARE, "middleware"],
      ] as const) {
        const v = view.value(setting).val.v;
        if (v.kind !== "list" && v.kind !== "tuple") continue;
        for (const item of v.items) {
          if (item.v.kind !== "str") continue;
          const tool = table[item.v.value] ?? (setting === "INSTALLED_APPS" ? table[item.v.value.replace(/\.apps\.\w+$/, "")] : undefined);
          if (tool) once({ messageId, data: { entry: item.v.value, tool, module: view.module }, span: item.span });
        }
      }
    }
  },
});
