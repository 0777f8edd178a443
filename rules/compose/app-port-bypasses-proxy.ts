import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DC102",
  name: "app-port-bypasses-proxy",
  area: "compose",
  severity: "warning",
  tags: ["security"],
  messages: {
    bypass:
      "The Django service {service} publishes port {port} to the host while proxy service {proxy} fronts it: clients can reach the app server directly, around the proxy's TLS, headers, body-size limits and static file handling.",
  },
  docs: {
    summary: "The Django app service publishes its port to the host although an nginx (or other proxy) service in the same project fronts it.",
    why:
      "The proxy is where TLS ends, where X-Forwarded-Proto and X-Forwarded-For are set, where request bodies are capped and slow clients are buffered. A published app port is a second door that skips all of it: anyone can send `X-Forwarded-Proto: https` and a forged Host straight to gunicorn, and Django trusts them when SECURE_PROXY_SSL_HEADER or USE_X_FORWARDED_HOST is set. Docker publishes on every interface and bypasses the host firewall, so the door is open to the internet.",
    fix:
      "Drop the `ports:` entry of the app service; the proxy reaches it over the compose network by service name (`proxy_pass http://web:8000`). Use `expose: [\"8000\"]` to document the port. If you must reach the app from the host, publish it on loopback only (`127.0.0.1:8000:8000`).",
    bad: [
      {
        path: "docker-compose.yml",
        code:
          "services:\n  web:\n    image: python:3.12-slim\n    command: gunicorn config.wsgi:application --bind 0.0.0.0:8000\n    ports:\n      - \"8000:8000\"\n  nginx:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n    depends_on:\n      - web\n",
      },
    ],
    good: [
      {
        path: "docker-compose.yml",
        code:
          "services:\n  web:\n    image: python:3.12-slim\n    command: gunicorn config.wsgi:application --bind 0.0.0.0:8000\n    expose:\n      - \"8000\"\n  nginx:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n    depends_on:\n      - web\n",
      },
    ],
    limits:
      "The app service is recognised by what it runs (gunicorn, uWSGI, uvicorn, daphne, hypercorn, granian, runserver — through the image's ENTRYPOINT/CMD and entrypoint script when it builds one); the proxy by image (nginx, openresty, caddy, traefik, haproxy, envoy, httpd) or by the base image of its Dockerfile. Any proxy service in the same compose project counts as fronting the app. Ports bound to a loopback address, and host addresses from interpolations, are not reported.",
    references: [
      { title: "Compose file reference: ports", url: "https://docs.docker.com/reference/compose-file/services/#ports" },
      { title: "Compose file reference: expose", url: "https://docs.docker.com/reference/compose-file/services/#expose" },
      { title: "Django: SECURE_PROXY_SSL_HEADER", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production || svc.role !== "web") continue;
      const proxy = model.compose.services.find((s) => s.project === svc.project && s.production && s.role === "proxy");
      if (!proxy) continue;
      for (const port of svc.ports) {
        if (port.loopback || port.hostIpUnknown) continue;
        report({ messageId: "bypass", data: { service: svc.name, port: port.display, proxy: proxy.name }, span: port.span, related: [{ span: proxy.span, message: `proxy service ${proxy.name}` }] });
      }
    }
  },
});
