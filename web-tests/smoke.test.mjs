// The browser-test harness against the pages Accord has today (`/` and the e-mailed sign-in
// link's page): the real server starts, chromium drives it, and each check of ./lib (security
// headers, axe, page weight, the recorder, screenshots) runs on a real page. The page texts are
// not asserted: issue 14 replaces these pages.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { after, test } from 'node:test';
import { api, partiesByCase } from './lib/api.mjs';
import {
  assertAccessible,
  assertLoopbackOnly,
  assertNoConsoleErrors,
  assertNoneContains,
  assertPageWeight,
  launchBrowser,
  newContext,
  screenshots,
} from './lib/browser.mjs';
import { assertSecurityHeaders, assertSessionCookie, SESSION_COOKIE } from './lib/headers.mjs';
import { urlsIn } from './lib/mail.mjs';
import { startServer } from './lib/server.mjs';

const server = await startServer();
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await server.stop();
});

const hasSession = async (context) =>
  (await context.cookies()).some((c) => c.name === SESSION_COOKIE);

test('the start page: served safely, accessible, under 100 KB', { timeout: 60_000 }, server.logged(async () => {
  const { context, page, recorder } = await newContext(browser, { baseURL: server.url });
  const response = await page.goto('/');
  assert.equal(response.status(), 200);
  await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor(), 'the page has a heading');
  await assertAccessible(page);
  const weight = await assertPageWeight(page, '/');
  // The meter itself fails if a stylesheet, script or image the page names went uncounted.
  assert.ok(weight.resources.find((r) => r.type === 'document').bytes > 0);
  await assertSecurityHeaders(recorder);
  assertLoopbackOnly(recorder);
  assertNoConsoleErrors(recorder);
  await context.close();
}));

/** Asks for a sign-in link for `account` (through the API: there is no page for it yet) and
 * reads it from the mail the server sent. */
async function signInLink(context, account) {
  await api(context, server.url).post('/sign-in-links', { email: account.email }, { expect: 202 });
  const mail = await server.mail.waitFor({ to: account.email, text: `${server.url}/sign-in?` });
  const link = urlsIn(mail.text).find((u) => u.startsWith(`${server.url}/sign-in?`));
  assert.ok(link, `the mail holds a sign-in link to ${server.url}:\n${mail.text}`);
  return link;
}

test("the e-mailed sign-in link's page: accessible, light, and opening it does not sign in", { timeout: 60_000 }, server.logged(async () => {
  const { context, page, recorder } = await newContext(browser, { baseURL: server.url });
  const link = await signInLink(context, server.accounts.find((a) => a.role === 'coordinator'));
  const response = await page.goto(link);
  assert.equal(response.status(), 200);
  // Opening the link (as a mail scanner would) does not sign in; it shows a button.
  await assert.doesNotReject(page.getByRole('button', { name: /sign in/i }).waitFor(), 'a sign-in button');
  assert.equal(await hasSession(context), false, 'opening the link signed in');
  const [phone, desktop] = await screenshots(page, 'sign-in');
  assert.ok(statSync(phone).size > 1000 && statSync(desktop).size > 1000, 'screenshots written');
  await assertAccessible(page);
  await assertPageWeight(page, link);
  await assertSecurityHeaders(recorder);
  assertLoopbackOnly(recorder);
  assertNoConsoleErrors(recorder);
  await context.close();
}));

test('a demo mediator signs in by pressing the e-mailed link\'s button, which works once', {
  timeout: 60_000,
}, server.logged(async () => {
  const mediator = server.accounts.find((a) => a.role === 'mediator');
  assert.ok(mediator, 'the demo has a mediator account');
  const { context, page, recorder } = await newContext(browser, { baseURL: server.url });
  const link = await signInLink(context, mediator);
  await page.goto(link);
  const button = page.getByRole('button', { name: /sign in/i });
  const [answer] = await Promise.all([page.waitForNavigation(), button.click()]);
  assert.ok(answer.ok(), `pressing the button answered ${answer.status()}: ${await answer.text()}`);
  assert.equal(new URL(page.url()).pathname, '/', 'the start page after signing in');
  await assertSessionCookie(context);
  const me = await api(context, server.url).get('/me');
  assert.equal(me.user.email, mediator.email);
  await assertSecurityHeaders(recorder);

  // The same link in another browser: the button no longer signs anyone in.
  const other = await newContext(browser, { baseURL: server.url });
  await other.page.goto(link);
  await Promise.all([other.page.waitForNavigation(), other.page.getByRole('button', { name: /sign in/i }).click()]);
  assert.equal(await hasSession(other.context), false, 'a used link signed in a second time');
  await other.context.close();
  await context.close();
}));

test("one party's private note never reaches the other party's browser", { timeout: 60_000 }, server.logged(async () => {
  const [title, parties] = [...partiesByCase(server.accounts)].find(([, p]) => p.length >= 2) ?? [];
  assert.ok(title, 'the demo has a case with two party accounts');
  const [a, b] = await Promise.all(
    parties.slice(0, 2).map(async (account) => {
      const ctx = await newContext(browser, { baseURL: server.url });
      const user = await api(ctx.context, server.url).signIn(account);
      return { ...ctx, user, client: api(ctx.context, server.url) };
    }),
  );
  const { items } = await a.client.get('/cases');
  const caseId = items.find((c) => c.title === title)?.id;
  assert.ok(caseId, `party A sees the case ${title}`);
  const view = (await a.client.get(`/cases/${caseId}`)).view.case;
  const self = view.participants.find((p) => p.name === a.user.name && p.role === 'party');
  assert.ok(self, `${a.user.name} is a party of ${title}`);
  const canary = `canary-${randomUUID()}`;
  await a.client.post(`/cases/${caseId}/notes`, {
    text: `In private: ${canary}`,
    audience: { kind: 'party-and-mediator', party: self.id },
  });

  // Both browsers open the same addresses (the case as JSON, until it has a page).
  for (const { page } of [a, b]) {
    for (const path of ['/', '/api/v1/cases', `/api/v1/cases/${caseId}`]) {
      const response = await page.goto(path);
      assert.equal(response.status(), 200, path);
    }
  }
  await assertNoneContains(b.recorder, [canary]);
  // The search is not vacuous: party A's browser did receive it, and it is named.
  await assert.rejects(assertNoneContains(a.recorder, [canary]), (e) => {
    assert.match(e.message, new RegExp(`/api/v1/cases/${caseId}.*${canary}`));
    return true;
  });
  await a.context.close();
  await b.context.close();
}));
