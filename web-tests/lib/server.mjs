// The real `accord` binary, serving the demo cases and accounts on a fresh SQLite database and
// a free loopback port, for one test file:
//
//   const server = await startServer();           // waits for /readyz
//   after(() => server.stop());
//   test('…', server.logged(async () => { … }));   // on failure, prints the server's stderr
//
// The binary is $ACCORD_BIN (default target/debug/accord, from the repository root). Every mail
// the server sends goes to an SMTP sink on loopback (./mail.mjs): `server.mail`.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMailSink } from './mail.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The password every demo account shares (`accord serve --demo` prints it too). */
export const DEMO_PASSWORD = 'accord-demo';

/** The accord binary the tests run. */
export function accordBin() {
  return path.resolve(REPO_ROOT, process.env.ACCORD_BIN || 'target/debug/accord');
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const running = new Set();
const scratch = new Set();
// A test file that ends abruptly (an uncaught error, the runner's timeout, Ctrl-C) must not
// leave a server or its database behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}

/**
 * Starts `accord --database sqlite:<tmp>/accord.db serve --demo --listen 127.0.0.1:<port>
 * --public-url http://127.0.0.1:<port> --smtp-url smtp://127.0.0.1:<sink>` plus `args`, and
 * waits until /readyz answers 200. Resolves to
 *   { url, port, accounts, mail, stdout(), stderr(), logged(fn), stop() }
 * `accounts` are the demo accounts the server printed ({ email, role, who, password }).
 * Options: `args` (extra `serve` flags, e.g. ['--exit-url', '…']), `env` (extra variables),
 * `demo` (default true), `timeoutMs` (default 30 s to become ready).
 */
export async function startServer({ args = [], env = {}, demo = true, timeoutMs = 30_000 } = {}) {
  const mail = await startMailSink();
  let lastError;
  // The port is chosen before the server binds it (it must be in --public-url), so another
  // process may take it in between: then the server exits at once and another port is tried.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce({ args, env, demo, timeoutMs, mail });
    } catch (e) {
      lastError = e;
      if (!e.portTaken) break;
    }
  }
  await mail.close();
  throw lastError;
}

async function startOnce({ args, env, demo, timeoutMs, mail }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'accord-web-'));
  scratch.add(dir);
  // Only what the test sets reaches the server: an ACCORD_* variable of the caller's shell
  // (ACCORD_SMTP_URL, ACCORD_DATABASE_URL, …) would change what is being tested.
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ACCORD_')),
  );
  // Plain log lines (no colour codes), printed when a test fails.
  Object.assign(childEnv, { ACCORD_LOG: process.env.ACCORD_LOG || 'info', NO_COLOR: '1' }, env);
  const argv = [
    '--database', `sqlite:${path.join(dir, 'accord.db')}`,
    'serve',
    ...(demo ? ['--demo'] : []),
    '--listen', `127.0.0.1:${port}`,
    '--public-url', url,
    '--smtp-url', mail.url,
    ...args,
  ];
  const bin = accordBin();
  const child = spawn(bin, argv, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s) => { out += s; });
  child.stderr.setEncoding('utf8').on('data', (s) => { err += s; });
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exited = { code, signal };
      resolve(exited);
    });
    child.once('error', (e) => {
      running.delete(child);
      exited = { error: e };
      resolve(exited);
    });
  });

  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      if (!exited) {
        child.kill('SIGTERM');
        const late = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(late);
      }
      rmSync(dir, { recursive: true, force: true });
      scratch.delete(dir);
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      const e = new Error(
        `${bin} ${argv.join(' ')} exited before it was ready (${JSON.stringify(exited)})\n` +
          `--- its stderr ---\n${err}--- its stdout ---\n${out}`,
      );
      e.portTaken = /cannot listen there/.test(err);
      throw e;
    }
    try {
      const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
      // The demo accounts are printed before the server takes requests.
      if (ready.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${bin} did not answer ${url}/readyz within ${timeoutMs} ms\n--- its stderr ---\n${err}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const server = {
    url,
    port,
    mail,
    accounts: demo ? demoAccounts(out) : [],
    stdout: () => out,
    stderr: () => err,
    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and its mail sink; idempotent. */
    stop: async () => {
      await stop();
      await mail.close();
    },
    /**
     * Wraps a test function: if it fails, the server's stderr (its log) is printed before the
     * failure is reported, so a 500 or a panic explains itself.
     */
    logged: (fn) => async (...a) => {
      try {
        return await fn(...a);
      } catch (e) {
        process.stderr.write(`\n--- accord serve stderr (${url}) ---\n${err}--- end of stderr ---\n`);
        throw e;
      }
    },
    /** The demo account with this e-mail, or the first whose role and description match. */
    account: (wanted) => findAccount(server.accounts, wanted),
  };
  return server;
}

/**
 * The demo accounts as `accord serve --demo` prints them:
 *   Demo accounts, all with the password "accord-demo":
 *     maya.patel@accord.example          mediator     Maya Patel (mediator of …)
 * Each as { email, role, who, password }.
 */
export function demoAccounts(stdout) {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Demo accounts'));
  if (start < 0) throw new Error(`no demo accounts in the server's output:\n${stdout}`);
  const password = /password "([^"]+)"/.exec(lines[start])?.[1] ?? DEMO_PASSWORD;
  const accounts = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+(\S+@\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) break;
    accounts.push({ email: m[1], role: m[2], who: m[3].trim(), password });
  }
  if (accounts.length === 0) throw new Error(`no demo accounts listed in:\n${stdout}`);
  return accounts;
}

/**
 * `wanted` is an e-mail (`'maya.patel@accord.example'`) or { role, who } where `who` is a
 * substring or RegExp of the printed description (e.g. { role: 'participant', who: /Amira/ }).
 */
export function findAccount(accounts, wanted) {
  const match =
    typeof wanted === 'string'
      ? (a) => a.email === wanted
      : (a) =>
          (!wanted.role || a.role === wanted.role) &&
          (!wanted.who ||
            (wanted.who instanceof RegExp ? wanted.who.test(a.who) : a.who.includes(wanted.who)));
  const found = accounts.find(match);
  if (!found) {
    throw new Error(
      `no demo account ${typeof wanted === 'string' ? wanted : `role ${wanted.role ?? 'any'}, who ${wanted.who ?? 'any'}`}; ` +
        `there are:\n${accounts.map((a) => `  ${a.email} ${a.role} ${a.who}`).join('\n')}`,
    );
  }
  return found;
}
