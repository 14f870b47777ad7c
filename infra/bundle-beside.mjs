// A module of a function built as a file of its own beside the function's index.mjs, with the options
// the function itself is bundled with (infra/constructs/function.ts runs this after CDK's bundling):
// what only some requests need is then neither in index.mjs nor parsed at every cold start. The
// options come base64-encoded JSON (esbuild's build options), so that no shell quoting touches them.
import { build } from 'esbuild';

const options = JSON.parse(Buffer.from(process.argv[2] ?? '', 'base64').toString('utf8'));
await build(options);
