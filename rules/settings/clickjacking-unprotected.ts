import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { mk, pyEquals } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ110",
  name: "clickjacking-unprotected",
  area: "settings",
  severity: "info",
  tags: ["security"],
  messages: {
    middleware: "MIDDLEWARE in {module} lacks XFrameOptionsMiddleware: pages can be framed by any site and used for clickjacking.",
    option: "X_FRAME_OPTIONS is {value} {origin}, not \"DENY\": pages can be framed by the same origin, which a single injected page turns into clickjacking.",
  },
  docs: {
    summary: "XFrameOptionsMiddleware is missing, or X_FRAME_OPTIONS is not \"DENY\" while it is installed.",
    why:
      "A page that can be framed can be overlaid: an attacker's site shows your page in an invisible iframe and lines up its buttons under innocent-looking ones, so the victim clicks \"delete account\" or \"approve\" while logged in. XFrameOptionsMiddleware sends `X-Frame-Options`; with SAMEORIGIN any page on your origin (an uploaded HTML file, an old app) can still frame the others.",
    fix:
      "Keep `\"django.middleware.clickjacking.XFrameOptionsMiddleware\"` in MIDDLEWARE and `X_FRAME_OPTIONS = \"DENY\"` (Django's default since 3.0). Pages that must be framed can opt out with `@xframe_options_sameorigin` or `@xframe_options_exempt`; a Content-Security-Policy `frame-ancestors` is the modern equivalent.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n]\nX_FRAME_OPTIONS = "SAMEORIGIN"\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n]\n' }],
    limits: "Silent when MIDDLEWARE or X_FRAME_OPTIONS cannot be evaluated. A CSP frame-ancestors header set by a proxy is not yet taken into account.",
    references: [{ title: "Clickjacking protection", url: "https://docs.djangoproject.com/en/stable/ref/clickjacking/" }],
    equivalents: ["manage.py check --deploy: security.W002, security.W019"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const present = hasMiddleware(view, MW.xframe);
      if (present === false) {
        once({ messageId: "middleware", data: { module: view.module }, span: settingSpan(view, view.value("MIDDLEWARE")) });
        continue;
      }
      if (present !== true) continue;
      const option = view.value("X_FRAME_OPTIONS");
      if (pyEquals(option.val, mk({ kind: "str", value: "DENY" }, view.moduleSpan)) !== false) continue;
      once({ messageId: "option", data: { value: shown(option.val), origin: origin(option) }, span: settingSpan(view, option) });
    }
  },
});
