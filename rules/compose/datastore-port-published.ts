import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DC101",
  name: "datastore-port-published",
  area: "compose",
  severity: "error",
  tags: ["security"],
  messages: {
    published:
      "{datastore} service {service} publishes port {port} on {where}: Docker's NAT rules bypass host firewalls such as ufw, so anyone who can reach the host can connect to {datastore} directly.",
  },
  docs: {
    summary: "A database, cache or broker service publishes its port to the host without binding it to a loopback address.",
    why:
      "A `ports:` entry without a host IP binds the port on every interface of the host, and Docker inserts its own iptables/nftables rules ahead of the host firewall: `ufw deny 5432` does not stop it. Internet scanners find exposed Postgres, Redis, MongoDB and RabbitMQ within hours; Redis and Memcached have no password by default, and a leaked or default Postgres password becomes a full data breach. The other services of the project reach the datastore over the compose network by service name and never need the published port.",
    fix:
      "Remove the `ports:` entry: services on the same compose network still reach the datastore as `db:5432`. If you need to reach it from the host (backups, an admin tool), publish it on loopback only — `127.0.0.1:5432:5432` — and tunnel over SSH. `expose:` documents the port without publishing it.",
    bad: [
      {
        path: "docker-compose.yml",
        code: "services:\n  db:\n    image: postgres:16\n    restart: unless-stopped\n    ports:\n      - \"5432:5432\"\n",
      },
    ],
    good: [
      {
        path: "docker-compose.yml",
        code: "services:\n  db:\n    image: postgres:16\n    restart: unless-stopped\n    ports:\n      - \"127.0.0.1:5432:5432\"\n",
      },
    ],
    limits:
      "Datastores are recognised by image name (postgres, postgis, mysql, mariadb, mongo, redis, valkey, memcached, rabbitmq, with any registry prefix or tag) or by the base image of the Dockerfile a service builds. A host IP that comes from an interpolation (`${BIND_IP}:5432:5432`) is Unknown and fires nothing. Development compose files (by name, by directory such as `.devcontainer/` or `tests/`, or by content) are not judged.",
    references: [
      { title: "Docker: packet filtering and firewalls (ufw bypass)", url: "https://docs.docker.com/engine/network/packet-filtering-firewalls/" },
      { title: "Compose file reference: ports", url: "https://docs.docker.com/reference/compose-file/services/#ports" },
    ],
    equivalents: ["dclint: no-unbound-port-interfaces (all ports)", "KICS: Docker Compose host port exposed"],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production || svc.datastore === null) continue;
      for (const port of svc.ports) {
        if (port.loopback || port.hostIpUnknown) continue;
        const where = port.hostIp === null || port.hostIp === "0.0.0.0" || port.hostIp === "::" ? "every host interface" : `host address ${port.hostIp}`;
        report({ messageId: "published", data: { datastore: svc.datastore, service: svc.name, port: port.display, where }, span: port.span });
      }
    }
  },
});
