// Debian's chromium (/usr/bin/chromium) driven by playwright-core, and what the browser tests
// check with it: every response a context received (the recorder, for canary searches), the
// weight of a page, accessibility (axe-core), and screenshots for the README.
//
//   const browser = await launchBrowser();
//   const { context, page, recorder } = await newContext(browser, { baseURL: server.url });
//   await page.goto('/sign-in');
//   await assertAccessible(page);
//   await assertNoneContains(recorder, ['a canary']);

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from './server.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Only loopback: every host but localhost and 127.0.0.1 (IP addresses included) fails to
  // resolve, so nothing else can be reached.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];
export const PAGE_WEIGHT_LIMIT = 100 * 1024;
/** Where screenshots go: docs/screenshots/, or $ACCORD_SCREENSHOT_DIR. */
export const screenshotDir = () =>
  path.resolve(REPO_ROOT, process.env.ACCORD_SCREENSHOT_DIR || 'docs/screenshots');
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 768 },
};

/** Launches headless chromium. Close it in an `after` hook: `after(() => browser.close())`. */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * A new browser context (its own cookies: one person), with a recorder and a first page.
 * Options are Playwright's `browser.newContext` options, e.g. `baseURL: server.url` (then
 * `page.goto('/')` works) and `javaScriptEnabled: false` for the no-JavaScript flows.
 * Resolves to { context, page, recorder }.
 */
export async function newContext(browser, { javaScriptEnabled = true, ...options } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled,
    viewport: VIEWPORTS.desktop,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    ...options,
  });
  scriptless.set(context, !javaScriptEnabled);
  const recorder = record(context);
  const page = await context.newPage();
  await recorder.watching(page);
  return { context, page, recorder };
}

const scriptless = new WeakMap();

const TEXTUAL = /^(text\/|application\/(json|xml|javascript|problem\+json)|[^;]*\+(json|xml))/i;
const isLoopback = (url) => {
  let host;
  try {
    ({ hostname: host } = new URL(url));
  } catch {
    return true;
  }
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
};

/**
 * Holds each response of `page` until its body has been read, through the DevTools protocol
 * (Fetch, at the response stage): chromium forgets a body once the page navigates on, so a
 * body read after the fact can be lost when a test clicks on at once. `keep(key, body)` gets
 * `"METHOD url"` and the text. Resolves once the page is held.
 */
async function holdBodies(page, keep) {
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Fetch.requestPaused', async (e) => {
    const status = e.responseStatusCode ?? 0;
    const type = (e.responseHeaders || []).find((h) => h.name.toLowerCase() === 'content-type')?.value || '';
    try {
      if (status && (status < 300 || status >= 400) && TEXTUAL.test(type)) {
        const { body, base64Encoded } = await cdp.send('Fetch.getResponseBody', { requestId: e.requestId });
        keep(`${e.request.method} ${e.request.url}`, Buffer.from(body, base64Encoded ? 'base64' : 'utf8').toString('utf8'));
      }
    } catch {
      // the response went away (its page closed); the recorder reads it the ordinary way
    }
    await cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Response' }] });
}

/**
 * Keeps every response `context` receives: { url, method, status, headers (lower-case names),
 * setCookies (each Set-Cookie line), contentType, body (text, for HTML, JSON, text/* and XML;
 * null for binary types or a redirect), bodyError (why a textual body could not be read),
 * bodyRead ('held' or 'late') }, plus requests that left loopback (`offsite`), console errors and uncaught page errors.
 * Every page of the context is held until each body is read (see holdBodies); newContext
 * waits for its first page to be held, and `await recorder.watching(page)` does it for a page
 * you open yourself (popups are held as soon as they open, which may miss their first answer:
 * then its body is read the ordinary way, and if that fails, assertNoneContains says so).
 */
