// One signed POST verified over and over by a server verifier whose replay store accepts every nonce:
// the verifier's cost for a body of a given media type, for bench scripts that compare bodies.
const KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
const ORIGIN = 'https://api.example.com';
const ACCEPT_ALL = { checkAndRemember: async () => true };

/**
 * Signs one POST to `path` once and returns a function that verifies that same message.
 * @param {{ core: any, createVerifier: Function }} sw - Signwire as loaded by lib/signwire.mjs.
 * @param {string} path - the request target.
 * @param {string} contentType - the body's media type.
 * @param {Uint8Array} body - the body.
 * @returns {() => Promise<unknown>}
 */
export function verifyingSigned(sw, path, contentType, body) {
  const headers = [['content-type', contentType]];
  const parts = sw.core.signRequest({
    request: { method: 'POST', url: `${ORIGIN}${path}`, headers, body },
    key: sw.core.importSecret(KEY),
    keyId: 'k',
    created: Math.floor(Date.now() / 1000),
    nonce: 'bmV2ZXItcmV1c2UtYS1ub25jZQ',
  });
  const verifier = sw.createVerifier({
    keys: { k: KEY },
    publicOrigin: ORIGIN,
    nonceStore: ACCEPT_ALL,
    maxBodyBytes: 2 * 1024 * 1024,
    log: false,
  });
  const message = { method: 'POST', requestTarget: path, headers: [...headers, ...Object.entries(parts.headers)], body };
  return () => verifier.verifyMessage(message);
}
