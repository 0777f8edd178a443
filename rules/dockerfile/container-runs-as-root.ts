import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp, imageTargets } from "../../src/model/docker.js";

const ROOT = new Set(["root", "0"]);

export default defineRule({
  code: "DF101",
  name: "container-runs-as-root",
  area: "dockerfile",
  severity: "warning",
  tags: ["security"],
  messages: {
    noUser: "The final stage of {file} sets no USER and nothing drops privileges, so the app runs as root: a code-execution bug in Django or a dependency gets root in the container.",
    rootUser: "USER {user} in {file} runs the app as root and nothing drops privileges: a code-execution bug in Django or a dependency gets root in the container.",
  },
  docs: {
    summary: "The Django app's container runs as root: no non-root USER in the final stage and no privilege drop at start.",
    why:
      "Docker starts the container's process as root unless the image sets USER or the platform sets a user. An attacker who gets code execution through the app (a deserialisation bug, a template injection, a vulnerable dependency, a debug console left on) then owns everything in the container as root: they can rewrite the application code and static files that other requests are served from, read every mounted secret, install tools, and — with a misconfigured runtime (a mounted docker socket, a privileged container, a kernel bug) — escape to the host. Running as an unprivileged user turns most of these into permission errors and is what Kubernetes admission policies (`runAsNonRoot`) require.",
    fix:
      "Create a user in the image and switch to it in the final stage, after the steps that need root (package installs, `collectstatic` into a root-owned directory):\n\n```dockerfile\nRUN useradd --create-home --uid 10001 app\nCOPY --chown=app:app . /app\nUSER app\nCMD [\"gunicorn\", \"config.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n```\n\nIf the entrypoint must start as root (to fix volume ownership, say), drop privileges when starting the server: `exec gosu app \"$@\"` (or su-exec, setpriv, s6-setuidgid). Setting `user:` in compose or `runAsUser` in Kubernetes also works, but then the image is only safe where that is configured. Trade-off: a non-root process cannot bind ports below 1024 — bind 8000 and let the proxy or the port mapping expose 80/443.",
    bad: [
      { path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]\n' },
      { path: ".dockerignore", code: ".env*\n.git\n" },
    ],
    good: [
      { path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nRUN useradd --create-home app\nWORKDIR /app\nCOPY --chown=app:app . .\nUSER app\nCMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]\n' },
      { path: ".dockerignore", code: ".env*\n.git\n" },
    ],
    limits:
      "Silent when the USER cannot be resolved (`USER ${APP_USER}` without a default), when the entrypoint drops privileges on the way to the server (gosu, su-exec, setpriv, s6-setuidgid, runuser, chpst, gunicorn `--user` or `user =` in its config, uWSGI `uid`), or when every production compose service or Kubernetes workload that runs the image sets a non-root user. Also silent when the app server reads a config file that is not in the repo, which may set the user. Images that do not run the Django app (a proxy image) are not judged.",
    references: [
      { title: "Dockerfile reference: USER", url: "https://docs.docker.com/reference/dockerfile/#user" },
      { title: "Dockerfile best practices: USER", url: "https://docs.docker.com/build/building/best-practices/#user" },
      { title: "gosu", url: "https://github.com/tianon/gosu" },
    ],
    equivalents: ["hadolint DL3002 (explicit root only)", "Trivy DS002", "Checkov CKV_DOCKER_3"],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      if (image.privilegeDrop) continue;
      const user = image.user;
      if (user && (user.name === null || !ROOT.has(user.name))) continue;
      const targets = imageTargets(model, image).filter((t) => t.production);
      const dropsForTarget = (t: (typeof targets)[number]): boolean => {
        if (t.runAsUser && (t.runAsUser.name === null || !ROOT.has(t.runAsUser.name))) return true;
        return model.appServers.serversFor(t).some((s) => s.process === t.main && (s.user ? s.user.value === null || !ROOT.has(s.user.value) : !s.complete));
      };
      if (targets.length > 0 && targets.every(dropsForTarget)) continue;
      if (user) report({ messageId: "rootUser", data: { user: user.name ?? "root", file: image.file }, span: user.span });
      else report({ messageId: "noUser", data: { file: image.file }, span: image.finalStage.from });
    }
  },
});
