import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan } from "../../src/model/settings/query.js";

const WEAK = new Set([
  "django.contrib.auth.hashers.MD5PasswordHasher",
  "django.contrib.auth.hashers.SHA1PasswordHasher",
  "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
  "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",
  "django.contrib.auth.hashers.CryptPasswordHasher",
]);

export default defineRule({
  code: "DJ124",
  name: "weak-password-hasher",
  area: "settings",
  severity: "info",
  tags: ["security"],
  messages: {
    weak: "{hasher} is first in PASSWORD_HASHERS: new passwords are stored with a fast hash that a leaked database gives up in hours.",
  },
  docs: {
    summary: "An MD5, SHA1, unsalted or crypt hasher is first in PASSWORD_HASHERS.",
    why:
      "The first hasher is used for every new or changed password. MD5 and SHA1 compute billions of hashes per second on one GPU, so after a database leak most passwords are recovered in hours; unsalted variants fall to precomputed tables at once. This is often a test-speed setting (`MD5PasswordHasher` in test settings) that leaked into production.",
    fix: "Remove the override (Django's default starts with PBKDF2) or put Argon2 first: `PASSWORD_HASHERS = [\"django.contrib.auth.hashers.Argon2PasswordHasher\", \"django.contrib.auth.hashers.PBKDF2PasswordHasher\"]`. Keep the weak hasher later in the list only while old hashes still need to verify; they are upgraded at next login.",
    bad: [{ path: "config/settings/production.py", code: 'DEBUG = False\nPASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n' }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nPASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]\n' }],
    limits: "Only the first entry matters; weak hashers later in the list only verify old hashes.",
    references: [{ title: "Password management: using Argon2", url: "https://docs.djangoproject.com/en/stable/topics/auth/passwords/#using-argon2-with-django" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const v = view.value("PASSWORD_HASHERS").val.v;
      if (v.kind !== "list" && v.kind !== "tuple") continue;
      const first = v.items[0];
      if (!first || first.v.kind !== "str" || !WEAK.has(first.v.value)) continue;
      once({ messageId: "weak", data: { hasher: first.v.value.split(".").pop()! }, span: first.span });
    }
  },
});
