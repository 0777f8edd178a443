import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan, origin } from "../../src/model/settings/query.js";
import { dictGet } from "../../src/model/settings/values.js";

const DEV = /^django\.core\.mail\.backends\.(console|locmem|filebased|dummy)\.EmailBackend$/;

export default defineRule({
  code: "DJ211",
  name: "email-backend-dev",
  area: "settings",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    dev: "{setting} is the {kind} backend {origin}: password resets, notifications and error emails are never delivered.",
  },
  docs: {
    summary: "EMAIL_BACKEND (or MAILERS['default']['BACKEND'], Django ≥ 6.1) is a development backend.",
    why:
      "The console, locmem, file-based and dummy backends never send anything: they print to stdout, keep messages in memory, write files or drop them. In production users cannot reset their passwords or confirm their addresses, and mail_admins error reports go nowhere — and nothing fails loudly, so it is noticed through support requests.",
    fix: "Use SMTP or a provider backend in production, configured from the environment: `EMAIL_BACKEND = \"django.core.mail.backends.smtp.EmailBackend\"` with EMAIL_HOST/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD, or `anymail`. Keep the console backend in development settings.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nEMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nEMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"\n' }],
    limits: "Silent when the backend comes from a variable without a default. A deployment that truly sends no email can suppress it.",
    references: [{ title: "Sending email: email backends", url: "https://docs.djangoproject.com/en/stable/topics/email/#email-backends" }],
    equivalents: ["manage.py check --deploy: mail.E001 (MAILERS only, Django ≥ 6.1)"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const b = view.assigned("EMAIL_BACKEND");
      if (b && b.val.v.kind === "str") {
        const m = DEV.exec(b.val.v.value);
        if (m) once({ messageId: "dev", data: { setting: "EMAIL_BACKEND", kind: m[1]!, origin: origin({ name: "EMAIL_BACKEND", val: b.val, at: b.at }) }, span: b.at });
      }
      if (!view.djangoAtLeast(6, 1)) continue;
      const mailers = view.assigned("MAILERS");
      const dflt = mailers ? dictGet(mailers.val, "default") : undefined;
      const backend = dflt ? dictGet(dflt, "BACKEND") : undefined;
      if (!mailers || !backend || backend.v.kind !== "str") continue;
      const m = DEV.exec(backend.v.value);
      if (m) once({ messageId: "dev", data: { setting: "MAILERS['default']['BACKEND']", kind: m[1]!, origin: origin({ name: "MAILERS", val: backend, at: mailers.at }) }, span: backend.span });
    }
  },
});
