// Issue 14's walk: a mediator and two parties, each in a browser of their own, take a case
// from invitation to the next move after a session without full agreement — only through the
// pages, as people would. Every HTML answer party B's browser received is searched for party
// A's private strings (and the other way round); every page is checked with axe, weighed,
// and its security headers read; the README's screenshots are taken on the way.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import {
  assertAccessible,
  assertLoopbackOnly,
  assertNoneContains,
  assertPageWeight,
  launchBrowser,
  newContext,
  screenshots,
} from './lib/browser.mjs';
import { assertSecurityHeaders, assertSessionCookie } from './lib/headers.mjs';
import { startServer } from './lib/server.mjs';
import { checked, signIn, submit } from './lib/pages.mjs';

const server = await startServer();
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await server.stop();
});

/** Every page a person lands on: accessible, under 100 KB, and (once) photographed. */
async function look(page, shot) {
  await assertAccessible(page);
  await assertPageWeight(page, page.url());
  if (shot) await screenshots(page, shot);
}

test('invitation → accepted → a session without full agreement → debriefs → terms → memorandum confirmed → diagnosis → advice → next move', { timeout: 240_000 }, server.logged(async () => {
  const tag = randomUUID().slice(0, 8);
  const title = `Walker and Walker – arrangements ${tag}`;
  const a = { name: `Alex Walker ${tag}`, email: `alex.${tag}@example.org`, password: `alex-password-${tag}` };
  const b = { name: `Blake Walker ${tag}`, email: `blake.${tag}@example.org`, password: `blake-password-${tag}` };
  // What party A tells the mediator in private; party B's browser must never receive it.
  const canaryA = [`A-offer-${randomUUID()}`, `A-dealbreaker-${randomUUID()}`, `A-note-${randomUUID()}`];
  const canaryB = [`B-dealbreaker-${randomUUID()}`];

  const mediator = await newContext(browser, { baseURL: server.url });
  const m = mediator.page;
  await signIn(m, server.account('maya.patel@accord.example'));
  await look(m, 'dashboard');

  // The mediator opens the case and adds the parties and the issues.
  await m.getByRole('link', { name: 'Open a case' }).click();
  await look(m);
  await m.getByLabel('Title').fill(title);
  await m.getByLabel('What the dispute is about').selectOption('child-arrangements');
  await m.getByLabel('Court rules and calendar').selectOption('england-wales');
  await m.getByLabel('Time zone').fill('Europe/London');
  await submit(m, 'Open the case');
  await m.getByRole('heading', { level: 1, name: title }).waitFor();
  const caseUrl = m.url();
  for (const party of [a, b]) {
    await m.getByText('Add a person').click();
    await m.getByLabel('Name', { exact: true }).fill(party.name);
    await m.getByLabel('Has authority to settle').check();
    await submit(m, 'Add the person');
  }
  for (const issue of ['Weekday schedule', 'School holidays']) {
    await m.getByText('Add an issue').click();
    await m.getByLabel('Issue', { exact: true }).fill(issue);
    await submit(m, 'Add the issue');
  }

  // Invitations: a link each, shown once, handed over; each party sets a password.
  const parties = [];
  for (const party of [a, b]) {
    await m.getByText('Invite someone to join').click();
    await m.getByLabel('Who they are in the case').selectOption({ label: `${party.name} (Party)` });
    await m.getByLabel('Their e-mail address').fill(party.email);
    await submit(m, 'Create the invitation');
    const link = await m.getByLabel('Invitation link').inputValue();
    assert.match(link, /\/invitation\?token=/);
    const ctx = await newContext(browser, { baseURL: server.url });
    await ctx.page.goto(link);
    await ctx.page.getByRole('heading', { name: `Join the case as ${party.name}` }).waitFor();
    await look(ctx.page, party === a ? 'invitation' : undefined);
    await ctx.page.getByLabel('Choose a password').fill(party.password);
    await ctx.page.getByLabel('Type the password again').fill(party.password);
    await submit(ctx.page, 'Join the case');
    await assertSessionCookie(ctx.context);
    await ctx.page.getByRole('table').getByRole('link', { name: title }).click();
    await ctx.page.getByRole('heading', { level: 1, name: title }).waitFor();
    parties.push(ctx);
  }
  const [pa, pb] = parties;

  // A session, held, ending in a partial agreement.
  await m.goto(caseUrl);
  await m.getByText('Schedule a session').click();
  await m.getByLabel('Starts at').fill('2026-11-30T10:00');
  await submit(m, 'Schedule it');
  await m.getByText('Record that it was held').click();
  await submit(m, 'Record it as held');
  await look(m, 'case-page');
  await m.getByRole('link', { name: 'After this session' }).click();
  await m.getByLabel('Partial agreement').check();
  await m.getByLabel(/What happened, in a sentence or two/).fill('The weekday schedule is close; the holidays are not.');
  await submit(m, 'Save the outcome');
  const afterUrl = m.url();
  assert.match(afterUrl, /\/sessions\/.+\/after$/);
  await checked(m, 'How the session ended');

  // Each side's debrief, in private.
  await m.getByLabel('What information is missing (one per line)').fill('School term dates for next year');
  await submit(m, 'Save my debrief');
  await checked(m, 'Your debrief (private)');
  for (const [ctx, secrets] of [[pa, canaryA], [pb, canaryB]]) {
    const p = ctx.page;
    await p.goto(caseUrl);
    await p.getByRole('link', { name: /After the session of/ }).click();
    await look(p, ctx === pa ? 'after-session-party' : undefined);
    if (ctx === pa) {
      await p.getByLabel('The best offer on the table, if it is money').fill('12500 GBP');
      await p.getByLabel('The best offer, in words').fill(secrets[0]);
    }
    await p.getByLabel('What you cannot accept (one per line)').fill(secrets[1] ?? secrets[0]);
    await submit(p, 'Save my debrief');
    await checked(p, 'Your debrief (private)');
  }
  // A private note from party A to the mediator, from the portal.
  await pa.page.goto(caseUrl);
  await pa.page.getByLabel('Write a note').fill(`Only for the mediator: ${canaryA[2]}`);
  await pa.page.getByLabel('Only the mediator (private)').check();
  await submit(pa.page, 'Add the note');
  await pa.page.getByText('Only you (and anyone acting for you) and the mediator can see this').first().waitFor();

  // The mediator locks down the terms and issues the memorandum.
  await m.goto(afterUrl);
  await m.getByLabel('Lock it down as').first().selectOption('pilot');
  await m.getByLabel(/Date \(temporary until, or pilot review on\)/).first().fill('2027-01-15');
  await submit(m, 'Save Weekday schedule');
  await submit(m, 'Issue it for confirmation');
  await checked(m, 'Lock down the terms');
  await look(m, 'after-session');

  // Both parties confirm version 1 from their portal.
  // Confirming binds, so each is asked for the password again; a wrong one confirms nothing.
  for (const [ctx, party] of [[pa, a], [pb, b]]) {
    await ctx.page.goto(caseUrl);
    const again = ctx.page.getByLabel('Your password, to confirm it is you');
    await again.fill('not-my-password');
    await submit(ctx.page, 'Confirm version 1', { expectStatus: 400 });
    await ctx.page.getByText(/not your password/i).first().waitFor();
    await ctx.page.getByLabel('Your password, to confirm it is you').fill(party.password);
    await submit(ctx.page, 'Confirm version 1');
    await ctx.page.getByText('Confirmed by:').waitFor();
  }
  // Party A's checklist for the next session, kept private to its side and the mediator
  // (from a fresh page: party B's confirmation changed the case since A's was loaded).
  await pa.page.goto(caseUrl);
  await pa.page.getByLabel('Your three most important goals (one per line)').fill(`Stable weekdays\nA fair summer ${canaryA[0]}`);
  await pa.page.getByLabel('My checklist is complete').check();
  await submit(pa.page, 'Save my checklist');
  assert.match(await pa.page.getByLabel('Your three most important goals (one per line)').inputValue(), /Stable weekdays/);
  await look(pa.page, 'party-portal');

  // Why it stalled, the advice, and the next move with one owner and one date.
  await m.goto(afterUrl);
  await m.getByLabel('Missing information', { exact: true }).check();
  await m.getByLabel('What showed it: Missing information').fill('Nobody had next year\'s term dates.');
  await submit(m, 'Save why it stalled');
  await checked(m, 'Why it stalled');
  await m.getByRole('heading', { name: '5. The options, with reasons' }).waitFor();
  const firstOption = await m.getByLabel('The next move').locator('option').first().innerText();
  assert.ok(firstOption.length > 3, 'the advice offers a next move');
  await m.getByLabel('Who makes the next contact (one person)').selectOption({ label: a.name });
  await m.getByLabel('By when').fill('2027-01-20');
  await submit(m, 'Choose this next move');
  await checked(m, 'Choose the next move');
  await m.getByText(`${a.name}`, { exact: false }).first().waitFor();
  const nextMove = await m.locator('#next + p').innerText();
  assert.match(nextMove, new RegExp(`${a.name}.*20 January 2027`));

  // Party B sees the next move and the memorandum, never party A's private words.
  await pb.page.goto(caseUrl);
  await pb.page.getByText(`${a.name}`).first().waitFor();
  await pb.page.getByRole('heading', { name: 'What happens next' }).waitFor();
  await assertNoneContains(pb.recorder, canaryA);
  await assertNoneContains(pa.recorder, canaryB);
  // Not vacuous: the mediator's browser did receive party A's words, and party A's its own.
  await m.goto(caseUrl);
  await assert.rejects(assertNoneContains(mediator.recorder, [canaryA[2]]));
  await assert.rejects(assertNoneContains(pa.recorder, [canaryA[1]]));
  // The mediator sees who opened party A's private note, and where, never its words.
  await m.getByRole('link', { name: 'Who opened private notes, debriefs and screenings' }).click();
  await m.getByRole('heading', { level: 1, name: 'Who opened private records' }).waitFor();
  const rows = await m.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
  const whoOpened = rows.filter(([, , what]) => what === `Caucus note with ${a.name}`).map(([, who]) => who);
  assert.ok(whoOpened.includes(a.name), `party A's own opening is logged: ${JSON.stringify(rows)}`);
  assert.ok(whoOpened.includes('Maya Patel'), `and the mediator's: ${JSON.stringify(rows)}`);
  assert.doesNotMatch(await m.locator('main').innerText(), new RegExp(canaryA[2]));
  await look(m, 'access-log');

  // Keeping and erasing: a legal hold refuses an erasure with its reason; lifted, party A's
  // data is erased and neither browser is shown A's name again.
  await m.goto(caseUrl);
  await m.getByRole('link', { name: 'Keeping and erasing' }).click();
  await m.getByRole('heading', { level: 1, name: 'Keeping and erasing' }).waitFor();
  await m.getByLabel('Why the record must be kept as it is').fill('Application FD26P00123 pending');
  await submit(m, 'Place a legal hold');
  await m.getByText('Under a legal hold since').waitFor();
  await look(m, 'records');
  const eraseA = async (expectStatus) => {
    await m.getByLabel('Whose data').selectOption({ label: `${a.name}, party` });
    await m.getByLabel('The request and its legal basis').fill('E-mail of 2026-12-07, GDPR Art. 17(1)(a)');
    await m.getByLabel('Your password, again').fill(server.account('maya.patel@accord.example').password);
    await submit(m, 'Erase their data', { expectStatus });
  };
  await eraseA(400);
  await m.getByText('nothing in it may be erased until the hold is lifted').first().waitFor();
  await assertAccessible(m);
  await m.getByLabel('Why it may be lifted').fill('Proceedings concluded');
  await submit(m, 'Lift the legal hold');
  await eraseA();
  await m.getByRole('cell', { name: 'E-mail of 2026-12-07, GDPR Art. 17(1)(a)' }).waitFor();
  for (const page of [m, pb.page]) {
    await page.goto(caseUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(a.name));
  }

  // Party A's settings: accessible and light too.
  await pa.page.goto('/settings');
  await pa.page.getByRole('heading', { level: 1 }).waitFor();
  await look(pa.page, 'settings');

  // The coordinator's page: caseload and figures, never a word of the case.
  const coordinator = await newContext(browser, { baseURL: server.url });
  await signIn(coordinator.page, server.account('coordinator@accord.example'));
  await coordinator.page.goto('/programme');
  await coordinator.page.getByRole('heading', { level: 1 }).waitFor();
  await look(coordinator.page, 'coordinator');
  await assertNoneContains(coordinator.recorder, [...canaryA, ...canaryB, 'Weekday schedule']);
  await coordinator.context.close();

  for (const ctx of [mediator, pa, pb]) {
    await assertSecurityHeaders(ctx.recorder);
    assertLoopbackOnly(ctx.recorder);
    await ctx.context.close();
  }
}));
