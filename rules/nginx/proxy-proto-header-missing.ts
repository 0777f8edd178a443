import { defineRule } from "../../src/engine/types.js";
import { describeTarget, describeList, droppedByInner, findHeader, headerList } from "../../src/model/nginx.js";

/** Headers that carry the original scheme; Django's SECURE_PROXY_SSL_HEADER can name any of them. */
const SCHEME_HEADERS = ["X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Scheme", "X-Scheme", "Forwarded"];
/** uwsgi_param names from which uWSGI or Django learn the scheme. */
const UWSGI_SCHEME_PARAMS = ["HTTPS", "UWSGI_SCHEME", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_SSL", "HTTP_X_SCHEME"];

export default defineRule({
  code: "NX101",
  name: "proxy-proto-header-missing",
  area: "nginx",
  severity: "error",
  tags: ["security", "reliability"],
  messages: {
    missing:
      "proxy_pass to {target} sends no X-Forwarded-Proto (no proxy_set_header is in effect, so nginx sends only Host and Connection): Django cannot tell HTTPS requests from HTTP, so SECURE_SSL_REDIRECT loops, CSRF checks fail and links are built as http://.",
    notInList:
      "proxy_pass to {target} sends no X-Forwarded-Proto (the proxy_set_header list in effect, {where}, does not set it): Django cannot tell HTTPS requests from HTTP, so SECURE_SSL_REDIRECT loops, CSRF checks fail and links are built as http://.",
    uwsgi:
      "uwsgi_pass to {target} passes no scheme (no HTTPS, UWSGI_SCHEME or HTTP_X_FORWARDED_PROTO uwsgi_param{ignored}): Django sees every request as plain HTTP, so SECURE_SSL_REDIRECT loops and secure cookies break.",
  },
  docs: {
    summary: "A proxy_pass (or uwsgi_pass) to the Django app does not tell it which scheme the client used.",
    why:
      "Behind nginx, Django only sees the plain-HTTP connection from the proxy. Without X-Forwarded-Proto (read through SECURE_PROXY_SSL_HEADER) `request.is_secure()` is False for every request: SECURE_SSL_REDIRECT redirects HTTPS requests to HTTPS forever (an infinite redirect loop that takes the site down the moment it is enabled), the CSRF origin check rejects HTTPS form posts from the site itself with 403, and `build_absolute_uri()` produces http:// links in emails, OAuth callbacks and API responses. nginx sends no X-Forwarded-Proto unless told to, and a `proxy_set_header` in an inner block silently drops one set outside it. uwsgi_pass ignores `proxy_set_header` entirely: the scheme reaches uWSGI only through `uwsgi_param HTTPS` (Debian's `uwsgi_params` sets it) or `UWSGI_SCHEME`.",
    fix:
      "Set the header where the proxy_pass is (or at a level whose list it inherits): `proxy_set_header X-Forwarded-Proto $scheme;`, or `include proxy_params;` on Debian/Ubuntu. Behind another TLS-terminating proxy, pass its value through and fall back to the local scheme: `map $http_x_forwarded_proto $forwarded_proto { default $http_x_forwarded_proto; '' $scheme; }` and `proxy_set_header X-Forwarded-Proto $forwarded_proto;`. Then set `SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")` in Django. For uwsgi_pass, `include uwsgi_params;` (which passes HTTPS).",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    limits:
      "Silent when an include the repository does not contain (other than Debian's proxy_params/uwsgi_params/fastcgi_params) could set the headers, and for proxy_pass targets that are clearly not the app (object storage, CDNs, services named like Grafana or a frontend). X-Forwarded-Ssl, X-Forwarded-Scheme, X-Scheme and Forwarded are accepted in place of X-Forwarded-Proto. When the header is set in an outer block and an inner proxy_set_header drops it, NX103 reports that instead.",
    references: [
      { title: "nginx: proxy_set_header", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
      { title: "Django: SECURE_PROXY_SSL_HEADER", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
      { title: "nginx: uwsgi_param", url: "https://nginx.org/en/docs/http/ngx_http_uwsgi_module.html#uwsgi_param" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const proxy of model.nginx.proxies) {
      if (!proxy.toApp || !proxy.server.config.production) continue;
      const list = proxy.headers;
      if (list.state === "unknown" || list.partial) continue;
      if (proxy.kind === "proxy") {
        if (SCHEME_HEADERS.some((h) => findHeader(list, h))) continue;
        const dropped = droppedByInner(list, "proxy_set_header")?.dropped ?? [];
        if (dropped.some((e) => SCHEME_HEADERS.some((h) => h.toLowerCase() === e.name.toLowerCase()))) continue;
        if (list.state === "default") report({ messageId: "missing", data: { target: describeTarget(proxy) }, span: proxy.directive.span });
        else report({ messageId: "notInList", data: { target: describeTarget(proxy), where: describeList(list) }, span: proxy.directive.span });
      } else if (proxy.kind === "uwsgi") {
        if (UWSGI_SCHEME_PARAMS.some((h) => findHeader(list, h))) continue;
        const ignored = headerList(proxy.scope, "proxy_set_header");
        const sayIgnored = SCHEME_HEADERS.some((h) => findHeader(ignored, h)) ? "; the proxy_set_header X-Forwarded-Proto in effect here does not apply to uwsgi_pass" : "";
        report({ messageId: "uwsgi", data: { target: describeTarget(proxy), ignored: sayIgnored }, span: proxy.directive.span });
      }
    }
  },
});
