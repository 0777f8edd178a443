import { defineRule } from "../../src/engine/types.js";
import { cookieFlagOff, oncePerSpan, origin, sessionsInUse, settingSpan, shown } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ114",
  name: "session-cookie-insecure",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    insecure: "SESSION_COOKIE_SECURE is {value} {origin}: the session cookie is also sent over plain HTTP, where anyone on the path can copy it and take over the session.",
  },
  docs: {
    summary: "SESSION_COOKIE_SECURE is not True while sessions are in use.",
    why:
      "The session cookie is the login. Without the Secure flag the browser sends it on any `http://` request to your domain — a mistyped link, an image URL, a request an attacker injects into another page — and anyone on the network path (public Wi-Fi, a compromised router) copies it and is logged in as the user, admin sessions included.",
    fix: "Set `SESSION_COOKIE_SECURE = True` and serve the site over HTTPS only. In local development override it in your dev settings.",
    bad: [{ path: "config/settings/production.py", code: 'INSTALLED_APPS = ["django.contrib.sessions"]\nSESSION_COOKIE_SECURE = False\n' }],
    good: [{ path: "config/settings/production.py", code: 'INSTALLED_APPS = ["django.contrib.sessions"]\nSESSION_COOKIE_SECURE = True\n' }],
    limits: "Only when the sessions app or SessionMiddleware is installed. Follows the pinned Django: truthiness before 4.1, `is True` from 4.1.",
    references: [{ title: "Settings: SESSION_COOKIE_SECURE", url: "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure" }],
    equivalents: ["manage.py check --deploy: security.W010, security.W011, security.W012"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (sessionsInUse(view) !== true) continue;
      const flag = view.value("SESSION_COOKIE_SECURE");
      if (cookieFlagOff(view, flag.val) !== true) continue;
      once({ messageId: "insecure", data: { value: shown(flag.val), origin: origin(flag) }, span: settingSpan(view, flag) });
    }
  },
});
