import path from 'node:path';
import type { S3Settings } from '../storage/s3.ts';
import { ConfigError, flag, webAddress, type Env } from './parse.ts';

/**
 * Where media files live. `disk`: DATA_DIR/media, as always (one machine, or a shared volume).
 * `s3`: a bucket any number of machines share. `publicUrl` (s3 only): where the bucket's
 * objects can be read by anyone; variants are then linked there instead of at /media.
 */
export type MediaConfig = { store: 'disk'; dir: string; publicUrl: undefined } | { store: 's3'; s3: S3Settings; publicUrl: string | undefined };

// S3's rules for bucket names (lowercase letters, digits, dots and hyphens; 3 to 63).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{1,40}$/;

function credentials(env: Env): S3Settings['credentials'] {
  const accessKeyId = env.S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || undefined;
  if (!accessKeyId && !secretAccessKey) return undefined;
  // Neither value is ever shown: the key id is half of a credential, and people paste one for the other.
  if (!accessKeyId)
    throw new ConfigError(
      'S3_ACCESS_KEY_ID',
      'must be set together with S3_SECRET_ACCESS_KEY (or leave both unset to use the AWS_* variables or the machine role)',
    );
  if (!secretAccessKey)
    throw new ConfigError(
      'S3_SECRET_ACCESS_KEY',
      'must be set together with S3_ACCESS_KEY_ID (or leave both unset to use the AWS_* variables or the machine role)',
    );
  if (/\s/.test(accessKeyId)) throw new ConfigError('S3_ACCESS_KEY_ID', 'must not contain spaces or line breaks (the value is not shown)');
  if (/\s/.test(secretAccessKey)) throw new ConfigError('S3_SECRET_ACCESS_KEY', 'must not contain spaces or line breaks (the value is not shown)');
  return { accessKeyId, secretAccessKey };
}

function s3(env: Env): S3Settings {
  const bucket = env.S3_BUCKET ?? '';
  if (!BUCKET.test(bucket))
    throw new ConfigError(
      'S3_BUCKET',
      `must name the bucket (3 to 63 lowercase letters, digits, dots and hyphens) when MEDIA_STORE=s3, got "${bucket.slice(0, 80)}"`,
    );
  const region = env.S3_REGION || 'us-east-1';
  if (!REGION.test(region)) throw new ConfigError('S3_REGION', `must be a region name such as eu-west-1 or auto, got "${region.slice(0, 50)}"`);
  const endpoint = env.S3_ENDPOINT ? webAddress('S3_ENDPOINT', env.S3_ENDPOINT) : undefined;
  if (endpoint && (endpoint.search || endpoint.hash)) throw new ConfigError('S3_ENDPOINT', 'must be the server address alone, without a query or fragment');
  return {
    bucket,
    region,
    endpoint: endpoint?.href.replace(/\/$/, ''),
    // Self-hosted stores (MinIO, s3rver) answer only with the bucket in the path; AWS prefers it in the host name.
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
    credentials: credentials(env),
  };
}

export function mediaConfig(env: Env, dataDir: string): MediaConfig {
  const store = env.MEDIA_STORE || 'disk';
  const publicUrl = env.MEDIA_PUBLIC_URL ? webAddress('MEDIA_PUBLIC_URL', env.MEDIA_PUBLIC_URL) : undefined;
  if (publicUrl && (publicUrl.search || publicUrl.hash)) throw new ConfigError('MEDIA_PUBLIC_URL', 'must not have a query or fragment');
  if (store === 'disk') {
    if (publicUrl)
      throw new ConfigError(
        'MEDIA_PUBLIC_URL',
        'applies only with MEDIA_STORE=s3: with files on disk, /media is served by the site (put a CDN in front of the site)',
      );
    return { store, dir: path.join(dataDir, 'media'), publicUrl: undefined };
  }
  if (store === 's3') return { store, s3: s3(env), publicUrl: publicUrl?.href.replace(/\/$/, '') };
  throw new ConfigError('MEDIA_STORE', `must be disk or s3, got "${store.slice(0, 20)}"`);
}
