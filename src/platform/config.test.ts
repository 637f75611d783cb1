import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, demoEnvironment, loadConfig } from './config.ts';

test('defaults serve the embedded database on 127.0.0.1:3000', () => {
  const config = loadConfig({}, '/srv/site');
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, '/srv/site/data');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.publicUrl, 'http://127.0.0.1:3000');
  assert.equal(config.demo, true);
});

test('reads every variable', () => {
  const config = loadConfig({
    HOST: '0.0.0.0',
    PORT: '8080',
    DATA_DIR: '/var/lib/masthead',
    DATABASE_URL: 'postgres://app@db/masthead',
    PUBLIC_URL: 'https://news.example/',
    LOG_LEVEL: 'warn',
    MASTHEAD_DEMO: '0',
    MAX_UPLOAD_MB: '5',
  });
  assert.equal(config.port, 8080);
  assert.equal(config.publicUrl, 'https://news.example');
  assert.equal(config.databaseUrl, 'postgres://app@db/masthead');
  assert.equal(config.demo, false);
  assert.equal(config.maxUploadBytes, 5 * 1024 * 1024);
});

test('a bad variable is named in the error', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PUBLIC_URL: 'news.example' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MASTHEAD_DEMO: 'maybe' }, 'MASTHEAD_DEMO'],
    [{ HOST: 'bad host' }, 'HOST'],
    [{ MAX_UPLOAD_MB: '0' }, 'MAX_UPLOAD_MB'],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.includes(variable),
    );
  }
});

test('surrogate keys go out when a cache sits in front: with TRUST_PROXY, or when SURROGATE_KEYS says so', () => {
  assert.equal(loadConfig({}).surrogateKeys, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).surrogateKeys, true);
  assert.equal(loadConfig({ TRUST_PROXY: 'loopback', SURROGATE_KEYS: 'off' }).surrogateKeys, false);
  assert.equal(loadConfig({ SURROGATE_KEYS: 'on' }).surrogateKeys, true);
  assert.throws(
    () => loadConfig({ SURROGATE_KEYS: 'sometimes' }),
    (error: ConfigError) => error.variable === 'SURROGATE_KEYS',
  );
});

test('TRUST_PROXY names the proxies whose X-Forwarded-For is believed', () => {
  assert.equal(loadConfig({}).trustProxy, undefined);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback' }).trustProxy, ['127.0.0.1', '10.0.0.0/8', 'loopback']);
  assert.throws(
    () => loadConfig({ TRUST_PROXY: 'everyone' }),
    (error: ConfigError) => error.variable === 'TRUST_PROXY',
  );
});

test('limits per network and on alert subscriptions have safe defaults and are checked', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.ipv6NetworkPrefix, 64);
  assert.deepEqual(defaults.pushExtraServices, []);
  assert.deepEqual([defaults.pushSubscribePerBrowser, defaults.pushSubscribePerNetwork, defaults.pushSubscriptionsMax], [5, 30, 1_000_000]);
  const set = loadConfig({
    IPV6_NETWORK_PREFIX: '56',
    PUSH_EXTRA_SERVICES: 'Push.Example.org, *.relay.example.net,self.example.com:8443',
    PUSH_SUBSCRIBE_PER_BROWSER: '2',
    PUSH_SUBSCRIBE_PER_NETWORK: '100',
    PUSH_SUBSCRIPTIONS_MAX: '5000',
  });
  assert.equal(set.ipv6NetworkPrefix, 56);
  assert.deepEqual(set.pushExtraServices, ['push.example.org', '*.relay.example.net', 'self.example.com:8443']);
  assert.deepEqual([set.pushSubscribePerBrowser, set.pushSubscribePerNetwork, set.pushSubscriptionsMax], [2, 100, 5000]);
  for (const [name, value] of [
    ['IPV6_NETWORK_PREFIX', '16'],
    ['IPV6_NETWORK_PREFIX', '129'],
    ['PUSH_EXTRA_SERVICES', 'https://push.example.org/'],
    ['PUSH_EXTRA_SERVICES', 'push.example.org/path'],
    ['PUSH_EXTRA_SERVICES', '*'],
    ['PUSH_SUBSCRIBE_PER_BROWSER', '0'],
    ['PUSH_SUBSCRIPTIONS_MAX', 'lots'],
  ] as const) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (error: Error) => error instanceof ConfigError && error.message.includes(name),
      `${name}=${value}`,
    );
  }
});

