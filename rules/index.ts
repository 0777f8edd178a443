import type { Rule } from "../src/engine/types.js";
import { appserverRules } from "./appserver/index.js";
import { composeRules } from "./compose/index.js";
import { dockerfileRules } from "./dockerfile/index.js";
import { k8sRules } from "./k8s/index.js";
import { nginxRules } from "./nginx/index.js";
import { servicesRules } from "./services/index.js";
import { settingsRules } from "./settings/index.js";
import { toolRules } from "./tool/index.js";

/** Every rule, sorted by code. Each area lists its own rules in `<area>/index.ts`. */
export const allRules: readonly Rule[] = [
  ...toolRules,
  ...settingsRules,
  ...dockerfileRules,
  ...composeRules,
  ...nginxRules,
  ...servicesRules,
  ...appserverRules,
  ...k8sRules,
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

const byKey = new Map<string, Rule>();
for (const r of allRules) {
  byKey.set(r.code.toUpperCase(), r);
  byKey.set(r.name.toLowerCase(), r);
}

/** Finds a rule by code (`DJ101`) or name (`debug-enabled`), case-insensitively. */
export function findRule(key: string): Rule | undefined {
  return byKey.get(key.toUpperCase()) ?? byKey.get(key.toLowerCase());
}
