import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan, origin } from "../../src/model/settings/query.js";
import { findString } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ107",
  name: "allowed-hosts-wildcard",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    wildcard: "ALLOWED_HOSTS contains '*' {origin}: any Host header is accepted, so password-reset and other absolute links can be made to point at an attacker's domain.",
  },
  docs: {
    summary: "ALLOWED_HOSTS contains the wildcard '*'.",
    why:
      "Django builds absolute URLs — password-reset emails, `request.build_absolute_uri()`, redirects — from the Host header. With '*' any host is accepted, so an attacker requests a password reset for a victim with `Host: evil.example`, and the email the victim receives links to the attacker's site with a valid reset token. It also lets caches be poisoned with attacker-chosen hosts.",
    fix:
      "List the real domains: `ALLOWED_HOSTS = [\"example.com\", \"www.example.com\"]`, or read them from the environment. Behind a load balancer that health-checks by IP, add that name explicitly or answer health checks before the host check (a middleware placed first).",
    bad: [{ path: "config/settings/production.py", code: 'ALLOWED_HOSTS = ["*"]\n' }],
    good: [{ path: "config/settings/production.py", code: 'ALLOWED_HOSTS = ["example.com"]\n' }],
    limits: "Silent on targets whose platform router forwards only the app's own domains (Heroku, Fly). Patterns like '.example.com' are not wildcards.",
    references: [
      { title: "Settings: ALLOWED_HOSTS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts" },
      { title: "Security: Host header validation", url: "https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      if (view.targets.length > 0 && view.targets.every((t) => t.platform !== null)) continue;
      const hosts = view.value("ALLOWED_HOSTS");
      const star = findString(hosts.val, "*");
      if (!star) continue;
      once({ messageId: "wildcard", data: { origin: origin(hosts, star) }, span: star.span });
    }
  },
});
