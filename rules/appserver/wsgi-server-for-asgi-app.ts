import { defineRule, type RelatedLocation } from "../../src/engine/types.js";
import { productionServers, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS108",
  name: "wsgi-server-for-asgi-app",
  area: "appserver",
  severity: "error",
  tags: ["reliability"],
  messages: {
    wsgi: "{server} in {label} serves the project through WSGI, but the project is ASGI ({reason}) and no production process runs an ASGI server: websocket connections fail and async views run without an event loop.",
  },
  docs: {
    summary: "The project is ASGI (Channels routing, websocket consumers, ASGI_APPLICATION) but every production app server is a WSGI server.",
    why:
      "WSGI is request/response only. Behind gunicorn's sync workers or uWSGI, a websocket handshake gets a 404 or 400 from Django's URL resolver, Channels consumers never run, and async views are run through `async_to_sync` in a thread per request, losing the concurrency they were written for. The deploy looks healthy because plain pages still work; chat, notifications and live updates silently break.",
    fix:
      "Serve the ASGI application with an ASGI server:\n\n```\ngunicorn config.asgi:application -k uvicorn.workers.UvicornWorker --workers 3\n```\n\nor `daphne config.asgi:application` / `uvicorn config.asgi:application`. A split deployment (WSGI for HTTP, daphne for `/ws/`) is fine: this rule stays silent when any production process runs an ASGI server.",
    bad: [
      { path: "config/settings.py", code: "INSTALLED_APPS = [\"channels\", \"django.contrib.admin\"]\nASGI_APPLICATION = \"config.asgi.application\"\n" },
      { path: "Procfile", code: "web: gunicorn config.wsgi --workers 3\n" },
    ],
    good: [
      { path: "config/settings.py", code: "INSTALLED_APPS = [\"channels\", \"django.contrib.admin\"]\nASGI_APPLICATION = \"config.asgi.application\"\n" },
      { path: "Procfile", code: "web: daphne config.asgi:application --bind 0.0.0.0 --port $PORT\n" },
    ],
    limits: "Silent when a gunicorn worker class is an unresolved variable or set in a config the model cannot read.",
    references: [
      { title: "How to deploy with ASGI", url: "https://docs.djangoproject.com/en/stable/howto/deployment/asgi/" },
      { title: "Channels: deploying", url: "https://channels.readthedocs.io/en/stable/deploying.html" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const servers = productionServers(model);
    if (servers.some((s) => s.asgi)) return;
    const related: RelatedLocation[] = [];
    let reason: string | null = null;
    for (const view of model.settings.productionSettings) {
      const v = view.value("ASGI_APPLICATION");
      if (v.val.v.kind === "str" && v.at) {
        reason = `ASGI_APPLICATION = "${v.val.v.value}"`;
        related.push({ span: v.at, message: "ASGI_APPLICATION is set here" });
        break;
      }
    }
    const channels = model.appServers.asgiProject;
    if (channels) {
      reason ??= channels.reason;
      related.push({ span: channels.span, message: "Channels routing or a websocket consumer is defined here" });
    }
    if (!reason) return;
    const seen = new Set<string>();
    for (const server of servers) {
      const wsgi = server.kind === "uwsgi" || (server.kind === "gunicorn" && server.complete && (server.workerClass === null || server.workerClass.value !== null));
      if (!wsgi || seen.has(spanKey(server.process.span))) continue;
      seen.add(spanKey(server.process.span));
      report({ messageId: "wsgi", data: { server: server.kind, label: server.process.label, reason }, span: server.process.span, related, severity: severityFor(server.process, "error") });
    }
  },
});
