import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "SV106",
  name: "supervisor-stopasgroup",
  area: "services",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    missing: "supervisor program {program} runs {server} without stopasgroup=true: `supervisorctl stop/restart` signals only the process supervisor started, and orphaned workers keep the port and the old code.",
  },
  docs: {
    summary: "A supervisor program running gunicorn or uWSGI lacks `stopasgroup=true`.",
    why:
      "supervisor sends its stop signal to the one process it started. When that is a wrapper (a shell script, `poetry run`, `newrelic-admin`) or when the signal does not reach the workers, the children survive as orphans adopted by init: they keep the listening socket, so the restarted instance fails with \"Address already in use\" or, with SO_REUSEPORT, old and new code serve side by side. `stopasgroup=true` signals the whole process group (and implies `killasgroup=true` for the final SIGKILL).",
    fix:
      "```ini\n[program:mysite]\ncommand=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3 --bind unix:/run/mysite.sock\nuser=mysite\nstopasgroup=true\nstopsignal=TERM\nstopwaitsecs=30\n```",
    bad: [{ path: "deploy/supervisor.conf", code: "[program:mysite]\ncommand=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nuser=mysite\n" }],
    good: [{ path: "deploy/supervisor.conf", code: "[program:mysite]\ncommand=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nuser=mysite\nstopasgroup=true\n" }],
    limits: "Only programs whose command (or the script it runs) starts gunicorn or uWSGI.",
    references: [
      { title: "supervisor: stopasgroup", url: "https://supervisord.org/configuration.html#program-x-section-values" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const program of model.services.programs) {
      const target = program.target;
      if (!target?.production) continue;
      const server = model.appServers.serversFor(target).find((s) => s.kind === "gunicorn" || s.kind === "uwsgi");
      if (!server) continue;
      const stop = program.option("stopasgroup");
      if (stop && /^(true|yes|on|1)$/i.test(stop.value.trim())) continue;
      report({ messageId: "missing", data: { program: program.name, server: server.kind }, span: stop?.span ?? program.section.span });
    }
  },
});
