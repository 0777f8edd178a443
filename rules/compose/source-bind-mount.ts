import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DC106",
  name: "source-bind-mount",
  area: "compose",
  severity: "warning",
  tags: ["reliability", "security"],
  messages: {
    mounted:
      "Service {service} bind-mounts the project source ({source} → {target}) in a production compose file: the container runs whatever the host checkout holds, not the image that was built and tested, and a compromised app can rewrite its own code.",
  },
  docs: {
    summary: "The application's source directory is bind-mounted into a container in a production compose file (`.:/app`).",
    why:
      "A source bind mount is a development convenience: it makes the container run the files on the host, shadowing the code baked into the image. In production that means deploys are `git pull` on the server with no build, the running code can differ from what CI tested, uncommitted edits on the host go live on the next restart, and files the image prepared (collected static files, compiled translations, installed packages under /app) are hidden by the mount. A writable mount also lets a code-execution bug in the app persist by rewriting its own source on the host.",
    fix:
      "Remove the source mount from the production file and rely on the image (`COPY . /app` in the Dockerfile). Keep the mount in a development file (`docker-compose.dev.yml` or `compose.override.yaml`), which shipshape does not judge as production. Mount only what must persist (media uploads) as named volumes.",
    bad: [
      {
        path: "docker-compose.yml",
        code: "services:\n  web:\n    build: .\n    restart: unless-stopped\n    volumes:\n      - .:/app\n",
      },
      { path: "manage.py", code: "import sys\n" },
    ],
    good: [
      {
        path: "docker-compose.yml",
        code: "services:\n  web:\n    build: .\n    restart: unless-stopped\n    volumes:\n      - media:/app/media\nvolumes:\n  media:\n",
      },
      { path: "manage.py", code: "import sys\n" },
    ],
    limits:
      "A bind mount counts as source when its host path is a repository directory that holds, or is an ancestor of, manage.py, a settings module, wsgi.py/asgi.py or urls.py. Mounts of single files (a config file) and of other directories (nginx config, static output) are not reported. Development compose files are not judged.",
    references: [
      { title: "Docker: use Compose in production", url: "https://docs.docker.com/compose/how-tos/production/" },
      { title: "Compose file reference: volumes", url: "https://docs.docker.com/reference/compose-file/services/#volumes" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production) continue;
      for (const v of svc.volumes) {
        if (!v.sourceCode) continue;
        report({ messageId: "mounted", data: { service: svc.name, source: v.source ?? "?", target: v.target ?? "?" }, span: v.span });
      }
    }
  },
});
