import { defineRule } from "../../src/engine/types.js";
import { isLiteralString, oncePerSpan } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ103",
  name: "secret-key-hardcoded",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    literal: "SECRET_KEY is a literal in the settings {module} runs with: everyone with read access to the repository can forge sessions, password-reset links and signed cookies.",
  },
  docs: {
    summary: "SECRET_KEY is a string literal in a production settings module.",
    why:
      "SECRET_KEY signs sessions (with the signed-cookie backend, it *is* the session store), password-reset tokens, messages, CSRF tokens in some setups and anything using django.core.signing. A key in the repository is known to every developer, CI system, fork and backup that ever saw it, and it cannot be rotated without a commit. With it an attacker forges a password-reset link for any user or, with pickle-based serialisation, gets remote code execution.",
    fix:
      "Read it from the environment or a secret file, without a default, so a missing key stops the app at start instead of running on a published one: `SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]` or `SECRET_KEY = env(\"DJANGO_SECRET_KEY\")`. Rotate the leaked key: set the new one and move the old one to SECRET_KEY_FALLBACKS (Django ≥ 4.1) until existing sessions expire.",
    bad: [{ path: "config/settings/production.py", code: 'SECRET_KEY = "k3n$9vq!2x@p7z#m4w8&r1^y6*l5(c0)f_h+j=e-u9s2d7g4b1a8"\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n' }],
    limits: "Development modules (dev*, local*, test*) are not judged. A key read from the environment with a literal default is DJ104; a key generated at import is DJ216.",
    references: [
      { title: "Settings: SECRET_KEY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key" },
      { title: "Deployment checklist: SECRET_KEY", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key" },
    ],
    equivalents: ["Bandit B105 (hardcoded password string, by name)"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const b = view.assigned("SECRET_KEY");
      if (!b || !isLiteralString(b.val)) continue;
      once({ messageId: "literal", data: { module: view.module }, span: b.at });
    }
  },
});
