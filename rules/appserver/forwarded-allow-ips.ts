import { defineRule } from "../../src/engine/types.js";
import { envLookup } from "../../src/model/types.js";
import { inContainer, isLoopback, productionServers, proxiesTo, proxyHost, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS109",
  name: "forwarded-allow-ips",
  area: "appserver",
  severity: "info",
  tags: ["security", "reliability"],
  messages: {
    platform: "gunicorn in {label} runs behind the {platform} router with the default forwarded_allow_ips (127.0.0.1): it ignores the router's X-Forwarded-Proto, so wsgi.url_scheme stays http for HTTPS requests.",
    proxy: "gunicorn in {label} runs behind a proxy in another container ({proxy}) with the default forwarded_allow_ips (127.0.0.1): it ignores that proxy's X-Forwarded-Proto, so wsgi.url_scheme stays http for HTTPS requests.",
  },
  docs: {
    summary: "gunicorn sits behind a proxy on another host or container and keeps the default `forwarded_allow_ips` (127.0.0.1,::1).",
    why:
      "gunicorn only honours `X-Forwarded-Proto` (its `secure_scheme_headers`) from addresses in `forwarded_allow_ips`. Behind nginx in another container or a platform router, requests come from a different address, so gunicorn drops the header and reports `wsgi.url_scheme = http` for HTTPS traffic. Django then builds `http://` absolute URLs (password reset links, `request.build_absolute_uri`, OAuth redirect URIs) and, without SECURE_PROXY_SSL_HEADER, `SECURE_SSL_REDIRECT` loops.",
    fix:
      "Trust the proxy's address (or its network), not everyone:\n\n```\ngunicorn config.wsgi --forwarded-allow-ips=\"172.18.0.0/16\"\n```\n\nor `FORWARDED_ALLOW_IPS` in the environment. `*` is acceptable only when the app port is reachable from the proxy alone. Django's SECURE_PROXY_SSL_HEADER is the complementary setting on the Django side.",
    bad: [{ path: "fly.toml", code: "app = \"shop\"\n\n[processes]\napp = \"gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3\"\n" }],
    good: [{ path: "fly.toml", code: "app = \"shop\"\n\n[env]\nFORWARDED_ALLOW_IPS = \"*\"\n\n[processes]\napp = \"gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3\"\n" }],
    limits: "Only when the proxy is visibly elsewhere: a platform edge (Heroku, Fly), or an nginx config in the repo that proxies to the app's port by a non-loopback host from a container. A proxy on the same host uses 127.0.0.1 and is trusted by default. Silent when the settings the target runs set SECURE_PROXY_SSL_HEADER: Django then takes the scheme from the header and never reads wsgi.url_scheme.",
    references: [
      { title: "gunicorn settings: forwarded_allow_ips", url: "https://docs.gunicorn.org/en/stable/settings.html#forwarded-allow-ips" },
      { title: "Django: SECURE_PROXY_SSL_HEADER", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (server.kind !== "gunicorn" || server.forwardedAllowIps !== null || !server.complete) continue;
      const target = server.target;
      if (target && envLookup(target, "FORWARDED_ALLOW_IPS")) continue;
      if (server.process.env.some((e) => e.name === "FORWARDED_ALLOW_IPS")) continue;
      const p = server.process;
      if (seen.has(spanKey(p.span))) continue;
      // Django reads the scheme from the header itself when SECURE_PROXY_SSL_HEADER names it:
      // gunicorn's wsgi.url_scheme is then never consulted.
      const views = target ? model.settings.productionSettings.filter((v) => v.targets.includes(target)) : [];
      if (views.length > 0 && views.every((v) => v.value("SECURE_PROXY_SSL_HEADER").val.v.kind === "tuple")) continue;
      if (target?.platform) {
        seen.add(spanKey(p.span));
        report({ messageId: "platform", data: { label: p.label, platform: target.platform === "heroku" ? "Heroku" : "Fly" }, span: p.span, severity: severityFor(p, "info") });
        continue;
      }
      if (!inContainer(server)) continue;
      const remote = proxiesTo(model, server).find((x) => {
        const host = proxyHost(x);
        return host !== null && !isLoopback(host);
      });
      if (!remote) continue;
      seen.add(spanKey(p.span));
      report({ messageId: "proxy", data: { label: p.label, proxy: `${remote.directive.span.file}:${remote.directive.span.line}` }, span: p.span, related: [{ span: remote.directive.span, message: "the proxy connects from another container here" }], severity: severityFor(p, "info") });
    }
  },
});
