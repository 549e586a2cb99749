import { describe, expect, it } from 'vitest';
import { canonicalPerson, parseMailmap } from '../src/thread/mailmap.js';

// The four forms of gitmailmap(5), with the examples of its manual page.
const MAILMAP = `# Keep alphabetized
<cto@company.xx>                       <cto@coompany.xx>
Some Dude <some@dude.xx>         nick1 <bugs@company.xx>
Other Author <other@author.xx>   nick2 <bugs@company.xx>
Other Author <other@author.xx>         <nick2@company.xx>
Santa Claus <santa.claus@northpole.xx> <me@company.xx>
Nuno Sa <nuno.sa@analog.com> <noname.nuno@gmail.com>
Joe Developer <joe@example.com>
this line names nobody
`;

describe('a .mailmap', () => {
  const { mailmap, problems } = parseMailmap(MAILMAP, '.mailmap');

  it('maps every form of entry as git does', () => {
    expect(canonicalPerson(mailmap, { name: 'CTO', address: 'CTO@coompany.xx' })).toEqual({ name: 'CTO', address: 'cto@company.xx' });
    expect(canonicalPerson(mailmap, { name: 'nick1', address: 'bugs@company.xx' })).toEqual({ name: 'Some Dude', address: 'some@dude.xx' });
    expect(canonicalPerson(mailmap, { name: 'nick2', address: 'bugs@company.xx' })).toEqual({ name: 'Other Author', address: 'other@author.xx' });
    // A name-and-address entry matches only that pair.
    expect(canonicalPerson(mailmap, { name: 'nick3', address: 'bugs@company.xx' })).toEqual({ name: 'nick3', address: 'bugs@company.xx' });
    expect(canonicalPerson(mailmap, { name: 'Nuno Sá', address: 'noname.nuno@gmail.com' })).toEqual({ name: 'Nuno Sa', address: 'nuno.sa@analog.com' });
    expect(canonicalPerson(mailmap, { name: 'joe', address: 'joe@example.com' })).toEqual({ name: 'Joe Developer', address: 'joe@example.com' });
  });

  it('lists a line it cannot read with its number', () => {
    expect(problems).toEqual([{ line: 9, reason: 'no <address> on the line' }]);
  });
});
