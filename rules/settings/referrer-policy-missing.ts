import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin, settingSpan } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ118",
  name: "referrer-policy-missing",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    none: "SECURE_REFERRER_POLICY is None {origin}: full URLs, including tokens in query strings, leak to every external site a page links to.",
  },
  docs: {
    summary: "SecurityMiddleware is installed but SECURE_REFERRER_POLICY is explicitly None.",
    why:
      "With no Referrer-Policy header, browsers fall back to their own default, which for older browsers is to send the full URL of the page to any site it loads resources from or links to. URLs with password-reset tokens, invitation codes or search terms then end up in third-party logs and analytics.",
    fix: "Remove the override (Django's default is \"same-origin\") or set a policy such as `SECURE_REFERRER_POLICY = \"strict-origin-when-cross-origin\"`.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_REFERRER_POLICY = None\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_REFERRER_POLICY = "same-origin"\n' }],
    limits: "Only when SecurityMiddleware is installed. A proxy that adds the header is not yet taken into account.",
    references: [{ title: "Middleware: Referrer-Policy", url: "https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy" }],
    equivalents: ["manage.py check --deploy: security.W022"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const s = view.value("SECURE_REFERRER_POLICY");
      if (s.val.v.kind !== "none") continue;
      once({ messageId: "none", data: { origin: origin(s) }, span: settingSpan(view, s) });
    }
  },
});
