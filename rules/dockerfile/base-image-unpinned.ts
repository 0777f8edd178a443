import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp } from "../../src/model/docker.js";

export default defineRule({
  code: "DF108",
  name: "base-image-unpinned",
  area: "dockerfile",
  severity: "info",
  tags: ["reliability"],
  messages: {
    noTag: "FROM {image} in {file} has no tag, so it means `:latest`: each build may get a different Python or OS release.",
    latest: "FROM {image} in {file} uses `:latest`: each build may get a different Python or OS release.",
  },
  docs: {
    summary: "A FROM names a base image without a tag, or with `:latest`.",
    why:
      "`latest` moves. A rebuild for a one-line hotfix can silently upgrade Python from 3.12 to 3.13 or Debian from bookworm to trixie: wheels stop installing, a C extension is ABI-incompatible, or behaviour changes in production without a code change to blame. Two replicas built a day apart run different software, and rolling back to the previous commit does not roll back the base image.",
    fix:
      "Pin at least the Python minor version and the OS variant, and let a bot (Dependabot, Renovate) propose updates:\n\n```dockerfile\nFROM python:3.12-slim-bookworm\n```\n\nFor fully reproducible builds pin the digest too: `FROM python:3.12-slim-bookworm@sha256:…`. The trade-off is that you must take security updates deliberately — automate that rather than relying on `latest`.",
    bad: [{ path: "Dockerfile", code: 'FROM python\nENV PYTHONUNBUFFERED=1\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    limits: "Silent for `scratch`, for a FROM naming an earlier stage, for digest-pinned images, and when the image reference is an ARG the model cannot resolve.",
    references: [
      { title: "Dockerfile reference: FROM", url: "https://docs.docker.com/reference/dockerfile/#from" },
      { title: "Best practices: pin base image versions", url: "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions" },
    ],
    equivalents: ["hadolint DL3006", "hadolint DL3007"],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      for (const stage of image.stages) {
        if (stage.parentStage !== null || stage.baseName === null || stage.baseName === "scratch" || stage.baseDigest !== null) continue;
        const data = { image: stage.image ?? stage.baseName, file: image.file };
        if (stage.baseTag === null) report({ messageId: "noTag", data, span: stage.from });
        else if (stage.baseTag === "latest") report({ messageId: "latest", data, span: stage.from });
      }
    }
  },
});
