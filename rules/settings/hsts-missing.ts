import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";
import { hstsInFront } from "../../src/model/topology.js";

export default defineRule({
  code: "DJ111",
  name: "hsts-missing",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    missing: "SECURE_HSTS_SECONDS is {value} {origin}: browsers are never told to insist on HTTPS, so the first plain-HTTP request of each visit can be intercepted.",
    missingBehind: "SECURE_HSTS_SECONDS is {value} {origin}, and {front}: browsers are never told to insist on HTTPS, so the first plain-HTTP request of each visit can be intercepted.",
  },
  docs: {
    summary: "SecurityMiddleware is installed but SECURE_HSTS_SECONDS is 0 or unset.",
    why:
      "Without Strict-Transport-Security a browser that is sent to `http://` (a typed address, an old link, an attacker on the café Wi-Fi rewriting links) makes that request in clear text. An active attacker answers it instead of your site (SSL stripping) and reads or alters everything, cookies included. HSTS tells the browser to use HTTPS for your domain for the next N seconds without ever trying HTTP.",
    fix:
      "Serve everything over HTTPS first, then set `SECURE_HSTS_SECONDS = 3600`, check nothing breaks, and raise it to a year (`31536000`). The trade-off: once browsers have seen the header, you cannot go back to HTTP for that long. If the proxy in front sends the header instead (`add_header Strict-Transport-Security \"max-age=31536000\" always;` in the TLS server), make sure no location with its own `add_header` drops it.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_HSTS_SECONDS = 0\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n' }],
    limits:
      "Silent when MIDDLEWARE or the setting cannot be evaluated, and when what is in front of the app sends the header: an nginx TLS server whose `add_header` list in effect at the app's location has Strict-Transport-Security with a max-age above 0 (nginx's inheritance applies: a location with its own add_header drops the server's), or a Kubernetes Ingress with `tls:` — counted with ingress-nginx's documented default (`hsts: true`); its ConfigMap and other controllers are not read. Also silent when a front's behaviour cannot be determined: an unreadable include at that level, a header value from a map or envsubst variable, a Traefik, Caddy or HAProxy service beside the app, or a fly.toml that mentions the header (response headers there are not read). A plain-HTTP nginx behind a TLS terminator the repository does not show counts through its own add_header. Heroku's router adds no HSTS. With no proxy or platform in the repository the setting alone decides.",
    references: [{ title: "Security: HTTP Strict Transport Security", url: "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security" }],
    equivalents: ["manage.py check --deploy: security.W004"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const seconds = view.value("SECURE_HSTS_SECONDS");
      if (truthy(seconds.val) !== false) continue;
      const front = hstsInFront(model, view.targets);
      if (front.state === "yes" || front.state === "unknown") continue;
      const data = { value: shown(seconds.val), origin: origin(seconds) };
      const span = settingSpan(view, seconds);
      if (front.state === "none") once({ messageId: "missing", data, span });
      else once({ messageId: "missingBehind", data: { ...data, front: front.evidence.message }, span, related: [{ span: front.evidence.span, message: front.evidence.related }] });
    }
  },
});
