// `mlreview export` writes Markdown by default: the real command (dist/bundle/cli.js, built by `npm test`)
// must write the same document renderMarkdown gives, to standard output or to -o FILE.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/export/markdown.js';
import { buildReview } from '../src/pipeline.js';
import { repoRoot, sharedPath } from './helpers/shared.js';
import { CLI } from './helpers/cli.js';

const run = promisify(execFile);

describe('mlreview export (Markdown)', () => {
  const mbox = sharedPath('archives/vfio-irq-update-devid.mbox');

  it('writes the Markdown document by default, to -o FILE', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mlreview-md-')), 'review.md');
    const { stdout } = await run('node', [CLI, 'export', '-o', out, mbox]);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(renderMarkdown(await buildReview([mbox])));
  });

  it('passes --format md, --thread, --open-only and --link-base through', async () => {
    const args = ['export', '--format', 'md', '--thread', '<20190827143305.1ac826e1@x1.home>', '--open-only'];
    const { stdout } = await run('node', [CLI, ...args, '--link-base', 'https://archive.example.org/lkml', mbox], {
      maxBuffer: 64 << 20,
    });
    const expected = renderMarkdown(await buildReview([mbox]), {
      thread: '20190827143305.1ac826e1@x1.home',
      openOnly: true,
      linkBase: 'https://archive.example.org/lkml',
    });
    expect(stdout).toBe(expected);
    expect(stdout).toMatch(/^# genirq\/vfio: Introduce irq_update_devid\(\) and optimize VFIO irq ops \(v4\)\n/);
    expect(stdout).toContain('*Only the comments still open are shown.*');
    expect(stdout).toContain('](https://archive.example.org/lkml/cover.1566486156.git.luoben@linux.alibaba.com)');
    expect(stdout).not.toContain('(v5)');
  });
});
