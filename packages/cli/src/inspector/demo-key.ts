/**
 * The inspector's demo key: the page signs with it and the demo API that `signwire inspect` serves
 * verifies with it. A demo only: a real page never holds a long-lived secret (docs/keys.md).
 */

/** The demo key's id. */
export const DEMO_KEY_ID = 'demo-client';
/** The demo key (32 bytes, base64). */
export const DEMO_SECRET = 'c2lnbndpcmUtZGVtby1rZXktMDEyMzQ1Njc4OWFiY2Q=';
