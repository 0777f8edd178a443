import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan, processFacts, settingSpan, where } from "../../src/model/settings/query.js";
import { dictGet } from "../../src/model/settings/values.js";

const LOCMEM = "django.core.cache.backends.locmem.LocMemCache";

export default defineRule({
  code: "DJ205",
  name: "locmem-cache-in-production",
  area: "settings",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    sessions: "The default cache is LocMemCache{how} and SESSION_ENGINE {engine} stores sessions in it: users are logged out on every restart and whenever a request lands on another process.",
    processes: "The default cache is LocMemCache{how} while {what}: each process has its own cache, so invalidation, rate limits and locks built on the cache do not hold across them.",
  },
  docs: {
    summary: "The default cache is the per-process LocMemCache while sessions use the cache or the target runs several processes.",
    why:
      "LocMemCache lives inside one Python process. With several gunicorn workers or replicas, each has a different cache: a value cached by one is missing in the others, `cache.delete()` clears only one copy, rate limiting and locks (`cache.add`) do not work, and cached sessions vanish when the request hits another worker or the process restarts.",
    fix: "Use a shared cache in production: `CACHES = {\"default\": {\"BACKEND\": \"django.core.cache.backends.redis.RedisCache\", \"LOCATION\": env(\"REDIS_URL\")}}` (Django ≥ 4.0) or Memcached; keep LocMemCache for development and tests.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nSESSION_ENGINE = "django.contrib.sessions.backends.cache"\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nSESSION_ENGINE = "django.contrib.sessions.backends.cache"\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://redis:6379/0"}}\n' }],
    limits: "Fires on several processes only when the worker count or replica count is known to be greater than one; silent when CACHES cannot be evaluated.",
    references: [{ title: "Cache: local-memory caching", url: "https://docs.djangoproject.com/en/stable/topics/cache/#local-memory-caching" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const caches = view.value("CACHES");
      const dflt = dictGet(caches.val, "default");
      const backend = dflt ? dictGet(dflt, "BACKEND") : undefined;
      if (!backend || backend.v.kind !== "str" || backend.v.value !== LOCMEM) continue;
      const how = caches.at ? "" : " (Django's default, CACHES is not set)";
      const span = settingSpan(view, caches);
      const engine = view.value("SESSION_ENGINE").val;
      if (engine.v.kind === "str" && /sessions\.backends\.cache$/.test(engine.v.value)) {
        once({ messageId: "sessions", data: { how, engine: JSON.stringify(engine.v.value) }, span });
        continue;
      }
      const facts = processFacts(model, view);
      const what = facts.workers
        ? `the app server runs ${facts.workers.count} workers (${where(facts.workers.span)})`
        : facts.replicas
          ? `the deployment runs ${facts.replicas.count} replicas (${where(facts.replicas.span)})`
          : null;
      if (what) once({ messageId: "processes", data: { how, what }, span });
    }
  },
});
