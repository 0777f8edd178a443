import { defineRule } from "../../src/engine/types.js";

const WEAK = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"];

export default defineRule({
  code: "NX107",
  name: "tls-protocols-weak",
  area: "nginx",
  severity: "error",
  tags: ["security"],
  messages: {
    weak: "ssl_protocols enables {weak}: protocols deprecated by RFC 8996, with known downgrade and padding-oracle attacks, that current browsers no longer need — only attackers and decade-old clients negotiate them.",
  },
  docs: {
    summary: "`ssl_protocols` enables SSLv2, SSLv3, TLS 1.0 or TLS 1.1.",
    why:
      "SSLv3 is broken by POODLE, TLS 1.0 by BEAST-style attacks and weak CBC/SHA-1 constructions; TLS 1.0 and 1.1 were formally deprecated in 2021 (RFC 8996) and every current browser has removed them. Leaving them on buys no real compatibility but lets an active attacker downgrade connections, fails PCI DSS scans, and caps the site's SSL Labs grade. Many configs still carry the line copied from an old tutorial.",
    fix: "`ssl_protocols TLSv1.2 TLSv1.3;` (or remove the directive on nginx ≥ 1.23.4, whose default is exactly that).",
    bad: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n}\n" }],
    good: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n    ssl_protocols TLSv1.2 TLSv1.3;\n}\n" }],
    limits: "Judges the directive as written; an absent ssl_protocols (nginx's default, which before 1.23.4 still included TLS 1.0/1.1) is not reported.",
    references: [
      { title: "nginx: ssl_protocols", url: "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols" },
      { title: "RFC 8996: Deprecating TLS 1.0 and TLS 1.1", url: "https://www.rfc-editor.org/rfc/rfc8996" },
      { title: "Mozilla SSL Configuration Generator", url: "https://ssl-config.mozilla.org/" },
    ],
    equivalents: ["gixy-ng: weak_ssl_tls", "semgrep: nginx insecure-ssl-version"],
  },
  check({ model, report }) {
    for (const config of model.nginx.configs) {
      if (!config.production) continue;
      for (const scope of config.scopes) {
        for (const { directive, via } of scope.items) {
          if (directive.name !== "ssl_protocols" || via) continue;
          const weak = directive.args.map((a) => a.text).filter((p) => WEAK.includes(p));
          if (weak.length > 0) report({ messageId: "weak", data: { weak: weak.join(", ") }, span: directive.span });
        }
      }
    }
  },
});
