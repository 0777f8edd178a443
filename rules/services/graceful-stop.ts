import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "SV105",
  name: "graceful-stop",
  area: "services",
  severity: "info",
  tags: ["reliability"],
  messages: {
    killMode: "systemd unit {unit} runs {server} with KillMode={value}: on stop only the master (or nothing) gets the signal, so orphaned workers keep the port and old code running after a restart.",
    killSignal: "systemd unit {unit} stops {server} with KillSignal={value}: workers are killed mid-request instead of finishing in-flight requests.",
  },
  docs: {
    summary: "A systemd unit running an app server stops it with `KillMode=process`/`none` or `KillSignal=SIGKILL`.",
    why:
      "gunicorn and uWSGI shut down gracefully on SIGTERM (gunicorn) or SIGINT/SIGQUIT (uWSGI with die-on-term): stop accepting, finish in-flight requests, exit. `KillSignal=SIGKILL` skips that: every restart or deploy fails the requests in progress. `KillMode=process` signals only the main process, and `none` nothing at all; workers left behind keep serving old code, hold the listening socket so the new instance fails to bind, and leak memory across restarts.",
    fix:
      "Keep systemd's defaults (`KillMode=control-group`, `KillSignal=SIGTERM`) and give the server time to drain:\n\n```ini\n[Service]\nKillMode=mixed\nTimeoutStopSec=30\n```\n\n`mixed` sends SIGTERM to the master only, then SIGKILL to whatever is left after the timeout — the shape gunicorn's docs recommend.",
    bad: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\nKillMode=process\n" }],
    good: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\nKillMode=mixed\n" }],
    limits: "Only units whose ExecStart (or the script it runs) starts an app server.",
    references: [
      { title: "systemd.kill: KillMode=", url: "https://www.freedesktop.org/software/systemd/man/latest/systemd.kill.html#KillMode=" },
      { title: "gunicorn: systemd deployment", url: "https://docs.gunicorn.org/en/stable/deploy.html#systemd" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const unit of model.services.units) {
      const target = unit.target;
      if (!target?.production) continue;
      const servers = model.appServers.serversFor(target).filter((s) => s.kind !== "runserver");
      if (!servers.length) continue;
      const server = servers[0]!.kind;
      const mode = unit.directive("KillMode");
      if (mode && /^(process|none)$/.test(mode.value.trim())) report({ messageId: "killMode", data: { unit: unit.name, server, value: mode.value.trim() }, span: mode.span });
      const signal = unit.directive("KillSignal");
      if (signal && /^(SIGKILL|KILL|9)$/i.test(signal.value.trim())) report({ messageId: "killSignal", data: { unit: unit.name, server, value: signal.value.trim() }, span: signal.span });
    }
  },
});
