import { defineRule } from "../../src/engine/types.js";
import { productionServers, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS102",
  name: "reload-in-production",
  area: "appserver",
  severity: "error",
  tags: ["reliability", "performance"],
  messages: {
    reload: "{server} runs with auto-reload ({where}) in {label}: it watches the code tree and restarts on every file change, and Django's docs put reloaders in development only.",
  },
  docs: {
    summary: "An app server runs with code auto-reload: gunicorn `--reload` / `reload = True`, uvicorn or hypercorn `--reload`, uWSGI `py-autoreload`.",
    why:
      "Auto-reload is a development feature. The server polls (or inotify-watches) every imported module and restarts workers when one changes: a log rotation, a `collectstatic`, or a deploy that copies files one by one restarts workers mid-request, dropping in-flight requests and half-loading new code against old code. uvicorn's `--reload` also runs a single process and ignores `--workers`. The file watching itself costs CPU in every worker.",
    fix:
      "Remove the flag from production commands and reload on deploy instead (`systemctl reload app` sends HUP to gunicorn; `uwsgi --reload /run/app.pid`; containers are replaced):\n\n```ini\n[uwsgi]\nmodule = config.wsgi:application\nmaster = true\nprocesses = 4\n; no py-autoreload in production\n```",
    bad: [{ path: "Procfile", code: "web: gunicorn config.wsgi --workers 3 --reload\n" }],
    good: [{ path: "Procfile", code: "web: gunicorn config.wsgi --workers 3\n" }],
    limits: "Silent when the value comes from an unresolved variable, and on development files. `touch-reload` (reload when one named file is touched) is a deploy mechanism and is not flagged.",
    references: [
      { title: "gunicorn settings: reload", url: "https://docs.gunicorn.org/en/stable/settings.html#reload" },
      { title: "uvicorn settings: development", url: "https://www.uvicorn.org/settings/#development" },
      { title: "uWSGI options: py-autoreload", url: "https://uwsgi-docs.readthedocs.io/en/latest/Options.html#py-autoreload" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (server.kind === "runserver" || server.reload?.value !== true) continue;
      const span = server.reload.span;
      if (seen.has(spanKey(span))) continue;
      seen.add(spanKey(span));
      const where = server.reload.source === "flag" ? "command-line flag" : server.reload.source === "config" ? `config file ${server.configFiles[0] ?? ""}`.trim() : server.reload.source === "uwsgi-ini" ? "uwsgi ini option" : "environment";
      report({ messageId: "reload", data: { server: server.kind, where, label: server.process.label }, span, severity: severityFor(server.process, "error") });
    }
  },
});
