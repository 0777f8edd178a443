import { defineRule } from "../../src/engine/types.js";
import { asyncWorkers, databases, engineOf, oncePerSpan, serversOf } from "../../src/model/settings/query.js";
import { dictGet, truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ202",
  name: "conn-max-age-missing",
  area: "settings",
  severity: "warning",
  tags: ["performance"],
  messages: {
    missing: "The {alias} database has CONN_MAX_AGE {value}: every request opens and closes a new {engine} connection, adding a TCP and authentication round trip (and TLS, if on) to each request.",
  },
  docs: {
    summary: "CONN_MAX_AGE is unset or 0 for a server database used by sync or threaded workers, with no connection pool.",
    why:
      "With CONN_MAX_AGE = 0 (Django's default) each request connects to the database and disconnects at the end. A PostgreSQL connection costs a process fork on the server and several round trips — typically 5–30 ms, more with TLS or a remote database — on every request, and connection storms during traffic spikes can exhaust max_connections.",
    fix:
      "Reuse connections: `\"CONN_MAX_AGE\": 60` with `\"CONN_HEALTH_CHECKS\": True` (Django ≥ 4.1), or `dj_database_url.config(conn_max_age=600, conn_health_checks=True)`. Make sure workers × threads × replicas stays under the database's connection limit. On Django ≥ 5.1 with psycopg 3, `\"OPTIONS\": {\"pool\": True}` is the alternative; behind PgBouncer in transaction mode keep 0.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "db"}}\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "db", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}}\n' }],
    limits: "Silent for ASGI servers and gevent/eventlet workers (persistent connections are per thread/greenlet there; see XF120), for a pool (`OPTIONS[\"pool\"]`, Django ≥ 5.1), for PgBouncer (port 6432 or a pgbouncer host), and when the engine or CONN_MAX_AGE is Unknown.",
    references: [{ title: "Databases: persistent connections", url: "https://docs.djangoproject.com/en/stable/ref/databases/#persistent-connections" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const servers = serversOf(model, view);
      if (servers.length > 0 && servers.every(asyncWorkers)) continue;
      for (const { alias, db } of databases(view)) {
        const engine = engineOf(db);
        if (!engine || /sqlite3$|spatialite$|dummy$/.test(engine)) continue;
        const cma = dictGet(db, "CONN_MAX_AGE");
        if (cma && (cma.v.kind !== "int" || cma.v.value !== 0)) continue;
        if (!cma && db.v.kind === "dict" && db.v.open) continue;
        const options = dictGet(db, "OPTIONS");
        if (options && view.djangoAtLeast(5, 1)) {
          const pool = dictGet(options, "pool");
          if (!pool || truthy(pool) !== false) continue;
        }
        const port = dictGet(db, "PORT");
        const host = dictGet(db, "HOST");
        if ((port && ((port.v.kind === "int" && port.v.value === 6432) || (port.v.kind === "str" && port.v.value === "6432"))) || (host && host.v.kind === "str" && /pgbouncer/i.test(host.v.value))) continue;
        once({ messageId: "missing", data: { alias: JSON.stringify(alias), value: cma ? "0" : "unset (0)", engine: engine.split(".").pop() ?? engine }, span: db.span });
      }
    }
  },
});
