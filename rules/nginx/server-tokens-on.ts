import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "NX112",
  name: "server-tokens-on",
  area: "nginx",
  severity: "info",
  tags: ["security"],
  messages: {
    on: "server_tokens on puts the exact nginx version in every Server header and error page, telling scanners which published vulnerabilities to try.",
  },
  docs: {
    summary: "`server_tokens on` is set explicitly.",
    why:
      "With server_tokens on, every response says `Server: nginx/1.22.1` and every error page prints the version. Automated scanners match that string against CVE lists and go straight for the exploits that apply; hiding it does not fix a vulnerable version but removes the free targeting and the noise it brings.",
    fix: "`server_tokens off;` in the http block (it applies to every server).",
    bad: [{ path: "deploy/nginx/site.conf", code: "server_tokens on;\n\nserver {\n    listen 80;\n    server_name shop.example.com;\n    root /srv/shop/public;\n}\n" }],
    good: [{ path: "deploy/nginx/site.conf", code: "server_tokens off;\n\nserver {\n    listen 80;\n    server_name shop.example.com;\n    root /srv/shop/public;\n}\n" }],
    limits: "Only the explicit directive is reported: nginx's default is also on, but most distributions' main nginx.conf, which the repository usually does not contain, decides that.",
    references: [{ title: "nginx: server_tokens", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens" }],
    equivalents: ["gixy-ng: version_disclosure"],
  },
  check({ model, report }) {
    for (const config of model.nginx.configs) {
      if (!config.production) continue;
      for (const scope of config.scopes) {
        for (const { directive, via } of scope.items) {
          if (directive.name === "server_tokens" && !via && directive.args[0]?.text === "on") report({ messageId: "on", span: directive.span });
        }
      }
    }
  },
});
