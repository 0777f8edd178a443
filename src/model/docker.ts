import type { BuildContext } from "./context.js";
import type { EnvEntry, EnvSource, Process, Target, Word } from "./types.js";
import type { Span } from "../parse/span.js";
import type { ShellCommand } from "../parse/shell.js";

/** One `FROM` of a Dockerfile. */
export interface DockerStage {
  index: number;
  /** The `AS name`, when given. */
  name: string | null;
  /** The whole FROM instruction. */
  from: Span;
  /** The image as written (`python:3.12-slim`, `${BASE}`, or an earlier stage's name). */
  image: string | null;
  /** Image name without tag/digest, after ARG expansion; null when it cannot be resolved. */
  baseName: string | null;
  /** Tag after ARG expansion; null when absent or unresolvable. */
  baseTag: string | null;
  baseDigest: string | null;
  /** The earlier stage of the same file this stage builds on (`FROM build`), if any. */
  parentStage: number | null;
}

/** CMD or ENTRYPOINT. */
export interface DockerCommand {
  words: Word[];
  /** The whole instruction. */
  span: Span;
  shellForm: boolean;
}

export interface DockerCopy {
  instruction: "COPY" | "ADD";
  stage: number;
  sources: { text: string; span: Span }[];
  /** Destination as written, resolved against WORKDIR; null when absent. */
  dest: string | null;
  /** `--from=` stage index when it names a stage of this file. */
  fromStage: number | null;
  /** `--from=` as written (a stage name, an index or an external image). */
  from: string | null;
  span: Span;
}

export interface DockerRun {
  stage: number;
  span: Span;
  /** Commands of the shell form or heredoc, or the one exec-form argv. */
  commands: ShellCommand[];
  /** Exec form (`RUN ["pip", "install", …]`). */
  execForm: boolean;
}

/** ARG or ENV with its value after ARG/ENV expansion. */
export interface DockerVariable {
  instruction: "ARG" | "ENV";
  stage: number | null;
  entry: EnvEntry;
  /** The whole instruction. */
  span: Span;
}

export interface DockerImage {
  /** Dockerfile path relative to the root. */
  file: string;
  stages: DockerStage[];
  finalStage: DockerStage;
  /** The stages whose content reaches the final image: the final stage, its FROM ancestors, and the stages it copies from. */
  reachingStages: number[];
  /** Its process is the Django app (server, worker, manage.py task), directly or through a script. */
  appImage: boolean;
  /** Effective ENTRYPOINT / CMD of the final stage (inherited from a parent stage of the same file). */
  entrypoint: DockerCommand | null;
  cmd: DockerCommand | null;
  /** ENTRYPOINT + CMD composed, the entrypoint script followed; null when it cannot be determined. */
  main: Process | null;
  /** main plus every step of the entrypoint script (migrate, collectstatic…). */
  processes: Process[];
  /** Final-stage ENV, including ENV inherited from parent stages of this file. */
  env: EnvSource | null;
  /** Every ARG and ENV of the file, with resolved values. */
  variables: DockerVariable[];
  /** Last USER of the final stage (or inherited); null when none. */
  user: { name: string | null; span: Span } | null;
  /** Where privileges are dropped at start: gosu/su-exec/setpriv/s6-setuidgid/runuser/chpst in the entrypoint, or gunicorn `--user` / uwsgi `--uid`. */
  privilegeDrop: Span | null;
  /** HEALTHCHECK of the final stage; null when absent or `HEALTHCHECK NONE`. */
  healthcheck: Span | null;
  copies: DockerCopy[];
  runs: DockerRun[];
}

/** Dockerfiles, the images they build, and the scripts those images run. */
export interface DockerModel {
  images: DockerImage[];
  imageFor(dockerfilePath: string): DockerImage | undefined;
  processes: Process[];
  envSources: EnvSource[];
  /** One target per app image run as it is; the integrator drops those a compose service or workload runs. */
  targets: Target[];
  /**
   * Composes what a container of `image` runs under the overrides: ENTRYPOINT +
   * CMD (each replaced when overridden, as docker does: a new entrypoint drops
   * the image's CMD), the entrypoint script followed and `"$@"` resolved.
   */
  runImage(image: DockerImage, overrides: RunOverrides): Promise<{ main: Process | null; processes: Process[] }>;
}

export interface RunOverrides {
  /** compose `entrypoint:` / k8s `command:`; null or absent keeps the image's. An empty list clears it. */
  entrypoint?: Word[] | null;
  /** compose `command:` / k8s `args:`; null or absent keeps the image's CMD. */
  command?: Word[] | null;
  label: string;
  span: Span;
  production: boolean;
  container: boolean;
  env: EnvEntry[];
}

export async function buildDocker(_ctx: BuildContext): Promise<DockerModel> {
  return { images: [], imageFor: () => undefined, processes: [], envSources: [], targets: [], runImage: async () => ({ main: null, processes: [] }) };
}
