// Reality-testing in the browser, on the demo personal-injury case: Grace Okafor works out the
// example risk tree against the $60,000 offer and sees the figures and the chart; the mediator
// opens an overlap check, Grace and Hudson's adjuster each enter a figure, and neither browser
// (nor the mediator's) ever receives the other side's number. Every page is checked with axe
// and weighed; the README's screenshot is taken on the way.

import assert from 'node:assert/strict';
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

const TITLE = 'Okafor v. Hudson Freight Lines';

async function person(email) {
  const ctx = await newContext(browser, { baseURL: server.url });
  await signIn(ctx.page, server.account(email));
  await ctx.page.getByRole('link', { name: TITLE }).first().click();
  await ctx.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await ctx.page.getByRole('link', { name: /reality-testing/i }).click();
  await ctx.page.getByRole('heading', { level: 1, name: 'Reality-testing' }).waitFor();
  return ctx;
}

async function look(page, shot) {
  await assertAccessible(page);
  await assertPageWeight(page, page.url());
  if (shot) await screenshots(page, shot);
}

test('a party weighs trial against the offer; an overlap check keeps each figure with its side', { timeout: 180_000 }, server.logged(async () => {
  const grace = await person('grace.okafor@accord.example');
  const g = grace.page;
  await look(g);

  // The risk tree: the example personal-injury tree against the offer on the table.
  await g.getByLabel('Start from an example tree').selectOption('personal-injury');
  await g.getByLabel('The offer on the table').fill('60,000 USD');
  await g.getByLabel('Your yearly discount rate, in per cent').fill('5');
  // The answer is the POST's own page (nothing is stored to GET again): weighed as it loads.
  await assertPageWeight(g, () => submit(g, 'Work it out'));
  const figures = await g.locator('#risk-result + dl').innerText();
  assert.match(figures, /Chance that going on beats it/);
  assert.match(figures, /60,000\.00 USD/);
  assert.match(figures, /P10 \/ median \/ P90/);
  assert.ok(await g.locator('figure svg[role="img"]').isVisible(), 'the chart is shown');
  assert.match(await g.locator('figure figcaption').innerText(), /The offer of 60,000 USD sits at/);
  await assertAccessible(g);
  await screenshots(g, 'reality-testing');

  // The mediator opens an overlap check: Grace receiving, Hudson paying, two rounds.
  const robert = await person('robert.chen@accord.example');
  const r = robert.page;
  await r.getByLabel('The side that would receive money').selectOption({ label: 'Grace Okafor' });
  await r.getByLabel('The side that would pay').selectOption({ label: 'Hudson Freight Lines' });
  await r.getByLabel('Currency').fill('USD');
  await r.getByLabel('Rounds (1 to 5)').fill('2');
  await submit(r, 'Open the overlap check');
  await r.getByText('Overlap check 1: Grace Okafor (receiving)').waitFor();

  const priya = await person('priya.shah@accord.example');
  await g.reload();
  await g.getByLabel(/Your figure for round 1/).fill('87,501');
  await submit(g, 'Enter my figure');
  await g.getByText('Round 1: 87,501.00 USD').waitFor();
  await priya.page.reload();
  await priya.page.getByLabel(/Your figure for round 1/).fill('61,203');
  await submit(priya.page, 'Enter my figure');
  for (const ctx of [grace, priya, robert]) {
    await ctx.page.reload();
    await ctx.page.getByText('Round 1: no overlap').waitFor();
  }
  await look(r);
  await assertNoneContains(priya.recorder, ['87,501', '87501', '8750100']);
  await assertNoneContains(grace.recorder, ['61,203', '61203', '6120300']);
  await assertNoneContains(robert.recorder, ['87,501', '8750100', '61,203', '6120300']);
  // Not vacuous: each side's own browser did receive its own figure.
  await assert.rejects(assertNoneContains(grace.recorder, ['87,501']));
  for (const ctx of [grace, priya, robert]) await ctx.context.close();
}));
