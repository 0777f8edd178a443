import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { isTrue } from "../../src/model/settings/values.js";
import { httpsRedirectInFront } from "../../src/model/topology.js";

export default defineRule({
  code: "DJ113",
  name: "ssl-redirect-disabled",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    disabled: "SECURE_SSL_REDIRECT is {value} {origin}: plain-HTTP requests are served as they come, cookies and all.",
    disabledBehind: "SECURE_SSL_REDIRECT is {value} {origin}, and {front}: plain-HTTP requests are served as they come, cookies and all.",
  },
  docs: {
    summary: "SecurityMiddleware is installed but SECURE_SSL_REDIRECT is not True.",
    why:
      "When nothing redirects HTTP to HTTPS, a request to `http://` is answered over the clear-text connection: login forms are posted in clear text, session cookies without the Secure flag travel in the open, and an attacker on the path can alter the page. HSTS only helps after a browser has seen one HTTPS response.",
    fix:
      "Set `SECURE_SSL_REDIRECT = True` — and, behind a TLS-terminating proxy, `SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")` with the proxy setting that header, or every request loops. Exempt health-check paths with SECURE_REDIRECT_EXEMPT if the load balancer probes over HTTP. Alternatively redirect at the proxy (`server { listen 80; server_name shop.example.com; return 301 https://$host$request_uri; }`): the finding goes away once the proxy in front of the app is seen to redirect.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_SSL_REDIRECT = False\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_SSL_REDIRECT = True\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n' }],
    limits:
      "Django's `is True` test applies. Silent when what is in front of the app redirects: an nginx port-80 server that returns `301 https://…` (or an `if ($scheme = http)` / `if ($http_x_forwarded_proto = \"http\")` redirect in the server or in the app's location), an nginx that serves the app over TLS only, fly.toml `force_https = true`, or a Kubernetes Ingress with `tls:` — counted with ingress-nginx's documented default (`ssl-redirect: true`); its annotations and other controllers are not read. Also silent when a front's behaviour cannot be determined: a Traefik, Caddy or HAProxy service beside the app (their labels and config files are not read), or an nginx server on an envsubst listen. What may sit in front of the outermost proxy the repository shows (a cloud load balancer) is not seen: an nginx that proxies plain HTTP to the app without redirecting does not silence the finding. Heroku's router never redirects, so Heroku apps are judged on the setting. With no proxy or platform in the repository the setting alone decides.",
    references: [{ title: "Settings: SECURE_SSL_REDIRECT", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect" }],
    equivalents: ["manage.py check --deploy: security.W008"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const redirect = view.value("SECURE_SSL_REDIRECT");
      if (isTrue(redirect.val) !== false) continue;
      const front = httpsRedirectInFront(model, view.targets);
      if (front.state === "yes" || front.state === "unknown") continue;
      const data = { value: shown(redirect.val), origin: origin(redirect) };
      const span = settingSpan(view, redirect);
      if (front.state === "none") once({ messageId: "disabled", data, span });
      else once({ messageId: "disabledBehind", data: { ...data, front: front.evidence.message }, span, related: [{ span: front.evidence.span, message: front.evidence.related }] });
    }
  },
});
