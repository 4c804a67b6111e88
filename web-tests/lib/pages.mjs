// Steps people take on Accord's pages, written once for every test: sign in with the form,
// press a button and wait for the answer, read a step of the after-session sequence.

import assert from 'node:assert/strict';

/** Signs in through the sign-in form and waits for the start page. */
export async function signIn(page, account) {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').first().fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await submit(page, 'Sign in');
  assert.equal(new URL(page.url()).pathname, '/', `signed in as ${account.email}`);
}

/** Presses the button named `name` (the first, unless it is a locator) and waits for the
 * page it leads to; fails on an answer of 400 or more, naming it. */
export async function submit(page, name, { expectStatus } = {}) {
  const button = typeof name === 'string' ? page.getByRole('button', { name, exact: true }).first() : name;
  const [answer] = await Promise.all([page.waitForNavigation(), button.click()]);
  const status = answer?.status() ?? 0;
  if (expectStatus !== undefined) {
    assert.equal(status, expectStatus, `pressing ${name}`);
  } else if (status >= 400) {
    const text = await page.locator('main').innerText().catch(() => '');
    assert.fail(`pressing ${JSON.stringify(name)} answered ${status}:\n${text.slice(0, 800)}`);
  }
  return answer;
}

/** The after-session step `label` says it is done. */
export async function checked(page, label) {
  const step = page.locator('ol.steps li', { hasText: label });
  await step.waitFor();
  assert.match(await step.innerText(), /Done/, `the step "${label}" is done`);
}
