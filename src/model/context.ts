import type { FileKind, SkippedFile, SourceFile } from "../discover/types.js";
import type { ResolvedConfig } from "../config/types.js";
import type { ParseError } from "../parse/types.js";

/** What every area builder gets: the files, the config, and a place to put parse errors. */
export interface BuildContext {
  root: string;
  files: SourceFile[];
  config: ResolvedConfig;
  /** Parse errors (PX001) collected while building; partial documents are still used. */
  errors: ParseError[];
  /** Files read but deliberately not judged (e.g. Helm templates), with the reason; shown with --verbose. */
  skipped: SkippedFile[];
  byKind(kind: FileKind): SourceFile[];
  /** Whether the project's .gitignore files keep a root-relative path (existing or not) out of the repository. */
  ignored(path: string): boolean;
  file(path: string): SourceFile | undefined;
}

export function buildContext(root: string, files: SourceFile[], skipped: SkippedFile[], config: ResolvedConfig, ignored: (path: string) => boolean = () => false): BuildContext {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const kinds = new Map<FileKind, SourceFile[]>();
  for (const f of files) {
    const list = kinds.get(f.kind);
    if (list) list.push(f);
    else kinds.set(f.kind, [f]);
  }
  return {
    root,
    files,
    config,
    errors: [],
    skipped,
    byKind: (kind) => kinds.get(kind) ?? [],
    ignored,
    file: (path) => byPath.get(path),
  };
}
