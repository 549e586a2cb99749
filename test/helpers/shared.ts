// Real mail for tests lives beside the repository in ../shared (and in CI); MLREVIEW_SHARED may point
// elsewhere. It is never copied into the repo, so a test that needs it must say clearly when it is gone.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sharedRoot(): string {
  const root = process.env.MLREVIEW_SHARED
    ? resolve(process.env.MLREVIEW_SHARED)
    : resolve(repoRoot, '..', 'shared');
  if (!existsSync(join(root, 'archives'))) {
    throw new Error(
      `mlreview tests need the shared real-mail archives, looked for ${join(root, 'archives')}: ` +
        'check out ../shared beside the repository or set MLREVIEW_SHARED to its path.',
    );
  }
  return root;
}

/** Absolute path of a file under ../shared, e.g. sharedPath('archives/vfio-irq-update-devid.mbox'). */
export function sharedPath(relative: string): string {
  const path = join(sharedRoot(), relative);
  if (!existsSync(path)) {
    throw new Error(`mlreview test fixture missing: ${path} (is ../shared complete?)`);
  }
  return path;
}

export { repoRoot };
