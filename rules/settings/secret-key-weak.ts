import { defineRule } from "../../src/engine/types.js";
import { literalDefault, oncePerSpan, origin, secretKeyWeakness } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ105",
  name: "secret-key-weak",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    weak: "The SECRET_KEY {module} runs with is weak {origin}: {weakness}, so signed values are easier to forge.",
    fallback: "SECRET_KEY_FALLBACKS[{index}] is weak: {weakness}; signatures made with it are still accepted.",
  },
  docs: {
    summary: "The effective SECRET_KEY, or a SECRET_KEY_FALLBACKS entry, is short, has few distinct characters, or is a startproject key.",
    why:
      "Everything Django signs — sessions, password-reset tokens, signed cookies — is only as strong as the key. A short or low-entropy key can be brute-forced offline from a single signed value (a session cookie is enough); a `django-insecure-` key is the one startproject wrote into settings.py, so it has been in the repository since the first commit. Keys in SECRET_KEY_FALLBACKS still validate signatures, so a weak one there is as bad as a weak SECRET_KEY.",
    fix:
      "Generate a key with `python -c \"from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())\"` and supply it through the environment or a secret store. Move the old key to SECRET_KEY_FALLBACKS only for as long as existing sessions should survive, then remove it.",
    bad: [{ path: "config/settings/production.py", code: 'SECRET_KEY = "django-insecure-abc"\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n' }],
    limits:
      "Judges only keys the evaluator can see (a literal, or an env default that applies). Where DJ104 fires on the same default the weakness is reported in that finding. Fallbacks are checked for Django ≥ 4.1, as Django does.",
    references: [
      { title: "Settings: SECRET_KEY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key" },
      { title: "Settings: SECRET_KEY_FALLBACKS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key-fallbacks" },
    ],
    equivalents: ["manage.py check --deploy: security.W009, security.W025"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const key = view.value("SECRET_KEY");
      if (key.val.v.kind === "str" && !key.val.deps.some((d) => d.state === "unset" && literalDefault(d))) {
        const weakness = secretKeyWeakness(key.val.v.value);
        if (weakness) once({ messageId: "weak", data: { module: view.module, origin: origin(key), weakness }, span: key.at ? key.val.span : view.moduleSpan });
      }
      if (!view.djangoAtLeast(4, 1)) continue;
      const fallbacks = view.value("SECRET_KEY_FALLBACKS").val.v;
      if (fallbacks.kind !== "list" && fallbacks.kind !== "tuple") continue;
      fallbacks.items.forEach((item, index) => {
        if (item.v.kind !== "str") return;
        const weakness = secretKeyWeakness(item.v.value);
        if (weakness) once({ messageId: "fallback", data: { index, weakness }, span: item.span });
      });
    }
  },
});
