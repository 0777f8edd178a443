import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp } from "../../src/model/docker.js";

export default defineRule({
  code: "DF105",
  name: "dockerignore-missing",
  area: "dockerfile",
  severity: "warning",
  tags: ["security"],
  messages: {
    missing: "{instruction} copies the whole build context into the image and there is no .dockerignore: local `.env` files and the `.git` history ship in the image.",
    incomplete: "{instruction} copies the whole build context into the image and {ignore} does not exclude {what}: they ship in the image.",
  },
  docs: {
    summary: "`COPY . .` copies the build context into the final image without a .dockerignore that excludes `.env*` and `.git`.",
    why:
      "`COPY . .` copies everything in the build context: the developer's or CI's `.env` with real credentials, `.git` with the full history (including secrets that were committed once and removed), local databases, and editor files. All of it lands in a layer of the image that goes to the registry. `.git` also makes the context upload and every rebuild slow, and busts the layer cache on every commit.",
    fix:
      "Add a `.dockerignore` next to the build context root that excludes at least secrets and VCS data:\n\n```\n.git\n.env*\n!.env.example\n*.sqlite3\n__pycache__/\nnode_modules/\n```\n\nOr copy only what the image needs (`COPY src/ /app/`). Trade-off: a whitelist `.dockerignore` (`*` then `!src/`) is the safest but must be updated when the layout changes.",
    bad: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCOPY . .\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [
      { path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCOPY . .\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' },
      { path: ".dockerignore", code: ".git\n.env*\n" },
    ],
    limits:
      "The build context is taken to be the Dockerfile's directory or the project root (compose `build.context` is not yet consulted); a suitable .dockerignore in either keeps the rule silent. Only context copies whose files reach the final image are judged: a `COPY . .` in a builder stage counts when the final stage copies its destination (or a directory above it) from that stage, not when it copies only a build output below it (`COPY --from=builder /app/wheels /wheels`).",
    references: [
      { title: ".dockerignore files", url: "https://docs.docker.com/build/concepts/context/#dockerignore-files" },
      { title: "Dockerfile reference: COPY", url: "https://docs.docker.com/reference/dockerfile/#copy" },
    ],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      const ignore = image.dockerignore;
      if (ignore && ignore.excludesEnv && ignore.excludesGit) continue;
      for (const copy of image.copies) {
        if (!copy.treeReachesFinal || copy.from !== null) continue;
        if (!copy.sources.some((s) => s.text === "." || s.text === "./")) continue;
        const instruction = `${copy.instruction} in ${image.file}`;
        if (!ignore) report({ messageId: "missing", data: { instruction }, span: copy.span });
        else {
          const what = [ignore.excludesEnv ? null : "`.env*`", ignore.excludesGit ? null : "`.git`"].filter((w) => w !== null).join(" or ");
          report({ messageId: "incomplete", data: { instruction, ignore: ignore.file, what }, span: copy.span });
        }
      }
    }
  },
});
