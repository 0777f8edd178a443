import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DC104",
  name: "restart-policy-missing",
  area: "compose",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    missing: "Long-running service {service} has no restart policy: when it crashes, or when the Docker daemon or the host restarts, it stays down until someone starts it by hand.",
  },
  docs: {
    summary: "A long-running compose service sets neither `restart:` nor `deploy.restart_policy` (anchors, `<<` merges and `extends` resolved).",
    why:
      "Compose's default restart policy is `no`. A gunicorn master killed by the OOM killer, a worker that exits on a lost broker connection, a database that crashed, or simply a kernel update and reboot of the host: each leaves the service down, and the site returns 502s until a person notices and runs `docker compose up -d`. Restart policies are also what brings containers back after the Docker daemon restarts.",
    fix:
      "Set `restart: unless-stopped` (or `always`) on every long-running service, or once in an extension field merged into each:\n\n```yaml\nx-service: &service\n  restart: unless-stopped\nservices:\n  web:\n    <<: *service\n    build: .\n```\n\nWith Swarm, use `deploy.restart_policy.condition: on-failure` or `any`. One-off tasks (a `migrate` service) should not restart.",
    bad: [{ path: "docker-compose.yml", code: "services:\n  redis:\n    image: redis:7.2\n" }],
    good: [{ path: "docker-compose.yml", code: "services:\n  redis:\n    image: redis:7.2\n    restart: unless-stopped\n" }],
    limits:
      "One-off services (whose main command is a `manage.py` task other than a server or worker, like `migrate`) are not judged. A service with neither `image` nor `build` (an overlay fragment meant for `-f base.yml -f prod.yml`) and a service whose `extends` cannot be read (the file is missing, or not named like a compose file: `compose*.y*ml`, `docker-compose*.y*ml`) are not judged: overlays are not merged across files. Development compose files are not judged.",
    references: [
      { title: "Compose file reference: restart", url: "https://docs.docker.com/reference/compose-file/services/#restart" },
      { title: "Compose deploy specification: restart_policy", url: "https://docs.docker.com/reference/compose-file/deploy/#restart_policy" },
      { title: "Docker: start containers automatically", url: "https://docs.docker.com/engine/containers/start-containers-automatically/" },
    ],
    equivalents: ["KICS: Docker Compose restart policy"],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production || !svc.complete || !svc.longRunning || svc.restart !== null) continue;
      report({ messageId: "missing", data: { service: svc.name }, span: svc.span });
    }
  },
});
