// What every HTML answer must carry, checked on what a recorder (./browser.mjs) kept:
//   - Content-Security-Policy with frame-ancestors 'none'; where the page has a <script> or
//     <style> element, each carries a nonce that the policy names (a fresh one per response),
//     and there are no inline event handlers (onclick=…) or style attributes the policy refuses;
//   - Cache-Control: no-store (nothing of a case is left in the browser's cache);
//   - the session cookie, wherever it is set, HttpOnly and SameSite=Lax or Strict.
//
//   await assertSecurityHeaders(recorder);               // every HTML response so far
//   assert.deepEqual(htmlResponseProblems(entry), []);   // one response

import assert from 'node:assert/strict';

export const SESSION_COOKIE = 'accord_session';

/** `default-src 'self'; frame-ancestors 'none'` → Map { 'default-src' => ["'self'"], … }. */
export function parseCsp(header) {
  const directives = new Map();
  for (const part of (header || '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/).filter(Boolean);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** The sources that govern `kind` ('script' or 'style') elements under a policy. */
function sourcesFor(csp, kind) {
  return csp.get(`${kind}-src-elem`) ?? csp.get(`${kind}-src`) ?? csp.get('default-src') ?? null;
}

function attributesOf(tag) {
  const attrs = new Map();
  for (const m of tag.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attrs.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Opening tags of `name` elements in an HTML text, each as its attribute map. */
function elements(html, name) {
  return [...html.matchAll(new RegExp(`<${name}(\\s[^>]*)?>`, 'gi'))].map((m) => attributesOf(m[1] || ''));
}

/** The nonce a response's policy names for `kind`, or null. */
export function cspNonce(entry, kind = 'script') {
  const sources = sourcesFor(parseCsp(entry.headers['content-security-policy']), kind) || [];
  const nonce = sources.map((s) => /^'nonce-([^']+)'$/.exec(s)?.[1]).find(Boolean);
  return nonce ?? null;
}

/** What is wrong with one recorded HTML response: a list of sentences (empty when right). */
export function htmlResponseProblems(entry) {
  const problems = [];
  const header = entry.headers['content-security-policy'];
  if (!header) {
    problems.push('no Content-Security-Policy');
  } else {
    const csp = parseCsp(header);
    if ((csp.get('frame-ancestors') || []).join(' ') !== "'none'") {
      problems.push(`Content-Security-Policy without frame-ancestors 'none': ${header}`);
    }
    const body = entry.body || '';
    for (const kind of ['script', 'style']) {
      const found = elements(body, kind);
      if (found.length === 0) continue;
      const sources = sourcesFor(csp, kind);
      const nonce = cspNonce(entry, kind);
      if (!nonce) {
        problems.push(`a <${kind}> but the policy names no nonce for it: ${header}`);
        continue;
      }
      if (sources.includes("'unsafe-inline'")) {
        // A nonce makes browsers ignore 'unsafe-inline', but old ones would honour it.
        problems.push(`the policy allows 'unsafe-inline' ${kind}s: ${header}`);
      }
      for (const attrs of found) {
        if (attrs.get('nonce') !== nonce) {
          const what = attrs.has('src') ? ` src=${attrs.get('src')}` : attrs.has('href') ? '' : ' (inline)';
          problems.push(
            `<${kind}${what}> has nonce ${JSON.stringify(attrs.get('nonce') ?? null)}, the policy's is ${JSON.stringify(nonce)}`,
          );
        }
      }
    }
    // Inline event handlers never run under a nonce policy (they cannot carry one).
    const handler = /<[a-z][^>]*\s(on[a-z]+)\s*=/i.exec(body);
    if (handler) problems.push(`an inline event handler (${handler[1]}=), which the policy refuses`);
    const styleSources = sourcesFor(csp, 'style');
    const styleAttr = /<[a-z][^>]*\sstyle\s*=/i.exec(body);
    if (styleAttr && styleSources && !styleSources.includes("'unsafe-inline'")) {
      problems.push('a style="…" attribute, which the policy refuses');
    }
  }
  const cache = (entry.headers['cache-control'] || '').toLowerCase();
  if (!cache.split(/\s*,\s*/).includes('no-store')) {
    problems.push(`Cache-Control is ${JSON.stringify(entry.headers['cache-control'] ?? null)}, not no-store`);
  }
  return problems;
}

/** What is wrong with a Set-Cookie line, if it sets the session cookie. */
export function sessionCookieProblems(line, name = SESSION_COOKIE) {
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  if (pair.split('=')[0] !== name) return [];
  const flags = new Map(
    attrs.map((a) => {
      const [k, ...v] = a.split('=');
      return [k.trim().toLowerCase(), v.join('=').trim().toLowerCase()];
    }),
  );
  const problems = [];
  if (!flags.has('httponly')) problems.push(`${name} is not HttpOnly: ${line}`);
  if (!['lax', 'strict'].includes(flags.get('samesite'))) {
    problems.push(`${name} is not SameSite=Lax or Strict: ${line}`);
  }
  return problems;
}

/**
 * Checks every HTML response the recorder kept (and every session cookie any response set);
 * fails naming each URL and what is wrong. Also fails when two pages share a nonce.
 * Resolves to the number of HTML responses checked.
 */
export async function assertSecurityHeaders(recorder, { sessionCookie = SESSION_COOKIE } = {}) {
  const html = await recorder.html();
  assert.ok(html.length > 0, 'assertSecurityHeaders: the context received no HTML');
  const problems = [];
  const nonces = new Map();
  for (const entry of html) {
    for (const p of htmlResponseProblems(entry)) problems.push(`${entry.method} ${entry.url} (${entry.status}): ${p}`);
    const nonce = cspNonce(entry);
    if (nonce && nonces.has(nonce)) {
      problems.push(`${entry.url} reuses the nonce of ${nonces.get(nonce)}`);
    } else if (nonce) {
      nonces.set(nonce, entry.url);
    }
  }
  for (const entry of recorder.responses) {
    for (const line of entry.setCookies) {
      for (const p of sessionCookieProblems(line, sessionCookie)) problems.push(`${entry.method} ${entry.url}: ${p}`);
    }
  }
  assert.ok(problems.length === 0, `security headers:\n  ${problems.join('\n  ')}`);
  return html.length;
}

/** The session cookie as the browser keeps it: it must be there, HttpOnly and SameSite Lax/Strict. */
export async function assertSessionCookie(context, name = SESSION_COOKIE) {
  const cookie = (await context.cookies()).find((c) => c.name === name);
  assert.ok(cookie, `no ${name} cookie in the browser`);
  assert.ok(cookie.httpOnly, `${name} is readable by scripts (not HttpOnly)`);
  assert.ok(['Lax', 'Strict'].includes(cookie.sameSite), `${name} is SameSite=${cookie.sameSite}`);
  return cookie;
}