test('the payment sandbox runs only when PAYMENTS_SANDBOX turns it on, and never beside Stripe', () => {
  assert.equal(loadConfig({}).paymentsSandbox, false);
  assert.equal(loadConfig({ PAYMENTS_SANDBOX: '0' }).paymentsSandbox, false);
  assert.equal(loadConfig({ PAYMENTS_SANDBOX: '1' }).paymentsSandbox, true);
  const stripe = { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
  assert.equal(loadConfig(stripe).paymentsSandbox, false);
  assert.throws(
    () => loadConfig({ ...stripe, PAYMENTS_SANDBOX: '1' }),
    (error: ConfigError) => error.variable === 'PAYMENTS_SANDBOX' && /Stripe/.test(error.message),
  );
  assert.throws(
    () => loadConfig({ PAYMENTS_SANDBOX: 'sometimes' }),
    (error: ConfigError) => error.variable === 'PAYMENTS_SANDBOX',
  );
});

test('start --demo turns the payment sandbox on unless the operator decided otherwise', () => {
  assert.equal(loadConfig(demoEnvironment({})).paymentsSandbox, true);
  assert.equal(loadConfig(demoEnvironment({})).demo, true);
  assert.equal(loadConfig(demoEnvironment({ PAYMENTS_SANDBOX: '0' })).paymentsSandbox, false);
  const stripe = loadConfig(demoEnvironment({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }));
  assert.equal(stripe.paymentsSandbox, false);
  assert.ok(stripe.stripe);
});

test('GRIP_URL names the proxies holding live streams, always with one key to check their signatures', () => {
  assert.equal(loadConfig({}).gripUrl, undefined);
  const pushpin = 'http://127.0.0.1:5561/?verify-key=a-secret-of-some-length';
  assert.equal(loadConfig({ GRIP_URL: pushpin }).gripUrl, pushpin);
  const fanout = 'https://api.fastly.com/service/SVC?key=TOKEN&verify-iss=fastly:SVC';
  assert.equal(loadConfig({ GRIP_URL: fanout }).gripUrl, fanout, "Fanout's own key is known; its service is named");
  const two = 'http://10.0.0.1:5561/?verify-key=a-secret-of-some-length, http://10.0.0.2:5561/?verify-key=a-secret-of-some-length';
  assert.equal(loadConfig({ GRIP_URL: two }).gripUrl, two, 'several Pushpins, signing with one key');
  for (const [value, says] of [
    ['http://127.0.0.1:5561/', /verify-key/],
    ['https://api.fastly.com/service/SVC?key=TOKEN', /verify-iss/],
    ['ftp://127.0.0.1/?verify-key=x', /http/],
    ['http://127.0.0.1:5561/?verify-key=changeme', /changeme/],
    ['http://127.0.0.1:5561/?verify-key=short', /16 characters/],
    ['http://10.0.0.1:5561/?verify-key=a-secret-of-some-length,http://10.0.0.2:5561/?verify-key=another-secret-entirely', /same sig_key/],
    ['http://10.0.0.1:5561/?verify-key=a-secret-of-some-length,http://10.0.0.2:5561/', /verify-key/],
    [' , ', /names no proxy/],
    ['https://api.fastly.com/service/S?key=T&verify-iss=fastly:S,https://api.fastly.com/service/S?key=T&verify-iss=fastly:S', /more than once/],
    ['https://api.fastly.com/service/S?key=T&verify-iss=fastly:S,http://10.0.0.1:5561/?verify-key=a-secret-of-some-length', /cannot mix/],
  ] as const) {
    assert.throws(
      () => loadConfig({ GRIP_URL: value }),
      // Never the URLs themselves in the message: they hold keys and tokens.
      (error: ConfigError) => error.variable === 'GRIP_URL' && says.test(error.message) && !/secret-|another-secret|key=T/.test(error.message),
    );
  }
});

test('a bad URL setting is named but its value, which may hold a password, is never echoed', () => {
  const secret = 'pa55-w0rd-XYZ';
  const cases: [string, string][] = [
    // Not a URL at all (the port is no number).
    ['DATABASE_URL', `postgres://app:${secret}@db:port/news`],
    ['SMTP_URL', `smtp://mailer:${secret}@mail:port`],
    ['PUBLIC_URL', `https://editor:${secret}@news.example:port/`],
    ['STRIPE_API_BASE', `http://stub:${secret}@stripe:port`],
    // A URL, but of the wrong kind.
    ['DATABASE_URL', `mysql://app:${secret}@db/news`],
    ['SMTP_URL', `https://mailer:${secret}@mail.example`],
    ['PUBLIC_URL', `ftp://editor:${secret}@news.example/`],
    ['STRIPE_API_BASE', `ftp://stub:${secret}@stripe.example`],
    // The scheme forgotten: the user name would be read as one.
    ['DATABASE_URL', `app:${secret}@db/news`],
    // A good web address with a login in it, which every link or form target would show.
    ['PUBLIC_URL', `https://editor:${secret}@news.example/`],
    ['PUBLIC_URL', `https://editor@news.example/`],
    ['STRIPE_API_BASE', `http://stub:${secret}@stripe.example`],
  ];
  const stripeKeys = { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
  for (const [variable, value] of cases) {
    const env = variable === 'STRIPE_API_BASE' ? { ...stripeKeys, [variable]: value } : { [variable]: value };
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, `${variable}=${value} is a configuration error`);
        assert.equal(error.variable, variable);
        assert.ok(error.message.includes(variable), error.message);
        assert.ok(!error.message.includes(secret), `the password is not echoed: ${error.message}`);
        assert.ok(!error.message.includes(value), `the value is not echoed: ${error.message}`);
        assert.ok(!/app|mailer|editor|stub/.test(error.message), `not even the user name: ${error.message}`);
        return true;
      },
    );
  }
});

test('a web address the site shows (PUBLIC_URL, STRIPE_API_BASE) may not carry a login', () => {
  const stripeKeys = { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
  for (const env of [
    { PUBLIC_URL: 'https://editor:pw@news.example/' },
    { PUBLIC_URL: 'https://editor@news.example/' },
    { ...stripeKeys, STRIPE_API_BASE: 'http://stub:pw@stripe.example' },
  ])
    assert.throws(() => loadConfig(env), /must not contain a user name or password/);
  assert.match(loadConfig({ PUBLIC_URL: 'https://news.example/' }).publicUrl, /^https:\/\/news\.example/);
});
