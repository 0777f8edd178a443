import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "NX109",
  name: "alias-traversal",
  area: "nginx",
  severity: "error",
  tags: ["security"],
  messages: {
    traversal:
      "location {path} has no trailing slash but its alias {alias} does: a request for {path}../ maps to {parent}, so anyone can download files next to that directory (settings, .env, the SQLite database, source code).",
  },
  docs: {
    summary: "A prefix location without a trailing slash uses an `alias` that ends in `/` (the off-by-slash path traversal).",
    why:
      "nginx replaces the matched location prefix with the alias. With `location /static { alias /srv/app/static/; }` a request for `/static../settings.py` matches the prefix `/static`, and the rest, `../settings.py`, is appended to `/srv/app/static/` — giving `/srv/app/settings.py`. Every file in the parent directory becomes downloadable: Django settings with SECRET_KEY, `.env` files, `db.sqlite3`, the code. Scanners probe for exactly this pattern.",
    fix: "Make both end with a slash — `location /static/ { alias /srv/app/static/; }` — or neither. When the location path equals the end of the directory path, `root` is simpler: `location /static/ { root /srv/app; }`.",
    bad: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location /static {\n        alias /srv/shop/static/;\n    }\n}\n" }],
    good: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location /static/ {\n        alias /srv/shop/static/;\n    }\n}\n" }],
    limits: "Only prefix locations (no modifier or `^~`) are judged; regex locations with alias capture their own path.",
    references: [
      { title: "nginx: alias", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#alias" },
      { title: "gixy: alias_traversal", url: "https://github.com/yandex/gixy/blob/master/docs/en/plugins/aliastraversal.md" },
    ],
    equivalents: ["gixy: alias_traversal"],
  },
  check({ model, report }) {
    for (const server of model.nginx.servers) {
      if (!server.config.production) continue;
      for (const location of server.locations) {
        if ((location.modifier !== "" && location.modifier !== "^~") || location.path.endsWith("/") || !location.alias) continue;
        const alias = location.alias.args[0]?.text ?? "";
        if (!alias.endsWith("/") || alias.includes("$")) continue;
        const parent = alias.replace(/[^/]*\/$/, "");
        report({ messageId: "traversal", data: { path: location.path, alias, parent }, span: location.directive.nameSpan });
      }
    }
  },
});
