// The real vfio v4 thread with one hostile sequence planted where a sender controls the text: the
// cover letter's and the patch's Subject, a reviewer's From name, a sentence of the review, a
// patch line (and every reviewer's quote of it), and the file name (in the diff, its diffstat and
// every quote). Headers carry it as RFC 2047 encoded words, bodies as UTF-8 8bit, as a mail client
// would send it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from './shared.js';

/** A class of hostile text: how it is written, and how the faces must show it. */
export interface HostileSequence {
  name: string;
  sequence: string;
  /** What prose shows in its place: '' when it hides nothing readable, an OSC 8 link's text. */
  prose: string;
  /** What code (diff lines, paths) shows in its place: every hidden character as `<U+XXXX>`. */
  code: string;
  /** Runs to the end of its line (an unterminated string, a lone ESC): planted at the end of a line. */
  atLineEnd?: boolean;
}

const ESC = '\u001B';
const BEL = '\u0007';
const ST = `${ESC}\\`;

export const HOSTILE: HostileSequence[] = [
  { name: 'CSI SGR colour', sequence: `${ESC}[1;31m`, prose: '', code: '<U+001B>[1;31m' },
  { name: 'OSC 52 clipboard write', sequence: `${ESC}]52;c;cm0gLXJmIH4K${BEL}`, prose: '', code: '<U+001B>]52;c;cm0gLXJmIH4K<U+0007>' },
  {
    name: 'OSC 8 hyperlink ended by BEL',
    sequence: `${ESC}]8;;https://evil.example/${BEL}here${ESC}]8;;${BEL}`,
    prose: 'here',
    code: '<U+001B>]8;;https://evil.example/<U+0007>here<U+001B>]8;;<U+0007>',
  },
  {
    name: 'OSC 8 hyperlink ended by ST',
    sequence: `${ESC}]8;;https://evil.example/${ST}here${ESC}]8;;${ST}`,
    prose: 'here',
    code: '<U+001B>]8;;https://evil.example/<U+001B>\\here<U+001B>]8;;<U+001B>\\',
  },
  { name: 'unterminated OSC title', sequence: `${ESC}]0;owned`, prose: '', code: '<U+001B>]0;owned', atLineEnd: true },
  { name: 'DCS request', sequence: `${ESC}P$qm${ST}`, prose: '', code: '<U+001B>P$qm<U+001B>\\' },
  { name: 'C1 CSI', sequence: '\u009B2J', prose: '', code: '<U+009B>2J' },
  { name: 'C1 OSC', sequence: `\u009D52;c;cm0K${BEL}`, prose: '', code: '<U+009D>52;c;cm0K<U+0007>' },
  { name: 'lone ESC', sequence: ESC, prose: '', code: '<U+001B>', atLineEnd: true },
  { name: 'carriage return', sequence: '\r', prose: '', code: '<U+000D>' },
  { name: 'RLO override', sequence: '\u202E', prose: '', code: '<U+202E>' },
  { name: 'LRI and PDI isolates', sequence: '\u2066\u2069', prose: '', code: '<U+2066><U+2069>' },
  { name: 'zero-width space', sequence: '\u200B', prose: '', code: '<U+200B>' },
  { name: 'ZWJ between ASCII letters', sequence: '\u200D', prose: '', code: '<U+200D>' },
  { name: 'BOM', sequence: '\uFEFF', prose: '', code: '<U+FEFF>' },
  { name: 'LRM', sequence: '\u200E', prose: '', code: '<U+200E>' },
  { name: 'line separator U+2028', sequence: '\u2028', prose: ' ', code: '<U+2028>' },
];

/** Where the sequence is planted: the words around it, as the clean mail has them. */
export const SITES = {
  coverSubject: { before: 'genirq/v', after: 'fio: Introduce' },
  patchSubject: { before: 'make use of irq_up', after: 'date_devid' },
  reviewerName: { before: 'Alex Will', after: 'iamson' },
  /** The reviewer's second mail gives an address and no name: the address is what the faces show. */
  reviewerAddress: { before: 'alex.will', after: 'iamson@redhat.com' },
  comment: { before: 'a user vis', after: 'ible change.' },
  hunkLine: { before: 'if (IS_ERR(trig', after: 'ger))' },
  path: { before: 'drivers/vfio/pci/vfio_pci_in', after: 'trs.c' },
} as const;

