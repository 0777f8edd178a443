import { defineRule } from "../../src/engine/types.js";
import { hasApp, oncePerSpan, staticStorage } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ206",
  name: "static-root-missing",
  area: "settings",
  severity: "error",
  tags: ["reliability"],
  messages: {
    missing: "STATIC_ROOT is not set in {module} while static files use {storage}: `collectstatic` fails with ImproperlyConfigured, so the deploy (or the image build) stops there.",
  },
  docs: {
    summary: "STATIC_ROOT is unset while the staticfiles app collects to the local filesystem.",
    why:
      "`manage.py collectstatic` copies every app's static files into STATIC_ROOT so the web server (or WhiteNoise) can serve them. With STATIC_ROOT unset and a filesystem storage it aborts with \"You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path\" — the Docker build step, the release phase or the Heroku buildpack fails, and if someone skips it, the site runs without CSS and JavaScript.",
    fix: "Set it to a directory outside the source tree that the server serves: `STATIC_ROOT = BASE_DIR / \"staticfiles\"` (and point nginx's `location /static/ { alias …; }` or WhiteNoise at it).",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nSTATIC_URL = "/static/"\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "/srv/app/static"\n' }],
    limits: "Only with django.contrib.staticfiles installed and a storage from Django or WhiteNoise (remote storages such as S3 do not need STATIC_ROOT).",
    references: [{ title: "Settings: STATIC_ROOT", url: "https://docs.djangoproject.com/en/stable/ref/settings/#static-root" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasApp(view, "django.contrib.staticfiles") !== true) continue;
      const root = view.value("STATIC_ROOT");
      if (root.val.v.kind !== "none") continue;
      const storage = staticStorage(view);
      if (!storage || !/^(django\.contrib\.staticfiles\.storage|whitenoise\.storage)\./.test(storage.backend)) continue;
      once({ messageId: "missing", data: { module: view.module, storage: storage.backend.split(".").pop()! }, span: view.moduleSpan });
    }
  },
});
