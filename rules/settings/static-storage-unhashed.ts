import { defineRule } from "../../src/engine/types.js";
import type { Span } from "../../src/index.js";
import { farFutureStaticLocations, hasMiddleware, MW, oncePerSpan, settingSpan, staticStorage, where } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ208",
  name: "static-storage-unhashed",
  area: "settings",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    unhashed: "Static files are cached far-future ({cache}) but the storage {storage} does not put content hashes in file names: after a deploy, browsers keep the old CSS and JavaScript.",
  },
  docs: {
    summary: "Static files are served with a long cache lifetime while the storage does not version file names.",
    why:
      "A far-future cache header tells browsers and CDNs to reuse `app.css` without asking again. If the name does not change when the content does, a deploy ships new HTML that expects new CSS and JS, and clients keep running the old files for days: broken layouts, JavaScript errors against changed APIs, and support tickets that disappear after a hard refresh.",
    fix: "Use a hashing storage so every version gets a new URL: `STORAGES = {\"staticfiles\": {\"BACKEND\": \"whitenoise.storage.CompressedManifestStaticFilesStorage\"}}` (or Django's `ManifestStaticFilesStorage`; `STATICFILES_STORAGE` before Django 4.2). Or shorten the cache lifetime.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nMIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"]\nSTATIC_ROOT = "/srv/static"\nWHITENOISE_MAX_AGE = 31536000\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nMIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"]\nSTATIC_ROOT = "/srv/static"\nWHITENOISE_MAX_AGE = 31536000\nSTORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}\n' }],
    limits: "Judges WhiteNoise's WHITENOISE_MAX_AGE (≥ 1 day) and WHITENOISE_IMMUTABLE_FILE_TEST, and production nginx locations serving STATIC_URL from disk with `expires` ≥ 1 day or a Cache-Control max-age ≥ 1 day / immutable. A CDN's own cache rules are not visible. Silent when the storage cannot be evaluated.",
    references: [
      { title: "ManifestStaticFilesStorage", url: "https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#manifeststaticfilesstorage" },
      { title: "WhiteNoise: WHITENOISE_MAX_AGE", url: "https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_MAX_AGE" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const causes: { span: Span; what: string; message: string }[] = [];
      if (hasMiddleware(view, MW.whitenoise) === true) {
        const maxAge = view.assigned("WHITENOISE_MAX_AGE");
        const immutable = view.assigned("WHITENOISE_IMMUTABLE_FILE_TEST");
        if (maxAge && (maxAge.val.v.kind === "int" || maxAge.val.v.kind === "float") && maxAge.val.v.value >= 86400)
          causes.push({ span: maxAge.at, what: `WHITENOISE_MAX_AGE = ${maxAge.val.v.value} at ${where(maxAge.at)}`, message: "the cache lifetime is set here" });
        else if (immutable && truthy(immutable.val) === true) causes.push({ span: immutable.at, what: `WHITENOISE_IMMUTABLE_FILE_TEST at ${where(immutable.at)}`, message: "files are marked immutable here" });
      }
      for (const loc of farFutureStaticLocations(model, view)) causes.push({ span: loc.span, what: `${loc.what} at ${where(loc.span)}`, message: "static files are cached far-future here" });
      if (causes.length === 0) continue;
      const storage = staticStorage(view);
      if (!storage || /Manifest/.test(storage.backend) || !/^(django\.contrib\.staticfiles\.storage|whitenoise\.storage)\./.test(storage.backend)) continue;
      once({
        messageId: "unhashed",
        data: { cache: causes.map((c) => c.what).join("; "), storage: storage.backend.split(".").pop()! },
        span: settingSpan(view, storage.setting),
        related: causes.map((c) => ({ span: c.span, message: c.message })),
      });
    }
  },
});
