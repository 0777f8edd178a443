import { defineRule } from "../../src/engine/types.js";
import { imageRunsProductionApp, pipInstallArgs } from "../../src/model/docker.js";
import type { Word } from "../../src/model/types.js";

function insecureFlag(argv: Word[]): string | null {
  const name = (argv[0]?.text ?? "").replace(/^.*\//, "");
  if (name === "curl") {
    const w = argv.find((x) => x.text === "--insecure" || (x.text !== null && /^-[a-zA-Z]*k[a-zA-Z]*$/.test(x.text)));
    return w ? `curl ${w.text}` : null;
  }
  if (name === "wget") return argv.some((x) => x.text === "--no-check-certificate") ? "wget --no-check-certificate" : null;
  const pip = pipInstallArgs(argv) ?? (/^pip[\d.]*$/.test(name) ? argv.slice(1) : null);
  if (pip && argv.some((x) => x.text !== null && /^--trusted-host(=|$)/.test(x.text))) return "pip --trusted-host";
  return null;
}

export default defineRule({
  code: "DF110",
  name: "tls-verification-disabled",
  area: "dockerfile",
  severity: "warning",
  tags: ["security"],
  messages: {
    command: "`{flag}` in {file} downloads without verifying TLS certificates: anyone on the network path of the build can substitute the package or script that ends up in the image.",
    variable: "{name}={value} in {file} turns off TLS certificate verification: anyone on the network path can substitute what is downloaded.",
  },
  docs: {
    summary: "A build step downloads with TLS certificate verification turned off (`pip --trusted-host`, PIP_TRUSTED_HOST, PYTHONHTTPSVERIFY=0, `curl -k`, `wget --no-check-certificate`).",
    why:
      "Without certificate verification HTTPS only encrypts — it no longer proves who is on the other end. A compromised proxy, Wi-Fi, DNS resolver or CI network can serve a modified package or install script, and the build runs it as root and ships it in the image to production. It usually starts as a workaround for a corporate TLS-inspecting proxy and stays forever. PYTHONHTTPSVERIFY=0 in ENV also disables verification for the app's own outgoing requests at run time.",
    fix:
      "Trust the proxy's CA instead of turning verification off:\n\n```dockerfile\nCOPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\nRUN update-ca-certificates\nENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt\n```\n\nFor an internal package index, give it a valid certificate and use `--index-url https://…`. Pin downloaded artefacts by hash (`pip install --require-hashes`, `sha256sum -c`) so a substituted file fails the build.",
    bad: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nRUN pip install --trusted-host pypi.org -r requirements.txt\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    good: [{ path: "Dockerfile", code: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nRUN pip install -r requirements.txt\nUSER nobody\nCMD ["gunicorn", "config.wsgi"]\n' }],
    limits: "Judges RUN commands, ENV and ARG of every stage of the file (a download in a builder stage still ends up in the image). Verification turned off in a pip.conf or .curlrc copied into the image is not detected.",
    references: [
      { title: "pip general options: --trusted-host", url: "https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host" },
      { title: "PEP 476: enabling certificate verification", url: "https://peps.python.org/pep-0476/" },
      { title: "curl: --insecure", url: "https://curl.se/docs/manpage.html#-k" },
    ],
    equivalents: ["Checkov CKV2_DOCKER_2", "Checkov CKV2_DOCKER_3", "Checkov CKV2_DOCKER_4", "Checkov CKV2_DOCKER_5"],
  },
  check({ model, report }) {
    for (const image of model.docker.images) {
      if (!imageRunsProductionApp(model, image)) continue;
      for (const run of image.runs) {
        const flags = new Set(run.commands.map((c) => insecureFlag(c.argv)).filter((f): f is string => f !== null));
        for (const flag of flags) report({ messageId: "command", data: { flag, file: image.file }, span: run.span });
      }
      for (const v of image.variables) {
        const { name, value } = v.entry;
        if (value === null) continue;
        const off = (name === "PIP_TRUSTED_HOST" && value !== "") || (name === "PYTHONHTTPSVERIFY" && value === "0");
        if (off) report({ messageId: "variable", data: { name, value, file: image.file }, span: v.span });
      }
    }
  },
});
