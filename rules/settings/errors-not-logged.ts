import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan, requestErrorLogging, settingSpan } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";

const REPORTERS = new Set(["sentry-sdk", "raven", "rollbar", "bugsnag", "honeybadger", "newrelic", "ddtrace", "elastic-apm", "scout-apm", "airbrake", "django-rollbar"]);

export default defineRule({
  code: "DJ209",
  name: "errors-not-logged",
  area: "settings",
  severity: "warning",
  tags: ["observability"],
  messages: {
    vanish: "With DEBUG off and ADMINS empty, {how}: tracebacks of server errors are written nowhere.",
  },
  docs: {
    summary: "With DEBUG off, an ERROR on django.request reaches no StreamHandler and ADMINS is empty.",
    why:
      "Django's default logging sends `django.request` errors to a console handler that only runs while DEBUG is True, and to mail_admins, which sends nothing when ADMINS is empty. In production (DEBUG off) a 500 then leaves no traceback anywhere: users see an error page, the container log shows at most the access line, and the bug cannot be diagnosed. A LOGGING dict that disables existing loggers or sends django.request to a handler that is not a stream has the same effect.",
    fix:
      "Log to stdout/stderr and let the platform collect it: `LOGGING = {\"version\": 1, \"disable_existing_loggers\": False, \"handlers\": {\"console\": {\"class\": \"logging.StreamHandler\"}}, \"root\": {\"handlers\": [\"console\"], \"level\": \"INFO\"}}`. An error tracker (Sentry and the like) is a good addition, not a replacement for logs.",
    bad: [{ path: "config/settings/production.py", code: "DEBUG = False\nADMINS = []\n" }],
    good: [
      {
        path: "config/settings/production.py",
        code: 'DEBUG = False\nLOGGING = {\n    "version": 1,\n    "disable_existing_loggers": False,\n    "handlers": {"console": {"class": "logging.StreamHandler"}},\n    "root": {"handlers": ["console"], "level": "INFO"},\n}\n',
      },
    ],
    limits: "Silent when DEBUG, ADMINS or LOGGING cannot be evaluated, when LOGGING uses handler factories, and when the project declares an error-reporting dependency (sentry-sdk, rollbar, bugsnag, …) that captures exceptions itself.",
    references: [
      { title: "Logging: Django's default logging configuration", url: "https://docs.djangoproject.com/en/stable/ref/logging/#default-logging-configuration" },
      { title: "Settings: ADMINS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#admins" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    if (model.settings.project.dependencies.some((d) => REPORTERS.has(d.name))) return;
    for (const view of model.settings.productionSettings) {
      if (truthy(view.value("DEBUG").val) !== false) continue;
      if (truthy(view.value("ADMINS").val) !== false) continue;
      const verdict = requestErrorLogging(view);
      if (!verdict || verdict.reaches) continue;
      once({ messageId: "vanish", data: { how: verdict.why }, span: settingSpan(view, view.value("LOGGING")) });
    }
  },
});
