import { defineRule } from "../../src/engine/types.js";
import { literalDefault, oncePerSpan, secretKeyWeakness } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ104",
  name: "secret-key-fallback-literal",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    fallback: "SECRET_KEY falls back to a literal when {envVar} is unset: a deployment that forgets the variable runs on a key published in the repository.",
    fallbackWeak: "SECRET_KEY falls back to a literal when {envVar} is unset, and {weakness}: a deployment that forgets the variable runs on a published, weak key.",
  },
  docs: {
    summary: "SECRET_KEY is read from the environment with a literal default.",
    why:
      "`SECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"dev-key\")` works everywhere, which is the problem: when the variable is missing — a renamed secret, a new environment, a typo in the unit file — production starts normally on the key in the repository, and nothing tells you. Whoever has read the repository can then forge sessions and password-reset links.",
    fix:
      "Drop the default so a missing key fails at start: `SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]`, `env(\"DJANGO_SECRET_KEY\")`, `config(\"DJANGO_SECRET_KEY\")`. Keep a development key in local/dev settings only.",
    bad: [{ path: "config/settings/production.py", code: 'import os\n\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "change-me")\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n' }],
    limits: "Fires whatever the deployment sets today: the default is a latent failure. An empty default or an interpolation is not a literal. When the default is also weak, the weakness is part of this finding instead of a separate DJ105.",
    references: [{ title: "Settings: SECRET_KEY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const b = view.assigned("SECRET_KEY");
      if (!b) continue;
      for (const dep of b.val.deps) {
        const lit = literalDefault(dep);
        if (!lit) continue;
        const weakness = secretKeyWeakness(lit.value);
        if (weakness) once({ messageId: "fallbackWeak", data: { envVar: dep.name, weakness }, span: lit.span });
        else once({ messageId: "fallback", data: { envVar: dep.name }, span: lit.span });
      }
    }
  },
});
