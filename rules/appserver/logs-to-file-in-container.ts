import { defineRule } from "../../src/engine/types.js";
import { inContainer, productionServers, severityFor, spanKey, type Setting } from "../../src/model/appserver.js";

const STREAMS = new Set(["-", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1", "/proc/self/fd/2"]);

export default defineRule({
  code: "AS105",
  name: "logs-to-file-in-container",
  area: "appserver",
  severity: "warning",
  tags: ["observability", "reliability"],
  messages: {
    file: "{server} in {label} writes its {which} to {path} inside the container: `docker logs` and the platform's log collector never see it, and the file grows in the container's writable layer until it is replaced.",
  },
  docs: {
    summary: "gunicorn `accesslog`/`errorlog` or uWSGI `logto`/`daemonize` writes to a file inside a container.",
    why:
      "Container platforms collect stdout and stderr; nothing reads files inside the container. Errors and access logs written to a file are invisible to `docker logs`, `kubectl logs`, CloudWatch or Heroku's log drain — exactly when an incident needs them. The file lives in the container's writable layer: it grows without rotation until the disk fills, and vanishes with the container.",
    fix:
      "Log to the standard streams and let the platform ship them:\n\n```dockerfile\nCMD [\"gunicorn\", \"config.wsgi\", \"--access-logfile\", \"-\", \"--error-logfile\", \"-\"]\n```\n\nFor uWSGI drop `logto` (it logs to stderr by default). If a file is required, put it on a mounted volume that something rotates and ships.",
    bad: [{ path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"config.wsgi\", \"--workers\", \"3\", \"--access-logfile\", \"/var/log/gunicorn/access.log\"]\n" }],
    good: [{ path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"config.wsgi\", \"--workers\", \"3\", \"--access-logfile\", \"-\"]\n" }],
    limits: "Only container targets (Dockerfile, compose, Kubernetes, platforms, a supervisor conf copied into an image); on a VM a log file is normal. Silent when the path is an unresolved variable.",
    references: [
      { title: "gunicorn settings: logging", url: "https://docs.gunicorn.org/en/stable/settings.html#logging" },
      { title: "Docker: view container logs", url: "https://docs.docker.com/engine/logging/" },
      { title: "The Twelve-Factor App: logs", url: "https://12factor.net/logs" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (!inContainer(server) || server.kind === "runserver") continue;
      const logs: [string, Setting<string> | null][] = [
        ["access log", server.accessLog],
        ["error log", server.errorLog],
      ];
      for (const [which, setting] of logs) {
        if (!setting || setting.value === null || STREAMS.has(setting.value) || setting.value === "") continue;
        if (server.kind === "uwsgi" && /^(udp|tcp|socket|syslog|rsyslog|zeromq|redislog|mongodblog)[:]/.test(setting.value)) continue;
        if (seen.has(spanKey(setting.span))) continue;
        seen.add(spanKey(setting.span));
        report({ messageId: "file", data: { server: server.kind, label: server.process.label, which: server.kind === "uwsgi" ? "log" : which, path: setting.value }, span: setting.span, severity: severityFor(server.process, "warning") });
      }
    }
  },
});
