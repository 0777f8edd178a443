import { defineRule } from "../../src/engine/types.js";
import { inContainer, isLoopback, parseBind, productionServers, proxiesTo, proxyHost, severityFor, spanKey } from "../../src/model/appserver.js";
import { sidecarProxy } from "../../src/model/k8s.js";

export default defineRule({
  code: "AS107",
  name: "bind-loopback-in-container",
  area: "appserver",
  severity: "error",
  tags: ["reliability"],
  messages: {
    explicit: "{server} in {label} binds {bind} inside a container: loopback there is the container's own, so the proxy, published ports and health checks from outside get connection refused.",
    implicit: "{server} in {label} binds no address, so it listens on its default {bind} inside a container: the proxy, published ports and health checks from outside get connection refused.",
  },
  docs: {
    summary: "An app server in a container listens on 127.0.0.1/localhost (explicitly, or by its default: runserver, gunicorn without `--bind` and `$PORT`, uvicorn, daphne).",
    why:
      "Each container has its own network namespace: its 127.0.0.1 is reachable only from inside that container. Docker's published ports, compose service-to-service traffic (nginx → `web:8000`), Kubernetes Services and platform routers all connect to the container's external interface, so a server bound to loopback refuses every request while the container looks healthy. gunicorn, uvicorn, daphne and runserver all default to 127.0.0.1:8000 (gunicorn uses 0.0.0.0:$PORT only when PORT is set).",
    fix:
      "Bind every interface inside the container; the container boundary and the published ports decide who can reach it:\n\n```dockerfile\nCMD [\"gunicorn\", \"config.wsgi\", \"--bind\", \"0.0.0.0:8000\", \"--workers\", \"3\"]\n```\n\nOnly publish the port to the host if something outside needs it (`ports: [\"127.0.0.1:8000:8000\"]` keeps it local to the host).",
    bad: [{ path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"config.wsgi\", \"--workers\", \"3\", \"--bind\", \"127.0.0.1:8000\"]\n" }],
    good: [{ path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"config.wsgi\", \"--workers\", \"3\", \"--bind\", \"0.0.0.0:8000\"]\n" }],
    limits:
      "Silent when an nginx config in the repo proxies to the app over loopback (nginx runs in the same container), when a proxy container (an nginx sidecar) runs in the same Kubernetes pod, which shares the network namespace, when the bind comes from an unresolved variable, and when a config file the model cannot read could set it. uWSGI has no default bind.",
    references: [
      { title: "Docker: container networking", url: "https://docs.docker.com/engine/network/" },
      { title: "gunicorn settings: bind", url: "https://docs.gunicorn.org/en/stable/settings.html#bind" },
      { title: "uvicorn settings: socket binding", url: "https://www.uvicorn.org/settings/#socket-binding" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (!inContainer(server)) continue;
      const sameContainerProxy = proxiesTo(model, server).some((p) => {
        const host = proxyHost(p);
        return host === null || isLoopback(host);
      });
      if (sameContainerProxy || (server.target && sidecarProxy(model, server.target))) continue;
      const emit = (messageId: "explicit" | "implicit", bind: string, span: typeof server.process.span): void => {
        if (seen.has(spanKey(span))) return;
        seen.add(spanKey(span));
        report({ messageId, data: { server: server.kind, label: server.process.label, bind }, span, severity: severityFor(server.process, "error") });
      };
      if (server.bind.length) {
        for (const bind of server.bind) {
          if (bind.value === null) continue;
          const host = parseBind(bind.value).host;
          if (host !== null && isLoopback(host) && server.bind.every((b) => b.value !== null && parseBind(b.value).host !== null && isLoopback(parseBind(b.value).host!))) emit("explicit", bind.value, bind.span);
        }
      } else if (server.complete && server.defaultBind !== null && isLoopback(parseBind(server.defaultBind).host ?? "")) {
        emit("implicit", server.defaultBind, server.process.span);
      }
    }
  },
});
