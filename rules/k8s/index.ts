import type { Rule } from "../../src/engine/types.js";

export const k8sRules: Rule[] = [];
