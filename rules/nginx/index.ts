import type { Rule } from "../../src/engine/types.js";
import proxyProtoHeaderMissing from "./proxy-proto-header-missing.js";
import proxyHostHeader from "./proxy-host-header.js";
import proxyHeaderInheritanceDrop from "./proxy-header-inheritance-drop.js";
import addHeaderInheritanceDrop from "./add-header-inheritance-drop.js";
import noTls from "./no-tls.js";
import httpNotRedirected from "./http-not-redirected.js";
import tlsProtocolsWeak from "./tls-protocols-weak.js";
import tlsCiphersWeak from "./tls-ciphers-weak.js";
import aliasTraversal from "./alias-traversal.js";
import defaultServerMissing from "./default-server-missing.js";
import proxyBufferingOff from "./proxy-buffering-off.js";
import serverTokensOn from "./server-tokens-on.js";
import staticCacheHeadersMissing from "./static-cache-headers-missing.js";
import mediaUnsafe from "./media-unsafe.js";
import forwardedProtoFromClient from "./forwarded-proto-from-client.js";

export const nginxRules: Rule[] = [
  proxyProtoHeaderMissing,
  proxyHostHeader,
  proxyHeaderInheritanceDrop,
  addHeaderInheritanceDrop,
  noTls,
  httpNotRedirected,
  tlsProtocolsWeak,
  tlsCiphersWeak,
  aliasTraversal,
  defaultServerMissing,
  proxyBufferingOff,
  serverTokensOn,
  staticCacheHeadersMissing,
  mediaUnsafe,
  forwardedProtoFromClient,
];