/** The text a site holds with the sequence planted (at the end of the line for atLineEnd ones). */
export function planted(site: keyof typeof SITES, hostile: HostileSequence, shown = hostile.sequence): string {
  const { before, after } = SITES[site];
  return hostile.atLineEnd ? `${before}${after}${shown}` : `${before}${shown}${after}`;
}

const SOURCE = 'archives/vfio-irq-update-devid.mbox';

function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** Bytes of `text` as a latin1 string, to splice into the mbox read as latin1. */
function utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`hostile-mbox: ${JSON.stringify(from)} not in the mail`);
  return text.replace(from, () => to);
}

function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

const UTF8_HEADERS = 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n';

/**
 * The vfio mbox with `hostile` planted at every site, written to a new temporary file; `hostile`
 * null writes the clean archive through the same path (for comparing structure).
 */
export function hostileMbox(hostile: HostileSequence | null): string {
  const raw = readFileSync(sharedPath(SOURCE)).toString('latin1');
  // The seven mails; the first five are the v4 thread the sites are in, the v5 ones stay as they are.
  const mails = raw.split(/(?=^From \S+ \w{3} \w{3} )/m);
  if (mails.length !== 7) throw new Error(`hostile-mbox: expected 7 mails in ${SOURCE}, found ${mails.length}`);
  const seq = hostile?.sequence ?? '';
  const at = (site: keyof typeof SITES) => (hostile ? planted(site, hostile) : SITES[site].before + SITES[site].after);
  // git-send-email mails say no charset: declare UTF-8 so the planted bytes decode as written.
  for (const i of [0, 1]) mails[i] = mails[i].replace(/^(Message-Id: .*\n)/m, `$1${UTF8_HEADERS}`);
  mails[2] = replaceOnce(replaceOnce(mails[2], 'charset=US-ASCII', 'charset=UTF-8'), 'Content-Transfer-Encoding: 7bit', 'Content-Transfer-Encoding: 8bit');

  mails[0] = replaceOnce(
    mails[0],
    'Subject: [PATCH v4 0/3] genirq/vfio: Introduce irq_update_devid() and optimize VFIO irq ops',
    `Subject: ${encodedWord(`[PATCH v4 0/3] ${at('coverSubject')} irq_update_devid() and optimize VFIO irq ops`)}`,
  );
  mails[1] = replaceOnce(
    mails[1],
    'Subject: [PATCH v4 3/3] vfio/pci: make use of irq_update_devid and optimize irq ops',
    `Subject: ${encodedWord(`[PATCH v4 3/3] vfio/pci: ${at('patchSubject')} and optimize irq ops`)}`,
  );
  mails[2] = replaceOnce(mails[2], 'From:   Alex Williamson <', `From:   ${encodedWord(at('reviewerName'))} <`);
  mails[4] = replaceOnce(mails[4], 'From:   Alex Williamson <alex.williamson@redhat.com>', `From:   ${utf8(at('reviewerAddress'))}`);
  const sentence = 'I think this is a user visible change.  Previously the vector is';
  const comment = hostile?.atLineEnd ? `${sentence}${seq}` : sentence.replace('a user visible change.', at('comment'));
  mails[2] = replaceOnce(mails[2], sentence, utf8(comment));
  for (let i = 1; i <= 4; i++) {
    const line = hostile?.atLineEnd ? `${SITES.hunkLine.before}${SITES.hunkLine.after}${seq}` : at('hunkLine');
    mails[i] = replaceAll(mails[i], 'if (IS_ERR(trigger))', utf8(line));
  }
  for (let i = 0; i <= 4; i++) mails[i] = replaceAll(mails[i], 'drivers/vfio/pci/vfio_pci_intrs.c', utf8(at('path')));

  const dir = mkdtempSync(join(tmpdir(), 'mlreview-hostile-'));
  const path = join(dir, `${hostile ? hostile.name.replace(/\W+/g, '-') : 'clean'}.mbox`);
  writeFileSync(path, Buffer.from(mails.join(''), 'latin1'));
  return path;
}
