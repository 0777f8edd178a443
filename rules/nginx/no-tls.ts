import { defineRule } from "../../src/engine/types.js";
import { frontOf } from "../../src/model/nginx.js";

export default defineRule({
  code: "NX105",
  name: "no-tls",
  area: "nginx",
  severity: "error",
  tags: ["security"],
  messages: {
    plainHttp:
      "This server proxies {names} to the app over plain HTTP on port {port} and nothing in the repository terminates TLS in front of it: passwords, session cookies and CSRF tokens cross the network in clear text.",
  },
  docs: {
    summary: "A public nginx server that proxies to the app has no `listen … ssl`, and nothing shows TLS terminated before it.",
    why:
      "Without TLS, everything between the browser and nginx is readable and writable by anyone on the path: shared Wi-Fi, a hostile ISP, a compromised router. Login forms send passwords in clear text, session cookies can be copied and replayed (account takeover without the password), and responses can be rewritten to inject scripts. Django's secure-cookie and HSTS settings cannot help when no HTTPS endpoint exists; with SESSION_COOKIE_SECURE on, logins simply stop working.",
    fix:
      "Add a TLS server (`listen 443 ssl;` with `ssl_certificate`/`ssl_certificate_key`, e.g. from certbot) and turn the port-80 server into a redirect: `return 301 https://$host$request_uri;`. If TLS is terminated earlier (a load balancer, a platform router), make that visible: listen on a private address, or use `set_real_ip_from` for the balancer.",
    bad: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    good: [
      {
        path: "deploy/nginx/site.conf",
        code: "server {\n    listen 80;\n    server_name shop.example.com;\n    return 301 https://$host$request_uri;\n}\n\nserver {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/letsencrypt/live/shop.example.com/fullchain.pem;\n    ssl_certificate_key /etc/letsencrypt/live/shop.example.com/privkey.pem;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      },
    ],
    limits:
      "Silent whenever something may sit in front of nginx: a listen on a loopback, private or unix address, `proxy_protocol`, `set_real_ip_from`/`real_ip_header`, a platform target. When a compose service mounts the config, it fires only if that service publishes its port and no proxy service (Traefik, Caddy, HAProxy, Envoy…) runs beside it; a config no compose service mounts in a repository that also has Dockerfiles, compose files or Kubernetes manifests is not judged. Only servers on port 80 that proxy to the app and do not redirect are judged.",
    references: [
      { title: "nginx: Configuring HTTPS servers", url: "https://nginx.org/en/docs/http/configuring_https_servers.html" },
      { title: "Django: HTTPS in the deployment checklist", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#https" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const server of model.nginx.servers) {
      if (!server.config.production || server.ssl || server.serverReturn || server.redirectsToHttps) continue;
      if (!server.proxies.some((p) => p.toApp)) continue;
      const ports = server.listens.length === 0 ? [80] : server.listens.map((l) => l.port);
      if (!ports.every((p) => p === 80)) continue;
      if (frontOf(model, server) !== "none") continue;
      const names = server.serverNames.map((n) => n.text).join(" ") || "every host";
      report({ messageId: "plainHttp", data: { names, port: 80 }, span: server.span });
    }
  },
});
