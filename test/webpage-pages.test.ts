// The 21 real saved archive pages (17 lkml.iu.edu hypermail/MHonArc, 4 marc.info): every page reads
// into one message with the Message-ID, author, date, subject and references the page shows, and
// quoted lines at the depth the page's "&gt;" markup gives them. Expected values were read off the
// HTML by hand (comments, <meta>, printed headers), not produced by the reader.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Message } from '../src/model.js';
import { looksLikeWebPage, readWebPage } from '../src/ingest/webpage.js';
import { sharedPath } from './helpers/shared.js';

interface PageCase {
  file: string;
  id: string;
  name: string;
  address: string;
  date: string;
  subject: string;
  references: string[] | { count: number; first: string; last: string };
  inReplyTo: string | null;
  /** A line fragment and the quote depth its line must have. */
  depths: Array<[string, number]>;
}

const CASES: PageCase[] = [
  { file: 'lkml-iu-edu/19950623163756.html', id: '9506232137.AA08021@detritus.ucs.indiana.edu', name: 'Chris Dent', address: 'cdent@detritus.ucs.indiana.edu',
    date: '1995-06-23T21:37:56.000Z', subject: 'New Mailing Archives', references: [], inReplyTo: null, depths: [['Sorry for the inconvenience.', 0]] },
  // inreplyto="Network performance" is the parent's subject (its mail had no In-Reply-To), not an id.
  { file: 'lkml-iu-edu/19960629003529.html', id: 'v02140b01adf9a230b765@[207.33.68.13]', name: 'Bruce Thompson', address: 'bruce@otherother.com',
    date: '1996-06-28T15:14:18.000Z', subject: 'Re: Network performance', references: [], inReplyTo: null,
    depths: [['They have been bought by HP', 1], ['<sigh> No doubt their acquisition', 1], ['Aw Jeez,', 0]] },
  // David S. Miller's Emacs yanked the original indented by three spaces under its Date:/From: lines.
  { file: 'lkml-iu-edu/19970409195757.html', id: '199704100019.UAA01246@jenolan.caipgeneral', name: 'David S. Miller', address: 'davem@jenolan.rutgers.edu',
    date: '1997-04-10T00:19:09.000Z', subject: 'Re: 2.0.29 Oops - NULL deref in ip_defrag', references: [], inReplyTo: null,
    depths: [['the bug has benn fixed', 1], ['if (tmp->next != NULL)', 1], ["I've applied this change", 0]] },
  { file: 'lkml-iu-edu/19980323182147.html', id: 'm0yHG6n-000aQ2C@the-village.bc.nu', name: 'Alan Cox', address: 'alan@lxorguk.ukuu.org.uk',
    date: '1998-03-23T22:54:20.000Z', subject: 'Re: NETBEUI support?', references: ['Pine.LNX.3.95.980323170243.213A-100000@chaos.analogic.com'],
    inReplyTo: 'Pine.LNX.3.95.980323170243.213A-100000@chaos.analogic.com', depths: [['What NETBEUI does is take', 1], ['No - only datagram', 0]] },
  // The From header had no display name: hypermail repeats the address as the name.
  { file: 'lkml-iu-edu/19991008202739.html', id: '199910082133.RAA29928@rushlight.kf8nh.apk.net', name: '', address: 'danielt@digi.com',
    date: '1999-10-08T21:19:17.000Z', subject: 'Re: devfs again, (was RE: USB device allocation)', references: ['199910081741.NAA29116@pincoya.inf.utfsm.cl'],
    inReplyTo: '199910081741.NAA29116@pincoya.inf.utfsm.cl', depths: [['David Ford <david@kalifornia.com> said:', 1], ['One must also be cognizant', 2], ['That would be relevant', 0]] },
  { file: 'lkml-iu-edu/20000824142828.html', id: '20000824123514.A27213@hq.fsmlabs.com', name: '', address: 'yodaiken@fsmlabs.com',
    date: '2000-08-24T18:35:14.000Z', subject: 'Re: SCO: "thread creation is about a thousand times faster than on native Linux"',
    references: ['200008241916.PAA01872@tsx-prime.MIT.EDU'], inReplyTo: '200008241916.PAA01872@tsx-prime.MIT.EDU',
    depths: [["I'll echo this.", 1], ['We use POSIX threads in RTLinux', 0], ['sufficiently careful about making', 0]] },
  { file: 'lkml-iu-edu/20010625115259.html', id: 'Pine.LNX.3.95.1010625123838.9515A-100000@chaos.analogic.com', name: 'Richard B. Johnson', address: 'root@chaos.analogic.com',
    date: '2001-06-25T16:52:59.000Z', subject: 'Re: Making a module 2.4 compatible', references: ['SjK-9.A.sEE.jd2N7@dinero.interactivesi.com'],
    inReplyTo: 'SjK-9.A.sEE.jd2N7@dinero.interactivesi.com', depths: [['It would be nice to have it working under 2.4', 2], ['Unfortunately, no.', 1], ['As a start:', 0]] },
  { file: 'lkml-iu-edu/20011129134159.html', id: '200111291841.QAA29161@toole.uol.com.br', name: 'Usuario Universo Online', address: 'pablo.ninja@uol.com.br',
    date: '2001-11-29T18:41:59.000Z', subject: '(no subject)', references: [], inReplyTo: null, depths: [['Caros Sr.s', 1], ['How lame.', 0]] },
  { file: 'lkml-iu-edu/20021117003913.html', id: '20021117063413.A18893@linux-mips.org', name: 'Ralf Baechle', address: 'ralf@linux-mips.org',
    date: '2002-11-17T05:34:13.000Z', subject: "Re: Why can't Johnny compile?", references: ['Pine.LNX.4.44.0211160059540.16668-100000@ibm-ps850.purdueriots.com'],
    inReplyTo: 'Pine.LNX.4.44.0211160059540.16668-100000@ibm-ps850.purdueriots.com', depths: [['IOmega Buz v4l', 1], ['On a few opportunities', 0]] },
  // MHonArc: the author only in X-From-R13 (the page masks "mpm@xxxxxxxxxxx"), ids with "&#45;" for "-".
  { file: 'lkml-iu-edu/20030816004422.html', id: '20030816053947.GE325@waste.org', name: 'Matt Mackall', address: 'mpm@selenic.com',
    date: '2003-08-16T05:44:22.000Z', subject: 'Re: [RFC][PATCH] Make cryptoapi non-optional?',
    references: { count: 10, first: '20030809173329.GU31810@waste.org', last: '20030815220324.1be2950b.akpm@osdl.org' },
    inReplyTo: '20030815220324.1be2950b.akpm@osdl.org',
    depths: [['Matt Mackall <mpm@xxxxxxxxxxx> wrote:', 1], ['a) extract_entropy (pool->lock)', 2], ['Almost all of this was in the first locking patch', 0]] },
  { file: 'lkml-iu-edu/20041202122725.html', id: '20041202111829.GA3180@dmt.cyclades', name: 'Marcelo Tosatti', address: 'marcelo.tosatti@cyclades.com',
    date: '2004-12-02T17:27:25.000Z', subject: 'Re: [PATCH] oom killer (Core)',
    references: { count: 8, first: '20041201104820.1.patchmail@tglx', last: '20041202085518.58e0e8eb.akpm@osdl.org' },
    inReplyTo: '20041202085518.58e0e8eb.akpm@osdl.org',
    depths: [["I believe the thing you're hiding", 2], ['Well no ;)', 1], ['I bet zone->all_unreclaimable', 0]] },
  // "Roland>" is supercite's label inside a one-level quote, not a second marker.
  { file: 'lkml-iu-edu/20050426154225.html', id: '20050426133229.416a5e66.akpm@osdl.org', name: 'Andrew Morton', address: 'akpm@osdl.org',
    date: '2005-04-26T20:42:25.000Z', subject: 'Re: [openib-general] Re: [PATCH][RFC][0/4] InfiniBand userspaceverbs implementation',
    references: { count: 14, first: '20050425135401.65376ce0.akpm@osdl.org', last: '5264y9s3bs.fsf@topspin.com' }, inReplyTo: '5264y9s3bs.fsf@topspin.com',
    depths: [['Roland>     a) app registers', 1], ['Sorry to be so dense', 1], ['Well I was vaguely proposing', 0]] },
  { file: 'lkml-iu-edu/20060208021218.html', id: 'E1F6jT2-0002UC-VA@ZenIV.linux.org.uk', name: 'Al Viro', address: 'viro@ftp.linux.org.uk',
    date: '2006-02-08T07:12:18.000Z', subject: '[PATCH 03/17] s390x compat __user annotations', references: [], inReplyTo: null,
    depths: [['+asmlinkage long sys32_chown16(const char __user * filename', 0], ['@@ -100,12 +100,12 @@', 0]] },
  { file: 'lkml-iu-edu/20070524191655.html', id: '20070524231638.GC29678@khazad-dum.debian.net', name: 'Henrique de Moraes Holschuh', address: 'hmh@hmh.eng.br',
    date: '2007-05-24T23:16:55.000Z', subject: 'Re: pcmcia resume 60 second hang. Re: [patch 00/69] -stable review',
    references: { count: 10, first: '20070521212522.GL3429@sequoia.sous-sol.org', last: '20070524223200.GE9604@elf.ucw.cz' },
    inReplyTo: '20070524223200.GE9604@elf.ucw.cz', depths: [['My proposed solution is', 1], ['s/pcmcia/all drivers that load firmware/', 0]] },
  { file: 'lkml-iu-edu/20111008231656.html', id: 'CAKYAXd8M6mnf0f_5RHpkjZ51suGnnFTHU1ZuJgvt5Nr0JVR1RQ@mail.gmail.com', name: 'NamJae Jeon', address: 'linkinjeon@gmail.com',
    date: '2011-10-09T03:16:56.000Z', subject: 'Re: [PATCH 1/2 v3] udf : enable error print in udf_read_tagged().',
    references: { count: 4, first: '1317650037-4648-1-git-send-email-linkinjeon@gmail.com', last: '20111006214159.GK31367@quack.suse.cz' },
    inReplyTo: '20111006214159.GK31367@quack.suse.cz',
    depths: [['On Wed 05-10-11 15:19:58, Joe Perches wrote:', 1], ['On Thu, 2011-10-06 at 00:08 +0200, Jan Kara wrote:', 2], ['While reading metadata, if a problem occurs', 4], ['Hi. Jan.', 0]] },
  { file: 'lkml-iu-edu/20150930190314.html', id: '1443654180-29416-1-git-send-email-bjorn.andersson@sonymobile.com', name: '', address: 'bjorn.andersson@sonymobile.com',
    date: '2015-09-30T23:03:14.000Z', subject: '[PATCH] Bluetooth: hci_smd: Qualcomm WCNSS HCI driver', references: [], inReplyTo: null,
    depths: [['+config BT_HCISMD', 0], ['Signed-off-by: Bjorn Andersson', 0]] },
  { file: 'lkml-iu-edu/20160930024050.html', id: '20160930.024026.274720546666401005.davem@davemloft.net', name: 'David Miller', address: 'davem@davemloft.net',
    date: '2016-09-30T06:40:50.000Z', subject: 'Re: [PATCH v8 0/8] thunderbolt: Introducing Thunderbolt(TM) Networking',
    references: { count: 3, first: '1475073870-2126-1-git-send-email-amir.jer.levy@intel.com', last: '20160930063005.GA7571@kroah.com' },
    inReplyTo: '20160930063005.GA7571@kroah.com',
    depths: [['On Fri, Sep 30, 2016 at 01:55:55AM -0400, David Miller wrote:', 1], ['From: Amir Levy', 2], ['This driver enables Thunderbolt Networking', 3], ['Ok, thanks Greg.', 0]] },
  // marc.info: "user () host ! com" addresses and ids, dates in UTC, no References.
  { file: 'marc/20051203032403.html', id: '86iru6c17w.fsf@blue.stonehenge.com', name: 'Randal L. Schwartz', address: 'merlyn@stonehenge.com',
    date: '2005-12-03T03:24:03.000Z', subject: 'managing my first project with git, yeay', references: [], inReplyTo: null,
    depths: [['This was on Darwin.', 0]] },
  { file: 'marc/20070731223613.html', id: 'Pine.LNX.4.64.0707312335200.14781@racer.site', name: 'Johannes Schindelin', address: 'Johannes.Schindelin@gmx.de',
    date: '2007-07-31T22:36:13.000Z', subject: 'Re: [PATCH] Make verse of git-config manpage more readable', references: [], inReplyTo: null,
    depths: [["Also mention '--file' in FILES.", 1], ['You could use this chance to make the verse nicer', 3], ['It is too long.', 0]] },
  { file: 'marc/20100831210551.html', id: 'EF9FEAB3A4B7D245B0801936B6EF4A2533CEF8@azsmsx503.amr.corp.intel.com', name: 'Schalk, Ken', address: 'ken.schalk@intel.com',
    date: '2010-08-31T21:05:51.000Z', subject: 'RE: [PATCH] Avoid rename/add conflict when contents are identical', references: [], inReplyTo: null,
    depths: [['ln -s e a &&', 2], ['Due to this this', 1], ['a git user at Intel brought to me.', 0]] },
  { file: 'marc/20160731201842.html', id: 'CAC4O8c9Zmh0hvx_u2qRsVUkSw0MKodJ5Vhf074ApfavkKDFOtA@mail.gmail.com', name: 'Britton Kerin', address: 'britton.kerin@gmail.com',
    date: '2016-07-31T20:18:42.000Z', subject: 'gitk should maybe keep focus on same file when switching patch->tree view', references: [], inReplyTo: null,
    depths: [['Britton', 0]] },
];

