import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan } from "../../src/model/settings/query.js";
import { dictGet } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ210",
  name: "logging-not-structured",
  area: "settings",
  severity: "info",
  tags: ["observability"],
  messages: {
    plain: "{target} runs in a container, but LOGGING has no JSON formatter: multi-line tracebacks are split into separate log events and fields cannot be queried.",
  },
  docs: {
    summary: "A containerised target's LOGGING dict has no JSON formatter.",
    why:
      "Container platforms collect stdout line by line. Plain-text logs turn a traceback into dozens of unrelated events, lose the level and logger name unless every query parses the text, and cannot carry request IDs or user IDs as fields. Searching production incidents then means grepping and guessing.",
    fix: "Format logs as JSON: python-json-logger (`\"formatters\": {\"json\": {\"()\": \"pythonjsonlogger.jsonlogger.JsonFormatter\"}}` and `\"formatter\": \"json\"` on the console handler), structlog or django-structlog.",
    bad: [
      { path: "Dockerfile", code: 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nENV DJANGO_SETTINGS_MODULE=config.settings.production\nCMD ["gunicorn", "config.wsgi:application"]\n' },
      { path: "config/wsgi.py", code: 'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n' },
      { path: "config/settings/production.py", code: 'DEBUG = False\nLOGGING = {"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["console"]}}\n' },
    ],
    good: [
      { path: "Dockerfile", code: 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nENV DJANGO_SETTINGS_MODULE=config.settings.production\nCMD ["gunicorn", "config.wsgi:application"]\n' },
      { path: "config/wsgi.py", code: 'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n' },
      {
        path: "config/settings/production.py",
        code: 'DEBUG = False\nLOGGING = {"version": 1, "formatters": {"json": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter"}}, "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}}, "root": {"handlers": ["console"]}}\n',
      },
    ],
    limits: "Only for targets known to run in a container, and only when LOGGING is a dict the evaluator can read.",
    references: [{ title: "Logging: configuring logging", url: "https://docs.djangoproject.com/en/stable/topics/logging/#configuring-logging" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const container = view.targets.find((t) => t.container && t.kind !== "dockerfile") ?? view.targets.find((t) => t.container);
      if (!container) continue;
      const logging = view.assigned("LOGGING");
      if (!logging || logging.val.v.kind !== "dict" || logging.val.v.open || logging.val.v.entries.length === 0) continue;
      const formatters = dictGet(logging.val, "formatters");
      if (formatters && formatters.v.kind !== "dict") continue;
      let unknown = false;
      let json = false;
      for (const e of formatters && formatters.v.kind === "dict" ? formatters.v.entries : []) {
        const f = dictGet(e.value, "()") ?? dictGet(e.value, "class");
        if (!f) continue;
        if (f.v.kind !== "str") unknown = true;
        else if (/json|structlog|ecs_logging|logstash/i.test(f.v.value)) json = true;
      }
      if (json || unknown) continue;
      once({ messageId: "plain", data: { target: container.label }, span: logging.at });
    }
  },
});
