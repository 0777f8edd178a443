import type { LineIndex } from "../parse/span.js";

export type FileKind =
  | "settings"
  | "urls"
  | "wsgi"
  | "asgi"
  | "manage"
  | "python"
  | "gunicorn-conf"
  | "dockerfile"
  | "dockerignore"
  | "compose"
  | "nginx"
  | "systemd"
  | "supervisor"
  | "platform"
  | "uwsgi"
  | "shell"
  | "k8s"
  | "requirements"
  | "pyproject"
  | "env-file";

/** One readable text file of the project, classified. */
export interface SourceFile {
  /** Relative to the project root, `/` separators. */
  path: string;
  absPath: string;
  kind: FileKind;
  /** Decoded text: BOM stripped, line endings untouched. */
  text: string;
  lines: LineIndex;
}

/** A file that discovery looked at and did not read, with the reason. */
export interface SkippedFile {
  path: string;
  reason: string;
}
