// A build bot's report (the kernel test robot, 265 of them on linux-leds) is one comment on the patch.
// Its body marks the warning lines of the quoted source with ">>" and numbers every line, which the
// quote reader would take for a reply quoting two mails deep and split into comments at each
// numbered line. Read it whole instead, and place it on the line its "vim +N file" names.
import type { Message } from '../model.js';

// The robot's own words, in every report since 2019 ("kernel test robot noticed the following build
// warnings:", older "Thank you for the patch! Yet something to improve:" under the robot's From).
const BOT_SENDER = /^lkp@intel\.com$|^(?:oliver\.sang|philip\.li)@intel\.com$/i;
const BOT_WORDS = /^kernel test robot noticed\b|^\[auto build test (?:ERROR|WARNING)\b/m;

export function isBotReport(message: Message): boolean {
  return BOT_SENDER.test(message.from.address) || BOT_WORDS.test(message.body.slice(0, 4000));
}

/** The file and new-side line a report names in its "vim +N path" line, or null. */
export function reportedLine(body: string): { file: string; line: number } | null {
  // "vim +490 drivers/…" or, naming the symbol too, "vim +/i +490 drivers/leds/leds-mp3326.c".
  const m = /^vim (?:\+\/\S+ )?\+(\d+) (\S+)/m.exec(body);
  return m ? { file: m[2]!, line: Number(m[1]) } : null;
}
