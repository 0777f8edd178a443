import { defineRule } from "../../src/engine/types.js";
import { cookieFlagOff, oncePerSpan, origin, sessionsInUse, settingSpan, shown } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ115",
  name: "session-cookie-httponly-off",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    off: "SESSION_COOKIE_HTTPONLY is {value} {origin}: any script on the page, including injected ones, can read the session cookie and send it away.",
  },
  docs: {
    summary: "SESSION_COOKIE_HTTPONLY is not True while sessions are in use.",
    why:
      "HttpOnly keeps the session cookie out of `document.cookie`. Without it a single cross-site-scripting bug — a template rendered with `|safe`, a vulnerable third-party script — turns into account takeover: the script reads the cookie and sends it to the attacker, who replays it from anywhere until the session expires.",
    fix: "Leave SESSION_COOKIE_HTTPONLY at its default, True. JavaScript that needs to know whether the user is logged in should ask an endpoint, not read the cookie.",
    bad: [{ path: "config/settings/production.py", code: 'INSTALLED_APPS = ["django.contrib.sessions"]\nSESSION_COOKIE_SECURE = True\nSESSION_COOKIE_HTTPONLY = False\n' }],
    good: [{ path: "config/settings/production.py", code: 'INSTALLED_APPS = ["django.contrib.sessions"]\nSESSION_COOKIE_SECURE = True\n' }],
    limits: "Only when the sessions app or SessionMiddleware is installed. Follows the pinned Django: truthiness before 4.1, `is True` from 4.1.",
    references: [{ title: "Settings: SESSION_COOKIE_HTTPONLY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly" }],
    equivalents: ["manage.py check --deploy: security.W013, security.W014, security.W015"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (sessionsInUse(view) !== true) continue;
      const flag = view.value("SESSION_COOKIE_HTTPONLY");
      if (cookieFlagOff(view, flag.val) !== true) continue;
      once({ messageId: "off", data: { value: shown(flag.val), origin: origin(flag) }, span: settingSpan(view, flag) });
    }
  },
});
