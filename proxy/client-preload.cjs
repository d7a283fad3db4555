/**
 * Preloaded into a wrapped Node client (NODE_OPTIONS=--require): makes the built-in fetch and
 * http/https honour HTTP(S)_PROXY and NO_PROXY, which Node 20 does not do by itself.
 */
'use strict';
// npm undici's setGlobalDispatcher sets the same global symbol Node's bundled fetch reads.
const { EnvHttpProxyAgent, setGlobalDispatcher } = require('undici');
const { bootstrap } = require('global-agent');

// The client's stderr is its own: undici's one-time "experimental" notice is ours to keep out of it.
const emitWarning = process.emitWarning;
process.emitWarning = function keepOutUndiciNotice(warning, ...rest) {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? rest[0].code : rest[1];
  if (code !== 'UNDICI-EHPA') return emitWarning.call(process, warning, ...rest);
};
try {
  setGlobalDispatcher(new EnvHttpProxyAgent());
} finally {
  process.emitWarning = emitWarning;
}
// An empty namespace makes global-agent read HTTP_PROXY, HTTPS_PROXY and NO_PROXY themselves.
bootstrap({ environmentVariableNamespace: '' });
