import { defineRule } from "../../src/engine/types.js";

/** OpenSSL cipher-string words and the weak family each enables. */
const FAMILIES: [string, RegExp][] = [
  ["NULL", /(^|[-+])e?NULL($|-)|^NULL-|-NULL-/i],
  ["aNULL", /(^|[-+])(aNULL|ADH|AECDH)($|-)/i],
  ["EXPORT", /(^|[-+])(EXP|EXPORT)(\d*|$|-)/i],
  ["RC4", /(^|[-+])RC4($|-)/i],
  ["3DES", /(^|[-+])(3DES|DES-CBC3|DES-CBC)($|-)/i],
  ["MD5", /(^|[-+])MD5($|-)/i],
];

/** The weak families a cipher string enables and does not also remove with `!X`. */
function weakFamilies(cipherString: string): string[] {
  const words = cipherString.split(/[:,\s]+/).filter(Boolean);
  const excluded = new Set<string>();
  const enabled = new Set<string>();
  for (const w of words) {
    const removed = w.startsWith("!");
    const body = w.replace(/^[!+-]/, "");
    for (const [family, re] of FAMILIES) {
      if (!re.test(body)) continue;
      if (removed) excluded.add(family);
      else if (!w.startsWith("-")) enabled.add(family);
    }
  }
  return FAMILIES.map(([f]) => f).filter((f) => enabled.has(f) && !excluded.has(f));
}

export default defineRule({
  code: "NX108",
  name: "tls-ciphers-weak",
  area: "nginx",
  severity: "warning",
  tags: ["security"],
  messages: {
    weak: "ssl_ciphers enables {families} cipher suites: a network attacker can negotiate a connection whose encryption or authentication is broken and read or alter the traffic.",
  },
  docs: {
    summary: "`ssl_ciphers` enables NULL, anonymous, EXPORT, RC4, 3DES or MD5 cipher suites.",
    why:
      "NULL suites encrypt nothing; anonymous (aNULL) suites authenticate nobody, so anyone in the middle can impersonate the server; EXPORT suites use 40–56-bit keys broken in minutes (FREAK, Logjam); RC4 has practical plaintext-recovery attacks; 3DES is vulnerable to Sweet32 on long connections; MD5 MACs are forgeable. Listing one of them explicitly means some client — or an attacker who forces the choice — can end up with a connection that protects nothing.",
    fix: "Use a maintained list, e.g. Mozilla's intermediate profile: `ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;` — or drop the directive and rely on OpenSSL's defaults. Exclusions like `!aNULL:!MD5` are fine.",
    bad: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n    ssl_ciphers RC4-SHA:DES-CBC3-SHA:HIGH;\n}\n" }],
    good: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n    ssl_ciphers HIGH:!aNULL:!MD5;\n}\n" }],
    limits: "Only suites named explicitly count; keywords like `ALL` or `DEFAULT` are left to OpenSSL's security level, which disables the weakest suites on current systems.",
    references: [
      { title: "nginx: ssl_ciphers", url: "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_ciphers" },
      { title: "OpenSSL: cipher list format", url: "https://docs.openssl.org/3.0/man1/openssl-ciphers/" },
      { title: "Mozilla SSL Configuration Generator", url: "https://ssl-config.mozilla.org/" },
    ],
    equivalents: ["gixy-ng: weak_ssl_tls"],
  },
  check({ model, report }) {
    for (const config of model.nginx.configs) {
      if (!config.production) continue;
      for (const scope of config.scopes) {
        for (const { directive, via } of scope.items) {
          if (directive.name !== "ssl_ciphers" || via || !directive.args[0]) continue;
          const families = weakFamilies(directive.args[0].text);
          if (families.length > 0) report({ messageId: "weak", data: { families: families.join(", ") }, span: directive.span });
        }
      }
    }
  },
});
