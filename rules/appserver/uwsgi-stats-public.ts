import { defineRule } from "../../src/engine/types.js";
import { isAllInterfaces, parseBind, severityFor, uwsgiConfigs, uwsgiOption } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS114",
  name: "uwsgi-stats-public",
  area: "appserver",
  severity: "warning",
  tags: ["security"],
  messages: {
    stats: "uWSGI stats server for {label} listens on {bind}, every interface: anyone who reaches the port reads worker state, request URIs, client addresses and memory use.",
  },
  docs: {
    summary: "uWSGI's `stats` server is bound to all interfaces.",
    why:
      "The stats server answers any TCP connection with a JSON dump of the instance: every worker's current request URI (with query strings, which often carry tokens), client addresses, request counts, memory and the configured options. It has no authentication. Bound to `0.0.0.0` it is readable by anyone who can reach the host or container port, and it is a convenient fingerprint for attackers.",
    fix:
      "Bind it to loopback or a unix socket and read it locally (`uwsgitop /run/app/stats.sock`):\n\n```ini\n[uwsgi]\nstats = /run/app/stats.sock\n```\n\nor `stats = 127.0.0.1:9191`.",
    bad: [{ path: "deploy/uwsgi.ini", code: "[uwsgi]\nmodule = config.wsgi:application\nmaster = true\nstats = 0.0.0.0:9191\n" }],
    good: [{ path: "deploy/uwsgi.ini", code: "[uwsgi]\nmodule = config.wsgi:application\nmaster = true\nstats = 127.0.0.1:9191\n" }],
    limits: "Only a bind to every interface (`0.0.0.0`, `:9191`, `[::]`) is reported; publishing a loopback-bound port through Docker is not modelled.",
    references: [
      { title: "uWSGI: the stats server", url: "https://uwsgi-docs.readthedocs.io/en/latest/StatsServer.html" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const config of uwsgiConfigs(model)) {
      const stats = uwsgiOption(config, "stats", "stats-server");
      if (!stats || stats.value === null) continue;
      const b = parseBind(stats.value);
      if (b.host === null || !isAllInterfaces(b.host)) continue;
      report({ messageId: "stats", data: { label: config.label, bind: stats.value }, span: stats.span, severity: config.server ? severityFor(config.server.process, "warning") : "warning" });
    }
  },
});
