import { defineRule } from "../../src/engine/types.js";
import { at, describeTarget, gunicornBehind } from "../../src/model/nginx.js";

export default defineRule({
  code: "NX111",
  name: "proxy-buffering-off",
  area: "nginx",
  severity: "warning",
  tags: ["performance", "reliability"],
  messages: {
    syncWorkers:
      "proxy_buffering off makes nginx hand {target}'s response to the client only as fast as the client reads it, so a slow or malicious client holds one of the sync gunicorn workers started at {process} for the whole download.",
  },
  docs: {
    summary: "`proxy_buffering off` in front of gunicorn's sync workers.",
    why:
      "gunicorn's sync workers handle one request at a time and rely on a buffering proxy: nginx reads the whole response quickly, frees the worker, and trickles the bytes to the client itself. With `proxy_buffering off`, the worker stays busy until the last byte reaches the client. A handful of clients on slow mobile links — or an attacker reading deliberately slowly (slowloris on the response side) — pin every worker, and the site stops answering while the CPU is idle. The gunicorn docs state that sync workers must run behind a buffering proxy.",
    fix:
      "Remove `proxy_buffering off` (on is the default). If a single endpoint streams (server-sent events, StreamingHttpResponse), turn buffering off only for that location, or per response with the `X-Accel-Buffering: no` header, and serve it with async workers (gevent, uvicorn) that can afford waiting.",
    bad: [
      { path: "deploy/app.service", code: "[Service]\nUser=app\nExecStart=/srv/app/venv/bin/gunicorn --workers 3 --bind 127.0.0.1:8000 shop.wsgi:application\n" },
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location / {\n        proxy_buffering off;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      { path: "deploy/app.service", code: "[Service]\nUser=app\nExecStart=/srv/app/venv/bin/gunicorn --workers 3 --bind 127.0.0.1:8000 shop.wsgi:application\n" },
      { path: "deploy/nginx/site.conf", code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n" },
    ],
    limits:
      "Fires only when the app server behind the proxy is known: a production gunicorn whose explicit bind matches the proxy target and whose worker class is sync (set so, or gunicorn's default when every source of its settings was read) without threads. Silent for ASGI servers and async worker classes, which do not block on slow clients.",
    references: [
      { title: "nginx: proxy_buffering", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering" },
      { title: "gunicorn: Deploying (why a buffering proxy)", url: "https://docs.gunicorn.org/en/stable/deploy.html" },
      { title: "gunicorn: Design — sync workers", url: "https://docs.gunicorn.org/en/stable/design.html#sync-workers" },
    ],
    equivalents: ["Gixy-Next: proxy_buffering off"],
  },
  check({ model, report }) {
    for (const proxy of model.nginx.proxies) {
      if (proxy.kind !== "proxy" || !proxy.toApp || !proxy.server.config.production) continue;
      if (proxy.buffering.state !== "set" || proxy.buffering.value.args[0]?.text !== "off") continue;
      const sync = gunicornBehind(model, proxy).find((g) => g.sync === true);
      if (!sync) continue;
      report({
        messageId: "syncWorkers",
        data: { target: describeTarget(proxy), process: at(sync.server.process.span) },
        span: proxy.buffering.value.span,
        related: [{ span: sync.server.process.span, message: "gunicorn with sync workers" }],
      });
    }
  },
});
