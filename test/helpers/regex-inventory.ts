// Every regular expression in src/, found by the TypeScript compiler rather than by grep, so a `/`
// inside a string or a comment is never mistaken for one and none hides behind a line break.
// Literal `/…/flags` and `new RegExp('…')`/`RegExp('…')` with literal arguments are checkable;
// a RegExp built from an expression is listed as dynamic for a reader to look at by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FoundRegex {
  /** `src/review/quotes.ts:42` */
  where: string;
  source: string;
  flags: string;
}

export interface DynamicRegex {
  where: string;
  /** The constructor call as written. */
  text: string;
}

export interface RegexInventory {
  regexes: FoundRegex[];
  dynamic: DynamicRegex[];
  files: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

function literalText(node: ts.Expression | undefined): string | null {
  if (!node) return '';
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return null;
}

export function collectRegexes(srcDir: string, repoRoot: string): RegexInventory {
  const files = sourceFiles(srcDir);
  const regexes: FoundRegex[] = [];
  const dynamic: DynamicRegex[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const where = (node: ts.Node): string =>
      `${relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const raw = node.getText(sf);
        const end = raw.lastIndexOf('/');
        regexes.push({ where: where(node), source: raw.slice(1, end), flags: raw.slice(end + 1) });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      ) {
        const args = node.arguments ?? [];
        const source = literalText(args[0]);
        const flags = literalText(args[1]);
        if (source !== null && flags !== null && args[0] !== undefined) regexes.push({ where: where(node), source, flags });
        else dynamic.push({ where: where(node), text: node.getText(sf) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { regexes, dynamic, files: files.length };
}
