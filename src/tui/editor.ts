// Handing the terminal to the user's editor and taking it back: leave the alternate screen and raw
// mode, run $VISUAL/$EDITOR on the file (through the shell, as git runs it, so "code -w" works),
// then restore both; the caller redraws.
import { spawnSync } from 'node:child_process';

export const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H\u001B[2J';
export const LEAVE_ALTERNATE_SCREEN = '\u001B[?25h\u001B[?1049l';

export interface EditorRun {
  /** The editor's exit code; null when it was killed by a signal or could not start. */
  code: number | null;
  command: string;
}

/** The editor as git chooses it: $VISUAL, then $EDITOR, then vi. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

// Editors that take `+N` to open the file at line N: the cursor lands where the answer goes.
const TAKES_LINE = /^(?:n?vim?|vi|view|nano|pico|emacs|emacsclient|micro|joe|jed|mg|kak|ne)$/;

export function runEditor(file: string, line: number, env: NodeJS.ProcessEnv = process.env): EditorRun {
  const command = editorCommand(env);
  const program = command.split(/\s+/)[0]?.split('/').pop() ?? '';
  const args = TAKES_LINE.test(program) ? [`+${line}`, file] : [file];
  const stdin = process.stdin;
  const raw = stdin.isTTY ? stdin.isRaw : false;
  process.stdout.write(LEAVE_ALTERNATE_SCREEN);
  if (stdin.isTTY) stdin.setRawMode(false);
  try {
    // Editors that take no `+N` (and scripts) can still find the line the answer goes on.
    const result = spawnSync('sh', ['-c', `${command} "$@"`, 'editor', ...args], { stdio: 'inherit', env: { ...env, MLREVIEW_DRAFT_LINE: String(line) } });
    return { code: result.error ? null : result.status, command };
  } finally {
    if (stdin.isTTY) stdin.setRawMode(raw);
    process.stdout.write(ENTER_ALTERNATE_SCREEN);
  }
}
