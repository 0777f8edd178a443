import type { Rule } from "../../src/engine/types.js";
import unparsableFile from "./unparsable-file.js";

export const toolRules: Rule[] = [unparsableFile];
