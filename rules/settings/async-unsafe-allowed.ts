import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan } from "../../src/model/settings/query.js";
import { envLookup } from "../../src/model/types.js";
import { truthy } from "../../src/model/settings/values.js";

const VAR = "DJANGO_ALLOW_ASYNC_UNSAFE";

export default defineRule({
  code: "DJ215",
  name: "async-unsafe-allowed",
  area: "settings",
  severity: "error",
  tags: ["reliability"],
  messages: {
    settings: "The settings set DJANGO_ALLOW_ASYNC_UNSAFE: Django stops refusing synchronous ORM calls from async code, so queries block the event loop and share connections across coroutines.",
    target: "{target} sets DJANGO_ALLOW_ASYNC_UNSAFE: Django stops refusing synchronous ORM calls from async code, so queries block the event loop and share connections across coroutines.",
  },
  docs: {
    summary: "DJANGO_ALLOW_ASYNC_UNSAFE is set by the settings or by a production target's environment.",
    why:
      "Django raises SynchronousOnlyOperation when the ORM is called from a running event loop, because a blocking query there stalls every other request on that loop and database connections are not safe to share between coroutines. The variable switches that protection off. It exists for notebooks and REPLs; in a server it turns a clear error into intermittent latency spikes and corrupted connection state.",
    fix: "Remove the variable and call the ORM from async code through `sync_to_async(...)` or the async ORM methods (`aget`, `afilter`…, Django ≥ 4.1).",
    bad: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = False\nos.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"\n' }],
    good: [{ path: "config/settings/production.py", code: "DEBUG = False\n" }],
    limits: "A target's environment counts when a committed file sets the variable to a non-empty value.",
    references: [{ title: "Async safety", url: "https://docs.djangoproject.com/en/stable/topics/async/#async-safety" }],
    equivalents: ["manage.py check --deploy: async.E001"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      for (const w of view.envWrites) if (w.name === VAR && truthy(w.val) !== false) once({ messageId: "settings", span: w.at });
      for (const t of view.targets) {
        const e = envLookup(t, VAR);
        if (e && e.value !== "") once({ messageId: "target", data: { target: t.label }, span: e.span });
      }
    }
  },
});
