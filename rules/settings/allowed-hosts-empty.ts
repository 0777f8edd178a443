import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan, origin, settingSpan } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ106",
  name: "allowed-hosts-empty",
  area: "settings",
  severity: "error",
  tags: ["reliability"],
  messages: {
    empty: "ALLOWED_HOSTS is empty in {module} {origin}: with DEBUG off, Django answers every request with 400 Bad Request.",
  },
  docs: {
    summary: "ALLOWED_HOSTS evaluates empty in a production settings module.",
    why:
      "Django validates the Host header of every request against ALLOWED_HOSTS. With DEBUG off and an empty list, nothing matches: every request, health checks included, gets 400 Bad Request, so the deployment is down the moment it starts — often only noticed after the load balancer has already drained the old version.",
    fix:
      "List the domains the site answers to, from the environment if they differ per deployment: `ALLOWED_HOSTS = env.list(\"DJANGO_ALLOWED_HOSTS\", default=[\"example.com\"])`. Add the internal name the load balancer's health check uses if it sends one.",
    bad: [{ path: "config/settings/production.py", code: "DEBUG = False\nALLOWED_HOSTS = []\n" }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nALLOWED_HOSTS = ["example.com"]\n' }],
    limits: "Silent when ALLOWED_HOSTS comes from a variable without a default or an unevaluable expression.",
    references: [{ title: "Settings: ALLOWED_HOSTS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts" }],
    equivalents: ["manage.py check --deploy: security.W020"],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const hosts = view.value("ALLOWED_HOSTS");
      if (truthy(hosts.val) !== false) continue;
      once({ messageId: "empty", data: { module: view.module, origin: origin(hosts) }, span: settingSpan(view, hosts) });
    }
  },
});
