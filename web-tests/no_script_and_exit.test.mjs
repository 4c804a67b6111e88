// Two promises of issue 14 that people in trouble rely on: every core flow works with
// JavaScript switched off (accept an invitation, record an outcome, add a debrief, confirm the
// memorandum), and the quick exit leaves at once — by its button, with or without script, and
// by pressing Shift three times — ends the session on the server, and leaves nothing to go
// back to.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { after, test } from 'node:test';
import { api } from './lib/api.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { SESSION_COOKIE } from './lib/headers.mjs';
import { freePort, startServer } from './lib/server.mjs';
import { checked, signIn, submit } from './lib/pages.mjs';

// The neutral page the exit goes to: a server of the test's own on loopback.
const neutralPort = await freePort();
const neutral = http.createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><title>Weather</title><h1>Weather today</h1>');
});
await new Promise((ok) => neutral.listen(neutralPort, '127.0.0.1', ok));
const EXIT = `http://127.0.0.1:${neutralPort}/weather`;

const server = await startServer({ args: ['--exit-url', EXIT] });
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await server.stop();
  neutral.close();
});

/** A case opened by the demo mediator through the API, with one party invited; the link. */
async function caseWithInvitation(tag) {
  const { context } = await newContext(browser, { baseURL: server.url });
  const client = api(context, server.url);
  await client.signIn(server.account('maya.patel@accord.example'));
  const opened = await client.post('/cases', {
    title: `No script ${tag}`, dispute_type: 'workplace', jurisdiction: 'england-wales',
    time_zone: 'Europe/London',
  });
  const caseId = opened.case;
  let version = opened.version;
  const add = async (path, body) => {
    const r = await client.post(`/cases/${caseId}${path}`, { ...body, expected_version: version });
    version = r.version;
    return r;
  };
  const party = await add('/participants', { name: `Pat ${tag}`, role: 'party', authority_to_settle: true });
  await add('/issues', { title: 'Working hours' });
  const session = await add('/sessions', { starts_at: '2026-11-30T10:00:00Z', format: 'joint' });
  await add(`/sessions/${session.id}/held`, { held_on: '2026-11-30', format: 'joint', attendees: [party.id] });
  const invited = await client.post(`/cases/${caseId}/invitations`, { participant: party.id, email: `pat.${tag}@example.org` });
  await context.close();
  return { caseId, session: session.id, link: `${server.url}${invited.accept_url}` };
}

test('without JavaScript: accept an invitation, record an outcome, add a debrief, confirm the memorandum', { timeout: 120_000 }, server.logged(async () => {
  const tag = randomUUID().slice(0, 8);
  const { caseId, session, link } = await caseWithInvitation(tag);
  const party = await newContext(browser, { baseURL: server.url, javaScriptEnabled: false });
  const p = party.page;
  await p.goto(link);
  await p.getByLabel('Choose a password').fill(`pat-password-${tag}`);
  // A mistyped second password: the error beside the field, nothing joined.
  await p.getByLabel('Type the password again').fill('something else');
  await submit(p, 'Join the case', { expectStatus: 400 });
  await p.getByText('The two passwords are not the same.').first().waitFor();
  await p.getByLabel('Choose a password').fill(`pat-password-${tag}`);
  await p.getByLabel('Type the password again').fill(`pat-password-${tag}`);
  await submit(p, 'Join the case');
  assert.equal(new URL(p.url()).pathname, '/');

  const mediator = await newContext(browser, { baseURL: server.url, javaScriptEnabled: false });
  const m = mediator.page;
  await signIn(m, server.account('maya.patel@accord.example'));
  const afterPath = `/cases/${caseId}/sessions/${session}/after`;
  await m.goto(afterPath);
  await m.getByLabel('No agreement', { exact: true }).check();
  await submit(m, 'Save the outcome');
  await checked(m, 'How the session ended');

  await p.goto(afterPath);
  await p.getByLabel('What you cannot accept (one per line)').fill('Weekend shifts');
  await submit(p, 'Save my debrief');
  await checked(p, 'Your debrief (private)');

  await m.goto(afterPath);
  await submit(m, 'Issue it for confirmation');
  await checked(m, 'Lock down the terms');
  await p.goto(`/cases/${caseId}`);
  await p.getByLabel('Your password, to confirm it is you').fill(`pat-password-${tag}`);
  await submit(p, 'Confirm version 1');
  await p.getByText('Confirmed by every party').waitFor();
  await party.context.close();
  await mediator.context.close();
}));

/** A demo party signed in on its case page; its session cookie's value. */
async function partyOnCase(javaScriptEnabled) {
  const ctx = await newContext(browser, { baseURL: server.url, javaScriptEnabled });
  await signIn(ctx.page, server.account('ben.brown@accord.example'));
  await ctx.page.getByRole('table').getByRole('link', { name: /Ahmed & Brown/ }).click();
  await ctx.page.getByRole('heading', { level: 1, name: /Ahmed & Brown/ }).waitFor();
  const cookie = (await ctx.context.cookies()).find((c) => c.name === SESSION_COOKIE);
  assert.ok(cookie, 'signed in');
  return { ...ctx, cookie: cookie.value };
}

/** The old session cookie, sent again by hand, signs nobody in. */
async function assertSessionEnded(cookie) {
  const r = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
  assert.equal(r.status, 401, 'the session still works after the quick exit');
}

for (const [how, leave] of [
  ['the button', (page) => page.getByRole('button', { name: /Exit this page/ }).click()],
  ['Shift pressed three times', async (page) => {
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift');
  }],
]) {
  test(`quick exit by ${how}: the neutral page at once, no way back, the session ended`, { timeout: 60_000 }, server.logged(async () => {
    const { context, page, cookie } = await partyOnCase(true);
    const caseUrl = page.url();
    await Promise.all([page.waitForURL(EXIT), leave(page)]);
    await page.getByRole('heading', { name: 'Weather today' }).waitFor();
    await assertSessionEnded(cookie);
    // Back does not return to the case: its page was replaced, and the one before it asks
    // for a sign-in now.
    await page.goBack().catch(() => {});
    assert.notEqual(page.url(), caseUrl, 'Back returned to the page that was left');
    const shown = await page.locator('body').innerText();
    assert.doesNotMatch(shown, /Ahmed & Brown/, 'Back shows the case');
    assert.equal((await context.cookies()).some((c) => c.name === SESSION_COOKIE && c.value), false);
    await context.close();
  }));
}

test('quick exit without JavaScript: the button still leaves and ends the session', { timeout: 60_000 }, server.logged(async () => {
  const { context, page, cookie } = await partyOnCase(false);
  await Promise.all([page.waitForURL(EXIT), page.getByRole('button', { name: /Exit this page/ }).click()]);
  await assertSessionEnded(cookie);
  await page.goBack().catch(() => {});
  assert.doesNotMatch(await page.locator('body').innerText(), /Ahmed & Brown/, 'Back shows the case');
  await context.close();
}));

test('a mediator sees no exit button; every page a party sees has one', { timeout: 60_000 }, server.logged(async () => {
  const { context, page } = await newContext(browser, { baseURL: server.url });
  await page.goto('/sign-in');
  assert.equal(await page.getByRole('button', { name: /Exit this page/ }).count(), 1, 'the sign-in page');
  await signIn(page, server.account('maya.patel@accord.example'));
  assert.equal(await page.getByRole('button', { name: /Exit this page/ }).count(), 0, 'a mediator');
  await context.close();
}));


