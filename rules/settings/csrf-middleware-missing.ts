import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, settingSpan } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ109",
  name: "csrf-middleware-missing",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    missing: "MIDDLEWARE in {module} lacks CsrfViewMiddleware: every form and cookie-authenticated POST can be forged from another site.",
  },
  docs: {
    summary: "django.middleware.csrf.CsrfViewMiddleware is not in MIDDLEWARE.",
    why:
      "Without CsrfViewMiddleware no view is protected against cross-site request forgery unless it is individually decorated with `csrf_protect`. Any site a logged-in user visits can then submit forms to yours with the user's cookies: change their email, their password, make purchases, grant permissions in the admin.",
    fix:
      "Add `\"django.middleware.csrf.CsrfViewMiddleware\"` to MIDDLEWARE (after SessionMiddleware). Exempt the few views that must accept cross-site POSTs (webhooks) with `@csrf_exempt` and authenticate them another way.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n]\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.middleware.csrf.CsrfViewMiddleware",\n]\n' }],
    limits: "Silent when MIDDLEWARE cannot be evaluated completely. An API that authenticates only with headers (no cookies) does not need it; suppress the finding there.",
    references: [{ title: "Cross Site Request Forgery protection", url: "https://docs.djangoproject.com/en/stable/ref/csrf/" }],
    equivalents: ["manage.py check --deploy: security.W003"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.csrf) !== false) continue;
      once({ messageId: "missing", data: { module: view.module }, span: settingSpan(view, view.value("MIDDLEWARE")) });
    }
  },
});