export function record(context) {
  const bodies = new Map(); // "METHOD url" → [text, …], in order
  const keep = (key, text) => {
    if (!bodies.has(key)) bodies.set(key, []);
    bodies.get(key).push(text);
  };
  const held = new WeakMap();
  const recorder = {
    responses: [],
    offsite: [],
    consoleErrors: [],
    pageErrors: [],
    pending: new Set(),
    /** Resolves once `page`'s bodies are held for the recorder. */
    watching(page) {
      if (!held.has(page)) held.set(page, holdBodies(page, keep).catch(() => {}));
      return held.get(page);
    },
    /** Waits until every body seen so far has been read. */
    async settled() {
      while (this.pending.size) await Promise.allSettled([...this.pending]);
    },
    /** The HTML responses (every page and fragment), once settled. */
    async html() {
      await this.settled();
      return this.responses.filter((r) => /^text\/html/i.test(r.contentType));
    },
  };
  for (const page of context.pages()) recorder.watching(page);
  context.on('page', (page) => recorder.watching(page));
  context.on('request', (request) => {
    if (!isLoopback(request.url())) recorder.offsite.push(request.url());
  });
  context.on('response', (response) => {
    const status = response.status();
    const redirect = status >= 300 && status < 400;
    const textual = TEXTUAL.test(response.headers()['content-type'] || '');
    const key = `${response.request().method()} ${response.url()}`;
    // Held bodies come first; otherwise it is asked for at once, while chromium still has it.
    const kept = textual && !redirect ? bodies.get(key)?.shift() : undefined;
    const body = textual && !redirect && kept === undefined ? response.body() : null;
    body?.catch(() => {});
    const job = (async () => {
      const headersArray = await response.headersArray();
      const headers = {};
      const setCookies = [];
      for (const { name, value } of headersArray) {
        const lower = name.toLowerCase();
        if (lower === 'set-cookie') setCookies.push(...value.split('\n'));
        headers[lower] = lower in headers ? `${headers[lower]}, ${value}` : value;
      }
      const entry = {
        url: response.url(),
        method: response.request().method(),
        status,
        headers,
        setCookies,
        contentType: headers['content-type'] || '',
        body: kept ?? null,
        bodyError: null,
        // 'held': read while the response was held; 'late': read afterwards (a popup's first).
        bodyRead: kept !== undefined ? 'held' : body ? 'late' : null,
      };
      recorder.responses.push(entry);
      if (body) {
        try {
          entry.body = (await body).toString('utf8');
        } catch (e) {
          entry.bodyError = e.message;
        }
      }
    })();
    recorder.pending.add(job);
    job.finally(() => recorder.pending.delete(job));
  });
  context.on('console', (message) => {
    // Chromium asks every site for /favicon.ico and logs its 404 as an error.
    const favicon = /\/favicon\.ico$/.test(message.location()?.url ?? '');
    if (message.type() === 'error' && !favicon) {
      recorder.consoleErrors.push({ url: message.page()?.url(), text: message.text() });
    }
  });
  context.on('weberror', (error) => {
    recorder.pageErrors.push({ url: error.page()?.url(), text: String(error.error()) });
  });
  return recorder;
}

/**
 * Fails if any response the recorder kept holds any of `strings` (case-sensitive), naming the
 * URL and the string; also fails if a textual body could not be read, since then nobody can
 * say it is clean. Checks HTML and every other textual answer (JSON, fragments, .ics).
 */
export async function assertNoneContains(recorder, strings) {
  await recorder.settled();
  assert.ok(strings.length > 0, 'assertNoneContains: no strings to look for');
  assert.ok(recorder.responses.length > 0, 'assertNoneContains: the context received nothing');
  const found = [];
  for (const r of recorder.responses) {
    if (r.bodyError) {
      found.push(`${r.method} ${r.url} (${r.status}): its body could not be read (${r.bodyError})`);
      continue;
    }
    if (r.body === null) continue;
    for (const s of strings) {
      const at = r.body.indexOf(s);
      if (at >= 0) {
        const around = r.body.slice(Math.max(0, at - 60), at + s.length + 60).replace(/\s+/g, ' ');
        found.push(`${r.method} ${r.url} (${r.status}) contains ${JSON.stringify(s)}: …${around}…`);
      }
    }
  }
  assert.ok(found.length === 0, `responses hold what they must not:\n  ${found.join('\n  ')}`);
}

/** Fails if the context asked for anything beyond loopback. */
export function assertLoopbackOnly(recorder) {
  assert.deepEqual(recorder.offsite, [], 'requests left loopback');
}

/** Fails on any console error (a CSP violation is one) or uncaught error in the pages. */
export function assertNoConsoleErrors(recorder) {
  const all = [...recorder.consoleErrors, ...recorder.pageErrors];
  assert.ok(
    all.length === 0,
    `the pages logged errors:\n  ${all.map((e) => `${e.url}: ${e.text}`).join('\n  ')}`,
  );
}

/**
 * The bytes transferred (response headers + encoded body) for one navigation: the document
 * and every sub-resource it loads (CSS, scripts, images, fonts, fetches) until the network is
 * idle. `target` is a URL (relative to baseURL) or an async function that navigates (clicks a
 * link, submits a form). The browser cache is off while measuring. Every stylesheet, script
 * and image the page's DOM names must have been counted, or the measurement fails.
 * Resolves to { url, total, resources: [{ url, type, status, bytes }] }.
 */
