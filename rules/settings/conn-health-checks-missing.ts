import { defineRule } from "../../src/engine/types.js";
import { databases, engineOf, oncePerSpan } from "../../src/model/settings/query.js";
import { dictGet, isTrue } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ203",
  name: "conn-health-checks-missing",
  area: "settings",
  severity: "info",
  tags: ["reliability"],
  messages: {
    missing: "The {alias} database keeps connections open (CONN_MAX_AGE {value}) without CONN_HEALTH_CHECKS: after a database restart or failover, the first request on each stale connection fails with a 500.",
  },
  docs: {
    summary: "Persistent connections (CONN_MAX_AGE > 0 or None) without CONN_HEALTH_CHECKS = True (Django ≥ 4.1).",
    why:
      "A persistent connection outlives database restarts, failovers and idle timeouts of proxies and firewalls. Without health checks Django hands the dead connection to the next request, which fails with OperationalError (a 500 to the user); each worker discovers this separately, so a failover produces a burst of errors.",
    fix: "Add `\"CONN_HEALTH_CHECKS\": True` next to CONN_MAX_AGE (or `conn_health_checks=True` in dj_database_url.config). The check is a cheap query only at the start of a request that reuses a connection.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "CONN_MAX_AGE": 60}}\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}}\n' }],
    limits: "Applies when the project's Django is 4.1 or newer (or unpinned); silent when CONN_MAX_AGE is Unknown.",
    references: [{ title: "Settings: CONN_HEALTH_CHECKS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#conn-health-checks" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (!view.djangoAtLeast(4, 1)) continue;
      for (const { alias, db } of databases(view)) {
        const engine = engineOf(db);
        if (!engine || /sqlite3$|spatialite$|dummy$/.test(engine)) continue;
        const cma = dictGet(db, "CONN_MAX_AGE");
        if (!cma) continue;
        const persistent = cma.v.kind === "none" || (cma.v.kind === "int" && cma.v.value > 0);
        if (!persistent) continue;
        const checks = dictGet(db, "CONN_HEALTH_CHECKS");
        if (checks && isTrue(checks) !== false) continue;
        if (!checks && db.v.kind === "dict" && db.v.open) continue;
        once({ messageId: "missing", data: { alias: JSON.stringify(alias), value: cma.v.kind === "none" ? "None" : String((cma.v as { value: number }).value) }, span: db.span });
      }
    }
  },
});
