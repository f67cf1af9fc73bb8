// require() of @signwire/client from CommonJS: resolves to its CommonJS build (the "require" condition).
const assert = require('node:assert/strict');
assert.match(require.resolve('@signwire/client'), /\.cjs$/, 'require() resolves to the CommonJS build');
const client = require('@signwire/client');

for (const name of ['createSigner', 'createSignedFetch', 'jsonBody']) {
  assert.equal(typeof client[name], 'function', `@signwire/client exports ${name}`);
}
const signer = client.createSigner({
  keyId: 'client-1',
  secret: { base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
  hashes: client.nobleHashes,
});
const headers = signer.signSync({ method: 'GET', url: 'https://api.example.com/v1/orders', headers: {} });
assert.match(headers.signature, /^sig1=:/);
console.log('ok @signwire/client');
