// require() of @signwire/server from CommonJS: resolves to its CommonJS build (the "require" condition).
// Adapters whose framework peer dependency is not installed are skipped.
const assert = require('node:assert/strict');
assert.match(require.resolve('@signwire/server'), /\.cjs$/, 'require() resolves to the CommonJS build');
const server = require('@signwire/server');

for (const name of ['createVerifier', 'createMemoryNonceStore', 'createKeyIssuer']) {
  assert.equal(typeof server[name], 'function', `@signwire/server exports ${name}`);
}
const verifier = server.createVerifier({
  keys: { k: { base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' } },
  publicOrigin: 'https://a.example',
});
assert.equal(typeof verifier.verify, 'function');
const node = require('@signwire/server/node');
assert.ok(Object.keys(node).length > 0, '@signwire/server/node exports something');
console.log('ok @signwire/server, @signwire/server/node');