function depthOf(line: string): number {
  const m = /^ {0,3}((?:>[ \t]?)+)/.exec(line);
  return m ? [...m[1]!].filter((c) => c === '>').length : 0;
}

function lineWith(message: Message, fragment: string): string {
  const line = message.body.split('\n').find((l) => l.includes(fragment));
  if (line === undefined) throw new Error(`no line with "${fragment}" in ${message.origin.path}`);
  return line;
}

function read(file: string): Message {
  const path = sharedPath(`archives/web-pages/${file}`);
  const bytes = readFileSync(path);
  expect(looksLikeWebPage(bytes.toString('utf8'), path)).toBe(true);
  const { messages } = readWebPage(path, bytes);
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

describe('saved archive pages', () => {
  test.each(CASES)('$file', (c) => {
    const message = read(c.file);
    expect(message.id).toBe(c.id);
    expect(message.from).toEqual({ name: c.name, address: c.address });
    expect(message.date).toBe(c.date);
    expect(message.subject).toBe(c.subject);
    expect(message.inReplyTo).toBe(c.inReplyTo);
    if (Array.isArray(c.references)) expect(message.references).toEqual(c.references);
    else {
      expect(message.references).toHaveLength(c.references.count);
      expect(message.references[0]).toBe(c.references.first);
      expect(message.references.at(-1)).toBe(c.references.last);
    }
    for (const [fragment, depth] of c.depths) expect([fragment, depthOf(lineWith(message, fragment))]).toEqual([fragment, depth]);
    // These pages kept their quote markup: nothing to rebuild, and no HTML left in the text.
    expect(message.quotesLost).toBeUndefined();
    expect(message.body).not.toMatch(/<(?:br|p|i|em|a)\b[^>]*>/i);
    expect(message.origin).toEqual({ path: sharedPath(`archives/web-pages/${c.file}`), where: sharedPath(`archives/web-pages/${c.file}`) });
  });

  test('patch pages keep the leading space of diff context lines and the tabs after it', () => {
    const viro = read('lkml-iu-edu/20060208021218.html');
    expect(viro.body).toContain('\n #define SET_STAT_UID(stat, uid)\t\t(stat).st_uid = high2lowuid(uid)\n');
    expect(viro.body).toContain('\n \treturn sys_chown(filename, low2highuid(user), low2highgid(group));\n');
    const bjorn = read('lkml-iu-edu/20150930190314.html');
    expect(bjorn.body).toContain('\n drivers/bluetooth/Kconfig   |  11 +++\n');
    expect(bjorn.body).toContain('\n+\ttristate "HCI Qualcomm SMD driver"\n');
  });

  test('hypermail 2b29 blank lines (<P>) and &nbsp; indentation come back as the mail had them', () => {
    const dick = read('lkml-iu-edu/20010625115259.html');
    expect(dick.body).toContain('\n\nAs a start:\n\nwait_queue_head_t\tNow defined.\n');
    expect(dick.body).toContain(`\n${' '.repeat(24)}or data.\n`);
  });

  test('MHonArc page with double-decoded no-break spaces (&#xC2;) is repaired', () => {
    const namjae = read('lkml-iu-edu/20111008231656.html');
    expect(namjae.body).not.toContain('Â');
    expect(lineWith(namjae, 'it have been disable by undef udf_debug.')).toContain('udf_debug. \u00a0If there is a problem');
    expect(lineWith(namjae, 'Sure, I can do that')).toMatch(/^> \u00a0Sure, I can do that/);
  });

  test('marc.info folds long lines with " \\"; they are joined again', () => {
    const ken = read('marc/20100831210551.html');
    expect(lineWith(ken, 'I used a symlink here')).toBe(
      'I used a symlink here to try and duplicate the original problem case that a git user at Intel brought to me.  ' +
        "I admit I didn't consider the problem of testing on platforms without symlink support.",
    );
  });
});
