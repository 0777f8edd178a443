import { defineRule } from "../../src/engine/types.js";
import { at, droppedByInner, type NginxScope } from "../../src/model/nginx.js";

export default defineRule({
  code: "NX103",
  name: "proxy-header-inheritance-drop",
  area: "nginx",
  severity: "error",
  tags: ["security", "reliability"],
  messages: {
    dropped:
      "This proxy_set_header replaces the list set at the {outer} level ({outerAt}): requests proxied from this {inner} lose {dropped}, because nginx inherits proxy_set_header only into blocks that set none.",
  },
  docs: {
    summary: "A `proxy_set_header` in an inner block silently drops the headers set in an outer block.",
    why:
      "nginx's array directives are not merged: a location (or server, or `if`) that sets any `proxy_set_header` gets only its own list, and every header set at the server or http level disappears for requests it proxies. The typical case is a websocket location that adds `Upgrade`/`Connection` and thereby stops sending Host, X-Forwarded-For and X-Forwarded-Proto: Django then sees the internal host (DisallowedHost or CSRF 403s), the proxy's IP for every client (rate limits and audit logs hit one address) and plain HTTP (redirect loops under SECURE_SSL_REDIRECT) — only on that path, which makes it hard to spot.",
    fix:
      "Repeat the outer headers in the inner block (an `include` of a shared snippet such as `proxy_params` keeps them in one place), or move the extra headers up so the inner block sets none.",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name chat.example.com;\n    ssl_certificate /etc/ssl/chat.crt;\n    ssl_certificate_key /etc/ssl/chat.key;\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-Proto $scheme;\n\n    location /ws/ {\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection upgrade;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name chat.example.com;\n    ssl_certificate /etc/ssl/chat.crt;\n    ssl_certificate_key /etc/ssl/chat.key;\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-Proto $scheme;\n\n    location /ws/ {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection upgrade;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    limits: "Judged only for blocks that proxy_pass to the app. Silent when an include the model cannot read sits in the inner block (it may repeat the headers).",
    references: [
      { title: "nginx: proxy_set_header inheritance", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
      { title: "nginx: WebSocket proxying", url: "https://nginx.org/en/docs/http/websocket.html" },
    ],
    equivalents: ["Gixy-Next: proxy_set_header redefinition"],
  },
  check({ model, report }) {
    const seen = new Set<NginxScope>();
    for (const proxy of model.nginx.proxies) {
      if (proxy.kind !== "proxy" || !proxy.toApp || !proxy.server.config.production) continue;
      const inner = proxy.headers;
      const drop = droppedByInner(inner, "proxy_set_header");
      if (!drop || !inner.scope || seen.has(inner.scope)) continue;
      seen.add(inner.scope);
      const outer = drop.outer;
      const dropped = [...new Set(drop.dropped.map((e) => e.name))];
      if (dropped.length === 0) continue;
      const first = inner.entries[0]!;
      const outerFirst = outer.entries[0]!;
      report({
        messageId: "dropped",
        data: { outer: outer.scope!.kind, outerAt: at((outerFirst.via ?? outerFirst.directive).span), inner: inner.scope.kind, dropped: dropped.join(", ") },
        span: (first.via ?? first.directive).span,
        related: [{ span: (outerFirst.via ?? outerFirst.directive).span, message: `the outer list that stops applying: ${dropped.join(", ")}` }],
      });
    }
  },
});
