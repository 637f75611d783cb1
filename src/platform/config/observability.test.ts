import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './parse.ts';
import { observability } from './observability.ts';

describe('observability settings', () => {
  it('default to no metrics port, loopback, no token and no traces', () => {
    assert.deepEqual(observability({}), { metricsPort: undefined, metricsHost: '127.0.0.1', metricsToken: undefined, tracesUrl: undefined });
  });

  it('read the metrics port, host and token', () => {
    const token = 'a'.repeat(32);
    assert.deepEqual(observability({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: token }), {
      metricsPort: 9464,
      metricsHost: '0.0.0.0',
      metricsToken: token,
      tracesUrl: undefined,
    });
  });

  it('refuse a bad port, host or token, never showing the token', () => {
    assert.throws(() => observability({ METRICS_PORT: '0' }), ConfigError);
    assert.throws(() => observability({ METRICS_PORT: 'nine' }), ConfigError);
    assert.throws(() => observability({ METRICS_HOST: 'evil host' }), ConfigError);
    assert.throws(() => observability({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }), /set METRICS_TOKEN too/);
    assert.equal(observability({ METRICS_PORT: '9464' }).metricsHost, '127.0.0.1', 'loopback needs no token');
    for (const token of ['short-secret', 'with a space in it but long enough', 'x'.repeat(257)]) {
      assert.throws(
        () => observability({ METRICS_TOKEN: token }),
        (error: Error) => error instanceof ConfigError && !error.message.includes(token),
      );
    }
  });

  it('send traces to the endpoint’s /v1/traces, or to the traces endpoint as given', () => {
    assert.equal(observability({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracesUrl, 'http://collector:4318/v1/traces');
    assert.equal(observability({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/base/' }).tracesUrl, 'https://otel.example/base/v1/traces');
    assert.equal(
      observability({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' }).tracesUrl,
      'http://b:4318/custom',
    );
    assert.throws(() => observability({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }), ConfigError);
  });
});
