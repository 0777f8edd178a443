import { defineRule } from "../../src/engine/types.js";
import { djangoFilePrefixes, findHeader, isPrefixLocationFor } from "../../src/model/nginx.js";

export default defineRule({
  code: "NX113",
  name: "static-cache-headers-missing",
  area: "nginx",
  severity: "info",
  tags: ["performance"],
  messages: {
    missing:
      "location {path} serves static files with no expires or Cache-Control in effect: browsers revalidate every stylesheet, script and image on every page view, and shared caches keep none of them.",
  },
  docs: {
    summary: "The static files location sets no `expires` or `Cache-Control`.",
    why:
      "Without caching headers browsers fall back to heuristics and revalidate assets with conditional requests on every page view: each page costs dozens of extra round trips (seconds on mobile links), and CDNs or corporate proxies cache nothing. Django's ManifestStaticFilesStorage names every file by its content hash precisely so that static files can be cached for a year.",
    fix:
      "With hashed file names (ManifestStaticFilesStorage, the default for `collectstatic` under `STORAGES[\"staticfiles\"]` set to it): `location /static/ { alias /srv/app/static/; expires 1y; add_header Cache-Control \"public, immutable\"; }`. Without hashed names, use a short lifetime (`expires 1h;`) — a long one keeps users on stale assets after a deploy (DJ208).",
    bad: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location /static/ {\n        alias /srv/shop/static/;\n    }\n}\n" }],
    good: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location /static/ {\n        alias /srv/shop/static/;\n        expires 30d;\n    }\n}\n" }],
    limits: "The static location is a prefix location for /static or the production settings' STATIC_URL that serves files from disk; `expires` and `add_header Cache-Control` inherited from the server or http level count. Silent when an include the model cannot read could set them.",
    references: [
      { title: "nginx: expires", url: "https://nginx.org/en/docs/http/ngx_http_headers_module.html#expires" },
      { title: "Django: ManifestStaticFilesStorage", url: "https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#manifeststaticfilesstorage" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const prefixes = djangoFilePrefixes(model, "static");
    for (const server of model.nginx.servers) {
      if (!server.config.production) continue;
      for (const location of server.locations) {
        if (!isPrefixLocationFor(location, prefixes) || !location.servesFiles) continue;
        if (location.expires.state !== "absent" || location.addHeaders.state === "unknown" || location.addHeaders.partial) continue;
        if (findHeader(location.addHeaders, "Cache-Control")) continue;
        report({ messageId: "missing", data: { path: location.path }, span: location.directive.nameSpan });
      }
    }
  },
});
