import { defineRule } from "../../src/engine/types.js";
import { hasUrlCredentials, isSecretName } from "../../src/model/secrets.js";
import { isLiteralString, literalDefault, oncePerSpan } from "../../src/model/settings/query.js";
import type { Val } from "../../src/model/settings/values.js";

const EXCLUDED = new Set(["SECRET_KEY", "SECRET_KEY_FALLBACKS", "DATABASES"]);

export default defineRule({
  code: "DJ217",
  name: "credential-hardcoded",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    literal: "{name} is a literal in the production settings: the credential is readable by everyone with access to the repository.",
    fallback: "{name} falls back to a literal when {envVar} is unset: the credential is in the repository, and a deployment that forgets the variable silently uses it.",
  },
  docs: {
    summary: "A non-database credential (EMAIL_HOST_PASSWORD, AWS_SECRET_ACCESS_KEY, any secret-like name) is a literal in production settings, as value or env default.",
    why:
      "Settings files are read by everyone who can read the repository, copied into every image and CI log. An SMTP password lets anyone send mail as your domain (phishing that passes SPF/DKIM); a cloud access key gives access to buckets and often far more; API tokens bill your account. Committed credentials are rarely rotated because rotation needs a code change.",
    fix: "Read credentials from the environment or a secret store with no default: `EMAIL_HOST_PASSWORD = env(\"EMAIL_HOST_PASSWORD\")`, `AWS_SECRET_ACCESS_KEY = os.environ[\"AWS_SECRET_ACCESS_KEY\"]` — or use instance roles so no key is needed. Rotate the committed one.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nEMAIL_HOST_PASSWORD = "smtp-pa55word"\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = False\nEMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]\n' }],
    limits: "Names are judged as RULES.md defines secret-like names; an empty value, an interpolation or a `*_FILE` reference is not a literal. SECRET_KEY (DJ103/DJ104) and DATABASES (DJ212) have their own rules. Keys one level down in a dict setting are checked too.",
    references: [{ title: "Deployment checklist: critical settings", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#critical-settings" }],
    equivalents: ["Bandit B105 (hardcoded password string, by name)"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    const judge = (name: string, key: string, val: Val): void => {
      if (isLiteralString(val)) {
        if (isSecretName(key) || hasUrlCredentials(val.v.value)) once({ messageId: "literal", data: { name }, span: val.span });
        return;
      }
      for (const dep of val.deps) {
        const lit = literalDefault(dep);
        if (lit && (isSecretName(key) || hasUrlCredentials(lit.value))) once({ messageId: "fallback", data: { name, envVar: dep.name }, span: lit.span });
      }
    };
    for (const view of model.settings.productionSettings) {
      for (const name of view.names()) {
        if (EXCLUDED.has(name)) continue;
        const b = view.assigned(name);
        if (!b) continue;
        if (b.val.v.kind === "dict") {
          for (const e of b.val.v.entries) if (e.key.v.kind === "str") judge(`${name}["${e.key.v.value}"]`, e.key.v.value, e.value);
          continue;
        }
        judge(name, name, b.val);
      }
    }
  },
});
