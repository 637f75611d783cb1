import fs from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const ID = /^[0-9a-f-]{36}$/;
const FILE = /^[a-z0-9][a-z0-9-]*\.[a-z0-9]+$/;

/**
 * Image files under one root: `<root>/<image id>/<file>`. Every name is made by us and checked
 * against a strict pattern before it touches the file system, so no request can reach
 * another path.
 */
export class MediaStorage {
  constructor(readonly root: string) {}

  pathOf(id: string, file: string): string {
    if (!ID.test(id) || !FILE.test(file)) throw new Error(`Refusing media path ${id}/${file}`);
    return path.join(this.root, id, file);
  }

  async write(id: string, file: string, data: Buffer): Promise<void> {
    const target = this.pathOf(id, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Write then rename so a reader never sees half a file.
    const temporary = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, target);
  }

  async read(id: string, file: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(id, file));
  }

  async remove(id: string): Promise<void> {
    if (!ID.test(id)) return;
    await fs.rm(path.join(this.root, id), { recursive: true, force: true });
  }

  /** Every file, image by image (backups, moves). */
  async *list(): AsyncIterable<{ id: string; file: string }> {
    const ids = await fs.readdir(this.root).catch(() => [] as string[]);
    for (const id of ids.sort()) {
      if (!ID.test(id)) continue;
      for (const file of (await fs.readdir(path.join(this.root, id)).catch(() => [] as string[])).sort()) if (FILE.test(file)) yield { id, file };
    }
  }

  async get(id: string, file: string): Promise<{ body: Readable; size: number } | null> {
    const target = this.pathOf(id, file);
    const stat = await fs.stat(target).catch(() => null);
    return stat?.isFile() ? { body: createReadStream(target), size: stat.size } : null;
  }

  async put(id: string, file: string, body: Readable): Promise<void> {
    const target = this.pathOf(id, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await pipeline(body, createWriteStream(temporary));
    await fs.rename(temporary, target);
  }

  removeAll(id: string): Promise<void> {
    return this.remove(id);
  }

  async isEmpty(): Promise<boolean> {
    for await (const _file of this.list()) return false;
    return true;
  }
}
