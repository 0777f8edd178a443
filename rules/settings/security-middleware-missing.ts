import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, settingSpan } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ108",
  name: "security-middleware-missing",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    missing: "MIDDLEWARE in {module} lacks SecurityMiddleware: HSTS, the HTTPS redirect, nosniff and the referrer policy settings have no effect.",
  },
  docs: {
    summary: "django.middleware.security.SecurityMiddleware is not in MIDDLEWARE.",
    why:
      "SecurityMiddleware is what turns SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY and SECURE_CROSS_ORIGIN_OPENER_POLICY into headers and redirects. Without it those settings are silently ignored: the site can be served over plain HTTP, browsers never learn to insist on HTTPS, and a reviewer reading the settings believes protections are on that are not.",
    fix: "Put `\"django.middleware.security.SecurityMiddleware\"` first in MIDDLEWARE (WhiteNoise, if used, directly after it).",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = [\n    "django.middleware.common.CommonMiddleware",\n]\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.middleware.common.CommonMiddleware",\n]\n' }],
    limits: "Silent when MIDDLEWARE cannot be evaluated completely (an element or the list is Unknown).",
    references: [{ title: "Middleware: SecurityMiddleware", url: "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security" }],
    equivalents: ["manage.py check --deploy: security.W001"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== false) continue;
      once({ messageId: "missing", data: { module: view.module }, span: settingSpan(view, view.value("MIDDLEWARE")) });
    }
  },
});
