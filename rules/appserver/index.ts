import type { Rule } from "../../src/engine/types.js";
import devServer from "./dev-server.js";
import reloadInProduction from "./reload-in-production.js";
import workersDefault from "./workers-default.js";
import timeoutDisabled from "./timeout-disabled.js";
import logsToFileInContainer from "./logs-to-file-in-container.js";
import bindPublicOnHost from "./bind-public-on-host.js";
import bindLoopbackInContainer from "./bind-loopback-in-container.js";
import wsgiServerForAsgiApp from "./wsgi-server-for-asgi-app.js";
import forwardedAllowIps from "./forwarded-allow-ips.js";
import uwsgiUnsafeDefaults from "./uwsgi-unsafe-defaults.js";
import asgiProxyHeadersMissing from "./asgi-proxy-headers-missing.js";
import workerTmpDir from "./worker-tmp-dir.js";
import entrypointNoExec from "./entrypoint-no-exec.js";
import uwsgiStatsPublic from "./uwsgi-stats-public.js";

export const appserverRules: Rule[] = [
  devServer,
  reloadInProduction,
  workersDefault,
  timeoutDisabled,
  logsToFileInContainer,
  bindPublicOnHost,
  bindLoopbackInContainer,
  wsgiServerForAsgiApp,
  forwardedAllowIps,
  uwsgiUnsafeDefaults,
  asgiProxyHeadersMissing,
  workerTmpDir,
  entrypointNoExec,
  uwsgiStatsPublic,
];
