import { defineRule } from "../../src/engine/types.js";
import { productionServers, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS113",
  name: "entrypoint-no-exec",
  area: "appserver",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    noExec: "{script} starts {server} as its last command without `exec`: the shell stays PID 1 and does not forward SIGTERM, so stops wait for the kill timeout and in-flight requests are cut off instead of drained.",
  },
  docs: {
    summary: "An entrypoint or start script runs the app server as its last command without `exec`.",
    why:
      "Without `exec`, the script's shell remains the main process and the server is its child. `docker stop`, Kubernetes and systemd send SIGTERM to the main process: `sh` (PID 1 in a container ignores signals it has no handler for) does not pass it on, so gunicorn never starts its graceful shutdown. After the grace period (10 s in Docker, 30 s in Kubernetes) everything gets SIGKILL: in-flight requests fail, every deploy and scale-down drops traffic, and rollouts are slower.",
    fix:
      "Replace the shell with the server:\n\n```sh\n#!/bin/sh\nset -e\npython manage.py migrate --noinput\nexec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3\n```\n\nOr end with `exec \"$@\"` and put the server in CMD.",
    bad: [
      { path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n" },
      { path: "docker/entrypoint.sh", code: "#!/bin/sh\nset -e\npython manage.py migrate --noinput\ngunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3\n" },
    ],
    good: [
      { path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n" },
      { path: "docker/entrypoint.sh", code: "#!/bin/sh\nset -e\npython manage.py migrate --noinput\nexec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3\n" },
    ],
    limits:
      "Only app servers started by a script in the repo, when no unconditional command follows them. Silent under a systemd unit with the default `KillMode=control-group`, which signals every process of the service anyway. A server started in the background (`&`) with `wait` is a different pattern and not judged.",
    references: [
      { title: "Docker: ENTRYPOINT and exec", url: "https://docs.docker.com/reference/dockerfile/#entrypoint" },
      { title: "Docker best practices: ENTRYPOINT", url: "https://docs.docker.com/build/building/best-practices/#entrypoint" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      const p = server.process;
      if (p.origin !== "script" || p.exec !== false || server.lastInScript !== true) continue;
      const unit = server.target?.kind === "systemd" ? model.services.units.find((u) => u.target === server.target) : undefined;
      if (unit && /^(control-group|)$/.test(unit.directive("KillMode")?.value.trim() ?? "")) continue;
      if (seen.has(spanKey(p.span))) continue;
      seen.add(spanKey(p.span));
      report({ messageId: "noExec", data: { script: p.span.file, server: server.kind }, span: p.span, severity: severityFor(p, "warning") });
    }
  },
});
