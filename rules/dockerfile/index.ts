import type { Rule } from "../../src/engine/types.js";
import containerRunsAsRoot from "./container-runs-as-root.js";
import cmdShellForm from "./cmd-shell-form.js";
import secretInBuild from "./secret-in-build.js";
import envFileInImage from "./env-file-in-image.js";
import dockerignoreMissing from "./dockerignore-missing.js";
import singleStageBuild from "./single-stage-build.js";
import pythonunbufferedMissing from "./pythonunbuffered-missing.js";
import baseImageUnpinned from "./base-image-unpinned.js";
import devRequirementsInImage from "./dev-requirements-in-image.js";
import tlsVerificationDisabled from "./tls-verification-disabled.js";

export const dockerfileRules: Rule[] = [
  containerRunsAsRoot,
  cmdShellForm,
  secretInBuild,
  envFileInImage,
  dockerignoreMissing,
  singleStageBuild,
  pythonunbufferedMissing,
  baseImageUnpinned,
  devRequirementsInImage,
  tlsVerificationDisabled,
];
