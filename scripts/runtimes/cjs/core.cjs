// require() of @signwire/core's ESM build (Node >= 20.19 loads ESM from CommonJS synchronously).
const assert = require('node:assert/strict');
const core = require('@signwire/core');

for (const name of ['signRequest', 'verifyRequestSignature', 'importSecret', 'canonicalJson', 'createNonce']) {
  assert.equal(typeof core[name], 'function', `@signwire/core exports ${name}`);
}
assert.equal(core.canonicalJson({ b: 1, a: [true, null] }), '{"a":[true,null],"b":1}');
console.log('ok @signwire/core');
