import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { engine } from '../../../test/support/database.ts';
import { closeReaderEverywhere, seedReaderEverywhere, type ReaderEverywhere } from '../../../test/support/data-rights.ts';

/**
 * "Download my data" across every domain, through the app as a reader uses it (see
 * seedReaderEverywhere for what she has).
 */
describe(`data rights on ${engine}: the download holds every domain's part`, () => {
  // Kept at the real time: the job queue's backoff is counted by the database's clock, and a
  // clock of ours days ahead would make every retry due at once.
  const clock = new Date();
  let seeded: ReaderEverywhere;
  let pia: ReaderEverywhere['pia'];
  let q: ReaderEverywhere['q'];
  let piaComment: ReaderEverywhere['piaComment'];
  let quinnComment: ReaderEverywhere['quinnComment'];

  before(async () => {
    seeded = await seedReaderEverywhere(() => clock);
    ({ pia, q, piaComment, quinnComment } = seeded);
  });
  after(() => closeReaderEverywhere(seeded));

  it('gives everything the site keeps about the reader, from every domain, and nothing secret', async () => {
    const download = await pia.agent.get('/account/data');
    assert.equal(download.statusCode, 200, download.body.slice(0, 300));
    const data = download.json();
    assert.equal(data.account.email, 'pia@readers.example');
    assert.deepEqual(
      data.consents.map((c: { kind: string; granted: boolean; wording: string }) => [c.kind, c.granted, /community standards/.test(c.wording)]),
      [['community-standards', true, true]],
    );
    assert.equal(data.sessions.length, 1);
    assert.equal(data.sessions[0].ip, '203.0.113.91');
    assert.equal(data.passkeys[0].name, 'Pia laptop');
    assert.match(data.passkeys[0].publicKey, /^[\w-]{40,}$/, 'the public key, which proves nothing alone');

    const comments = data.comments;
    assert.deepEqual(
      comments.written.map((c: { id: string; body: string }) => [c.id, c.body]),
      [[piaComment, 'Pia has a view on this.']],
    );
    assert.match(comments.written[0].articleUrl, /^https:\/\/news\.example\/world\/leaders-agree-to-meet-again-in-spring$/);
    assert.equal(comments.recommendations[0].commentId, quinnComment);
    assert.deepEqual([comments.flags[0].commentId, comments.flags[0].reason, comments.flags[0].note], [quinnComment, 'off-topic', 'Not about the talks']);
    assert.deepEqual(
      comments.following.map((f: { displayName: string }) => f.displayName),
      ['Quinn Other'],
    );
    assert.deepEqual(
      comments.followers.map((f: { displayName: string }) => f.displayName),
      ['Quinn Other'],
    );
    assert.equal(comments.notifications[0].commentId, quinnComment);
    assert.deepEqual([comments.sanctions[0].kind, comments.sanctions[0].reason], ['suspension', 'Heated words']);
    assert.equal(comments.moderation[0].action, 'suspend');

    assert.equal(data.alerts.subscriptions.length, 1);
    assert.deepEqual(data.alerts.subscriptions[0].choices.breaking, ['int']);
    assert.equal(data.alerts.subscriptions[0].pushService, 'fcm.googleapis.com');

    const giving = data.contributions;
    assert.deepEqual(
      giving.recurring.map((r: { amountMinor: number; frequency: string; status: string }) => [r.amountMinor, r.frequency, r.status]),
      [[1000, 'monthly', 'active']],
    );
    assert.deepEqual(giving.payments.map((p: { amountMinor: number; status: string }) => [p.amountMinor, p.status]).sort(), [
      [1000, 'paid'],
      [2500, 'paid'],
    ]);
    assert.equal(giving.checkouts.length, 2);
    assert.deepEqual(
      giving.refunds.map((r: { refundedMinor: number }) => r.refundedMinor),
      [500],
    );
    assert.equal(giving.receipts.length, 2);
    assert.ok(
      giving.receipts.every((r: { reference: string; sentTo: string }) => /^[0-9A-F]{8}$/.test(r.reference) && r.sentTo === 'pia.gives@readers.example'),
    );

    // Nothing secret: password hash, session tokens, TOTP secret, push keys and endpoint.
    const [secrets] = await q<{ password_hash: string; token_hash: string }>(
      sql`select u.password_hash, s.token_hash from users u join sessions s on s.user_id = u.id where u.id = ${pia.id}`,
    );
    for (const secret of [secrets!.password_hash, secrets!.token_hash, 'piaAuthSecret', 'BPiaPublicKeyMaterial', 'pia-browser-secret-path', '$argon2id$'])
      assert.ok(!download.body.includes(secret), `the download holds ${secret}`);
    assert.doesNotMatch(download.body, /tokenHash|token_hash|totpSecret|p256dh|"auth"/);
  });
});
