import type { Rule } from "../../src/engine/types.js";
import datastorePortPublished from "./datastore-port-published.js";
import appPortBypassesProxy from "./app-port-bypasses-proxy.js";
import dependsOnWithoutHealth from "./depends-on-without-health.js";
import restartPolicyMissing from "./restart-policy-missing.js";
import secretInline from "./secret-inline.js";
import sourceBindMount from "./source-bind-mount.js";
import logRotationMissing from "./log-rotation-missing.js";
import privilegedOrDockerSocket from "./privileged-or-docker-socket.js";
import imageUnpinned from "./image-unpinned.js";

export const composeRules: Rule[] = [
  datastorePortPublished,
  appPortBypassesProxy,
  dependsOnWithoutHealth,
  restartPolicyMissing,
  secretInline,
  sourceBindMount,
  logRotationMissing,
  privilegedOrDockerSocket,
  imageUnpinned,
];
