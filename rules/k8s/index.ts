import type { Rule } from "../../src/engine/types.js";
import probesMissing from "./probes-missing.js";
import runsAsRoot from "./runs-as-root.js";
import resourcesMissing from "./resources-missing.js";
import secretLiteralInEnv from "./secret-literal-in-env.js";

export const k8sRules: Rule[] = [probesMissing, runsAsRoot, resourcesMissing, secretLiteralInEnv];
