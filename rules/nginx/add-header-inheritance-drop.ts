import { defineRule } from "../../src/engine/types.js";
import { at, headerList } from "../../src/model/nginx.js";

const SECURITY_HEADERS = ["strict-transport-security", "x-frame-options", "content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy"];

export default defineRule({
  code: "NX104",
  name: "add-header-inheritance-drop",
  area: "nginx",
  severity: "warning",
  tags: ["security"],
  messages: {
    dropped:
      "This add_header replaces the list set at the {outer} level ({outerAt}): responses from this {inner} no longer carry {dropped}, because nginx inherits add_header only into blocks that set none.",
  },
  docs: {
    summary: "An `add_header` in an inner block silently drops security headers added in an outer block.",
    why:
      "Security headers are usually added once at the server level: Strict-Transport-Security, X-Frame-Options, Content-Security-Policy, X-Content-Type-Options. The first `add_header` in a location — typically `Cache-Control` on the static location — replaces that whole list for the location: its responses go out without HSTS (a first visit through that path can be downgraded), without frame protection (clickjacking of anything served there) and without CSP. Nothing warns; the headers just vanish on some paths.",
    fix:
      "Repeat the security headers in the inner block, ideally from one included snippet (`include snippets/security-headers.conf;` at every level that adds headers), or use `expires` instead of `add_header Cache-Control` where that is all the inner block needs. nginx 1.27.4+ also offers `add_header_inherit merge;`.",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n    add_header Strict-Transport-Security \"max-age=31536000\" always;\n\n    location /static/ {\n        alias /srv/shop/static/;\n        add_header Cache-Control \"public, max-age=31536000, immutable\";\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n    add_header Strict-Transport-Security \"max-age=31536000\" always;\n\n    location /static/ {\n        alias /srv/shop/static/;\n        expires 1y;\n    }\n}\n",
      },
    ],
    limits: "Only security headers count (HSTS, X-Frame-Options, CSP, X-Content-Type-Options, Referrer-Policy, Permissions-Policy). Silent when an include the model cannot read sits in the inner block.",
    references: [
      { title: "nginx: add_header", url: "https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header" },
      { title: "gixy: add_header_redefinition", url: "https://github.com/yandex/gixy/blob/master/docs/en/plugins/addheaderredefinition.md" },
    ],
    equivalents: ["gixy: add_header_redefinition"],
  },
  check({ model, report }) {
    for (const config of model.nginx.configs) {
      if (!config.production) continue;
      for (const scope of config.scopes) {
        if (!scope.parent || !["server", "location", "if"].includes(scope.kind) || scope.unknownIncludes.length > 0) continue;
        const own = scope.items.filter((i) => i.directive.name === "add_header");
        if (own.length === 0) continue;
        const outer = headerList(scope.parent, "add_header");
        if (outer.state !== "set") continue;
        const names = new Set(own.map((i) => i.directive.args[0]?.text.toLowerCase() ?? ""));
        const dropped = [...new Set(outer.entries.filter((e) => SECURITY_HEADERS.includes(e.name.toLowerCase()) && !names.has(e.name.toLowerCase())).map((e) => e.name))];
        if (dropped.length === 0) continue;
        const first = own[0]!;
        const outerFirst = outer.entries[0]!;
        report({
          messageId: "dropped",
          data: { outer: outer.scope!.kind, outerAt: at((outerFirst.via ?? outerFirst.directive).span), inner: scope.kind, dropped: dropped.join(", ") },
          span: (first.via ?? first.directive).span,
          related: [{ span: (outerFirst.via ?? outerFirst.directive).span, message: `the outer headers that stop applying: ${dropped.join(", ")}` }],
        });
      }
    }
  },
});
