import { defineRule } from "../../src/engine/types.js";
import { envLookup } from "../../src/model/types.js";
import { inContainer, productionServers, severityFor, spanKey } from "../../src/model/appserver.js";

export default defineRule({
  code: "AS112",
  name: "worker-tmp-dir",
  area: "appserver",
  severity: "info",
  tags: ["reliability", "performance"],
  messages: {
    tmp: "gunicorn in {label} runs in a container without `--worker-tmp-dir /dev/shm`: worker heartbeats go to a file on the container's disk layer, and a slow disk makes the arbiter kill healthy workers.",
  },
  docs: {
    summary: "gunicorn runs in a container with its worker heartbeat files on the default temp dir instead of `/dev/shm`.",
    why:
      "Each gunicorn worker proves it is alive by updating the mtime of a temp file every few seconds; the arbiter kills a worker whose file goes stale for `timeout` seconds. In a container, `/tmp` is usually on the overlay filesystem (or a network volume): when the disk stalls (I/O contention, EBS burst credits), heartbeats block, the arbiter logs `WORKER TIMEOUT` and kills workers that were fine, dropping their requests. gunicorn's documentation recommends a memory-backed directory in Docker.",
    fix:
      "```dockerfile\nCMD [\"gunicorn\", \"config.wsgi\", \"--worker-tmp-dir\", \"/dev/shm\", \"--workers\", \"3\", \"--bind\", \"0.0.0.0:8000\"]\n```\n\n`/dev/shm` is a tmpfs in every Docker container (64 MB by default, plenty for heartbeat files).",
    bad: [{ path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"config.wsgi\", \"--workers\", \"3\", \"--bind\", \"0.0.0.0:8000\"]\n" }],
    good: [{ path: "Dockerfile", code: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"config.wsgi\", \"--workers\", \"3\", \"--bind\", \"0.0.0.0:8000\", \"--worker-tmp-dir\", \"/dev/shm\"]\n" }],
    limits: "Containers only (not VMs, not platform dynos whose temp dir the platform manages). Silent when a config the model cannot read could set it. A `/tmp` mounted as tmpfs by the platform (compose `tmpfs:`, a Kubernetes `emptyDir` with `medium: Memory`) is not looked at.",
    references: [
      { title: "gunicorn FAQ: blocking os.fchmod", url: "https://docs.gunicorn.org/en/stable/faq.html#blocking-os-fchmod" },
      { title: "gunicorn settings: worker_tmp_dir", url: "https://docs.gunicorn.org/en/stable/settings.html#worker-tmp-dir" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const server of productionServers(model)) {
      if (server.kind !== "gunicorn" || !inContainer(server) || server.target?.platform || server.workerTmpDir !== null || !server.complete) continue;
      if (server.target && envLookup(server.target, "GUNICORN_CMD_ARGS")) continue;
      const p = server.process;
      if (seen.has(spanKey(p.span))) continue;
      seen.add(spanKey(p.span));
      report({ messageId: "tmp", data: { label: p.label }, span: p.span, severity: severityFor(p, "info") });
    }
  },
});
