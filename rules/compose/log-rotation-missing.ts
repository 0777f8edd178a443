import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DC107",
  name: "log-rotation-missing",
  area: "compose",
  severity: "info",
  tags: ["reliability", "observability"],
  messages: {
    noLogging: "Service {service} sets no logging options, so Docker's default json-file driver keeps every line it writes in one file that never rotates, until the host disk is full.",
    noMaxSize: "Service {service} logs with the json-file driver without options.max-size: the log file grows without limit until the host disk is full.",
  },
  docs: {
    summary: "A long-running service uses the json-file log driver (explicitly or by default) without `options.max-size`.",
    why:
      "Docker's default log driver, json-file, does not rotate: each container's log grows under /var/lib/docker/containers until the disk is full. Then Postgres cannot write its WAL, uploads fail, and Docker itself stops working — usually months after the deploy, at night, and on the busiest services first. Access logs from gunicorn or nginx at production traffic fill tens of gigabytes.",
    fix:
      "Cap the logs per service (or once in an extension field merged into each):\n\n```yaml\nx-logging: &logging\n  logging:\n    driver: json-file\n    options:\n      max-size: \"10m\"\n      max-file: \"5\"\nservices:\n  web:\n    <<: *logging\n```\n\nOr use the `local` driver (rotates by default), or ship logs to journald/syslog/fluentd. A host-wide default in `/etc/docker/daemon.json` (`log-opts`) works too, but is not visible in the repository.",
    bad: [{ path: "docker-compose.yml", code: "services:\n  redis:\n    image: redis:7.2\n    restart: unless-stopped\n" }],
    good: [
      {
        path: "docker-compose.yml",
        code: "services:\n  redis:\n    image: redis:7.2\n    restart: unless-stopped\n    logging:\n      driver: json-file\n      options:\n        max-size: \"10m\"\n        max-file: \"3\"\n",
      },
    ],
    limits:
      "A daemon-wide default in /etc/docker/daemon.json is not visible and cannot be taken into account: suppress the rule in config if you set one. Other drivers (local, journald, syslog, fluentd, awslogs…) are not reported. One-off services and overlay fragments without `image`/`build` are not judged, nor are development compose files.",
    references: [
      { title: "Docker: JSON file logging driver", url: "https://docs.docker.com/engine/logging/drivers/json-file/" },
      { title: "Docker: configure logging drivers", url: "https://docs.docker.com/engine/logging/configure/" },
      { title: "Compose file reference: logging", url: "https://docs.docker.com/reference/compose-file/services/#logging" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production || !svc.complete || !svc.longRunning) continue;
      if (svc.logging === null) {
        report({ messageId: "noLogging", data: { service: svc.name }, span: svc.span });
        continue;
      }
      if ((svc.logging.driver === null || svc.logging.driver === "json-file") && !svc.logging.maxSize) report({ messageId: "noMaxSize", data: { service: svc.name }, span: svc.span });
    }
  },
});
