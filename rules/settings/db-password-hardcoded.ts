import { defineRule } from "../../src/engine/types.js";
import { hasUrlCredentials } from "../../src/model/secrets.js";
import { databases, isLiteralString, literalDefault, oncePerSpan } from "../../src/model/settings/query.js";
import { dictGet } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ212",
  name: "db-password-hardcoded",
  area: "settings",
  severity: "error",
  tags: ["security"],
  messages: {
    password: "The {alias} database PASSWORD is a literal in the settings: everyone with access to the repository has the production database credentials.",
    defaultPassword: "The {alias} database PASSWORD falls back to a literal when {envVar} is unset: the credential is in the repository, and a deployment that forgets the variable silently uses it.",
    url: "The {alias} database URL {how} carries a password: everyone with access to the repository has the database credentials.",
  },
  docs: {
    summary: "A database PASSWORD, or a DATABASE_URL with credentials, is a literal in production settings — as the value or as the default of an env read.",
    why:
      "Credentials in the repository are readable by every developer, CI job, fork, backup and anyone who ever gets the source. They cannot be rotated without a commit and a deploy, so they rarely are; a database password committed years ago is often still valid. With the database reachable (same network, a leaked VPN, a misconfigured security group) it is full access to the data.",
    fix: "Read it from the environment or a secret file, with no default: `\"PASSWORD\": os.environ[\"DB_PASSWORD\"]`, `env.db(\"DATABASE_URL\")`, `dj_database_url.config()` without `default=`. Rotate the committed password.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "USER": "shop", "PASSWORD": "s3cr3t-pw"}}\n' }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "USER": "shop", "PASSWORD": os.environ["DB_PASSWORD"]}}\n' }],
    limits: "An empty string, an interpolation (`${DB_PASSWORD}`) or a `*_FILE` reference is not a literal. Values set by committed env files are judged by the compose/service rules, not here.",
    references: [{ title: "Deployment checklist: critical settings", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#critical-settings" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      for (const { alias, db } of databases(view)) {
        const a = JSON.stringify(alias);
        const password = dictGet(db, "PASSWORD");
        const engine = dictGet(db, "ENGINE");
        const fromUrl = password !== undefined && engine !== undefined && password.span === engine.span;
        if (password && isLiteralString(password)) {
          if (fromUrl) once({ messageId: "url", data: { alias: a, how: "written in the settings" }, span: password.span });
          else once({ messageId: "password", data: { alias: a }, span: password.span });
          continue;
        }
        for (const dep of [...(password?.deps ?? []), ...db.deps]) {
          const lit = literalDefault(dep);
          if (!lit) continue;
          if (/^[a-z][a-z0-9+.-]*:\/\//i.test(lit.value)) {
            if (hasUrlCredentials(lit.value)) once({ messageId: "url", data: { alias: a, how: `default for ${dep.name}` }, span: lit.span });
          } else if (!fromUrl && password?.deps.includes(dep)) once({ messageId: "defaultPassword", data: { alias: a, envVar: dep.name }, span: lit.span });
        }
      }
    }
  },
});
