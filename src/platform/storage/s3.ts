import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  checkName,
  isMediaFile,
  isMediaId,
  isOriginal,
  mediaStoreUnavailable,
  mediaType,
  missingFile,
  type MediaStorage,
  type StoredFile,
  type StoredObject,
} from './storage.ts';

/**
 * Why the AWS SDK (v3, `@aws-sdk/client-s3`): it is the best-kept S3 client, speaks AWS, R2,
 * MinIO and the other S3-compatible stores, retries by itself, and has multipart uploads for
 * backups. Lighter signers (aws4fetch) would leave retries and multipart to us; the `minio`
 * client has a smaller community. ADR 13 says more.
 */

export interface S3Settings {
  bucket: string;
  region: string;
  /** The S3-compatible server (R2, MinIO...); absent means AWS itself. */
  endpoint: string | undefined;
  /** Bucket in the path (`host/bucket/key`) rather than the host name: MinIO and most self-hosted stores need it. */
  forcePathStyle: boolean;
  /** Absent: the SDK's own chain (AWS_* variables, a profile, the machine's role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/** Milliseconds: to connect, for a whole request and its answer, and a socket silent mid-answer. */
export interface S3Timeouts {
  connect: number;
  request: number;
  idle: number;
}

/** Generous for a 200 MB original on a slow link; a store that says nothing at all is given up on far sooner (idle). */
const DEFAULT_TIMEOUTS: S3Timeouts = { connect: 5_000, request: 120_000, idle: 15_000 };
const PUBLIC_CACHE = 'public, max-age=31536000, immutable';
const KEY = /^(private|public)\/([^/]+)\/([^/]+)$/;

type SdkError = { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
const isMissing = (error: unknown) => ['NoSuchKey', 'NotFound'].includes(String((error as SdkError).name));
/** The error's name and HTTP status only: a server's message may quote the request it refused. */
const reasonOf = (operation: string, error: unknown) => {
  const status = (error as SdkError).$metadata?.httpStatusCode;
  return `${operation}: ${String((error as SdkError).name ?? 'error')}${typeof status === 'number' ? ` (HTTP ${status})` : ''}`;
};

/**
 * Media files in an S3 bucket. Originals go under `private/<id>/`, everything else (variants,
 * crops, avatars) under `public/<id>/`, so a bucket policy can let anyone read `public/*`
 * (MEDIA_PUBLIC_URL) while originals, which keep the camera's metadata, stay private.
 */
export class S3Storage implements MediaStorage {
  readonly description: string;
  private readonly client: S3Client;

  constructor(
    private readonly settings: S3Settings,
    options: { timeouts?: S3Timeouts } = {},
  ) {
    this.description = `S3 bucket "${settings.bucket}"`;
    const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // Recent SDKs send uploads in aws-chunked framing with a trailing checksum unless told not
      // to; several S3-compatible servers do not decode it and store the framing in the object.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      // Without timeouts a bucket that accepts connections and never answers holds an upload forever.
      requestHandler: new NodeHttpHandler({
        connectionTimeout: timeouts.connect,
        requestTimeout: timeouts.request,
        throwOnRequestTimeout: true,
        socketTimeout: timeouts.idle,
      }),
    });
  }

  private key(id: string, file: string): string {
    checkName(id, file);
    return `${isOriginal(file) ? 'private' : 'public'}/${id}/${file}`;
  }

  private async attempt<T>(action: string, operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw mediaStoreUnavailable(this.description, action, reasonOf(operation, error));
    }
  }

  async put(id: string, file: string, bytes: Buffer): Promise<void> {
    const Key = this.key(id, file);
    await this.attempt('saved', 'PutObject', () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key,
          Body: bytes,
          ContentType: mediaType(file),
          ...(isOriginal(file) ? {} : { CacheControl: PUBLIC_CACHE }),
        }),
      ),
    );
  }

  async get(id: string, file: string): Promise<StoredFile | null> {
    const Key = this.key(id, file);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key }));
      if (!(answer.Body instanceof Readable) || answer.ContentLength === undefined) throw new Error('answer without a body stream or a length');
      return { body: answer.Body, size: answer.ContentLength };
    } catch (error) {
      if (isMissing(error)) return null;
      throw mediaStoreUnavailable(this.description, 'read', reasonOf('GetObject', error));
    }
  }

  async readAll(id: string, file: string): Promise<Buffer> {
    const stored = await this.get(id, file);
    if (!stored) throw missingFile();
    const chunks: Buffer[] = [];
    // The answer's body can still fail (the socket goes silent): that too is the store's fault.
    await this.attempt('read', 'GetObject body', async () => {
      for await (const chunk of stored.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    });
    return Buffer.concat(chunks);
  }

  async sizeOf(id: string, file: string): Promise<number | null> {
    const Key = this.key(id, file);
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key }));
      return answer.ContentLength ?? 0;
    } catch (error) {
      if (isMissing(error)) return null;
      throw mediaStoreUnavailable(this.description, 'read', reasonOf('HeadObject', error));
    }
  }

  async exists(id: string, file: string): Promise<boolean> {
    return (await this.sizeOf(id, file)) !== null;
  }

  async remove(id: string, file: string): Promise<void> {
    const Key = this.key(id, file);
    // S3 answers a delete of a missing key with success, as we want.
    await this.attempt('removed', 'DeleteObject', () => this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key })));
  }

  async removeAll(id: string): Promise<void> {
    if (!isMediaId(id)) return;
    for (const prefix of ['private', 'public']) {
      for await (const object of this.listUnder(`${prefix}/${id}/`)) await this.remove(object.id, object.file);
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    yield* this.listUnder('private/');
    yield* this.listUnder('public/');
  }

  private async *listUnder(Prefix: string): AsyncIterable<StoredObject> {
    let token: string | undefined = undefined;
    do {
      const command: ListObjectsV2Command = new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix, ...(token ? { ContinuationToken: token } : {}) });
      const page: ListObjectsV2CommandOutput = await this.attempt('listed', 'ListObjectsV2', () => this.client.send(command));
      for (const object of page.Contents ?? []) {
        const [, area, id, file] = KEY.exec(object.Key ?? '') ?? [];
        if (!id || !file || !isMediaId(id) || !isMediaFile(file) || (area === 'private') !== isOriginal(file)) continue;
        yield { id, file, size: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
