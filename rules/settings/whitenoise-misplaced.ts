import { defineRule } from "../../src/engine/types.js";
import { MW, oncePerSpan } from "../../src/model/settings/query.js";
import { stringItems } from "../../src/model/settings/values.js";

/** SecurityMiddleware (redirects, headers) and CORS (headers on static files, as django-cors-headers asks) belong above WhiteNoise. */
const ALLOWED_BEFORE = new Set<string>([MW.security, "corsheaders.middleware.CorsMiddleware"]);

export default defineRule({
  code: "DJ207",
  name: "whitenoise-misplaced",
  area: "settings",
  severity: "warning",
  tags: ["performance"],
  messages: {
    misplaced: "WhiteNoiseMiddleware is at position {position} of MIDDLEWARE, not directly after SecurityMiddleware: every static file request runs through {before} first.",
  },
  docs: {
    summary: "WhiteNoiseMiddleware is not placed directly after SecurityMiddleware.",
    why:
      "WhiteNoise answers static file requests inside the middleware chain. Everything above it runs for every CSS, JS and image request: sessions load and save, authentication queries the database, locale and CSRF middleware do their work — wasted time and database load on the most frequent requests, and middleware that redirects or blocks (login-required, maintenance mode) can break static files altogether.",
    fix: "Place `\"whitenoise.middleware.WhiteNoiseMiddleware\"` immediately after `\"django.middleware.security.SecurityMiddleware\"` (so the HTTPS redirect and security headers still apply) and above everything else.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nMIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "whitenoise.middleware.WhiteNoiseMiddleware",\n]\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nMIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "whitenoise.middleware.WhiteNoiseMiddleware",\n    "django.contrib.sessions.middleware.SessionMiddleware",\n]\n' }],
    limits: "django-cors-headers' CorsMiddleware may sit between them (its docs ask for it above WhiteNoise so static files get CORS headers). Silent when MIDDLEWARE cannot be evaluated completely.",
    references: [{ title: "WhiteNoise: enable WhiteNoise", url: "https://whitenoise.readthedocs.io/en/stable/django.html#enable-whitenoise" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const mw = view.value("MIDDLEWARE").val;
      const names = stringItems(mw);
      if (!names) continue;
      const wn = names.indexOf(MW.whitenoise);
      if (wn < 0) continue;
      const before = names
        .slice(0, wn)
        .filter((n) => !ALLOWED_BEFORE.has(n))
        .map((n) => n.split(".").pop()!);
      if (before.length === 0) continue;
      const element = mw.v.kind === "list" || mw.v.kind === "tuple" ? mw.v.items[wn]! : mw;
      once({ messageId: "misplaced", data: { position: wn + 1, before: before.join(", ") }, span: element.span });
    }
  },
});
