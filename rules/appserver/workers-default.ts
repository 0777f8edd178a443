import { defineRule } from "../../src/engine/types.js";
import { productionServers, severityFor, spanKey, uwsgiConfigs, uwsgiOption } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS103",
  name: "workers-default",
  area: "appserver",
  severity: "warning",
  tags: ["performance", "reliability"],
  messages: {
    gunicorn: "gunicorn in {label} sets no worker count (flag, config file, WEB_CONCURRENCY or GUNICORN_CMD_ARGS): it runs a single sync worker, so one slow request blocks every other.",
    uwsgi: "uWSGI config for {label} sets no `processes`/`workers`: it runs one worker process, so one slow request blocks every other.",
  },
  docs: {
    summary: "gunicorn or uWSGI runs with its default of one worker.",
    why:
      "gunicorn's default is `workers = 1` with the sync worker class; uWSGI's is one process. Each sync worker handles one request at a time, so a single slow view, upload or external API call stalls the whole site, health checks time out and the orchestrator restarts a healthy container. It also leaves every other CPU core idle. gunicorn's documentation suggests (2 × cores) + 1 as a starting point.",
    fix:
      "Set the worker count explicitly, from the environment so each host can size it:\n\n```python\n# gunicorn.conf.py\nimport multiprocessing, os\nworkers = int(os.environ.get(\"WEB_CONCURRENCY\", multiprocessing.cpu_count() * 2 + 1))\n```\n\nor `--workers 4`, or `processes = 4` in the `[uwsgi]` section. More workers cost memory (each is a full copy of the app); threads (`--threads`) are cheaper for I/O-bound views.",
    bad: [{ path: "fly.toml", code: "app = \"shop\"\n\n[processes]\napp = \"gunicorn config.wsgi --bind 0.0.0.0:8000\"\n" }],
    good: [{ path: "fly.toml", code: "app = \"shop\"\n\n[env]\nWEB_CONCURRENCY = \"4\"\n\n[processes]\napp = \"gunicorn config.wsgi --bind 0.0.0.0:8000\"\n" }],
    limits:
      "Reports at the command that starts the server, or at the `[uwsgi]` section of an ini file no command in the repo names (emperor vassals). Silent when a config file or variable that could set workers cannot be read (a `-c` file outside the repo, a `gunicorn.conf.py` in a working directory the model cannot place, GUNICORN_CMD_ARGS with an unknown value, an env file or secret store outside the repo that may set WEB_CONCURRENCY), and on Heroku, whose Python buildpack sets WEB_CONCURRENCY.",
    references: [
      { title: "gunicorn settings: workers", url: "https://docs.gunicorn.org/en/stable/settings.html#workers" },
      { title: "gunicorn design: how many workers", url: "https://docs.gunicorn.org/en/stable/design.html#how-many-workers" },
      { title: "uWSGI: processes", url: "https://uwsgi-docs.readthedocs.io/en/latest/Options.html#processes" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (server.kind !== "gunicorn" || server.workers !== null || !server.complete) continue;
      const p = server.process;
      if (seen.has(spanKey(p.span))) continue;
      seen.add(spanKey(p.span));
      report({ messageId: "gunicorn", data: { label: p.label }, span: p.span, severity: severityFor(p, "warning") });
    }
    for (const config of uwsgiConfigs(model)) {
      if (!config.complete || uwsgiOption(config, "processes", "workers")) continue;
      const span = config.server?.process.span ?? config.span;
      report({ messageId: "uwsgi", data: { label: config.label }, span, severity: config.server ? severityFor(config.server.process, "warning") : "warning" });
    }
  },
});
