// `mlreview check`: the books of an archive as plain lines, one source a line, then the totals and
// the problems grouped by reason.
import type { Accounting } from '../accounting.js';
import type { Problem } from '../model.js';
import { oneLine } from '../text/control-chars.js';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** `listed`: problems to print one a line after the counts (`check --list`). */
export function renderAccounting(accounting: Accounting, listed: Problem[] = []): string {
  const lines: string[] = [];
  for (const s of accounting.sources) {
    const unaccounted = s.unaccounted !== 0 ? `, ${s.unaccounted} UNACCOUNTED FOR` : '';
    lines.push(`${oneLine(s.path)} (${s.format}): ${count(s.mails, 'mail')} read: ${s.inThreads.toLocaleString('en')} in threads, ${s.leftOut.toLocaleString('en')} left out${unaccounted}`);
  }
  const read = accounting.sources.reduce((n, s) => n + s.mails, 0);
  const kept = accounting.sources.reduce((n, s) => n + s.inThreads, 0);
  const leftOut = accounting.sources.reduce((n, s) => n + s.leftOut, 0);
  const rebuilt = accounting.rebuilt ? `; ${count(accounting.rebuilt, 'mail')} rebuilt from quotes` : '';
  lines.push(`total: ${count(read, 'mail')} read: ${kept.toLocaleString('en')} in threads, ${leftOut.toLocaleString('en')} left out${rebuilt}`);
  lines.push(
    `${count(accounting.threads, 'thread')}, ${count(accounting.patches, 'patch', 'patches')}, ` +
      `${count(accounting.comments, 'review comment')}, ${count(accounting.problems, 'problem')}`,
  );
  for (const { reason, count: n } of accounting.problemsByReason) lines.push(`  ${n} × ${oneLine(reason)}`);
  for (const p of listed) lines.push(`${oneLine(p.where)}: ${p.leftOut ? '[left out] ' : ''}${oneLine(p.reason)}`);
  if (accounting.balanced) lines.push('every mail read is in a thread or listed as left out');
  else {
    const twice = accounting.listedTwice ? ` and ${count(accounting.listedTwice, 'message')} listed twice` : '';
    lines.push(`ACCOUNTING DOES NOT BALANCE: ${read - kept - leftOut} mails unaccounted for${twice} (a bug in mlreview: please report it)`);
  }
  return `${lines.join('\n')}\n`;
}
