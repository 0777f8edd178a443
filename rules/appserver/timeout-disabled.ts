import { defineRule } from "../../src/engine/types.js";
import { productionServers, severityFor, spanKey, uwsgiConfigs, uwsgiOption } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS104",
  name: "timeout-disabled",
  area: "appserver",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    gunicornZero: "gunicorn in {label} sets timeout 0: a worker stuck in a request is never killed, and once all workers hang the site stops answering.",
    uwsgiNoHarakiri: "uWSGI in {label} sets no `harakiri`: a worker stuck in a request is never recycled, and once all workers hang the site stops answering.",
  },
  docs: {
    summary: "gunicorn's worker timeout is disabled (`timeout = 0`), or uWSGI runs without `harakiri`.",
    why:
      "A request can hang forever: a database lock, an external API without a client timeout, an infinite loop. gunicorn's arbiter kills and replaces a sync worker silent for `timeout` seconds (default 30); `timeout = 0` switches that off. uWSGI has no request timeout at all unless `harakiri` is set. Without one, every hung request permanently removes a worker; after a few, the app accepts connections and never answers, health checks pass on the TCP port, and only a restart brings it back.",
    fix:
      "Keep a finite timeout a little above the slowest legitimate request, and below the proxy's `proxy_read_timeout`:\n\n```ini\n[uwsgi]\nharakiri = 60\n```\n\n`--timeout 60` for gunicorn. Move long work (exports, imports) to a task queue instead of raising the timeout.",
    bad: [{ path: "deploy/uwsgi.ini", code: "[uwsgi]\nmodule = config.wsgi:application\nmaster = true\nprocesses = 4\n" }],
    good: [{ path: "deploy/uwsgi.ini", code: "[uwsgi]\nmodule = config.wsgi:application\nmaster = true\nprocesses = 4\nharakiri = 60\n" }],
    limits: "Silent when the timeout comes from something the model cannot read. gunicorn's async workers (gevent, eventlet) use the timeout only as a heartbeat, but 0 still disables it.",
    references: [
      { title: "gunicorn settings: timeout", url: "https://docs.gunicorn.org/en/stable/settings.html#timeout" },
      { title: "uWSGI: harakiri", url: "https://uwsgi-docs.readthedocs.io/en/latest/Options.html#harakiri" },
      { title: "uWSGI: things to know", url: "https://uwsgi-docs.readthedocs.io/en/latest/ThingsToKnow.html" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (server.kind !== "gunicorn" || server.timeout?.value !== 0) continue;
      if (seen.has(spanKey(server.timeout.span))) continue;
      seen.add(spanKey(server.timeout.span));
      report({ messageId: "gunicornZero", data: { label: server.process.label }, span: server.timeout.span, severity: severityFor(server.process, "warning") });
    }
    for (const config of uwsgiConfigs(model)) {
      const harakiri = uwsgiOption(config, "harakiri");
      if (!config.complete) continue;
      if (harakiri && (harakiri.value === null || Number(harakiri.value) !== 0)) continue;
      report({ messageId: "uwsgiNoHarakiri", data: { label: config.label }, span: harakiri?.span ?? config.span, severity: config.server ? severityFor(config.server.process, "warning") : "warning" });
    }
  },
});
