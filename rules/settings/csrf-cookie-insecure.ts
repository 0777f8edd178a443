import { defineRule } from "../../src/engine/types.js";
import { cookieFlagOff, hasMiddleware, MW, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ116",
  name: "csrf-cookie-insecure",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    insecure: "CSRF_COOKIE_SECURE is {value} {origin}: the CSRF cookie is also sent over plain HTTP, where a network attacker can read or overwrite it.",
  },
  docs: {
    summary: "CSRF_COOKIE_SECURE is not True while CsrfViewMiddleware is installed and the token lives in a cookie.",
    why:
      "The CSRF cookie holds the secret the token in each form is checked against. Sent over plain HTTP, an attacker on the network reads it — or plants their own value via a clear-text response — and can then forge requests that pass the CSRF check.",
    fix: "Set `CSRF_COOKIE_SECURE = True` (or keep the token in the session with `CSRF_USE_SESSIONS = True`).",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]\nCSRF_COOKIE_SECURE = True\n' }],
    limits: "Only when CsrfViewMiddleware is installed and CSRF_USE_SESSIONS is falsy. Follows the pinned Django: truthiness before 4.1, `is True` from 4.1.",
    references: [{ title: "Settings: CSRF_COOKIE_SECURE", url: "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure" }],
    equivalents: ["manage.py check --deploy: security.W016"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.csrf) !== true) continue;
      if (truthy(view.value("CSRF_USE_SESSIONS").val) !== false) continue;
      const flag = view.value("CSRF_COOKIE_SECURE");
      if (cookieFlagOff(view, flag.val) !== true) continue;
      once({ messageId: "insecure", data: { value: shown(flag.val), origin: origin(flag) }, span: settingSpan(view, flag) });
    }
  },
});
