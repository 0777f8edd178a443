import { describe, expect, test } from "vitest";
import { buildContext } from "../../src/model/context.js";
import { buildNginx, findHeader, headerList, headerSent, parseListen, scalar, type NginxModel } from "../../src/model/nginx.js";
import { defaultConfig } from "../../src/config/types.js";
import { LineIndex } from "../../src/parse/span.js";
import type { SourceFile } from "../../src/discover/types.js";
import { parseNginx } from "../../src/parse/nginx.js";

async function model(files: Record<string, string>): Promise<NginxModel> {
  const sources: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, absPath: `/p/${path}`, kind: "nginx", text, lines: new LineIndex(path, text) }));
  return buildNginx(buildContext("/p", sources, [], defaultConfig()));
}

function headerNames(m: NginxModel, i = 0): string[] {
  return m.proxies[i]!.headers.entries.map((e) => `${e.name}=${e.value}`);
}

describe("include resolution", () => {
  test("relative to the including file and to the config root, with globs; included files are not roots", async () => {
    const m = await model({
      "nginx/nginx.conf": "events {}\nhttp {\n    include conf.d/*.conf;\n}\n",
      "nginx/conf.d/shop.conf": "server {\n    listen 80;\n    location / {\n        include snippets/proxy.conf;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      "nginx/conf.d/api.conf": "server {\n    listen 81;\n    location / {\n        include ../snippets/proxy.conf;\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n",
      "nginx/snippets/proxy.conf": "proxy_set_header Host $host;\nproxy_set_header X-Forwarded-Proto $scheme;\n",
    });
    expect(m.configs.map((c) => c.file)).toEqual(["nginx/nginx.conf"]);
    expect(m.configs[0]!.files.sort()).toEqual(["nginx/conf.d/api.conf", "nginx/conf.d/shop.conf", "nginx/nginx.conf", "nginx/snippets/proxy.conf"]);
    expect(m.files.find((f) => f.path === "nginx/snippets/proxy.conf")!.includedBy.sort()).toEqual(["nginx/conf.d/api.conf", "nginx/conf.d/shop.conf"]);
    expect(m.proxies).toHaveLength(2);
    for (let i = 0; i < 2; i++) expect(headerNames(m, i)).toEqual(["Host=$host", "X-Forwarded-Proto=$scheme"]);
    const entry = m.proxies[0]!.headers.entries[0]!;
    expect(entry.directive.span.file).toBe("nginx/snippets/proxy.conf");
  });

  test("/etc/nginx/ paths map to the config root; sites-enabled globs", async () => {
    const m = await model({
      "deploy/nginx/nginx.conf": "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n",
      "deploy/nginx/sites-enabled/shop": "server {\n    listen 80;\n    server_name shop.example.com;\n}\n",
    });
    expect(m.servers.map((s) => s.span.file)).toEqual(["deploy/nginx/sites-enabled/shop"]);
  });

  test("missing known includes expand to Debian's contents, pointing at the include", async () => {
    const m = await model({ "site.conf": "server {\n    location / {\n        include proxy_params;\n        proxy_pass http://app:8000;\n    }\n}\n" });
    expect(headerNames(m)).toEqual(["Host=$http_host", "X-Real-IP=$remote_addr", "X-Forwarded-For=$proxy_add_x_forwarded_for", "X-Forwarded-Proto=$scheme"]);
    const proto = findHeader(m.proxies[0]!.headers, "x-forwarded-proto")!;
    expect(proto.via?.name).toBe("include");
    expect(proto.directive.span.line).toBe(3);
  });

  test("uwsgi_params is known; uwsgi_pass reads uwsgi_param, not proxy_set_header", async () => {
    const m = await model({ "site.conf": "server {\n    proxy_set_header X-Forwarded-Proto $scheme;\n    location / {\n        include /etc/nginx/uwsgi_params;\n        uwsgi_pass unix:/run/app.sock;\n    }\n}\n" });
    const p = m.proxies[0]!;
    expect(p.kind).toBe("uwsgi");
    expect(p.target).toEqual({ kind: "unix", path: "/run/app.sock" });
    expect(findHeader(p.headers, "HTTPS")?.value).toBe("$https");
    expect(findHeader(p.headers, "X-Forwarded-Proto")).toBeUndefined();
  });

  test("an unknown missing include makes what its level could set Unknown", async () => {
    const m = await model({
      "site.conf": "server {\n    include snippets/headers.conf;\n    expires 1d;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n    location /x/ {\n        proxy_set_header Host $host;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
    });
    const [a, b] = m.proxies;
    expect(a!.headers.state).toBe("unknown");
    expect(b!.headers.state).toBe("set");
    expect(b!.buffering.state).toBe("unknown");
    expect(m.servers[0]!.locations[0]!.expires.state).toBe("set");
  });

  test("include cycles terminate", async () => {
    const m = await model({ "a.conf": "server {\n    include b.conf;\n}\n", "b.conf": "include a.conf;\nlisten 80;\n" });
    expect(m.configs).toEqual([]);
    expect(m.files.map((f) => f.includedBy)).toEqual([["b.conf"], ["a.conf"]]);
  });
});

describe("inheritance of array directives", () => {
  const conf = [
    "events {}",
    "http {",
    "    proxy_set_header Host $host;",
    "    proxy_set_header X-Forwarded-Proto $scheme;",
    "    add_header X-Frame-Options DENY;",
    "    server {",
    "        listen 80;",
    "        location / {",
    "            proxy_pass http://127.0.0.1:8000;",
    "        }",
    "        location /ws/ {",
    "            proxy_set_header Upgrade $http_upgrade;",
    "            proxy_pass http://127.0.0.1:8000;",
    "        }",
    "        location /if/ {",
    "            if ($arg_x) {",
    "                proxy_set_header X-Test 1;",
    "                proxy_pass http://127.0.0.1:8000;",
    "            }",
    "            add_header Cache-Control no-store always;",
    "            proxy_pass http://127.0.0.1:8000;",
    "        }",
    "    }",
    "}",
    "",
  ].join("\n");

  test("a level without any entry inherits the outer list; a level with one replaces it entirely", async () => {
    const m = await model({ "nginx.conf": conf });
    expect(m.proxies.map((p) => [p.location?.path, p.scope.kind, p.headers.scope?.kind, p.headers.entries.map((e) => e.name).join(",")])).toEqual([
      ["/", "location", "http", "Host,X-Forwarded-Proto"],
      ["/ws/", "location", "location", "Upgrade"],
      ["/if/", "if", "if", "X-Test"],
      ["/if/", "location", "http", "Host,X-Forwarded-Proto"],
    ]);
  });

  test("add_header follows the same rule, `always` included", async () => {
    const m = await model({ "nginx.conf": conf });
    const locs = m.servers[0]!.locations;
    expect(locs.map((l) => l.addHeaders.entries.map((e) => `${e.name}${e.always ? "!" : ""}`).join(","))).toEqual(["X-Frame-Options", "X-Frame-Options", "Cache-Control!"]);
    const ifScope = m.proxies[2]!.scope;
    expect(headerList(ifScope, "add_header").entries.map((e) => e.name)).toEqual(["Cache-Control"]);
  });

  test("nothing set anywhere: nginx's defaults", async () => {
    const m = await model({ "site.conf": "server {\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n" });
    expect(m.proxies[0]!.headers).toMatchObject({ state: "default", entries: [] });
  });

  test("a header whose value comes from a map is Unknown; envsubst variables in templates too", async () => {
    const m = await model({
      "templates/default.conf.template":
        "map $http_x_forwarded_proto $proto {\n    default $http_x_forwarded_proto;\n    '' $scheme;\n}\nserver {\n    listen ${PORT};\n    proxy_set_header X-Forwarded-Proto $proto;\n    proxy_set_header X-Env ${APP_ENV};\n    proxy_set_header X-Real-IP $remote_addr;\n    location / {\n        proxy_pass http://${APP_HOST}:8000;\n    }\n}\n",
    });
    const p = m.proxies[0]!;
    expect(p.headers.entries.map((e) => e.unknown)).toEqual([true, true, false]);
    expect(p.target).toEqual({ kind: "unknown", raw: "http://${APP_HOST}:8000" });
    expect(m.servers[0]!.listens[0]).toMatchObject({ unknown: true, port: null });
  });
});

describe("servers", () => {
  function listen(text: string) {
    const d = parseNginx({ path: "x", absPath: "/x", kind: "nginx", text, lines: new LineIndex("x", text) }).doc.directives[0]!;
    return parseListen(d, false);
  }

  test("listen forms", () => {
    expect(listen("listen 80;")).toMatchObject({ address: null, port: 80, ssl: false, private: false });
    expect(listen("listen 443 ssl http2 default_server;")).toMatchObject({ port: 443, ssl: true, http2: true, defaultServer: true });
    expect(listen("listen [::]:443 ssl;")).toMatchObject({ address: "::", port: 443, ssl: true });
    expect(listen("listen 127.0.0.1:8080;")).toMatchObject({ address: "127.0.0.1", port: 8080, private: true });
    expect(listen("listen 10.1.2.3;")).toMatchObject({ address: "10.1.2.3", port: 80, private: true });
    expect(listen("listen unix:/run/nginx.sock;")).toMatchObject({ unix: "/run/nginx.sock", private: true });
    expect(listen("listen 443 quic reuseport;")).toMatchObject({ quic: true, ssl: false });
    expect(listen("listen *:80 default proxy_protocol;")).toMatchObject({ address: null, port: 80, defaultServer: true, proxyProtocol: true });
  });

  test("redirects, catch-alls, locations and pass targets", async () => {
    const m = await model({
      "site.conf": [
        "upstream app { server 127.0.0.1:8000; server unix:/run/app.sock; }",
        "server { listen 80 default_server; server_name _; return 444; }",
        "server { listen 80; server_name a.example.com; return 301 https://$host$request_uri; }",
        "server { listen 80; rewrite ^ https://$host$request_uri permanent; }",
        "server {",
        "    listen 443 ssl;",
        "    server_name a.example.com www.a.example.com;",
        "    location = /favicon.ico { root /srv/www; }",
        "    location ~* \\.(png|jpg)$ { expires 1d; }",
        "    location ^~ /media/ { alias /srv/media/; }",
        "    location @fallback { proxy_pass http://app; }",
        "    location / { proxy_pass http://app/; }",
        "    location /s3/ { proxy_pass https://bucket.s3.amazonaws.com; }",
        "    location /grafana/ { proxy_pass http://grafana:3000; }",
        "}",
        "",
      ].join("\n"),
    });
    const [catchAll, redirect, rewrite, tls] = m.servers;
    expect(catchAll).toMatchObject({ rejects: true, plain: true, ssl: false });
    expect(redirect).toMatchObject({ redirectsToHttps: true, rejects: false });
    expect(rewrite!.redirectsToHttps).toBe(true);
    expect(tls!.ssl).toBe(true);
    expect(tls!.sslProtocols.state).toBe("absent");
    expect(tls!.serverNames.map((n) => n.text)).toEqual(["a.example.com", "www.a.example.com"]);
    expect(tls!.locations.map((l) => [l.modifier, l.path, l.servesFiles])).toEqual([
      ["=", "/favicon.ico", true],
      ["~*", "\\.(png|jpg)$", false],
      ["^~", "/media/", true],
      ["@", "@fallback", false],
      ["", "/", false],
      ["", "/s3/", false],
      ["", "/grafana/", false],
    ]);
    const up = m.proxies.find((p) => p.location?.path === "/")!;
    expect(up.target).toMatchObject({ kind: "address", host: "app", upstream: { name: "app" } });
    expect(up.toApp).toBe(true);
    expect(m.proxies.find((p) => p.location?.path === "/s3/")!.toApp).toBe(false);
    expect(m.proxies.find((p) => p.location?.path === "/grafana/")!.toApp).toBe(false);
    expect(m.configs[0]!.upstreams[0]!.servers.map((s) => [s.host, s.port, s.unix])).toEqual([
      ["127.0.0.1", 8000, null],
      [null, null, "/run/app.sock"],
    ]);
  });

  test("certbot's port-80 server redirects its names to https and refuses the rest; a host test alone does not", async () => {
    const m = await model({
      "site.conf": [
        "server {",
        "    if ($host = www.a.example.com) { return 301 https://$host$request_uri; }",
        "    if ($host = a.example.com) { return 301 https://$host$request_uri; }",
        "    listen 80;",
        "    server_name a.example.com www.a.example.com;",
        "    return 404;",
        "}",
        "server {",
        "    listen 80;",
        "    server_name b.example.com;",
        "    if ($host = www.b.example.com) { return 301 https://b.example.com$request_uri; }",
        "    location / { proxy_pass http://127.0.0.1:8000; }",
        "}",
        "",
      ].join("\n"),
    });
    const [certbot, partial] = m.servers;
    expect(certbot).toMatchObject({ redirectsToHttps: true, rejects: true });
    expect(partial!.redirectsToHttps).toBe(false);
  });

  test("certbot's options-ssl-nginx.conf (not in the repo) leaves its TLS directives Unknown and nothing else", async () => {
    const m = await model({
      "site.conf": "server {\n    listen 443 ssl;\n    include /etc/letsencrypt/options-ssl-nginx.conf;\n    location /static/ { root /srv; }\n}\n",
    });
    const location = m.servers[0]!.locations[0]!.scope;
    expect(scalar(location, "ssl_protocols").state).toBe("unknown");
    expect(scalar(location, "ssl_ciphers").state).toBe("unknown");
    expect(scalar(location, "expires").state).toBe("absent");
  });

  test("scalar directives inherit from http to server to location", async () => {
    const m = await model({
      "nginx.conf": "events {}\nhttp {\n    ssl_protocols TLSv1.2;\n    proxy_read_timeout 300s;\n    server {\n        listen 443 ssl;\n        client_max_body_size 20m;\n        location / {\n            proxy_buffering off;\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n",
    });
    const p = m.proxies[0]!;
    expect(p.readTimeout.state === "set" && p.readTimeout.value.args[0]!.text).toBe("300s");
    expect(p.clientMaxBodySize.state === "set" && p.clientMaxBodySize.value.span.line).toBe(7);
    expect(p.buffering.state === "set" && p.buffering.value.args[0]!.text).toBe("off");
    expect(m.servers[0]!.sslProtocols.state === "set" && m.servers[0]!.sslProtocols.value.span.line).toBe(3);
  });

  test("dev configs are not production; bare snippets nobody includes are not judged", async () => {
    const m = await model({ "nginx/dev.conf": "server { listen 80; }\n", "nginx/snippet.conf": "location / { return 200; }\n" });
    expect(m.configs.map((c) => [c.file, c.production])).toEqual([["nginx/dev.conf", false]]);
  });
});

describe("what a proxy sends upstream", () => {
  test("set, copied from the client, nginx's defaults, passed through, unknown", async () => {
    const m = await model({
      "site.conf": [
        "server {",
        "    location /a/ { proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Scheme $http_x_scheme; proxy_pass http://127.0.0.1:8000; }",
        "    location /b/ { proxy_pass http://127.0.0.1:8000; }",
        "    location /c/ { include extra.conf; proxy_pass http://127.0.0.1:8000; }",
        "    location /d/ { include uwsgi_params; uwsgi_param HTTP_X_FORWARDED_PROTO $scheme; uwsgi_pass 127.0.0.1:3031; }",
        "}",
        "",
      ].join("\n"),
    });
    const [a, b, c, d] = m.proxies;
    expect(headerSent(a!, "X-Forwarded-Proto")).toMatchObject({ state: "set", fromClient: false });
    expect(headerSent(a!, "x-scheme")).toMatchObject({ state: "set", fromClient: true });
    expect(headerSent(a!, "Host")).toEqual({ state: "default", value: "$proxy_host" });
    expect(headerSent(b!, "X-Forwarded-Proto")).toEqual({ state: "passthrough" });
    expect(headerSent(c!, "X-Forwarded-Proto")).toEqual({ state: "unknown" });
    expect(headerSent(d!, "X-Forwarded-Proto")).toMatchObject({ state: "set", fromClient: false });
    expect(d!.target).toMatchObject({ kind: "address", host: "127.0.0.1", port: 3031 });
  });
});

test("an include found nowhere else resolves to the one repository file ending with its path", async () => {
  const m = await model({
    "deploy/nginx/sites-available/shop.conf": "server {\n    listen 80;\n    include snippets/headers.conf;\n}\n",
    "deploy/nginx/snippets/headers.conf": "add_header X-Frame-Options DENY;\n",
  });
  expect(m.configs[0]!.files).toEqual(["deploy/nginx/sites-available/shop.conf", "deploy/nginx/snippets/headers.conf"]);
  expect(m.configs[0]!.scopes.some((s) => s.unknownIncludes.length > 0)).toBe(false);
});
