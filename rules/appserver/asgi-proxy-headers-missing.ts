import { defineRule } from "../../src/engine/types.js";
import { envLookup } from "../../src/model/types.js";
import { inContainer, isLoopback, productionServers, proxiesTo, proxyHost, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS111",
  name: "asgi-proxy-headers-missing",
  area: "appserver",
  severity: "warning",
  tags: ["security", "observability"],
  messages: {
    daphne: "daphne in {label} runs behind {proxy} without `--proxy-headers`: every request appears to come from the proxy's address over plain HTTP.",
    disabled: "uvicorn in {label} runs behind {proxy} with `--no-proxy-headers`: every request appears to come from the proxy's address over plain HTTP.",
    untrusted: "uvicorn in {label} runs behind {proxy} on another host, but trusts X-Forwarded-* only from 127.0.0.1 (no `--forwarded-allow-ips`): every request appears to come from the proxy over plain HTTP.",
  },
  docs: {
    summary: "uvicorn or daphne runs behind a proxy without honouring its X-Forwarded-For / X-Forwarded-Proto headers.",
    why:
      "Behind nginx or a platform router, the ASGI server sees the proxy as the client. Without proxy-header support the ASGI scope's `client` is the proxy's address and `scheme` is `http`: Django logs, rate limiting and `django-axes` lockouts see one IP for everyone (so one attacker can lock out all users, or none), and absolute URLs and websocket origin checks use the wrong scheme. daphne ignores the headers unless `--proxy-headers` is given; uvicorn honours them by default but only from `--forwarded-allow-ips` (127.0.0.1), so a proxy in another container is ignored.",
    fix:
      "```\ndaphne --proxy-headers -b 0.0.0.0 -p 8000 config.asgi:application\nuvicorn config.asgi:application --host 0.0.0.0 --proxy-headers --forwarded-allow-ips=\"172.18.0.0/16\"\n```\n\nTrust only the proxy's addresses; with `*` a client that reaches the app port directly can forge its IP.",
    bad: [
      { path: "deploy/chat.service", code: "[Service]\nUser=chat\nExecStart=/srv/chat/venv/bin/daphne -b 127.0.0.1 -p 8001 chat.asgi:application\nRestart=on-failure\n" },
      { path: "deploy/nginx.conf", code: "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n" },
    ],
    good: [
      { path: "deploy/chat.service", code: "[Service]\nUser=chat\nExecStart=/srv/chat/venv/bin/daphne --proxy-headers -b 127.0.0.1 -p 8001 chat.asgi:application\nRestart=on-failure\n" },
      { path: "deploy/nginx.conf", code: "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n" },
    ],
    limits: "Only when a proxy is visible: an nginx config in the repo proxying to the server's bind, or a platform edge. hypercorn has no such flag (it needs ProxyFixMiddleware in code) and is not judged.",
    references: [
      { title: "uvicorn: running behind a proxy", url: "https://www.uvicorn.org/deployment/#running-behind-nginx" },
      { title: "daphne: command line", url: "https://github.com/django/daphne#readme" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (server.kind !== "uvicorn" && server.kind !== "daphne") continue;
      const proxies = proxiesTo(model, server);
      const platform = server.target?.platform ?? null;
      if (!proxies.length && !platform) continue;
      const proxy = platform ? `the ${platform === "heroku" ? "Heroku" : "Fly"} router` : `nginx (${proxies[0]!.directive.span.file}:${proxies[0]!.directive.span.line})`;
      const remote = platform !== null || (inContainer(server) && proxies.some((x) => !isLoopback(proxyHost(x) ?? "127.0.0.1")));
      const p = server.process;
      const related = proxies.map((x) => ({ span: x.directive.span, message: "the proxy in front of the server" }));
      let messageId: "daphne" | "disabled" | "untrusted" | null = null;
      if (server.kind === "daphne" && server.proxyHeaders?.value !== true && server.complete) messageId = "daphne";
      else if (server.kind === "uvicorn" && server.proxyHeaders?.value === false) messageId = "disabled";
      else if (server.kind === "uvicorn" && server.proxyHeaders === null && remote && server.forwardedAllowIps === null && server.complete && !(server.target && envLookup(server.target, "FORWARDED_ALLOW_IPS"))) messageId = "untrusted";
      if (!messageId || seen.has(spanKey(p.span))) continue;
      seen.add(spanKey(p.span));
      report({ messageId, data: { label: p.label, proxy }, span: p.span, related, severity: severityFor(p, "warning") });
    }
  },
});
