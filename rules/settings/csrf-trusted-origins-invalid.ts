import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan } from "../../src/model/settings/query.js";
import { pyRepr } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ121",
  name: "csrf-trusted-origins-invalid",
  area: "settings",
  severity: "error",
  tags: ["reliability"],
  messages: {
    noScheme: "CSRF_TRUSTED_ORIGINS entry {value} has no scheme: Django {version} refuses to start (4_0.E001); write it as \"https://{bare}\".",
  },
  docs: {
    summary: "A CSRF_TRUSTED_ORIGINS entry lacks a scheme (Django ≥ 4.0 requires one).",
    why:
      "Since Django 4.0, CSRF_TRUSTED_ORIGINS holds origins with their scheme (`https://example.com`). An entry like `example.com`, valid before 4.0, makes the system check fail with 4_0.E001, so `migrate`, `runserver` and the app server refuse to start — typically discovered in the middle of the Django upgrade deploy.",
    fix: "Prefix every entry with its scheme: `CSRF_TRUSTED_ORIGINS = [\"https://example.com\", \"https://*.example.com\"]`.",
    bad: [{ path: "config/settings/production.py", code: 'CSRF_TRUSTED_ORIGINS = ["example.com"]\n' }],
    good: [{ path: "config/settings/production.py", code: 'CSRF_TRUSTED_ORIGINS = ["https://example.com"]\n' }],
    limits: "Applies when the project's Django is 4.0 or newer (or unpinned).",
    references: [{ title: "Settings: CSRF_TRUSTED_ORIGINS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins" }],
    equivalents: ["Django system check 4_0.E001 (runtime)"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (!view.djangoAtLeast(4, 0)) continue;
      const origins = view.value("CSRF_TRUSTED_ORIGINS").val.v;
      if (origins.kind !== "list" && origins.kind !== "tuple" && origins.kind !== "set") continue;
      const pin = view.project.django;
      for (const item of origins.items) {
        if (item.v.kind !== "str" || item.v.value.includes("://")) continue;
        once({ messageId: "noScheme", data: { value: pyRepr(item.v.value), version: pin ? `${pin.major}.${pin.minor}` : "≥ 4.0", bare: item.v.value.replace(/^\./, "*.") }, span: item.span });
      }
    }
  },
});
