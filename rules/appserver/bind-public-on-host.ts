import { defineRule } from "../../src/engine/types.js";
import { isAllInterfaces, isLoopback, parseBind, productionServers, proxiesTo, proxyHost, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS106",
  name: "bind-public-on-host",
  area: "appserver",
  severity: "warning",
  tags: ["security"],
  messages: {
    public: "{server} in {label} binds {bind} on every interface while nginx proxies to it locally: anyone who can reach port {port} on the host bypasses nginx (TLS, headers, limits) and talks to the app directly.",
  },
  docs: {
    summary: "On a VM (systemd, supervisor), the app server binds 0.0.0.0 while nginx on the same host proxies to it over loopback.",
    why:
      "When nginx proxies to `127.0.0.1:8000`, the app port needs to be reachable from the host only. Binding `0.0.0.0:8000` exposes it on every interface: unless a firewall happens to block the port, clients reach gunicorn directly, skipping TLS, nginx's `client_max_body_size`, rate limits and the headers Django trusts (a forged `X-Forwarded-Proto` or `X-Forwarded-For` goes straight to the app). gunicorn is not meant to face the internet: its docs recommend running it behind a proxy.",
    fix:
      "Bind to loopback or, better, a unix socket that only nginx can open:\n\n```ini\n[Service]\nExecStart=/srv/app/venv/bin/gunicorn config.wsgi:application --bind unix:/run/app/gunicorn.sock --workers 3\n```\n\nwith `proxy_pass http://unix:/run/app/gunicorn.sock;` in nginx (or `--bind 127.0.0.1:8000`).",
    bad: [
      { path: "deploy/app.service", code: "[Service]\nUser=app\nExecStart=/srv/app/venv/bin/gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3\n" },
      { path: "deploy/nginx.conf", code: "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n" },
    ],
    good: [
      { path: "deploy/app.service", code: "[Service]\nUser=app\nExecStart=/srv/app/venv/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 3\n" },
      { path: "deploy/nginx.conf", code: "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n" },
    ],
    limits: "Only VM targets (systemd units, supervisor programs not in an image) with an nginx config in the repo that proxies to the same port over loopback. Containers must bind 0.0.0.0 (see AS107).",
    references: [
      { title: "gunicorn: deploying behind nginx", url: "https://docs.gunicorn.org/en/stable/deploy.html" },
      { title: "gunicorn settings: bind", url: "https://docs.gunicorn.org/en/stable/settings.html#bind" },
    ],
    equivalents: ["Bandit B104 (hardcoded_bind_all_interfaces, on strings)"],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      const target = server.target;
      if (!target || target.container || (target.kind !== "systemd" && target.kind !== "supervisor")) continue;
      const local = proxiesTo(model, server).filter((p) => {
        const host = proxyHost(p);
        return host !== null && isLoopback(host);
      });
      if (!local.length) continue;
      for (const bind of server.bind) {
        if (bind.value === null) continue;
        const b = parseBind(bind.value);
        if (b.host === null || !isAllInterfaces(b.host) || b.port === null) continue;
        if (seen.has(spanKey(bind.span))) continue;
        seen.add(spanKey(bind.span));
        report({
          messageId: "public",
          data: { server: server.kind, label: server.process.label, bind: bind.value, port: b.port },
          span: bind.span,
          related: local.map((p) => ({ span: p.directive.span, message: "nginx proxies to the app over loopback here" })),
          severity: severityFor(server.process, "warning"),
        });
      }
    }
  },
});
