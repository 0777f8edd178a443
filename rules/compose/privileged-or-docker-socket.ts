import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DC108",
  name: "privileged-or-docker-socket",
  area: "compose",
  severity: "error",
  tags: ["security"],
  messages: {
    privileged: "Service {service} runs privileged: a code-execution bug in it is root on the host, since the container can load kernel modules and mount the host's disks.",
    dockerSocket: "Service {service} mounts the Docker socket ({source}): whoever controls this container can start a privileged container and is root on the host.",
    hostNetwork: "Service {service} uses the host's network (network_mode: host): every port it opens is on the host's interfaces, and it can reach services bound to the host's loopback.",
  },
  docs: {
    summary: "A production service runs with `privileged: true`, mounts `/var/run/docker.sock`, or uses `network_mode: host`.",
    why:
      "Each removes the isolation that makes a container a boundary. `privileged` grants every capability and all devices: escaping to the host is a one-liner. The Docker socket is root-equivalent API access: `docker run -v /:/host --privileged` from inside the container owns the host. Host networking exposes every listening port of the service (debug endpoints, metrics, the app server itself) on the host's public interfaces and lets the container reach databases and admin interfaces bound to the host's 127.0.0.1. For a web-facing Django service, one RCE in a dependency becomes a full host compromise.",
    fix:
      "Remove `privileged`; grant the specific capability instead (`cap_add: [NET_ADMIN]`) if one is really needed. Do not mount the Docker socket into app services; tools that need it (Traefik, Portainer) should use a socket proxy such as tecnativa/docker-socket-proxy that allows read-only endpoints only. Replace `network_mode: host` with published ports on the default bridge network.",
    bad: [{ path: "docker-compose.yml", code: "services:\n  web:\n    image: example/app:1.2\n    restart: unless-stopped\n    privileged: true\n" }],
    good: [{ path: "docker-compose.yml", code: "services:\n  web:\n    image: example/app:1.2\n    restart: unless-stopped\n    cap_drop: [ALL]\n" }],
    limits: "Reported for every service of a production compose file, proxies included: a reverse proxy that reads the Docker socket directly still hands the host to whoever compromises it. Development compose files are not judged.",
    references: [
      { title: "Docker security: the Docker daemon attack surface", url: "https://docs.docker.com/engine/security/#docker-daemon-attack-surface" },
      { title: "Compose file reference: privileged", url: "https://docs.docker.com/reference/compose-file/services/#privileged" },
      { title: "Compose file reference: network_mode", url: "https://docs.docker.com/reference/compose-file/services/#network_mode" },
    ],
    equivalents: ["semgrep: docker-compose privileged / writable docker socket", "KICS: Docker Compose privileged, host network, docker socket"],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production) continue;
      if (svc.privileged) report({ messageId: "privileged", data: { service: svc.name }, span: svc.privileged });
      for (const v of svc.volumes) if (v.dockerSocket) report({ messageId: "dockerSocket", data: { service: svc.name, source: v.source ?? "docker.sock" }, span: v.span });
      if (svc.networkModeHost) report({ messageId: "hostNetwork", data: { service: svc.name }, span: svc.networkModeHost });
    }
  },
});
