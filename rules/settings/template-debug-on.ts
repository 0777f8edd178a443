import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan, origin } from "../../src/model/settings/query.js";
import { dictGet, truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ123",
  name: "template-debug-on",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    on: "TEMPLATES OPTIONS \"debug\" is {value} {origin}: template errors show template source and context in error pages.",
  },
  docs: {
    summary: "A TEMPLATES backend has OPTIONS `debug` set truthy.",
    why:
      "Template debug mode keeps extra information for every rendered node and, when DEBUG-style error pages are shown (directly or through an error reporter), includes template source and the context around the failure. It costs memory and CPU on every render and leaks template internals and context values.",
    fix: "Remove the `debug` option (it defaults to DEBUG) or set it from DEBUG in development settings only.",
    bad: [{ path: "config/settings/production.py", code: 'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"debug": True}}]\n' }],
    good: [{ path: "config/settings/production.py", code: 'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {}}]\n' }],
    limits: "Silent when the option cannot be evaluated.",
    references: [{ title: "Templates: DjangoTemplates options", url: "https://docs.djangoproject.com/en/stable/topics/templates/#django.template.backends.django.DjangoTemplates" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const templates = view.value("TEMPLATES");
      const v = templates.val.v;
      if (v.kind !== "list" && v.kind !== "tuple") continue;
      for (const backend of v.items) {
        const options = dictGet(backend, "OPTIONS");
        const debug = options ? dictGet(options, "debug") : undefined;
        if (!debug || truthy(debug) !== true) continue;
        once({ messageId: "on", data: { value: debug.v.kind === "bool" ? "True" : "truthy", origin: origin(templates, debug) }, span: debug.span });
      }
    }
  },
});
