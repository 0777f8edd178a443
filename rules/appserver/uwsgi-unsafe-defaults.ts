import { defineRule } from "../../src/engine/types.js";
import { parseBind, severityFor, uwsgiConfigs, uwsgiOption } from "../../src/model/appserver.js";

const BIND_KEYS = ["socket", "uwsgi-socket", "http-socket", "shared-socket", "fastcgi-socket"];

export default defineRule({
  code: "AS110",
  name: "uwsgi-unsafe-defaults",
  area: "appserver",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    missing: "uWSGI config for {label} lacks {missing}: uWSGI's defaults are unsafe for production (see the docs for what each one prevents).",
  },
  docs: {
    summary: "A `[uwsgi]` section is missing any of `master`, `strict`, `die-on-term`, `need-app` (and `vacuum` with a unix socket).",
    why:
      "uWSGI's defaults favour backwards compatibility over safety, and its own \"Things to know\" page lists the fixes. Without `master`, there is no process to respawn dead workers or enforce `harakiri`. Without `strict`, a misspelt option (`proccesses = 8`) is silently ignored. Without `die-on-term`, SIGTERM from systemd, supervisor or Docker makes uWSGI reload instead of exit, so stops hang until SIGKILL. Without `need-app`, uWSGI starts and answers every request with \"no python application found\" when the app fails to import — the deploy looks up while serving 500s. Without `vacuum`, a stale unix socket or pid file survives a crash.",
    fix:
      "```ini\n[uwsgi]\nmodule = config.wsgi:application\nmaster = true\nstrict = true\ndie-on-term = true\nneed-app = true\nvacuum = true\nprocesses = 4\nharakiri = 60\n```",
    bad: [{ path: "deploy/uwsgi.ini", code: "[uwsgi]\nmodule = config.wsgi:application\nprocesses = 4\nharakiri = 60\nhttp-socket = :8000\n" }],
    good: [{ path: "deploy/uwsgi.ini", code: "[uwsgi]\nmodule = config.wsgi:application\nmaster = true\nstrict = true\ndie-on-term = true\nneed-app = true\nprocesses = 4\nharakiri = 60\nhttp-socket = :8000\n" }],
    limits: "One finding per section, listing every missing option. Silent when part of the configuration cannot be read (an ini outside the repo, a YAML/XML/JSON config).",
    references: [
      { title: "uWSGI: things to know (best practices)", url: "https://uwsgi-docs.readthedocs.io/en/latest/ThingsToKnow.html" },
      { title: "Configuring uWSGI for production deployment (Bloomberg)", url: "https://www.techatbloomberg.com/blog/configuring-uwsgi-production-deployment/" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const config of uwsgiConfigs(model)) {
      if (!config.complete) continue;
      const on = (key: string): boolean => {
        const o = uwsgiOption(config, key);
        return o !== undefined && (o.value === null || !/^(0|false|no|off)$/i.test(o.value));
      };
      const missing = ["master", "strict", "die-on-term", "need-app"].filter((k) => !on(k));
      const unixSocket = config.options.some((o) => BIND_KEYS.includes(o.key) && o.value !== null && parseBind(o.value).unix !== null);
      if (unixSocket && !on("vacuum")) missing.push("vacuum");
      if (!missing.length) continue;
      report({ messageId: "missing", data: { label: config.label, missing: missing.map((m) => `\`${m}\``).join(", ") }, span: config.span, severity: config.server ? severityFor(config.server.process, "warning") : "warning" });
    }
  },
});
