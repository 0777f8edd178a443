import { defineRule } from "../../src/engine/types.js";
import { hasMiddleware, MW, oncePerSpan, origin, settingSpan, shown } from "../../src/model/settings/query.js";
import { isTrue } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ117",
  name: "nosniff-disabled",
  area: "settings",
  severity: "info",
  tags: ["security"],
  messages: {
    disabled: "SECURE_CONTENT_TYPE_NOSNIFF is {value} {origin}: browsers may sniff uploaded files as HTML or script and run them.",
  },
  docs: {
    summary: "SecurityMiddleware is installed but SECURE_CONTENT_TYPE_NOSNIFF is not True.",
    why:
      "Without `X-Content-Type-Options: nosniff`, browsers guess the type of a response from its bytes. A user-uploaded \"image\" that contains HTML or JavaScript can then be executed in your origin when someone opens it — stored cross-site scripting through the upload feature.",
    fix: "Leave SECURE_CONTENT_TYPE_NOSNIFF at its default, True, and make sure files are served with correct Content-Type headers.",
    bad: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_CONTENT_TYPE_NOSNIFF = False\n' }],
    good: [{ path: "config/settings/production.py", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n' }],
    limits: "Only when SecurityMiddleware is installed; Django's `is True` test applies. A proxy that adds the header is not yet taken into account.",
    references: [{ title: "Settings: SECURE_CONTENT_TYPE_NOSNIFF", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-content-type-nosniff" }],
    equivalents: ["manage.py check --deploy: security.W006"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (hasMiddleware(view, MW.security) !== true) continue;
      const s = view.value("SECURE_CONTENT_TYPE_NOSNIFF");
      if (isTrue(s.val) !== false) continue;
      once({ messageId: "disabled", data: { value: shown(s.val), origin: origin(s) }, span: settingSpan(view, s) });
    }
  },
});
