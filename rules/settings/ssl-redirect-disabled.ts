import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { isTrue } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ113",
  name: "ssl-redirect-disabled",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    disabled: "SECURE_SSL_REDIRECT is {value} {origin}: plain-HTTP requests are served as they come, cookies and all.",
  },
  docs: {
    summary: "SecurityMiddleware is installed but SECURE_SSL_REDIRECT is not True.",
    why:
      "When nothing redirects HTTP to HTTPS, a request to `http://` is answered over the clear-text connection: login forms are posted in clear text, session cookies without the Secure flag travel in the open, and an attacker on the path can alter the page. HSTS only helps after a browser has seen one HTTPS response.",
    fix:
      "Set `SECURE_SSL_REDIRECT = True` — and, behind a TLS-terminating proxy, `SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")` with the proxy setting that header, or every request loops. Exempt health-check paths with SECURE_REDIRECT_EXEMPT if the load balancer probes over HTTP. Alternatively redirect at the proxy and suppress this finding.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_SSL_REDIRECT = False\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_SSL_REDIRECT = True\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n' }],
    limits: "Judges the settings alone for now: a proxy or platform edge that redirects HTTP to HTTPS is not yet taken into account. Django's `is True` test applies.",
    references: [{ title: "Settings: SECURE_SSL_REDIRECT", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect" }],
    equivalents: ["manage.py check --deploy: security.W008"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const redirect = view.value("SECURE_SSL_REDIRECT");
      if (isTrue(redirect.val) !== false) continue;
      once({ messageId: "disabled", data: { value: shown(redirect.val), origin: origin(redirect) }, span: settingSpan(view, redirect) });
    }
  },
});
