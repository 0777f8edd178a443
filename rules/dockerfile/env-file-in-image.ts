import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp } from "../../src/model/docker.js";

const ENV_FILE = /^\.env(\.[\w.-]+)?$|^[\w.-]+\.env$/i;
const PLACEHOLDER = /(example|sample|template|dist|defaults?|tmpl)$/i;
const SECRET_FILE = /^(id_rsa|id_dsa|id_ecdsa|id_ed25519)$|\.(pem|key|p12|pfx)$|^\.(netrc|pgpass|htpasswd)$|^(credentials|service[-_]?account|secrets?)(\.[\w-]+)?\.(json|ya?ml|toml)$/i;

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

export default defineRule({
  code: "DF104",
  name: "env-file-in-image",
  area: "dockerfile",
  severity: "error",
  tags: ["security"],
  messages: {
    envFile: "{instruction} copies {source} into the image: every secret in that env file ships in a layer that anyone who can pull the image can read.",
    secretFile: "{instruction} copies {source} into the image: the key or credential ships in a layer that anyone who can pull the image can read.",
  },
  docs: {
    summary: "A `.env` file or another secrets file (private key, credentials file) is COPY'd or ADD'ed into the image.",
    why:
      "Layers are immutable archives: a file copied in stays in the image even when a later RUN deletes it, and every registry, CI cache and laptop that pulls the image gets a copy. A `.env` holds the SECRET_KEY, database password and API tokens of one environment — usually a developer's or production's — so the image leaks them to everyone with pull access, and the app in every environment silently runs with whatever that file says (django-environ and python-decouple read `.env` automatically).",
    fix:
      "Do not copy env files or keys into the image. Give configuration at run time (compose `env_file:` / `environment:`, Kubernetes Secrets, the platform's config vars), list `.env*` in `.dockerignore`, and copy only what the app needs:\n\n```dockerfile\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ /app/\n```\n\nA committed `.env.example` with placeholder values is fine to copy as documentation.",
    bad: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCOPY .env /app/.env\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCOPY requirements.txt /app/\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    limits:
      "Judges sources named in COPY/ADD of the final stage and the stages it is built FROM; a `.env` that reaches the image through `COPY . .` is DF105's concern. Placeholder files (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`) are not secrets.",
    references: [
      { title: "Dockerfile reference: COPY", url: "https://docs.docker.com/reference/dockerfile/#copy" },
      { title: ".dockerignore files", url: "https://docs.docker.com/build/concepts/context/#dockerignore-files" },
    ],
    equivalents: ["Trivy DS031 (partly)"],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      for (const copy of image.copies) {
        if (!image.lineage.includes(copy.stage) || copy.from !== null) continue;
        for (const src of copy.sources) {
          const name = basename(src.text);
          const instruction = `${copy.instruction} in ${image.file}`;
          if (ENV_FILE.test(name) && !PLACEHOLDER.test(name)) report({ messageId: "envFile", data: { instruction, source: src.text }, span: copy.span });
          else if (SECRET_FILE.test(name)) report({ messageId: "secretFile", data: { instruction, source: src.text }, span: copy.span });
        }
      }
    }
  },
});
