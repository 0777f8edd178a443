import type { Rule } from "../../src/engine/types.js";
import unparsableFile from "./unparsable-file.js";
import unusedSuppression from "./unused-suppression.js";
import unknownRule from "./unknown-rule.js";

export const toolRules: Rule[] = [unparsableFile, unusedSuppression, unknownRule];
