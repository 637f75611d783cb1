import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../config.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const S3 = { MEDIA_STORE: 's3', S3_BUCKET: 'news-media' };

test('media stay in DATA_DIR/media by default, where every site has had them', () => {
  assert.deepEqual(loadConfig({ DATA_DIR: '/srv/news' }, '/').media, { store: 'disk', dir: '/srv/news/media', publicUrl: undefined });
});

test('MEDIA_STORE=s3 reads the bucket, region, endpoint, path style, keys and public address', () => {
  const media = loadConfig({
    ...S3,
    S3_ENDPOINT: 'https://account.r2.example/',
    S3_REGION: 'auto',
    S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    S3_SECRET_ACCESS_KEY: SECRET,
    MEDIA_PUBLIC_URL: 'https://media.news.example/',
  }).media;
  assert.deepEqual(media, {
    store: 's3',
    s3: {
      bucket: 'news-media',
      region: 'auto',
      endpoint: 'https://account.r2.example',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRET },
    },
    publicUrl: 'https://media.news.example',
  });
});

test('on AWS itself: us-east-1 unless told, the bucket in the host name, and the SDK finds the keys', () => {
  const media = loadConfig(S3).media;
  assert.equal(media.store, 's3');
  if (media.store !== 's3') return;
  assert.deepEqual(media.s3, { bucket: 'news-media', region: 'us-east-1', endpoint: undefined, forcePathStyle: false, credentials: undefined });
  assert.equal(media.publicUrl, undefined);
  const pathStyle = loadConfig({ ...S3, S3_FORCE_PATH_STYLE: '1' }).media;
  assert.equal(pathStyle.store === 's3' && pathStyle.s3.forcePathStyle, true);
});

test('mistakes are named, and no secret is ever repeated', () => {
  const refused = (env: Record<string, string>, pattern: RegExp) => {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, pattern);
        assert.ok(!error.message.includes(SECRET) && !error.message.includes('hunter2'), error.message);
        return true;
      },
    );
  };
  refused({ MEDIA_STORE: 'ftp' }, /MEDIA_STORE must be disk or s3, got "ftp"/);
  refused({ MEDIA_STORE: 's3' }, /S3_BUCKET must name the bucket/);
  refused({ ...S3, S3_BUCKET: 'Has_Capitals' }, /S3_BUCKET must name the bucket/);
  refused({ ...S3, S3_SECRET_ACCESS_KEY: SECRET }, /S3_ACCESS_KEY_ID must be set together with S3_SECRET_ACCESS_KEY/);
  refused({ ...S3, S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' }, /S3_SECRET_ACCESS_KEY must be set together with S3_ACCESS_KEY_ID/);
  refused({ ...S3, S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', S3_SECRET_ACCESS_KEY: `${SECRET}\n` }, /S3_SECRET_ACCESS_KEY must not contain spaces/);
  refused({ ...S3, S3_ENDPOINT: 'https://minio:hunter2@store.example' }, /S3_ENDPOINT must not contain a user name or password/);
  refused({ ...S3, S3_ENDPOINT: 'store.example:9000' }, /S3_ENDPOINT must start with http:\/\/ or https:\/\//);
  refused({ ...S3, S3_REGION: 'EU West' }, /S3_REGION must be a region name/);
  refused({ MEDIA_PUBLIC_URL: 'https://media.example' }, /MEDIA_PUBLIC_URL applies only with MEDIA_STORE=s3/);
  refused({ ...S3, MEDIA_PUBLIC_URL: 'https://media.example/?sig=1' }, /MEDIA_PUBLIC_URL must not have a query/);
});
