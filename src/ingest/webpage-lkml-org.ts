// lkml.org message pages mark their fields with schema.org microdata: itemprop="datePublished",
// "author", "name" (the subject) and the body in <pre itemprop="articleBody">, quotes kept as "&gt;".
// No lkml.org page is among the saved fixtures, so this reader is tested on a hand-written minimal
// page with that markup only.
import type { Message, Problem } from '../model.js';
import { parseMailDate } from './webpage-date.js';
import { attribute, isElement, parseHtml, renderBody, textOf, walk, type Element } from './webpage-html-text.js';
import { personFromText, syntheticId } from './webpage-person.js';

export function looksLikeLkmlOrg(text: string): boolean {
  return /itemprop="articleBody"/i.test(text) && /itemprop="datePublished"/i.test(text);
}

function byItemprop(root: ReturnType<typeof parseHtml>, name: string): Element | null {
  for (const node of walk(root)) if (isElement(node) && attribute(node, 'itemprop') === name) return node;
  return null;
}

export function readLkmlOrg(path: string, html: string): { message: Message | null; problems: Problem[] } {
  const root = parseHtml(html);
  const bodyElement = byItemprop(root, 'articleBody');
  if (!bodyElement) return { message: null, problems: [{ where: path, reason: 'page has no itemprop="articleBody"' }] };
  const subject = textOf(byItemprop(root, 'name') ?? bodyElement).slice(0, 998);
  // lkml.org prints "Ben Luo <>": the address is cut out, the name stays.
  const from = personFromText(textOf(byItemprop(root, 'author') ?? bodyElement).replace(/<\s*>/, ''));
  const date = parseMailDate(textOf(byItemprop(root, 'datePublished') ?? bodyElement)).iso;
  const id = syntheticId(from, date, subject);
  return {
    message: { id, subject, from, date, inReplyTo: null, references: [], body: renderBody(bodyElement), origin: { path, where: path } },
    problems: [{ where: path, reason: `lkml.org pages name no Message-ID; using ${id}` }],
  };
}