export async function measurePageWeight(page, target) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const finished = [];
  const onFinished = (request) => {
    finished.push(
      request.sizes().then(
        async (sizes) => {
          const response = await request.response();
          return {
            url: request.url(),
            type: request.resourceType(),
            status: response?.status() ?? 0,
            bytes: sizes.responseHeadersSize + sizes.responseBodySize,
          };
        },
        () => ({ url: request.url(), type: request.resourceType(), status: 0, bytes: 0 }),
      ),
    );
  };
  page.on('requestfinished', onFinished);
  try {
    if (typeof target === 'function') {
      await target();
      await page.waitForLoadState('load');
    } else {
      // Without its #fragment: going to the page's own address plus a fragment only scrolls.
      await page.goto(String(target).split('#')[0], { waitUntil: 'load' });
    }
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('requestfinished', onFinished);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false }).catch(() => {});
    await cdp.detach().catch(() => {});
  }
  const resources = await Promise.all(finished);
  const counted = new Set(resources.map((r) => r.url.split('#')[0]));
  const named = await page.evaluate(() =>
    [
      ...[...document.querySelectorAll('link[rel~="stylesheet"][href]')].map((l) => l.href),
      ...[...document.querySelectorAll('script[src]')].map((s) => s.src),
      ...[...document.images].map((i) => i.currentSrc || i.src),
    ].filter((u) => u && !u.startsWith('data:')),
  );
  const missed = named.filter((u) => !counted.has(u.split('#')[0]));
  assert.deepEqual(missed, [], `page weight: resources of ${page.url()} were not measured`);
  assert.ok(
    resources.some((r) => r.type === 'document'),
    `page weight: no document was loaded for ${page.url()}`,
  );
  const total = resources.reduce((sum, r) => sum + r.bytes, 0);
  return { url: page.url(), total, resources };
}

/** measurePageWeight, failing above `limit` bytes (100 KB) with the list of what was loaded. */
export async function assertPageWeight(page, target, limit = PAGE_WEIGHT_LIMIT) {
  const weight = await measurePageWeight(page, target);
  assert.ok(
    weight.total <= limit,
    `${weight.url} weighs ${weight.total} bytes, over ${limit}:\n  ` +
      weight.resources.map((r) => `${r.bytes}\t${r.type}\t${r.url}`).join('\n  '),
  );
  return weight;
}

const require = createRequire(import.meta.url);
let axeSource;

/**
 * Runs axe-core on the page as it is now; fails on any violation of impact serious or
 * critical, listing each with the elements it found. Resolves to axe's full results.
 *
 * How axe gets in despite the pages' Content-Security-Policy: `page.addScriptTag({content})`
 * adds an inline <script>, which a policy without 'unsafe-inline' (Accord's, with or without
 * nonces) refuses. Instead of `bypassCSP: true` (which would switch the policy off for the
 * whole context, so the walk would no longer run under the policy users get), axe's source is
 * evaluated through the DevTools protocol (`page.evaluate`), which CSP does not govern: the
 * page itself keeps its policy, and axe can run on every page of a walk in the same context.
 */
export async function assertAccessible(page, { name = page.url(), options = {} } = {}) {
  // axe runs in the page, and its timers never fire where scripts are disabled: it would hang.
  assert.ok(
    !scriptless.get(page.context()),
    'assertAccessible needs a context with JavaScript enabled (axe runs in the page); run it on the same page in a walk with JavaScript',
  );
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const results = await page.evaluate(
    (opts) => window.axe.run(document, opts),
    { resultTypes: ['violations'], ...options },
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.ok(
    bad.length === 0,
    `axe: ${bad.length} serious or critical violation(s) on ${name}:\n` +
      bad
        .map(
          (v) =>
            `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
            v.nodes.map((n) => `      ${n.target.join(' ')}: ${n.html.slice(0, 160)}`).join('\n'),
        )
        .join('\n'),
  );
  return results;
}

/**
 * Saves the page at phone (390×844) and desktop (1366×768) width, whole length, as
 * docs/screenshots/<name>-phone.png and <name>-desktop.png; restores the viewport. Resolves
 * to the two paths.
 */
export async function screenshots(page, name) {
  assert.match(name, /^[a-z0-9][a-z0-9-]*$/, 'a screenshot name is lower-case words and dashes');
  const dir = screenshotDir();
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize();
  const saved = [];
  try {
    for (const [kind, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      await page.evaluate(() => document.fonts.ready.then(() => true));
      const file = path.join(dir, `${name}-${kind}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      saved.push(file);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
  return saved;
}
