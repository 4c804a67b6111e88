// The harness's own checks can fail: each is shown a page that is wrong on purpose (served by a
// throw-away loopback server here, not by Accord) and must say so, naming what is wrong.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import {
  assertAccessible,
  assertLoopbackOnly,
  assertNoConsoleErrors,
  assertNoneContains,
  assertPageWeight,
  launchBrowser,
  measurePageWeight,
  newContext,
} from './lib/browser.mjs';
import { assertSecurityHeaders, htmlResponseProblems, sessionCookieProblems } from './lib/headers.mjs';
import { parseMessage, startMailSink, urlsIn } from './lib/mail.mjs';

const GOOD_CSP = "default-src 'self'; script-src 'nonce-abc123'; frame-ancestors 'none'";
const page = (body, headers = {}) => ({
  url: 'http://127.0.0.1/x',
  method: 'GET',
  status: 200,
  contentType: 'text/html',
  headers: { 'content-security-policy': GOOD_CSP, 'cache-control': 'no-store', ...headers },
  setCookies: [],
  body,
});

test('security headers: a right page passes, and each wrong one is named', () => {
  assert.deepEqual(htmlResponseProblems(page('<p>hello</p><script nonce="abc123" src="/a.js"></script>')), []);
  const cases = [
    [page('<p>x</p>', { 'content-security-policy': undefined }), /no Content-Security-Policy/],
    [page('<p>x</p>', { 'content-security-policy': "default-src 'self'" }), /frame-ancestors 'none'/],
    [page('<p>x</p>', { 'cache-control': 'private' }), /not no-store/],
    [page('<script>alert(1)</script>', { 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" }), /names no nonce/],
    [page('<script nonce="other">alert(1)</script>'), /nonce "other", the policy's is "abc123"/],
    [page('<script src="/a.js"></script>'), /nonce null/],
    [page('<button onclick="go()">Go</button>'), /inline event handler \(onclick=\)/],
    [page('<p style="color:red">x</p>'), /style="…" attribute/],
    [page('<style>p{}</style>'), /<style> but the policy names no nonce/],
  ];
  for (const [entry, problem] of cases) {
    assert.match(htmlResponseProblems(entry).join('\n'), problem, entry.body);
  }
});

test('security headers: the session cookie must be HttpOnly and SameSite Lax or Strict', () => {
  assert.deepEqual(sessionCookieProblems('accord_session=t; HttpOnly; SameSite=Lax; Path=/'), []);
  assert.deepEqual(sessionCookieProblems('accord_session=t; httponly; samesite=strict'), []);
  assert.match(sessionCookieProblems('accord_session=t; SameSite=Lax').join(), /not HttpOnly/);
  assert.match(sessionCookieProblems('accord_session=t; HttpOnly; SameSite=None; Secure').join(), /not SameSite/);
  assert.match(sessionCookieProblems('accord_session=t; HttpOnly').join(), /not SameSite/);
  assert.deepEqual(sessionCookieProblems('other=1'), [], 'only the session cookie is judged');
});

test('security headers: two pages with one nonce fail', async () => {
  const recorder = {
    responses: [page('<p>a</p>'), { ...page('<p>b</p>'), url: 'http://127.0.0.1/y' }],
    async html() {
      return this.responses;
    },
  };
  await assert.rejects(assertSecurityHeaders(recorder), /\/y reuses the nonce of http:\/\/127\.0\.0\.1\/x/);
});

test('mail: a quoted-printable message is read as a mail client shows it', () => {
  const m = parseMessage(
    'Subject: =?utf-8?b?WW91ciBzaWduLWluIGxpbmsg4oCU?=\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
      'Use http://127.0.0.1:1/sign-in?token=3Dab=\r\ncd now.\r\n',
  );
  assert.equal(m.subject, 'Your sign-in link —');
  assert.deepEqual(urlsIn(m.text), ['http://127.0.0.1:1/sign-in?token=abcd']);
});

// A loopback server with pages wrong on purpose.
const big = 'x'.repeat(120 * 1024);
const site = http.createServer((req, res) => {
  const html = (body) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>` +
      `<link rel="stylesheet" href="/s.css"></head><body><main><h1>t</h1>${body}</main></body></html>`);
  };
  if (req.url === '/s.css') {
    res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'no-store' });
    res.end(`/* ${'c'.repeat(10 * 1024)} */ body { font-family: sans-serif; }`);
  } else if (req.url === '/heavy') html(`<p>${big}</p>`);
  else if (req.url === '/light') html('<p>light</p>');
  else if (req.url === '/inaccessible') html('<img src="/s.css"><input type="text">');
  else if (req.url === '/secret') html('<p>the canary-42 is here</p>');
  else if (req.url.startsWith('/chain/')) {
    const n = Number(req.url.slice('/chain/'.length));
    html(`<p>page ${n} canary-${n}</p><a href="/chain/${n + 1}">next</a>`);
  } else if (req.url === '/broken') html('<p>x</p><script src="/missing.js"></script>');
  else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not here');
  }
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${site.address().port}`;
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await new Promise((resolve) => site.close(resolve));
});

test('page weight: the document and its stylesheet are counted; above 100 KB fails', { timeout: 60_000 }, async () => {
  const { context, page } = await newContext(browser, { baseURL: base });
  const light = await assertPageWeight(page, '/light');
  const css = light.resources.find((r) => r.url === `${base}/s.css`);
  assert.ok(css && css.bytes > 10 * 1024, `the stylesheet's 10 KB are counted: ${JSON.stringify(light.resources)}`);
  const heavy = await measurePageWeight(page, '/heavy');
  assert.ok(heavy.total > 130 * 1024, `120 KB + 10 KB measured as ${heavy.total}`);
  await assert.rejects(assertPageWeight(page, '/heavy'), /\/heavy weighs \d+ bytes, over 102400/);
  // A navigation by a click is measured too.
  await page.goto('/light');
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/heavy';
    a.textContent = 'heavy';
    document.body.append(a);
  });
  const clicked = await measurePageWeight(page, () => page.getByRole('link', { name: 'heavy' }).click());
  assert.ok(clicked.total > 130 * 1024 && clicked.url === `${base}/heavy`);
  await context.close();
});

test('axe: serious and critical violations fail, each named', { timeout: 60_000 }, async () => {
  const { context, page } = await newContext(browser, { baseURL: base });
  await page.goto('/light');
  await assertAccessible(page);
  await page.goto('/inaccessible');
  await assert.rejects(assertAccessible(page), (e) => {
    assert.match(e.message, /\[critical\] image-alt/);
    assert.match(e.message, /\[critical\] label/);
    return true;
  });
  await context.close();
  const scriptless = await newContext(browser, { baseURL: base, javaScriptEnabled: false });
  await scriptless.page.goto('/light');
  await assert.rejects(assertAccessible(scriptless.page), /needs a context with JavaScript enabled/);
  await scriptless.context.close();
});

test('recorder: a string in any page is found and named; console errors are kept', { timeout: 60_000 }, async () => {
  const { context, page, recorder } = await newContext(browser, { baseURL: base });
  await page.goto('/light');
  await assertNoneContains(recorder, ['canary-42']);
  await page.goto('/secret');
  await page.goto('/light');
  await assert.rejects(assertNoneContains(recorder, ['canary-42']), /GET http:\/\/127\.0\.0\.1:\d+\/secret \(200\) contains "canary-42"/);
  assert.ok(recorder.responses.some((r) => r.url === `${base}/s.css` && r.body.includes('font-family')));
  await page.goto('/broken');
  assert.throws(() => assertNoConsoleErrors(recorder), /404/);
  await context.close();
});

test('recorder: keeps every body when pages follow one another at once', { timeout: 60_000 }, async () => {
  const { context, page, recorder } = await newContext(browser, { baseURL: base });
  for (let n = 0; n < 15; n++) await page.goto(`/chain/${n}`);
  for (let n = 15; n <= 30; n++) {
    await Promise.all([page.waitForURL(`**/chain/${n}`), page.getByRole('link', { name: 'next' }).click()]);
  }
  const html = await recorder.html();
  assert.equal(html.length, 31);
  assert.deepEqual(html.filter((r) => r.bodyRead !== 'held').map((r) => `${r.url}: ${r.bodyRead} ${r.bodyError}`), []);
  for (let n = 0; n <= 30; n++) {
    await assert.rejects(assertNoneContains(recorder, [`canary-${n}<`]), new RegExp(`/chain/${n} \\(200\\)`));
  }
  await context.close();
});

test('only loopback: the browser reaches no other host, and a request for one is reported', { timeout: 60_000 }, async () => {
  const { context, page, recorder } = await newContext(browser, { baseURL: base });
  await page.goto('/light');
  assertLoopbackOnly(recorder);
  for (const url of ['http://example.com/', 'http://93.184.215.14/']) {
    await assert.rejects(page.goto(url), /ERR_NAME_NOT_RESOLVED/);
  }
  assert.throws(() => assertLoopbackOnly(recorder), /requests left loopback/);
  assert.deepEqual(recorder.offsite, ['http://example.com/', 'http://93.184.215.14/']);
  await context.close();
});

test('mail sink: accepts SMTP and keeps the message', async () => {
  const sink = await startMailSink();
  const net = await import('node:net');
  const port = Number(new URL(sink.url.replace('smtp:', 'http:')).port);
  const lines = ['EHLO t', 'MAIL FROM:<a@x>', 'RCPT TO:<b@y>', 'DATA', 'Subject: hi', '', '..dot', '.', 'QUIT'];
  await new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let sent = false;
    s.on('data', () => {
      if (!sent) {
        sent = true;
        s.write(lines.map((l) => `${l}\r\n`).join(''));
      }
    });
    s.on('close', resolve);
    s.on('error', reject);
  });
  const m = await sink.waitFor({ to: 'b@y', subject: 'hi' });
  assert.equal(m.text, '.dot');
  await assert.rejects(sink.waitFor({ to: 'nobody@y' }, 200), /no mail matching/);
  await sink.close();
});
