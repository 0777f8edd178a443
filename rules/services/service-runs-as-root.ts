import { defineRule } from "../../src/engine/types.js";
import { emperorDropsRoot } from "../../src/model/appserver.js";

export default defineRule({
  code: "SV101",
  name: "service-runs-as-root",
  area: "services",
  severity: "warning",
  tags: ["security"],
  messages: {
    systemdNoUser: "systemd unit {unit} sets neither User= nor DynamicUser=: the app runs as root, so any code-execution bug in it owns the whole server.",
    systemdRoot: "systemd unit {unit} sets User={user}: the app runs as root, so any code-execution bug in it owns the whole server.",
    supervisor: "supervisor program {program} sets no user= and supervisord runs as root ({why}): the app runs as root, so any code-execution bug in it owns the whole server.",
  },
  docs: {
    summary: "A systemd service or supervisor program runs the app as root.",
    why:
      "A Django app parses untrusted input all day: uploads, templates, pickled sessions, third-party packages. One remote-code-execution bug (a vulnerable image library, a deserialisation flaw, a compromised dependency) runs with the app's privileges. As root that means reading every secret on the host, installing a rootkit, pivoting to other services; as a dedicated user it means the app's own files. systemd runs services as root unless User= or DynamicUser= says otherwise; supervisor runs programs as the user supervisord runs as, which is root when the system starts it.",
    fix:
      "Create a dedicated user and run the service as it:\n\n```ini\n[Service]\nUser=mysite\nGroup=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi:application --bind unix:/run/mysite/gunicorn.sock\nRuntimeDirectory=mysite\n```\n\n`DynamicUser=yes` allocates a throwaway user per start (state goes in StateDirectory=). In supervisor set `user=mysite` in the `[program:x]` section. The user must be able to read the code and write only where it needs to (media, sockets).",
    bad: [{ path: "deploy/mysite.service", code: "[Service]\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\n" }],
    good: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\n" }],
    limits:
      "Only units and programs that start the Django app (an app server, `manage.py`, celery — directly or through a script in the repo); a unit for another program is not this rule's business. Silent when the server drops privileges itself (gunicorn `--user`, uWSGI `uid`), for a uWSGI emperor unless a vassal ini in the repo runs as root (the emperor runs as root by design and starts each vassal as its `uid`), for supervisor programs whose supervisord runs as a non-root user (`[supervisord] user=`, or a container whose Dockerfile sets a non-root USER), and for units under dev/test paths.",
    references: [
      { title: "systemd.exec: User=, DynamicUser=", url: "https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#User=" },
      { title: "supervisor: [program:x] user", url: "https://supervisord.org/configuration.html#program-x-section-values" },
    ],
    equivalents: ["systemd-analyze security: User=/DynamicUser="],
  },
  check({ model, report }) {
    const drops = (target: NonNullable<(typeof model.services.units)[number]["target"]>): boolean => model.appServers.serversFor(target).some((s) => s.user !== null);
    for (const unit of model.services.units) {
      const target = unit.target;
      if (!target || !target.production || !unit.service || !unit.runsApp || drops(target)) continue;
      // A uWSGI emperor runs as root by design, to start each vassal as its own uid.
      if (model.appServers.emperors.some((s) => s.target === target) && emperorDropsRoot(model, target) !== false) continue;
      const user = unit.directive("User");
      const dynamic = /^(1|yes|y|true|t|on)$/i.test(unit.directive("DynamicUser")?.value.trim() ?? "");
      if (dynamic && !(user && /^(root|0)$/.test(user.value.trim()))) continue;
      if (!user || user.value.trim() === "") report({ messageId: "systemdNoUser", data: { unit: unit.name }, span: unit.service.span });
      else if (/^(root|0)$/.test(user.value.trim())) report({ messageId: "systemdRoot", data: { unit: unit.name, user: user.value.trim() }, span: user.span });
    }
    for (const program of model.services.programs) {
      const target = program.target;
      if (!target || !target.production || !program.runsApp || program.supervisordRoot !== true || drops(target)) continue;
      const user = program.option("user");
      if (user && !/^(root|0)$/.test(user.value.trim())) continue;
      report({ messageId: "supervisor", data: { program: program.name, why: program.supervisordUser }, span: user?.span ?? program.section.span });
    }
  },
});
