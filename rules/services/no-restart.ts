import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "SV102",
  name: "no-restart",
  area: "services",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    systemdMissing: "systemd unit {unit} sets no Restart=: when the app crashes (OOM kill, segfault in a C extension, a bad deploy) it stays down until someone notices.",
    systemdValue: "systemd unit {unit} sets Restart={value}: the app is not restarted when it fails, so a crash keeps the site down until someone notices.",
    supervisor: "supervisor program {program} sets autorestart=false: when the app exits it stays down until someone notices.",
  },
  docs: {
    summary: "A systemd service is not restarted on failure (no Restart=, or a value other than on-failure/always), or a supervisor program has `autorestart=false`.",
    why:
      "Processes die in production: the kernel's OOM killer, a segfault in a C extension, a worker boot error after a dependency update, a lost database at start. systemd's default is `Restart=no`: the unit goes to `failed` and the site is down until a human restarts it, often at night. supervisor restarts on unexpected exits by default, unless `autorestart=false` switches that off.",
    fix:
      "```ini\n[Service]\nRestart=on-failure\nRestartSec=2\n```\n\n`on-failure` restarts after a crash or non-zero exit but respects a clean stop; `always` also restarts after a clean exit. Pair it with StartLimitIntervalSec=/StartLimitBurst= in [Unit] so a crash loop eventually stops. In supervisor, keep the default `autorestart=unexpected` or set `true`.",
    bad: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\n" }],
    good: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\n" }],
    limits: "Only units and programs that start the Django app (an app server, `manage.py`, celery). `Type=oneshot` units (migrations, timers) are not judged: they are meant to exit.",
    references: [
      { title: "systemd.service: Restart=", url: "https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Restart=" },
      { title: "supervisor: autorestart", url: "https://supervisord.org/configuration.html#program-x-section-values" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const unit of model.services.units) {
      if (!unit.target?.production || !unit.service || !unit.runsApp) continue;
      const restart = unit.directive("Restart");
      const value = restart?.value.trim() ?? "";
      if (value === "on-failure" || value === "always") continue;
      if (!restart || value === "") report({ messageId: "systemdMissing", data: { unit: unit.name }, span: unit.service.span });
      else report({ messageId: "systemdValue", data: { unit: unit.name, value }, span: restart.span });
    }
    for (const program of model.services.programs) {
      if (!program.target?.production || !program.runsApp) continue;
      const auto = program.option("autorestart");
      if (auto && /^(false|no|off|0)$/i.test(auto.value.trim())) report({ messageId: "supervisor", data: { program: program.name }, span: auto.span });
    }
  },
});
