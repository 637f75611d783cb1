import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { engine } from '../test/support/database.ts';
import { issueLink } from './accounts/links/service.ts';
import { randomToken } from './accounts/credentials/tokens.ts';
import type { LinkPurpose } from './accounts/tables.ts';

/**
 * A request log is read by more people, and kept longer, than a one-time link lives: the
 * links' tokens must never reach it. Real links, the real logger, its real output.
 */
describe(`request logs on ${engine}: no one-time token is written down`, () => {
  let t: TestApp;
  const lines: string[] = [];

  before(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
  });
  after(() => t.close());

  const link = (purpose: LinkPurpose) => issueLink(t.db.database.db, { purpose, email: 'someone@readers.example' }, new Date());

  /** Requests `url` and returns the log lines that name the request, after checking there are some. */
  async function logged(url: string, method: 'GET' | 'POST' = 'GET') {
    const from = lines.length;
    const response = await t.app.inject({ method, url });
    assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
    const mine = lines.slice(from).filter((line) => /"req":\{/.test(line));
    assert.ok(mine.length > 0, `a request log line for ${url}`);
    return mine.join('\n');
  }

  it('leaves out the token of each one-time page: confirmation, sign-in link, reset, invitation, setup', async () => {
    const pages: [string, string][] = [
      ['e-mail confirmation', `/account/confirm?token=${await link('register')}`],
      ['new address confirmation', `/account/confirm?token=${await link('change-email-new')}`],
      ['magic-link sign-in', `/account/confirm?token=${await link('sign-in')}&returnTo=%2Faccount`],
      ['password reset', `/account/reset?token=${await link('reset-password')}`],
      ['staff invitation', `/newsroom/invite?token=${await link('invite')}`],
      ['first admin setup', `/newsroom/setup?token=${await link('setup')}`],
    ];
    for (const [name, url] of pages) {
      const token = new URL(url, 'http://x').searchParams.get('token')!;
      const log = await logged(url);
      assert.ok(!log.includes(token), `${name}: the log holds the token:\n${log}`);
      assert.match(log, /token=\[redacted\]/, `${name}: the log says a token was there`);
      assert.match(log, new RegExp(`"url":"${url.split('?')[0]}\\?`), `${name}: the page is still named`);
    }
    // What is not a secret stays readable.
    assert.match(await logged(`/account/confirm?token=${await link('sign-in')}&returnTo=%2Faccount`), /returnTo=%2Faccount/);
  });

  it('leaves out tokens of second-factor set-up and enrolment links, in the query or in the path', async () => {
    const urls = [
      `/account/two-step?token=${randomToken()}`,
      `/newsroom/staff/second-factor?enrolment=1&token=${randomToken()}`,
      `/newsroom/enrol/${randomToken()}`,
      `/account/two-step/enrol/${randomToken()}/passkey`,
      `/newsroom/second-factor/${randomToken()}`,
    ];
    for (const url of urls) {
      const secret = /[A-Za-z0-9_-]{43}/.exec(url)![0];
      const log = await logged(url);
      assert.ok(!log.includes(secret), `${url}: the log holds the token:\n${log}`);
      assert.match(log, /\[redacted\]/);
    }
  });

  it('still names ordinary addresses in full', async () => {
    const log = await logged('/search?q=harbour+ferries&page=2');
    assert.match(log, /"url":"\/search\?q=harbour\+ferries&page=2"/);
  });
});
