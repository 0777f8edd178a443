import { defineRule } from "../../src/engine/types.js";
import { imageTag } from "../../src/model/compose.js";

export default defineRule({
  code: "DC109",
  name: "image-unpinned",
  area: "compose",
  severity: "info",
  tags: ["reliability"],
  messages: {
    noTag: "Service {service} pulls image {image} without a tag, which means :latest: the next pull or new host can start a different major version, and nobody can tell which one ran before.",
    latest: "Service {service} pulls {image}: :latest moves, so the next pull or new host can start a different major version, and nobody can tell which one ran before.",
  },
  docs: {
    summary: "A service's `image:` has no tag or uses `:latest` (services that build their image are not judged).",
    why:
      "`latest` is whatever the publisher pushed last. A `docker compose pull` during an unrelated deploy, a new host, or an evicted image cache silently upgrades: postgres:latest jumping from 16 to 17 refuses to start on the 16 data directory, redis and nginx change defaults between majors, and rolling back is impossible because nobody recorded which version ran. Deploys stop being reproducible.",
    fix: "Pin at least the major (and for databases the major is the contract): `postgres:16`, `redis:7.2`, `nginx:1.27`. For full reproducibility pin a digest (`postgres:16.4@sha256:…`) and let Renovate or Dependabot propose updates.",
    bad: [{ path: "docker-compose.yml", code: "services:\n  db:\n    image: postgres:latest\n    restart: unless-stopped\n" }],
    good: [{ path: "docker-compose.yml", code: "services:\n  db:\n    image: postgres:16\n    restart: unless-stopped\n" }],
    limits: "Images given by interpolation (`${IMAGE}`, `app:${TAG:-latest}`) are Unknown and not reported. A service with `build:` tags the image it builds itself and is not judged. Development compose files are not judged.",
    references: [
      { title: "Compose file reference: image", url: "https://docs.docker.com/reference/compose-file/services/#image" },
      { title: "Docker: image tags and digests", url: "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier" },
    ],
    equivalents: ["dclint: require-image-tag (no-unpinned-image)"],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production || svc.build !== null || svc.image === null || svc.image.text === null) continue;
      const { tag, digest } = imageTag(svc.image.text);
      if (digest) continue;
      if (tag === null) report({ messageId: "noTag", data: { service: svc.name, image: svc.image.text }, span: svc.image.span });
      else if (tag === "latest") report({ messageId: "latest", data: { service: svc.name, image: svc.image.text }, span: svc.image.span });
    }
  },
});
