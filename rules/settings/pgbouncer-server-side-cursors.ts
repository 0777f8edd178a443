import { defineRule } from "../../src/engine/types.js";
import { databases, engineOf, oncePerSpan } from "../../src/model/settings/query.js";
import { dictGet, isTrue } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ204",
  name: "pgbouncer-server-side-cursors",
  area: "settings",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    cursors: "The {alias} database goes through PgBouncer ({via}) without DISABLE_SERVER_SIDE_CURSORS: `.iterator()` querysets fail with \"cursor does not exist\" in transaction pooling mode.",
  },
  docs: {
    summary: "A PostgreSQL database reached through PgBouncer keeps server-side cursors enabled.",
    why:
      "Django uses named server-side cursors for `QuerySet.iterator()` (and some admin and export paths). In PgBouncer's transaction pooling mode, consecutive statements of one cursor may run on different server connections, so fetching from the cursor fails with `cursor \"_django_curs_…\" does not exist` — typically in the big export or batch job that needed `.iterator()` in the first place.",
    fix: "Add `\"DISABLE_SERVER_SIDE_CURSORS\": True` to the database settings (Django then streams with client-side cursors), or use session pooling for this connection.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "pgbouncer", "PORT": 6432}}\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "pgbouncer", "PORT": 6432, "DISABLE_SERVER_SIDE_CURSORS": True}}\n' }],
    limits: "PgBouncer is recognised by port 6432 or a host name containing \"pgbouncer\"; session pooling, which tolerates server-side cursors, cannot be told apart.",
    references: [{ title: "Databases: transaction pooling and server-side cursors", url: "https://docs.djangoproject.com/en/stable/ref/databases/#transaction-pooling-and-server-side-cursors" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      for (const { alias, db } of databases(view)) {
        const engine = engineOf(db);
        if (!engine || !/postgres|postgis/.test(engine)) continue;
        const port = dictGet(db, "PORT");
        const host = dictGet(db, "HOST");
        const viaPort = port && ((port.v.kind === "int" && port.v.value === 6432) || (port.v.kind === "str" && port.v.value === "6432"));
        const viaHost = host && host.v.kind === "str" && /pgbouncer/i.test(host.v.value);
        if (!viaPort && !viaHost) continue;
        const disabled = dictGet(db, "DISABLE_SERVER_SIDE_CURSORS");
        if (disabled && isTrue(disabled) !== false) continue;
        if (!disabled && db.v.kind === "dict" && db.v.open) continue;
        once({ messageId: "cursors", data: { alias: JSON.stringify(alias), via: viaHost ? `host ${(host!.v as { value: string }).value}` : "port 6432" }, span: db.span });
      }
    }
  },
});
