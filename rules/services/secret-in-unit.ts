import { defineRule } from "../../src/engine/types.js";
import { hasUrlCredentials, isSecretName } from "../../src/model/secrets.js";

const PLACEHOLDER = /^(|changeme|change-me|change_me|xxx+|todo|secret|password|\*+|<.*>|\{\{.*\}\})$/i;

export default defineRule({
  code: "SV103",
  name: "secret-in-unit",
  area: "services",
  severity: "warning",
  tags: ["security"],
  messages: {
    systemd: "{name} is set to a literal in {where}: it is committed to the repository, and on the server any local user can read it with `systemctl show`.",
    supervisor: "{name} is set to a literal in {where}: it is committed to the repository, and visible to anyone who can read the supervisor config or run `ps e`.",
  },
  docs: {
    summary: "A secret-like variable has a literal value in systemd `Environment=` or supervisor `environment=`.",
    why:
      "Unit files and supervisor confs live in the repository, so the secret is in every clone, fork, CI log and backup, and rotating it means rewriting history. On the server, `Environment=` is world-readable: `systemctl show mysite -p Environment` works for any local user, and unit files in /etc/systemd/system are mode 644. Anyone who gets a shell as any user (or reads the repo) gets the Django SECRET_KEY (forge sessions and password-reset tokens) or the database password.",
    fix:
      "Keep secrets out of the unit: put them in a root-owned file outside the repository and load it:\n\n```ini\n[Service]\nEnvironmentFile=/etc/mysite/secrets.env   # mode 600, not in git\n```\n\nor use `LoadCredential=` (systemd ≥ 247) and read `$CREDENTIALS_DIRECTORY/secret_key` in settings. For supervisor, read secrets from a file in settings rather than `environment=`.",
    bad: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nEnvironment=DJANGO_SECRET_KEY=k3y-0f-th3-pr0duct10n-s1t3\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\n" }],
    good: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nEnvironmentFile=/etc/mysite/secrets.env\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\n" }],
    limits: "Names as RULES.md defines secret-like names, and URLs with a password. Empty values, `%`-specifiers and obvious placeholders are not literals.",
    references: [
      { title: "systemd.exec: Environment= (not for secrets)", url: "https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#Environment=" },
      { title: "systemd: credentials", url: "https://systemd.io/CREDENTIALS/" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const target of model.targets) {
      if (!target.production || (target.kind !== "systemd" && target.kind !== "supervisor")) continue;
      for (const src of target.env) {
        if (src.kind !== "systemd-environment" && src.kind !== "supervisor-environment") continue;
        for (const e of src.entries) {
          if (!e.literal || e.value === null || PLACEHOLDER.test(e.value.trim())) continue;
          if (!isSecretName(e.name) && !hasUrlCredentials(e.value)) continue;
          report({ messageId: src.kind === "systemd-environment" ? "systemd" : "supervisor", data: { name: e.name, where: src.file }, span: e.span });
        }
      }
    }
  },
});
