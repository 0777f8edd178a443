import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ111",
  name: "hsts-missing",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    missing: "SECURE_HSTS_SECONDS is {value} {origin}: browsers are never told to insist on HTTPS, so the first plain-HTTP request of each visit can be intercepted.",
  },
  docs: {
    summary: "SecurityMiddleware is installed but SECURE_HSTS_SECONDS is 0 or unset.",
    why:
      "Without Strict-Transport-Security a browser that is sent to `http://` (a typed address, an old link, an attacker on the café Wi-Fi rewriting links) makes that request in clear text. An active attacker answers it instead of your site (SSL stripping) and reads or alters everything, cookies included. HSTS tells the browser to use HTTPS for your domain for the next N seconds without ever trying HTTP.",
    fix:
      "Serve everything over HTTPS first, then set `SECURE_HSTS_SECONDS = 3600`, check nothing breaks, and raise it to a year (`31536000`). The trade-off: once browsers have seen the header, you cannot go back to HTTP for that long. If the proxy in front already sends the header, this finding is a duplicate and can be suppressed.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_HSTS_SECONDS = 0\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n' }],
    limits: "Judges the settings alone for now: a proxy or platform edge that sends Strict-Transport-Security is not yet taken into account. Silent when MIDDLEWARE or the setting cannot be evaluated.",
    references: [{ title: "Security: HTTP Strict Transport Security", url: "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security" }],
    equivalents: ["manage.py check --deploy: security.W004"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const seconds = view.value("SECURE_HSTS_SECONDS");
      if (truthy(seconds.val) !== false) continue;
      once({ messageId: "missing", data: { value: shown(seconds.val), origin: origin(seconds) }, span: settingSpan(view, seconds) });
    }
  },
});
