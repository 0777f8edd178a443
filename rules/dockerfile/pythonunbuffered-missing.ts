import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp, imageTargets } from "../../src/model/docker.js";
import { envLookup } from "../../src/model/types.js";

const OFFICIAL_PYTHON = /^((docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(library\/)?python$/;

export default defineRule({
  code: "DF107",
  name: "pythonunbuffered-missing",
  area: "dockerfile",
  severity: "info",
  tags: ["observability"],
  messages: {
    missing: "{file} builds on {base}, which does not set PYTHONUNBUFFERED, and the image does not set it to a non-empty value: Python block-buffers stdout when it is not a terminal, so log lines arrive late and the last ones are lost when the container dies.",
  },
  docs: {
    summary: "The app image does not set PYTHONUNBUFFERED and its base image does not either.",
    why:
      "In a container stdout is a pipe, not a terminal, so Python buffers it in 8 KB blocks. `print()` output and any logging handler writing to stdout show up in `docker logs`, CloudWatch or Loki minutes late or out of order with stderr, and when the process is OOM-killed or crashes the buffered tail — usually the lines that explain the crash — is never written. The official `python` images do not set PYTHONUNBUFFERED.",
    fix:
      "Set it in the final stage:\n\n```dockerfile\nENV PYTHONUNBUFFERED=1\n```\n\nor run the interpreter with `python -u`. The cost is one write system call per line, negligible for web and worker logs.",
    bad: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    limits:
      "Only judged when the final stage descends from an official `python` image (directly or through earlier stages of the same file): another base image may set the variable. Silent when any production compose service or workload running the image sets PYTHONUNBUFFERED, or when the main process runs `python -u`.",
    references: [
      { title: "Python: PYTHONUNBUFFERED", url: "https://docs.python.org/3/using/cmdline.html#envvar-PYTHONUNBUFFERED" },
      { title: "Docker Official Image: python", url: "https://hub.docker.com/_/python" },
    ],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      const root = image.stages[image.lineage[image.lineage.length - 1]!]!;
      if (root.baseName === null || !OFFICIAL_PYTHON.test(root.baseName)) continue;
      if (image.env?.entries.some((e) => e.name === "PYTHONUNBUFFERED" && e.value !== "")) continue;
      const targets = imageTargets(model, image).filter((t) => t.production);
      if (targets.some((t) => envLookup(t, "PYTHONUNBUFFERED") !== undefined || t.main?.env.some((e) => e.name === "PYTHONUNBUFFERED"))) continue;
      if (targets.some((t) => t.main && /^python[\d.]*$/.test(t.main.argv[0]?.text ?? "") && t.main.argv.some((w) => w.text !== null && /^-[a-zA-Z]*u[a-zA-Z]*$/.test(w.text)))) continue;
      report({ messageId: "missing", data: { file: image.file, base: root.image ?? root.baseName }, span: image.finalStage.from });
    }
  },
});
