import { defineRule } from "../../src/engine/types.js";
import { literalSecret } from "../../src/model/compose.js";

export default defineRule({
  code: "DC105",
  name: "secret-inline",
  area: "compose",
  severity: "error",
  tags: ["security"],
  messages: {
    environment:
      "{name} of service {service} is a literal {what} written in {file}: everyone with read access to the repository, its forks and its CI logs has it, and rotating it means a commit.",
    envFile:
      "{name} in {file} is a literal {what}, and production service {service} loads this committed file with env_file: everyone with read access to the repository has it.",
  },
  docs: {
    summary: "A secret-like variable (`*_PASSWORD`, `*_SECRET_KEY`, `*_TOKEN`…) or a URL with a password has a literal value in a production service's `environment:` or in a committed `env_file` it loads.",
    why:
      "A compose file lives in git: the value is in every clone, every fork, every CI checkout and the history forever, even after it is removed. It is also visible to anyone who can run `docker inspect` on the host. A database password committed this way is typically the same one the production database accepts, and a committed DJANGO_SECRET_KEY lets anyone forge session cookies and password-reset tokens.",
    fix:
      "Interpolate the value from the environment of the deploy (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}`) with an uncommitted `.env` next to the compose file, or use compose secrets and the images' `*_FILE` variants:\n\n```yaml\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt   # not committed\n```\n\nThen rotate the leaked value: deleting it from the file does not remove it from git history.",
    bad: [{ path: "docker-compose.yml", code: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-pg-pass\n" }],
    good: [{ path: "docker-compose.yml", code: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}\n" }],
    limits:
      "An entry shared by several services through an anchor or an env file loaded by several services is reported once. Not literal, so not reported: interpolations (`${VAR}`, `${VAR:-default}` — the default lives in the deploy's environment handling, not here), pass-through entries without a value, empty values, `*_FILE` references. An env file that is listed but not in the repository is not read. Development compose files and the env files only they load are not judged.",
    references: [
      { title: "Docker: manage secrets securely in Compose", url: "https://docs.docker.com/compose/how-tos/use-secrets/" },
      { title: "Compose: interpolation", url: "https://docs.docker.com/reference/compose-file/interpolation/" },
      { title: "Compose file reference: env_file", url: "https://docs.docker.com/reference/compose-file/services/#env_file" },
    ],
    equivalents: ["KICS: passwords and secrets (generic)"],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    const first = (span: { file: string; line: number; column: number }): boolean => {
      const key = `${span.file}:${span.line}:${span.column}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const svc of model.compose.services) {
      if (!svc.production) continue;
      for (const e of svc.environment) {
        const what = literalSecret(e);
        if (what && first(e.span)) report({ messageId: "environment", data: { name: e.name, service: svc.name, what, file: e.span.file }, span: e.span });
      }
      for (const f of svc.envFiles) {
        if (!f.committed) continue;
        for (const e of f.source.entries) {
          const what = literalSecret(e);
          if (!what || !first(e.span)) continue;
          report({ messageId: "envFile", data: { name: e.name, file: f.repoPath, what, service: svc.name }, span: e.span, related: [{ span: f.span, message: `loaded by service ${svc.name}` }] });
        }
      }
    }
  },
});
