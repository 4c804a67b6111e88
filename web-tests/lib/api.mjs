// The JSON API from inside a browser context, for a test's set-up: the requests share the
// context's cookies, so signing in here signs that context's pages in too. (Requests made this
// way send no Origin header, like curl, so the cross-origin rule lets them through.) Test what
// a user sees through pages; use this only to arrange what the pages are then shown.
//
//   const amira = api(context, server.url);
//   await amira.signIn(server.account('amira.ahmed@accord.example'));
//   const { items } = await amira.get('/cases');

import assert from 'node:assert/strict';

/** A small client for `${baseUrl}/api/v1` over `context.request`. */
export function api(context, baseUrl) {
  const url = (p) => `${baseUrl}/api/v1${p}`;
  const call = async (method, path, { data, headers, expect } = {}) => {
    const response = await context.request.fetch(url(path), { method, data, headers });
    const text = await response.text();
    const ok = expect === undefined ? response.ok() : response.status() === expect;
    assert.ok(ok, `${method} ${path} answered ${response.status()}: ${text.slice(0, 500)}`);
    return text && /json/.test(response.headers()['content-type'] || '') ? JSON.parse(text) : text;
  };
  return {
    get: (path, opts) => call('GET', path, opts),
    post: (path, data, opts = {}) => call('POST', path, { ...opts, data }),
    delete: (path, opts) => call('DELETE', path, opts),
    /** Signs the context in with an account's e-mail and password; resolves to the user. */
    signIn: async ({ email, password }) => (await call('POST', '/session', { data: { email, password } })).user,
  };
}

/**
 * Demo party accounts grouped by case, from how `serve --demo` describes them
 * (`Amira Ahmed (party) in "Ahmed & Brown — …"`): Map { case title → [account, …] }.
 */
export function partiesByCase(accounts) {
  const byCase = new Map();
  for (const account of accounts) {
    const m = /\(party\) in "(.*)"$/.exec(account.who);
    if (!m) continue;
    if (!byCase.has(m[1])) byCase.set(m[1], []);
    byCase.get(m[1]).push(account);
  }
  return byCase;
}
