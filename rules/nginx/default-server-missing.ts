import { defineRule } from "../../src/engine/types.js";
import { frontOf, type NginxServer } from "../../src/model/nginx.js";

export default defineRule({
  code: "NX110",
  name: "default-server-missing",
  area: "nginx",
  severity: "info",
  tags: ["security", "observability"],
  messages: {
    missing:
      "No server in {file} turns away requests for unknown hosts, so this server answers them and passes every Host a scanner invents to Django: DisallowedHost errors flood the logs and any ALLOWED_HOSTS mistake becomes exploitable.",
  },
  docs: {
    summary: "No catch-all server rejects requests whose Host is not one of the site's names.",
    why:
      "nginx sends a request whose Host matches no server_name to the default server of that port — the first one, unless one is marked `default_server`. When that is the app's server, every request to the bare IP address or to an invented host reaches Django. Internet-wide scanners do this constantly: each request becomes a DisallowedHost error (noise in Sentry and mail to ADMINS), and if ALLOWED_HOSTS is ever loosened (`*`, a wildcard) the attacker's Host is used for password-reset links and cache keys.",
    fix:
      "Add a catch-all that closes the connection: `server { listen 80 default_server; listen 443 ssl default_server; server_name _; ssl_reject_handshake on; return 444; }` (`ssl_reject_handshake` needs nginx ≥ 1.19.4 and avoids a certificate for the catch-all).",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl default_server;\n    server_name _;\n    ssl_reject_handshake on;\n}\n\nserver {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    limits: "One finding per config that proxies to the app; silent when every port its app servers listen on has a server in the repository that rejects (a server-level `return 444` or 4xx, or `ssl_reject_handshake on`) — a catch-all on port 80 does not guard 443 — and when the config only listens privately behind another proxy.",
    references: [
      { title: "nginx: How nginx processes a request", url: "https://nginx.org/en/docs/http/request_processing.html" },
      { title: "Django: Host header validation", url: "https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation" },
    ],
    equivalents: ["gixy-ng: default_server_flag"],
  },
  check({ model, report }) {
    // A catch-all guards only the ports it listens on: certbot's `return 404` server on
    // port 80 leaves the app's 443 server as the default there.
    const portsOf = (s: NginxServer): (number | null)[] => (s.listens.length === 0 ? [80] : s.listens.map((l) => (l.unix !== null ? null : l.port)));
    const guarded = new Set(model.nginx.servers.filter((s) => s.rejects).flatMap(portsOf));
    for (const config of model.nginx.configs) {
      if (!config.production) continue;
      const app = config.servers.filter((s) => s.proxies.some((p) => p.toApp) && !s.serverReturn && frontOf(model, s) !== "proxy");
      if (!app.some((s) => portsOf(s).some((port) => port !== null && !guarded.has(port)))) continue;
      report({ messageId: "missing", data: { file: config.file }, span: config.servers[0]!.span });
    }
  },
});
