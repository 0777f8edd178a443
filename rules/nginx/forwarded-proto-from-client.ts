import { defineRule } from "../../src/engine/types.js";
import { frontOf } from "../../src/model/nginx.js";

const SCHEME_HEADERS = ["x-forwarded-proto", "x-forwarded-ssl", "x-forwarded-scheme", "x-scheme", "forwarded", "x-forwarded-protocol", "front-end-https"];

export default defineRule({
  code: "NX115",
  name: "forwarded-proto-from-client",
  area: "nginx",
  severity: "warning",
  tags: ["security"],
  messages: {
    fromClient:
      "{header} is set from the client's own {variable} and nothing sits in front of this nginx: any client can claim HTTPS, so Django's SECURE_PROXY_SSL_HEADER trusts a value the attacker chose.",
  },
  docs: {
    summary: "An edge nginx forwards a scheme header taken from the client's request (`X-Forwarded-Proto $http_x_forwarded_proto`).",
    why:
      "Django trusts SECURE_PROXY_SSL_HEADER completely: if the header says https, the request is secure. That is only safe when the proxy overwrites the header. Copying `$http_x_forwarded_proto` is correct behind another TLS-terminating proxy, but on the edge it forwards whatever the client sent. An attacker on plain HTTP sends `X-Forwarded-Proto: https` and Django skips the SSL redirect, treats the request as secure, and emits responses meant for HTTPS only; combined with plain-HTTP listeners this defeats the protections the setting was meant to enable.",
    fix:
      "On the edge, set the header from the connection: `proxy_set_header X-Forwarded-Proto $scheme;`. Behind a trusted outer proxy, keep its value but make that visible: listen on a private address or use `set_real_ip_from <proxy network>;` with `real_ip_header X-Forwarded-For;`, and fall back to `$scheme` with a `map` when the header is absent.",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    limits:
      "Fires only for an edge server: public listen addresses, no proxy_protocol or set_real_ip_from, no platform edge; in compose, a service that mounts the config and publishes its port with no proxy service (Traefik, Caddy, HAProxy…) beside it; outside compose, a repository with no Dockerfile or Kubernetes manifest that could put a proxy in front. A value that goes through a `map` is Unknown and not judged.",
    references: [
      { title: "Django: SECURE_PROXY_SSL_HEADER (warning about trusting the header)", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
      { title: "nginx: $scheme", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#var_scheme" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const proxy of model.nginx.proxies) {
      if (proxy.kind !== "proxy" || !proxy.toApp || !proxy.server.config.production || proxy.headers.state !== "set") continue;
      for (const entry of proxy.headers.entries) {
        if (entry.via || entry.unknown || !SCHEME_HEADERS.includes(entry.name.toLowerCase())) continue;
        const variable = /\$\{?(http_\w+)\}?/.exec(entry.value);
        if (!variable) continue;
        if (frontOf(model, proxy.server) !== "none") continue;
        report({ messageId: "fromClient", data: { header: entry.name, variable: `$${variable[1]}` }, span: entry.directive.span });
      }
    }
  },
});
