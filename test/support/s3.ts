import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3Storage, type S3Settings, type S3Timeouts } from '../../src/platform/storage/index.ts';

/**
 * An S3 bucket for a test, new for each use. With S3_TEST_URL (`http://KEY:SECRET@host:port`,
 * optionally `?region=auto&pathStyle=0`) the bucket is made on that server (a real MinIO or
 * R2); otherwise on s3rver, a stand-in speaking S3's protocol, run in this process on a free
 * port with its files in a temp dir. s3rver ignores bucket policies, so tests prove originals
 * are private by their key prefix and the /media route, not by a policy.
 */
export interface TestBucket {
  settings: S3Settings;
  /** The environment that configures the app for this bucket (MEDIA_STORE=s3 and the S3_* settings). */
  env: Record<string, string>;
  /** A store on this bucket, or on the bucket reached through `endpoint` (a gate in front); closed with the bucket. */
  storage(options?: { timeouts?: S3Timeouts; endpoint?: string }): S3Storage;
  /** Writes a key as it is, around the store's rules (a stray object a test plants). */
  putKey(key: string, body: string): Promise<void>;
  /** Every key in the bucket, sorted. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

const S3RVER_KEY = 'S3RVER'; // s3rver's one account: its access key id and secret

async function startS3rver(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-s3-'));
  const s3rver = new S3rver({ silent: true, directory, address: '127.0.0.1' });
  // Our own server around its handler, so closing can end the connections clients keep alive.
  const server = http.createServer(s3rver.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

function fromTestUrl(raw: string): { endpoint: string; region: string; forcePathStyle: boolean; credentials: S3Settings['credentials'] } {
  const parsed = new URL(raw);
  const credentials = parsed.username ? { accessKeyId: decodeURIComponent(parsed.username), secretAccessKey: decodeURIComponent(parsed.password) } : undefined;
  return {
    endpoint: `${parsed.protocol}//${parsed.host}`,
    region: parsed.searchParams.get('region') ?? 'us-east-1',
    forcePathStyle: parsed.searchParams.get('pathStyle') !== '0',
    credentials,
  };
}

export async function createTestBucket(): Promise<TestBucket> {
  const server = process.env.S3_TEST_URL ? null : await startS3rver();
  const where = server
    ? { endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY } }
    : fromTestUrl(process.env.S3_TEST_URL!);
  const settings: S3Settings = { ...where, bucket: `masthead-test-${crypto.randomBytes(6).toString('hex')}` };
  const admin = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await admin.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  const stores: S3Storage[] = [];
  const keys = async () => {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await admin.send(new ListObjectsV2Command({ Bucket: settings.bucket, ...(token ? { ContinuationToken: token } : {}) }));
      found.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort();
  };
  return {
    settings,
    env: {
      MEDIA_STORE: 's3',
      S3_ENDPOINT: settings.endpoint!,
      S3_BUCKET: settings.bucket,
      S3_REGION: settings.region,
      S3_FORCE_PATH_STYLE: settings.forcePathStyle ? '1' : '0',
      ...(settings.credentials ? { S3_ACCESS_KEY_ID: settings.credentials.accessKeyId, S3_SECRET_ACCESS_KEY: settings.credentials.secretAccessKey } : {}),
    },
    storage({ endpoint, ...options } = {}) {
      const store = new S3Storage({ ...settings, endpoint: endpoint ?? settings.endpoint }, options);
      stores.push(store);
      return store;
    },
    keys,
    putKey: async (Key, Body) => void (await admin.send(new PutObjectCommand({ Bucket: settings.bucket, Key, Body }))),
    async close() {
      for (const store of stores) await store.close();
      if (server) {
        await server.stop();
      } else {
        for (const key of await keys()) await admin.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: key }));
        await admin.send(new DeleteBucketCommand({ Bucket: settings.bucket }));
      }
      admin.destroy();
    },
  };
}
