// The first steps of a family case in the browser, on the demo child-arrangements case: the
// mediator invites Ben to mediate with a date to answer by; Ben declines in writing on his
// own page, with reasons he keeps between himself and the mediator; Amira's page says he
// declined and never why. The mediator records Amira's MIAM and issues its confirmation; her
// page shows the last day it supports a court application. Every page is checked with axe
// and weighed.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import {
  assertAccessible,
  assertNoneContains,
  assertPageWeight,
  launchBrowser,
  newContext,
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

// The text of the PDF a link downloads, as pdftotext (poppler-utils) reads it.
async function downloadedText(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
}

async function look(page) {
  await assertAccessible(page);
  await assertPageWeight(page, page.url());
}

test('an invitation declined in writing, and a MIAM confirmation with its expiry', { timeout: 180_000 }, server.logged(async () => {
  const reasons = `Not-ready-${randomUUID()}`;
  const maya = await person('maya.patel@accord.example');
  const m = maya.page;

  await m.getByText('Invite a party to mediate').click();
  await m.getByLabel('Who to invite').selectOption({ label: 'Ben Brown' });
  await m.getByLabel('Answer by').fill('2030-01-08');
  await submit(m, 'Invite');
  await m.getByRole('cell', { name: 'Awaiting an answer' }).waitFor();

  // Ben answers on his own page: without reasons the decline is refused, beside the field.
  const ben = await person('ben.brown@accord.example');
  const b = ben.page;
  await b.getByText('Your answer, by 8 January 2030').waitFor();
  await look(b);
  await b.getByLabel('I decline').check();
  await submit(b, 'Send my answer', { expectStatus: 400 });
  await b.locator('#answer-text-error').waitFor();
  await assertAccessible(b);
  await b.getByLabel('I decline').check();
  await b.getByLabel('Your reasons, or the times that suit you').fill(reasons);
  await submit(b, 'Send my answer');
  await b.getByRole('cell', { name: /^Declined on/ }).waitFor();

  // Amira sees that Ben declined, never why.
  const amira = await person('amira.ahmed@accord.example');
  await amira.page.getByRole('cell', { name: /^Declined on/ }).waitFor();
  await assertNoneContains(amira.recorder, [reasons]);

  // The mediator reads the reasons, records Amira's MIAM and issues its confirmation.
  await m.reload();
  await m.getByRole('cell', { name: reasons }).waitFor();
  await m.getByText('Record a MIAM').click();
  await m.locator('#miam-party').selectOption({ label: 'Amira Ahmed' });
  await m.getByLabel('Day of the MIAM').fill('2026-11-20');
  await m.getByLabel('How long, in minutes').fill('50');
  await m.getByLabel('Mediator who conducted it').fill('Maya Patel');
  await m.getByLabel('Their FMC registration number').fill('FMC-4521');
  await m.getByLabel('Held online').check();
  await m.getByLabel('What you found').selectOption('other-party-declined');
  await submit(m, 'Record the MIAM');
  await submit(m, m.getByRole('button', { name: /Issue the confirmation for Amira Ahmed/ }));
  await m.getByText('on or before 20 March 2027').first().waitFor();
  await look(m);

  await amira.page.reload();
  await amira.page.getByText('on or before 20 March 2027').waitFor();
  await look(amira.page);
  // Her confirmation as a PDF, from the link beside it: its facts, its last day, whose record.
  const confirmation = await downloadedText(amira.page,
    amira.page.getByRole('link', { name: "PDF of Amira Ahmed's confirmation" }));
  for (const fact of ['MIAM confirmation', 'FMC-4521', 'Saturday 20 March 2027', 'As Amira Ahmed sees it']) {
    assert.ok(confirmation.includes(fact), `${fact} in: ${confirmation}`);
  }
  // Ben's written answer, as she downloads it: that he declined, never why.
  const answer = await downloadedText(amira.page,
    amira.page.getByRole('link', { name: "PDF of Ben Brown's answer" }));
  assert.ok(answer.includes('Declined mediation'), answer);
  assert.ok(!answer.includes(reasons), answer);
  await ben.page.reload();
  await ben.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await assertNoneContains(ben.recorder, ['FMC-4521', '20 March 2027']);
  for (const ctx of [maya, ben, amira]) await ctx.context.close();
}));
