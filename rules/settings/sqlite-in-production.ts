import { defineRule } from "../../src/engine/types.js";
import { databases, oncePerSpan, origin } from "../../src/model/settings/query.js";
import { dictGet } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ201",
  name: "sqlite-in-production",
  area: "settings",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    sqlite: "The {alias} database of {module} is SQLite {origin}: every worker and replica gets its own file, writes lock the whole database, and the data lives and dies with the container's filesystem.",
  },
  docs: {
    summary: "A production settings module uses the SQLite backend.",
    why:
      "SQLite is a file next to the code. In a container it disappears with the container unless a volume is mounted exactly there; with several replicas each has its own database; with several workers every write takes a database-wide lock, so concurrent requests fail with \"database is locked\" under load. Backups, migrations during deploys and failover all become manual.",
    fix: "Use PostgreSQL (or MySQL) in production, configured from the environment: `DATABASES = {\"default\": env.db(\"DATABASE_URL\")}`. Keep SQLite for development and tests. SQLite can be a deliberate choice for a single-process, single-host app with a persistent volume and backups — suppress the finding there and say so.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": os.environ["DB_HOST"]}}\n' }],
    limits: "The engine a target gets is evaluated under its committed environment: a DATABASE_URL defaulting to sqlite:// fires when the deployment does not set the variable in a committed file.",
    references: [{ title: "Databases: SQLite notes", url: "https://docs.djangoproject.com/en/stable/ref/databases/#sqlite-notes" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const setting = view.value("DATABASES");
      for (const { alias, db } of databases(view)) {
        const engine = dictGet(db, "ENGINE");
        if (!engine || engine.v.kind !== "str" || !/sqlite3$|spatialite$/.test(engine.v.value)) continue;
        once({ messageId: "sqlite", data: { alias: JSON.stringify(alias), module: view.module, origin: origin(setting, engine) }, span: engine.span });
      }
    }
  },
});
