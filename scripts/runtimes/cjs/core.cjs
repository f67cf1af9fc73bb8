// require() of @signwire/core from CommonJS: resolves to its CommonJS build (the "require" condition).
const assert = require('node:assert/strict');
assert.match(require.resolve('@signwire/core'), /\.cjs$/, 'require() resolves to the CommonJS build');
const core = require('@signwire/core');

for (const name of ['signRequest', 'verifyRequestSignature', 'importSecret', 'canonicalJson', 'createNonce']) {
  assert.equal(typeof core[name], 'function', `@signwire/core exports ${name}`);
}
assert.equal(core.canonicalJson({ b: 1, a: [true, null] }), '{"a":[true,null],"b":1}');
console.log('ok @signwire/core');
