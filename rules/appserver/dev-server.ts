import { defineRule } from "../../src/engine/types.js";
import { productionServers, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS101",
  name: "dev-server",
  area: "appserver",
  severity: "error",
  tags: ["security", "reliability"],
  messages: {
    runserver: "{label} starts Django's development server (`{command}`): one unhardened process that Django says must never face production traffic.",
  },
  docs: {
    summary: "Django's `runserver` (or django-extensions' `runserver_plus`) starts a production process.",
    why:
      "`runserver` is a convenience for development. It has had no security review, serves one request per thread with no worker supervision, has no request timeouts, so one slow client can tie it up, and reloads code on every file change. `runserver_plus` adds the Werkzeug debugger: an interactive Python console on every error page, guarded only by a PIN. It also serves static files only when DEBUG is on, so with DEBUG off the site loses its CSS and JS. Django's own documentation says: do not use this server in a production setting.",
    fix:
      "Run a production app server and point it at the project's WSGI (or ASGI) application:\n\n```dockerfile\nCMD [\"gunicorn\", \"config.wsgi:application\", \"--bind\", \"0.0.0.0:8000\", \"--workers\", \"3\"]\n```\n\nFor ASGI (Channels, async views) use `uvicorn config.asgi:application` or `daphne`. Keep `runserver` in development-only files (`docker-compose.dev.yml`, `Procfile.dev`) or behind a development branch of the entrypoint.",
    bad: [{ path: "Procfile", code: "web: python manage.py runserver 0.0.0.0:$PORT\n" }],
    good: [{ path: "Procfile", code: "web: gunicorn config.wsgi --workers 3\n" }],
    limits:
      "Only Django's command counts: `manage.py runserver`, `django-admin runserver`, `python -m django runserver` and `runserver_plus`, behind wrappers like `poetry run`. A project's own script named `runserver` is not Django's. Development compose files, `Procfile.dev` and branches taken only in development are not production. A commented-out alternative is reported one severity lower.",
    references: [
      { title: "django-admin runserver", url: "https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver" },
      { title: "How to deploy Django", url: "https://docs.djangoproject.com/en/stable/howto/deployment/" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (server.kind !== "runserver") continue;
      const p = server.process;
      if (seen.has(spanKey(p.span))) continue;
      seen.add(spanKey(p.span));
      const command = p.argv
        .map((w) => w.text ?? w.raw)
        .join(" ")
        .slice(0, 80);
      report({ messageId: "runserver", data: { label: p.label, command }, span: p.span, severity: severityFor(p, "error") });
    }
  },
});
