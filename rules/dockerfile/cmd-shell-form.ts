import { defineRule } from "../../src/engine/types.js";
import { djangoProgram, imageRunsProductionApp, imageTargets } from "../../src/model/docker.js";
import type { Span } from "../../src/parse/span.js";

function within(inner: Span, outer: Span): boolean {
  if (inner.file !== outer.file) return false;
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

export default defineRule({
  code: "DF102",
  name: "cmd-shell-form",
  area: "dockerfile",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    shellForm: "{instruction} starts {program} through `/bin/sh -c`: the shell, not {program}, receives the SIGTERM of `docker stop` and deploys, so in-flight requests are cut off after the kill timeout.",
  },
  docs: {
    summary: "The CMD or ENTRYPOINT that starts the Django app server is written in shell form (or runs it through `sh -c`).",
    why:
      "`CMD gunicorn config.wsgi` is run as `/bin/sh -c \"gunicorn config.wsgi\"`. The shell becomes PID 1 and gunicorn its child. `docker stop`, a compose redeploy or a Kubernetes rollout send SIGTERM to PID 1 only; `sh` does not forward it, so gunicorn never starts its graceful shutdown. After the stop timeout (10 s in Docker, 30 s in Kubernetes) everything is SIGKILLed: requests in flight get connection resets, Celery tasks are lost mid-run, and every deploy is slower by the full timeout. Some shells exec a lone simple command, which hides the problem until someone adds `&&` or a variable assignment; shell form also makes an ENTRYPOINT ignore CMD and `docker run` arguments.",
    fix:
      "Use the exec (JSON) form so the server is PID 1 and gets the signals:\n\n```dockerfile\nCMD [\"gunicorn\", \"config.wsgi:application\", \"--bind\", \"0.0.0.0:8000\"]\n```\n\nIf you need shell features (variable expansion such as `$PORT`), move them to an entrypoint script that ends in `exec gunicorn …`, or write `CMD exec gunicorn … --bind 0.0.0.0:$PORT` so the shell replaces itself with the server. Consider `init: true` (compose) or tini when the app spawns children it does not reap.",
    bad: [
      { path: "Dockerfile", code: "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nUSER nobody\nCMD gunicorn config.wsgi:application --bind 0.0.0.0:8000\n" },
    ],
    good: [
      { path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nUSER nobody\nCMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]\n' },
    ],
    limits:
      "Judges the CMD/ENTRYPOINT that actually starts the app for a production target: a shell-form CMD that every compose service overrides is not judged, and `CMD exec gunicorn …` is accepted. `CMD [\"sh\", \"-c\", \"gunicorn …\"]` has the same effect as shell form and is reported too. An entrypoint script that starts the server without `exec` is AS113.",
    references: [
      { title: "Dockerfile reference: shell and exec form", url: "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form" },
      { title: "Dockerfile reference: ENTRYPOINT", url: "https://docs.docker.com/reference/dockerfile/#entrypoint" },
    ],
    equivalents: ["hadolint DL3025"],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      const reported = new Set<string>();
      for (const target of imageTargets(model, image)) {
        const main = target.main;
        if (!target.production || !main || !main.production || !main.shellForm || main.exec === true || main.origin !== "dockerfile") continue;
        const program = djangoProgram(main.argv);
        if (!program) continue;
        const instruction = [image.entrypoint, image.cmd].find((c) => c && within(main.span, c.span));
        if (!instruction) continue;
        const key = `${instruction.span.line}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const keyword = instruction === image.cmd ? "CMD" : "ENTRYPOINT";
        report({ messageId: "shellForm", data: { instruction: `${keyword} in ${image.file}`, program }, span: instruction.span });
      }
    }
  },
});
