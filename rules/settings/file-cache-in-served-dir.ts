import { defineRule } from "../../src/engine/types.js";
import { fsPath, oncePerSpan, pathRelation } from "../../src/model/settings/query.js";
import { dictGet, truthy, type Val } from "../../src/model/settings/values.js";

const FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache";

export default defineRule({
  code: "DJ214",
  name: "file-cache-in-served-dir",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    exposed: "The {alias} cache's LOCATION {relation} {setting}: cached data (sessions, rendered pages, tokens) becomes downloadable, and collectstatic or uploads can overwrite it.",
  },
  docs: {
    summary: "A FileBasedCache LOCATION equals, is inside or contains MEDIA_ROOT, STATIC_ROOT or a STATICFILES_DIRS entry.",
    why:
      "Files under STATIC_ROOT and MEDIA_ROOT are served by the web server to anyone who asks. A file cache there publishes its entries: cached sessions (with SESSION_ENGINE on the cache), rendered pages of logged-in users, API tokens. The cache file names are predictable MD5s of the keys. In the other direction, collectstatic and user uploads write into the cache's directory and corrupt it.",
    fix: "Put the cache in its own directory outside anything served: `CACHES = {\"default\": {\"BACKEND\": \"django.core.cache.backends.filebased.FileBasedCache\", \"LOCATION\": \"/var/tmp/django_cache\"}}` — or use Redis/Memcached when several processes share it.",
    bad: [
      {
        path: "config/settings/production.py",
        code: 'from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nSTATIC_ROOT = BASE_DIR / "static"\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": BASE_DIR / "static" / "cache"}}\n',
      },
    ],
    good: [
      {
        path: "config/settings/production.py",
        code: 'from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nSTATIC_ROOT = BASE_DIR / "static"\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/var/tmp/django_cache"}}\n',
      },
    ],
    limits: "Compares paths only when both are known and absolute (or both relative to the project, like BASE_DIR / \"static\"); relative strings depend on the working directory and are skipped.",
    references: [{ title: "Cache: filesystem caching", url: "https://docs.djangoproject.com/en/stable/topics/cache/#filesystem-caching" }],
    equivalents: ["manage.py check --deploy: caches.W002"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const caches = view.value("CACHES").val.v;
      if (caches.kind !== "dict") continue;
      for (const name of ["MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"] as const) {
        const setting = view.value(name).val;
        if (truthy(setting) !== true) continue;
        let roots: Val[];
        if (name === "STATICFILES_DIRS") {
          const v = setting.v;
          if (v.kind !== "list" && v.kind !== "tuple") continue;
          roots = v.items.map((item) => (item.v.kind === "tuple" || item.v.kind === "list" ? (item.v.items[1] ?? item) : item));
        } else roots = [setting];
        const paths = roots.map(fsPath).filter((p): p is string => p !== null);
        for (const entry of caches.entries) {
          if (entry.key.v.kind !== "str") continue;
          const backend = dictGet(entry.value, "BACKEND");
          if (!backend || backend.v.kind !== "str" || backend.v.value !== FILE_CACHE) continue;
          const location = dictGet(entry.value, "LOCATION");
          const cachePath = location ? fsPath(location) : null;
          if (!location || !cachePath) continue;
          const relations = paths.map((p) => pathRelation(cachePath, p));
          const relation = relations.includes("matches") ? "matches" : relations.includes("is inside") ? "is inside" : relations.includes("contains") ? "contains" : null;
          if (!relation) continue;
          once({ messageId: "exposed", data: { alias: JSON.stringify(entry.key.v.value), relation, setting: name }, span: location.span });
        }
      }
    }
  },
});
