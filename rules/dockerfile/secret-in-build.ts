import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp } from "../../src/model/docker.js";
import { hasUrlCredentials, isSecretName } from "../../src/model/secrets.js";

export default defineRule({
  code: "DF103",
  name: "secret-in-build",
  area: "dockerfile",
  severity: "error",
  tags: ["security"],
  messages: {
    arg: "ARG {name} in {file} passes a secret as a build argument: its value is recorded in the image history (`docker history`) and the build cache of anyone who can pull the image.",
    env: "ENV {name} in {file} bakes a literal secret into the image: anyone who can pull the image reads it with `docker inspect`, and it is the same in every environment.",
  },
  docs: {
    summary: "A secret is passed to the image build as an ARG, or set with a literal value by ENV.",
    why:
      "Images are copied to registries, CI caches, laptops and scanners, and everything in their metadata travels with them. `ENV DJANGO_SECRET_KEY=…` is readable by anyone who can pull the image (`docker inspect`), is identical in staging and production, and cannot be rotated without rebuilding. A build `ARG` with a secret is no better: the value of every ARG used by a RUN is recorded in the image history and the layer cache. With the SECRET_KEY an attacker forges sessions, password-reset links and signed cookies; with a database password or API token they go straight to the data.",
    fix:
      "Give secrets to the container at run time — compose `secrets:` or `environment:` from an uncommitted env file, Kubernetes `secretKeyRef`, the platform's secret store — and read them in settings with `os.environ[...]`. For a secret the build itself needs (a private package index token), use a BuildKit secret mount, which is never stored in a layer:\n\n```dockerfile\nRUN --mount=type=secret,id=pip_token \\\n    PIP_INDEX_URL=\"https://token:$(cat /run/secrets/pip_token)@pypi.example.com/simple\" pip install -r requirements.txt\n```\n\n`collectstatic` needs some SECRET_KEY to import settings: pass a throwaway value on that one command line (`DJANGO_SECRET_KEY=build-only python manage.py collectstatic`), not with ENV.",
    bad: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 DJANGO_SECRET_KEY=9f2b7c1e4d8a6f3b0c5e7d9a1b3c5e7f\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    limits:
      "Only the final stage and the stages it is built FROM are judged (a builder stage whose files are copied out leaves no history in the final image). An ENV whose value is an interpolation of a build argument (`${SECRET_KEY}`), empty, or a reference (`*_FILE`) is not a literal — but `${SECRET_KEY:-fallback}` without a matching ARG is, because the builder expands it to the fallback; an ARG is reported by name whatever its default, because the value given at build time is recorded.",
    references: [
      { title: "Dockerfile reference: ARG (not for secrets)", url: "https://docs.docker.com/reference/dockerfile/#arg" },
      { title: "Build secrets", url: "https://docs.docker.com/build/building/secrets/" },
      { title: "Django: SECRET_KEY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key" },
    ],
    equivalents: ["hadolint DL3064", "Trivy DS031"],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      for (const v of image.variables) {
        if (v.stage === null || !image.lineage.includes(v.stage)) continue;
        const { name, value } = v.entry;
        if (v.instruction === "ARG") {
          if (isSecretName(name)) report({ messageId: "arg", data: { name, file: image.file }, span: v.span });
          continue;
        }
        if (!v.entry.literal || value === null || value === "") continue;
        if (isSecretName(name) || hasUrlCredentials(value)) report({ messageId: "env", data: { name, file: image.file }, span: v.span });
      }
    }
  },
});
