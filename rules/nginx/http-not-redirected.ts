import { defineRule } from "../../src/engine/types.js";
import { at, tlsServersFor } from "../../src/model/nginx.js";

export default defineRule({
  code: "NX106",
  name: "http-not-redirected",
  area: "nginx",
  severity: "warning",
  tags: ["security"],
  messages: {
    otherServer:
      "This port-80 server proxies {names} to the app although the TLS server at {tls} serves them: visitors who type the address or follow an old http:// link stay on plain HTTP instead of being redirected.",
    sameServer:
      "This server accepts plain HTTP on port 80 next to its TLS listener and proxies those requests to the app instead of redirecting them: visitors who type the address stay on plain HTTP.",
  },
  docs: {
    summary: "A plain-HTTP server proxies to the app although the same site is served over TLS.",
    why:
      "Having HTTPS is not enough if HTTP still works: people type `shop.example.com`, old links and bookmarks say http://, and every such visit runs unencrypted — session cookies without the Secure flag, passwords, CSRF tokens. An attacker on the network can also keep a victim on HTTP (SSL stripping) as long as the HTTP site answers with content instead of a redirect. HSTS only protects browsers that have already received it over HTTPS.",
    fix:
      "Make the port-80 server a redirect and nothing else: `server { listen 80; server_name shop.example.com; return 301 https://$host$request_uri; }`, and keep the proxy_pass in the TLS server. Let certbot's HTTP-01 challenge through with a `location /.well-known/acme-challenge/` if needed.",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 80;\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 80;\n    server_name shop.example.com;\n    return 301 https://$host$request_uri;\n}\n\nserver {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    limits:
      "A TLS server counts when it shares a server_name with the HTTP server (or both have none). `if ($scheme = http) { return 301 https://…; }` counts as a redirect. A redirect Django performs itself (SECURE_SSL_REDIRECT) is not considered: nginx still proxies the first plain request.",
    references: [
      { title: "nginx: Configuring HTTPS servers", url: "https://nginx.org/en/docs/http/configuring_https_servers.html" },
      { title: "nginx: return", url: "https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const server of model.nginx.servers) {
      if (!server.config.production || !server.plain || server.serverReturn || server.redirectsToHttps) continue;
      if (!server.listens.every((l) => l.ssl || l.quic || l.port === 80) || !server.proxies.some((p) => p.toApp)) continue;
      const tls = tlsServersFor(model, server);
      if (tls.length === 0) continue;
      if (tls.includes(server)) {
        report({ messageId: "sameServer", span: server.span });
        continue;
      }
      const names = server.serverNames.map((n) => n.text).join(" ") || "every host";
      report({ messageId: "otherServer", data: { names, tls: at(tls[0]!.span) }, span: server.span, related: [{ span: tls[0]!.span, message: "the TLS server for the same names" }] });
    }
  },
});
