import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, settingSpan, staticStorage, where } from "../../src/model/settings/query.js";
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
    limits: "Judges WhiteNoise's WHITENOISE_MAX_AGE (≥ 1 day) and WHITENOISE_IMMUTABLE_FILE_TEST; nginx `expires`/`immutable` on the static location is not yet taken into account. Silent when the storage cannot be evaluated.",
    references: [
      { title: "ManifestStaticFilesStorage", url: "https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#manifeststaticfilesstorage" },
      { title: "WhiteNoise: WHITENOISE_MAX_AGE", url: "https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_MAX_AGE" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.whitenoise) !== true) continue;
      const maxAge = view.assigned("WHITENOISE_MAX_AGE");
      const immutable = view.assigned("WHITENOISE_IMMUTABLE_FILE_TEST");
      let cache: string | null = null;
      let related = null;
      if (maxAge && (maxAge.val.v.kind === "int" || maxAge.val.v.kind === "float") && maxAge.val.v.value >= 86400) {
        cache = `WHITENOISE_MAX_AGE = ${maxAge.val.v.value} at ${where(maxAge.at)}`;
        related = { span: maxAge.at, message: "the cache lifetime is set here" };
      } else if (immutable && truthy(immutable.val) === true) {
        cache = `WHITENOISE_IMMUTABLE_FILE_TEST at ${where(immutable.at)}`;
        related = { span: immutable.at, message: "files are marked immutable here" };
      }
      if (!cache || !related) continue;
      const storage = staticStorage(view);
      if (!storage || /Manifest/.test(storage.backend) || !/^(django\.contrib\.staticfiles\.storage|whitenoise\.storage)\./.test(storage.backend)) continue;
      once({ messageId: "unhashed", data: { cache, storage: storage.backend.split(".").pop()! }, span: settingSpan(view, storage.setting), related: [related] });
    }
  },
});
