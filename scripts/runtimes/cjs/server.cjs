// require() of @signwire/server's ESM build and its subpath exports (Node >= 20.19 loads ESM from
// CommonJS synchronously). Adapters whose framework peer dependency is not installed are skipped.
const assert = require('node:assert/strict');
const server = require('@signwire/server');

for (const name of ['createVerifier', 'createMemoryNonceStore', 'createKeyLookup']) {
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
