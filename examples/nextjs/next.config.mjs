import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The workspace root, so Turbopack resolves the linked @signwire packages (outside this folder).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root },
  outputFileTracingRoot: root,
};
