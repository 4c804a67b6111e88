// Safety screening in the browser, on the demo child-arrangements case: the mediator screens
// Amira (shuttle only) through the safety page's form; a joint session is then refused on the
// case page, the problem beside the override field, and taken with an override and its reason;
// the mediator pauses the case; Ben's browser shows only that it is paused, and Amira gives her
// safe contact from her own page. Neither party's browser ever receives the screening's words,
// the override's or the pause's reason, or the other party's contact. Every page is checked
// with axe and weighed; the README's screenshot is taken on the way.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import {
  assertAccessible,
  assertNoneContains,
  assertPageWeight,
  launchBrowser,
  newContext,
  screenshots,
} from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { signIn, submit } from './lib/pages.mjs';

const server = await startServer();
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await server.stop();
});

const TITLE = /Ahmed & Brown/;

async function person(email) {
  const ctx = await newContext(browser, { baseURL: server.url });
  await signIn(ctx.page, server.account(email));
  await ctx.page.getByRole('link', { name: TITLE }).first().click();
  await ctx.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  return ctx;
}

async function look(page, shot) {
  await assertAccessible(page);
  await assertPageWeight(page, page.url());
  if (shot) await screenshots(page, shot);
}

test('a shuttle-only screening refuses a joint session until overridden; a pause tells the parties only that', { timeout: 180_000 }, server.logged(async () => {
  const fear = `Afraid-of-Ben-${randomUUID()}`;
  const override = `Closing-session-${randomUUID()}`;
  const pause = `Police-called-${randomUUID()}`;
  const phone = `07700-${randomUUID().slice(0, 6)}`;

  const maya = await person('maya.patel@accord.example');
  const m = maya.page;
  const caseUrl = m.url();
  await m.getByRole('link', { name: 'Safety screening and pauses' }).click();
  await m.getByRole('heading', { level: 1, name: 'Safety' }).waitFor();
  await look(m);

  // Screening Amira: an answer missing is refused, beside the form, and nothing is lost.
  const form = m.locator('#screen-form');
  await form.getByLabel('Party').selectOption({ label: 'Amira Ahmed' });
  await submit(m, 'Record the screening', { expectStatus: 400 });
  await m.getByText('answer every question').first().waitFor();
  await assertAccessible(m);
  const answer = async (question, concern, detail) => {
    const set = m.locator('#screen-form fieldset', { hasText: question });
    await set.getByLabel(concern, { exact: true }).check();
    if (detail) await set.getByLabel('What they said (optional)').fill(detail);
  };
  await answer('Domestic abuse', 'yes', 'Coercive control alleged');
  await answer('Threats', 'no');
  await answer('afraid of the other party', 'yes', fear);
  await answer('child’s safety', 'no');
  await answer('imbalance of power', 'unsure');
  await answer('decide for itself', 'no');
  await m.getByLabel('Your judgement').selectOption('suitable-with-adaptations');
  await m.getByLabel('shuttle-only').check();
  await submit(m, 'Record the screening');
  await m.getByRole('cell', { name: fear }).waitFor();
  await look(m, 'safety');

  // A joint session is refused on the case page; with an override and a reason it is taken.
  await m.goto(caseUrl);
  await m.getByText('Schedule a session').click();
  await m.getByLabel("Starts at (the case's local time)").fill('2027-01-19T10:00');
  await m.locator('#session-format').selectOption('joint');
  await submit(m, 'Schedule it', { expectStatus: 400 });
  await m.locator('#session-override_reason-error').getByText('shuttle only').waitFor();
  await assertAccessible(m);
  await m.getByLabel("Starts at (the case's local time)").fill('2027-01-19T10:00');
  await m.locator('#session-format').selectOption('joint');
  await m.getByLabel(/Override the safety screening/).fill(override);
  await submit(m, 'Schedule it');

  // The mediator pauses the case from the safety page.
  await m.getByRole('link', { name: 'Safety screening and pauses' }).click();
  await m.getByLabel('Why the case is paused (for you alone)').fill(pause);
  await submit(m, 'Pause the case');
  await m.getByText('Paused since').first().waitFor();
  assert.match(await m.locator('main').innerText(), new RegExp(override));

  // Ben sees that the case is paused, and nothing else of it.
  const ben = await person('ben.brown@accord.example');
  await ben.page.getByText(/no sessions until it resumes/).waitFor();
  await look(ben.page);

  // Amira gives her safe contact from her own page.
  const amira = await person('amira.ahmed@accord.example');
  const a = amira.page;
  await a.getByText('How we may contact you safely', { exact: true }).click();
  await a.getByLabel('How to reach them').selectOption('phone');
  await a.getByLabel('Number, address or person to use').fill(phone);
  await a.getByLabel('Messages must say neither “Accord” nor “mediation”').check();
  await submit(a, 'Save how to contact me');
  await a.getByText(`Saved: phone ${phone}`).waitFor();
  await look(a);

  await ben.page.reload();
  await ben.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await assertNoneContains(ben.recorder, [fear, override, pause, phone, 'shuttle-only', 'Coercive control']);
  await assertNoneContains(amira.recorder, [fear, override, pause, 'shuttle-only']);
  // Not vacuous: the mediator's browser received each of them.
  await m.reload();
  for (const secret of [fear, phone, pause]) {
    await assert.rejects(assertNoneContains(maya.recorder, [secret]));
  }
  for (const ctx of [maya, ben, amira]) await ctx.context.close();
}));
