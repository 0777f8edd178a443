import { defineRule } from "../../src/engine/types.js";

const HARDENING = ["NoNewPrivileges", "ProtectSystem", "PrivateTmp", "ProtectHome"];

export default defineRule({
  code: "SV104",
  name: "hardening-missing",
  area: "services",
  severity: "info",
  tags: ["security"],
  messages: {
    exposure: "systemd unit {unit} sets none of NoNewPrivileges=, ProtectSystem=, PrivateTmp=, ProtectHome= (systemd-analyze security exposure {exposure}): a compromised app can write the OS and read every home directory.",
    plain: "systemd unit {unit} sets none of NoNewPrivileges=, ProtectSystem=, PrivateTmp=, ProtectHome=: a compromised app can write the OS and read every home directory.",
  },
  docs: {
    summary: "A systemd service uses none of the basic sandboxing directives (the message gives the `systemd-analyze security` exposure score).",
    why:
      "systemd can confine a service for free: `ProtectSystem=strict` makes /usr, /etc and /boot read-only, `ProtectHome=true` hides /home and /root (SSH keys, shell histories), `PrivateTmp=true` gives it its own /tmp (no symlink races with other services), and `NoNewPrivileges=true` stops setuid binaries from raising privileges. Without any of them, a remote-code-execution bug in the app can modify system files, plant cron jobs and read other users' keys. `systemd-analyze security` scores such a unit 9+ (UNSAFE).",
    fix:
      "```ini\n[Service]\nUser=mysite\nNoNewPrivileges=true\nProtectSystem=strict\nProtectHome=true\nPrivateTmp=true\nReadWritePaths=/srv/mysite/media /run/mysite\n```\n\nList the directories the app writes (media, sockets, logs) in ReadWritePaths=. Check with `systemd-analyze security mysite.service`; add more (ProtectKernelTunables=, RestrictAddressFamilies=, SystemCallFilter=@system-service) as the app allows.",
    bad: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\n" }],
    good: [{ path: "deploy/mysite.service", code: "[Service]\nUser=mysite\nExecStart=/srv/mysite/venv/bin/gunicorn mysite.wsgi --workers 3\nRestart=on-failure\nNoNewPrivileges=true\nProtectSystem=strict\nPrivateTmp=true\n" }],
    limits:
      "Only units that start the Django app (an app server, `manage.py`, celery). The exposure is computed by shipshape from the unit with the table `systemd-analyze security` (systemd 252) uses; a unit using a directive whose effect that computation does not model (capability sets, system call or address family filters, device and IP access lists) gets the message without a number. DynamicUser=yes implies these directives and counts as set.",
    references: [
      { title: "systemd.exec: sandboxing", url: "https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#Sandboxing" },
      { title: "systemd-analyze security", url: "https://www.freedesktop.org/software/systemd/man/latest/systemd-analyze.html#systemd-analyze%20security%20%5BUNIT...%5D" },
    ],
    equivalents: ["systemd-analyze security (overall exposure)"],
  },
  check({ model, report }) {
    for (const unit of model.services.units) {
      if (!unit.target?.production || !unit.service || !unit.runsApp) continue;
      if (HARDENING.some((k) => unit.directive(k)?.value.trim())) continue;
      if (/^(1|yes|y|true|t|on)$/i.test(unit.directive("DynamicUser")?.value.trim() ?? "")) continue;
      if (unit.exposure === null) report({ messageId: "plain", data: { unit: unit.name }, span: unit.service.span });
      else report({ messageId: "exposure", data: { unit: unit.name, exposure: unit.exposure.toFixed(1) }, span: unit.service.span });
    }
  },
});
