import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin } from "../../src/model/settings/query.js";
import { isTrue, truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ112",
  name: "hsts-incomplete",
  area: "settings",
  severity: "info",
  tags: ["security"],
  messages: {
    subdomains: "HSTS is on but SECURE_HSTS_INCLUDE_SUBDOMAINS is not True {origin}: subdomains can still be reached over plain HTTP and used to set cookies for the parent domain.",
    preload: "HSTS is on but SECURE_HSTS_PRELOAD is not True {origin}: a browser's very first visit is still unprotected.",
  },
  docs: {
    summary: "HSTS is enabled without includeSubDomains, or without preload.",
    why:
      "HSTS without includeSubDomains protects only the exact host: an attacker on the network can still serve `http://anything.example.com`, and pages there can set cookies for `.example.com` that your site then trusts (cookie tossing). Without preload, HSTS only starts after the first successful HTTPS visit, so a browser's first request — or the first after the max-age expired — can still be stripped.",
    fix:
      "When every subdomain serves HTTPS: `SECURE_HSTS_INCLUDE_SUBDOMAINS = True`, then `SECURE_HSTS_PRELOAD = True` and submit the domain at hstspreload.org. Preloading is hard to undo (removal takes months), so do it only when HTTPS-everywhere is settled.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_HSTS_SECONDS = 31536000\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n' }],
    limits: "Only when SecurityMiddleware is installed and SECURE_HSTS_SECONDS is known to be non-zero; Django's `is True` test applies (1 or \"yes\" do not count).",
    references: [
      { title: "Settings: SECURE_HSTS_INCLUDE_SUBDOMAINS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains" },
      { title: "Settings: SECURE_HSTS_PRELOAD", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-preload" },
    ],
    equivalents: ["manage.py check --deploy: security.W005, security.W021"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const seconds = view.value("SECURE_HSTS_SECONDS");
      if (truthy(seconds.val) !== true) continue;
      for (const [name, messageId] of [
        ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "subdomains"],
        ["SECURE_HSTS_PRELOAD", "preload"],
      ] as const) {
        const s = view.value(name);
        if (isTrue(s.val) !== false) continue;
        once({ messageId, data: { origin: origin(s) }, span: s.at ?? seconds.at ?? view.moduleSpan });
      }
    }
  },
});
