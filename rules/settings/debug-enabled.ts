import { defineRule } from "../../src/engine/types.js";
import { envRelated, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ101",
  name: "debug-enabled",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    enabled: "DEBUG is {value} in {module} {origin}: any error page shows the traceback, local variables and settings to whoever triggered it.",
  },
  docs: {
    summary: "DEBUG evaluates truthy in a production settings module.",
    why:
      "With DEBUG on, every unhandled exception renders Django's technical 500 page: the full traceback with local variables, the request with its cookies and headers, and most settings (Django masks names that look secret, but not database hosts, internal URLs or API endpoints). Anyone who can make a request fail — a malformed URL, a missing object — reads them. DEBUG also keeps every SQL query in memory for the life of the process, so long-running workers grow until they are killed, and it makes the 404 page list every URL pattern of the site.",
    fix:
      "Default DEBUG to False and turn it on only explicitly in development: `DEBUG = env.bool(\"DJANGO_DEBUG\", default=False)` (django-environ) or `DEBUG = os.environ.get(\"DJANGO_DEBUG\", \"\") == \"1\"`. Keep `DEBUG = True` in a `local.py`/`dev.py` module that production never imports. The trade-off is a one-line change in every developer's environment, which is the point: forgetting it fails safe.",
    bad: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"\nALLOWED_HOSTS = ["example.com"]\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"\nALLOWED_HOSTS = ["example.com"]\n' }],
    limits:
      "Silent when DEBUG cannot be evaluated statically (it depends on a variable with no default, a runtime config object, an unevaluable branch), and on modules named dev*, local*, test*. A default applies when the deployment does not set the variable in a committed file.",
    references: [
      { title: "Deployment checklist: DEBUG", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug" },
      { title: "Settings: DEBUG", url: "https://docs.djangoproject.com/en/stable/ref/settings/#debug" },
    ],
    equivalents: ["manage.py check --deploy: security.W018"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const debug = view.value("DEBUG");
      if (truthy(debug.val) !== true) continue;
      once({
        messageId: "enabled",
        data: { value: shown(debug.val), module: view.module, origin: origin(debug) },
        span: settingSpan(view, debug),
        related: envRelated(debug.val),
      });
    }
  },
});
