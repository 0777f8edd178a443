import { formatGithub } from "./github.js";
import { formatGitlab } from "./gitlab.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";
import type { Formatter } from "./types.js";

export type { FormatOptions, Formatter, ReportInput } from "./types.js";

export type FormatName = "text" | "json" | "sarif" | "github" | "gitlab";

/** Every report format by name (`--format`). Each is a pure function of the audit result. */
export const formatters: Record<FormatName, Formatter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  gitlab: formatGitlab,
};

export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];
