// `npm run build`, second step: the CLI as the user runs it (bin, `npm start`) bundled from tsc's
// output into dist/bundle/ — one module for what every run loads, a chunk for each part loaded when
// needed (the browser, export, reply…), and the link pool's worker as an entry of its own beside them.
// Why: Node 20 resolves, reads and links each of the ~1,100 files ink, React, mailparser and mlreview
// are made of one by one (ink alone pulls 416 files of es-toolkit); that was half of the threads
// screen's first frame with an index (docs/benchmarks.md).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
// What the index is keyed on: the same fingerprint dist/cli.js computes by reading dist/ (it skips
// dist/bundle/), fixed in the bundle so a start reads no file for it.
const { codeFingerprint } = await import(pathToFileURL(join(root, 'dist', 'store', 'fingerprint.js')).href);
await build({
  entryPoints: { cli: join(root, 'dist', 'cli.js'), 'link-worker': join(root, 'dist', 'archive', 'link-worker.js'), 'header-worker': join(root, 'dist', 'store', 'header-worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3 loads its native addon from its own folder; ink imports react-devtools-core only
  // under DEV=true, and it is not installed.
  external: ['better-sqlite3', 'react-devtools-core'],
  chunkNames: 'chunk-[hash]',
  // CommonJS packages (React, mailparser…) call require() for Node's own modules, which an ES module lacks.
  banner: { js: "import { createRequire as __mlreviewRequire } from 'node:module'; const require = __mlreviewRequire(import.meta.url);" },
  define: { __MLREVIEW_CODE__: JSON.stringify(codeFingerprint()) },
  logLevel: 'warning',
});
