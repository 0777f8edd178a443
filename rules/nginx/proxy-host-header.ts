import { defineRule } from "../../src/engine/types.js";
import { describeTarget, droppedByInner, findHeader, proxyHost } from "../../src/model/nginx.js";
import type { PyValue } from "../../src/model/settings/types.js";

/** USE_X_FORWARDED_HOST across the production settings: true, false (also when there are none), or null when Unknown or they disagree. */
function forwardedHostSetting(values: PyValue[]): boolean | null {
  const known = values.map((v) => (v.kind === "bool" ? v.value : v.kind === "none" ? false : null));
  if (known.some((k) => k === null)) return null;
  if (known.every((k) => k === true) && known.length > 0) return true;
  return known.every((k) => k === false) ? false : null;
}

export default defineRule({
  code: "NX102",
  name: "proxy-host-header",
  area: "nginx",
  severity: "warning",
  tags: ["security", "reliability"],
  messages: {
    notSet:
      "proxy_pass to {target} sets no Host header, so Django receives Host: {proxyHost} instead of the client's host: ALLOWED_HOSTS must list that internal name, and redirects, absolute URLs and the CSRF origin check use the wrong host.",
    xForwardedHost:
      "USE_X_FORWARDED_HOST is True, so Django takes the host from X-Forwarded-Host, but proxy_pass to {target} does not set it: nginx forwards whatever the client sends, so any client picks the host Django uses for redirects, absolute URLs and password-reset links.",
    httpHost:
      "Host is set from $http_host, the Host header exactly as the client sent it: a request whose absolute URI names this site but whose Host header names another reaches Django with the attacker's host (poisoned password-reset links, cache poisoning); use $host.",
  },
  docs: {
    summary: "A proxy_pass to the Django app does not set the host Django uses (Host, or X-Forwarded-Host under USE_X_FORWARDED_HOST), or forwards the client's raw `$http_host`.",
    why:
      "nginx does not forward the client's Host by default: it sends `Host: $proxy_host`, the name in proxy_pass (`127.0.0.1:8000`, the upstream's name). Django then validates that internal name against ALLOWED_HOSTS (so people add it, or `*`), builds absolute URLs and redirects with it, and the CSRF check compares the browser's Origin with it and rejects HTTPS form posts with 403. `$http_host` is the other mistake: it is the Host header as sent, even when the request line names a different host (`GET https://shop.example.com/ HTTP/1.1` + `Host: evil.example`), which nginx routed by the request line. Django then trusts the attacker's host for password-reset links and cache keys unless ALLOWED_HOSTS is strict. `$host` is the normalised host nginx actually routed on.",
    fix: "Set `proxy_set_header Host $host;` next to the proxy_pass (or where its list of headers is defined). Keep ALLOWED_HOSTS to the real public names.",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    limits:
      "The Host set by Debian's proxy_params (an include not in the repository) is accepted: older packages set it from $http_host, current ones from $host, and the deployed file is not visible. Silent when an unreadable include could set the headers, for targets that are not the app, and for uwsgi_pass (whose HTTP_HOST comes from the request). With USE_X_FORWARDED_HOST True in the production settings the rule judges X-Forwarded-Host instead of Host; when that setting is Unknown the rule is silent. When Host is set in an outer block and an inner proxy_set_header drops it, NX103 reports that instead.",
    references: [
      { title: "nginx: proxy_set_header (default Host $proxy_host)", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
      { title: "nginx: $host vs $http_host", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#var_host" },
      { title: "Django: Host header validation", url: "https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation" },
    ],
    equivalents: ["gixy: host_spoofing"],
  },
  check({ model, report }) {
    const xfh = forwardedHostSetting(model.settings.productionSettings.map((view) => view.value("USE_X_FORWARDED_HOST").val.v));
    if (xfh === null) return;
    for (const proxy of model.nginx.proxies) {
      if (proxy.kind !== "proxy" || !proxy.toApp || !proxy.server.config.production) continue;
      const list = proxy.headers;
      if (list.state === "unknown" || list.partial) continue;
      if (xfh) {
        if (!findHeader(list, "X-Forwarded-Host")) report({ messageId: "xForwardedHost", data: { target: describeTarget(proxy) }, span: proxy.directive.span });
        continue;
      }
      const host = findHeader(list, "Host");
      if (!host) {
        if (droppedByInner(list, "proxy_set_header")?.dropped.some((e) => e.name.toLowerCase() === "host")) continue;
        const sent = proxyHost(proxy);
        if (sent !== null) report({ messageId: "notSet", data: { target: describeTarget(proxy), proxyHost: sent }, span: proxy.directive.span });
        continue;
      }
      if (host.via || host.unknown) continue;
      if (/\$(http_host|\{http_host\})/.test(host.value)) report({ messageId: "httpHost", span: host.directive.span });
    }
  },
});
