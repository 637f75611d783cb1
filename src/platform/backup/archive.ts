import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { BackupError, MANIFEST, type MemberFacts } from './manifest.ts';

/**
 * A backup is one uncompressed tar (its database dump and pictures are compressed already),
 * written to `<file>.partial` and renamed when whole: a backup killed half way is never taken
 * for one that finished, and retention never counts it. Readable by its owner only: it holds
 * the whole database (password hashes, sessions, the site's cookie and push keys). Members are streamed, never held whole
 * in memory, and hashed as they pass.
 */
export interface ArchiveWriter {
  add(name: string, size: number, body: Readable | Buffer): Promise<void>;
  /** Each member written so far, with its size and hash: what the manifest lists. */
  readonly members: Map<string, MemberFacts>;
}

export async function writeArchive(file: string, build: (writer: ArchiveWriter) => Promise<string>): Promise<void> {
  const partial = `${file}.partial`;
  const pack = tar.pack();
  const written = pipeline(pack, fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
  const members = new Map<string, MemberFacts>();
  const add = async (name: string, size: number, body: Readable | Buffer) => {
    const hash = crypto.createHash('sha256');
    let counted = 0;
    const entry = pack.entry({ name, size, mode: 0o600, mtime: new Date(0) });
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        counted += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, counter, entry);
    if (counted !== size) throw new Error(`${name} was ${counted} bytes, not the ${size} announced`);
    members.set(name, { size, sha256: hash.digest('hex') });
  };
  try {
    const manifest = Buffer.from(await build({ add, members }));
    await add(MANIFEST, manifest.length, manifest);
    pack.finalize();
    await written;
    await fsyncFile(partial);
    fs.renameSync(partial, file);
  } catch (error) {
    pack.destroy();
    await written.catch(() => {});
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads every member once: its size and hash, and the manifest's text. Refuses what is not a tar. */
export async function scanArchive(file: string): Promise<{ seen: Map<string, MemberFacts>; manifest: string | undefined }> {
  const seen = new Map<string, MemberFacts>();
  let manifest: string | undefined;
  await eachMember(file, async (name, body) => {
    const hash = crypto.createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      hash.update(chunk);
      size += chunk.length;
      // Only the manifest is kept, and only while it is the size of a manifest.
      if (name === MANIFEST && size <= 16 * 1024 * 1024) chunks.push(chunk);
    }
    // A name twice would be checked once and written twice: an archive we write never has one.
    if (seen.has(name) || (name === MANIFEST && manifest !== undefined)) throw new BackupError(`The backup holds ${name} twice.`);
    if (name === MANIFEST) manifest = Buffer.concat(chunks).toString('utf8');
    else seen.set(name, { size, sha256: hash.digest('hex') });
  });
  return { seen, manifest };
}

/** Calls `visit` with each regular member's name and body, in order; the body must be read (or drained) before the next. */
export async function eachMember(file: string, visit: (name: string, body: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const extract = tar.extract();
  const reading = pipeline(fs.createReadStream(file), extract);
  try {
    for await (const entry of extract) {
      if (entry.header.type === 'file') await visit(entry.header.name, entry as AsyncIterable<Buffer>);
      entry.resume();
    }
    await reading;
  } catch (error) {
    extract.destroy();
    await reading.catch(() => {});
    throw error;
  }
}

/**
 * Like `eachMember`, each body checked as it is read against what the first pass found (`seen`):
 * a file changed between the check and the restore stops the restore instead of being loaded.
 */
export async function eachCheckedMember(
  file: string,
  seen: Map<string, MemberFacts>,
  visit: (name: string, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  await eachMember(file, async (name, body) => {
    const expected = seen.get(name);
    if (!expected) return;
    const hash = crypto.createHash('sha256');
    let size = 0;
    async function* checked() {
      for await (const chunk of body) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
      if (size !== expected!.size || hash.digest('hex') !== expected!.sha256)
        throw new BackupError(`The backup's ${name} changed while it was being restored.`);
    }
    await visit(name, checked());
  });
}
