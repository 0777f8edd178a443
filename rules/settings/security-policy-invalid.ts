import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, shown } from "../../src/model/settings/query.js";
import { stringItems } from "../../src/model/settings/values.js";

const REFERRER = new Set(["no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"]);
const COOP = new Set(["same-origin", "same-origin-allow-popups", "unsafe-none"]);

export default defineRule({
  code: "DJ119",
  name: "security-policy-invalid",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    referrer: "SECURE_REFERRER_POLICY is {value}, which holds a value browsers do not know ({bad}): Django rejects it and the header protects nothing.",
    coop: "SECURE_CROSS_ORIGIN_OPENER_POLICY is {value}, not one of same-origin, same-origin-allow-popups, unsafe-none: Django rejects it.",
  },
  docs: {
    summary: "SECURE_REFERRER_POLICY or SECURE_CROSS_ORIGIN_OPENER_POLICY holds a value Django rejects.",
    why:
      "A misspelt policy is an error in `check --deploy` and, in the browser, an unknown token is ignored — so the protection the setting was written for (not leaking URLs to other sites, isolating the window from cross-origin openers) is silently absent.",
    fix: "Use one of the values in the Referrer-Policy and Cross-Origin-Opener-Policy specifications, e.g. `SECURE_REFERRER_POLICY = \"strict-origin-when-cross-origin\"`, `SECURE_CROSS_ORIGIN_OPENER_POLICY = \"same-origin\"`.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_REFERRER_POLICY = "same-orign"\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_REFERRER_POLICY = "same-origin"\n' }],
    limits: "Only when SecurityMiddleware is installed. The Cross-Origin-Opener-Policy check applies from Django 4.0, as in Django.",
    references: [
      { title: "Settings: SECURE_REFERRER_POLICY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-referrer-policy" },
      { title: "Settings: SECURE_CROSS_ORIGIN_OPENER_POLICY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-cross-origin-opener-policy" },
    ],
    equivalents: ["manage.py check --deploy: security.E023, security.E024"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const ref = view.value("SECURE_REFERRER_POLICY");
      const rv = ref.val.v;
      const values = rv.kind === "str" ? rv.value.split(",").map((v) => v.trim()) : stringItems(ref.val);
      const bad = values?.filter((v) => !REFERRER.has(v)) ?? [];
      if (bad.length > 0) once({ messageId: "referrer", data: { value: shown(ref.val), bad: bad.map((b) => JSON.stringify(b)).join(", ") }, span: ref.at ? ref.val.span : view.moduleSpan });
      if (!view.djangoAtLeast(4, 0)) continue;
      const coop = view.value("SECURE_CROSS_ORIGIN_OPENER_POLICY");
      const cv = coop.val.v;
      if (cv.kind === "none" || cv.kind === "unknown") continue;
      if (cv.kind === "str" && COOP.has(cv.value)) continue;
      if (cv.kind !== "str" && cv.kind !== "int" && cv.kind !== "bool" && cv.kind !== "float") continue;
      once({ messageId: "coop", data: { value: shown(coop.val) }, span: coop.at ? coop.val.span : view.moduleSpan });
    }
  },
});
