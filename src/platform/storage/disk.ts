import fs from 'node:fs/promises';
import path from 'node:path';
import { checkName, isMediaFile, isMediaId, mediaStoreUnavailable, missingFile, type MediaStorage, type StoredFile, type StoredObject } from './storage.ts';

const missing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT';
const reasonOf = (operation: string, error: unknown) => `${operation}: ${String((error as { code?: unknown }).code ?? (error as Error).name)}`;

/**
 * Media files in a folder: `<root>/<image id>/<file>`, the layout every site has had since the
 * first release, so a site keeps its files where they are. One machine only (or a shared
 * volume): with several, use the S3 store.
 */
export class DiskStorage implements MediaStorage {
  readonly description = 'the media folder';

  constructor(readonly root: string) {}

  private pathOf(id: string, file: string): string {
    checkName(id, file);
    return path.join(this.root, id, file);
  }

  private async attempt<T>(action: string, operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw mediaStoreUnavailable(this.description, action, reasonOf(operation, error));
    }
  }

  async put(id: string, file: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(id, file);
    await this.attempt('saved', 'write', async () => {
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Write then rename so a reader never sees half a file.
      const temporary = `${target}.${process.pid}.tmp`;
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, target);
    });
  }

  async get(id: string, file: string): Promise<StoredFile | null> {
    const target = this.pathOf(id, file);
    // Opened before its size is read, so a file removed in between is still the one streamed.
    const handle = await fs.open(target, 'r').catch((error: unknown) => {
      if (missing(error)) return null;
      throw mediaStoreUnavailable(this.description, 'read', reasonOf('open', error));
    });
    if (!handle) return null;
    try {
      const { size } = await handle.stat();
      return { body: handle.createReadStream(), size };
    } catch (error) {
      await handle.close();
      throw mediaStoreUnavailable(this.description, 'read', reasonOf('stat', error));
    }
  }

  async readAll(id: string, file: string): Promise<Buffer> {
    const target = this.pathOf(id, file);
    try {
      return await fs.readFile(target);
    } catch (error) {
      if (missing(error)) throw missingFile();
      throw mediaStoreUnavailable(this.description, 'read', reasonOf('read', error));
    }
  }

  async sizeOf(id: string, file: string): Promise<number | null> {
    const target = this.pathOf(id, file);
    try {
      return (await fs.stat(target)).size;
    } catch (error) {
      if (missing(error)) return null;
      throw mediaStoreUnavailable(this.description, 'read', reasonOf('stat', error));
    }
  }

  async exists(id: string, file: string): Promise<boolean> {
    return (await this.sizeOf(id, file)) !== null;
  }

  async remove(id: string, file: string): Promise<void> {
    const target = this.pathOf(id, file);
    await this.attempt('removed', 'remove', () => fs.rm(target, { force: true }));
  }

  async removeAll(id: string): Promise<void> {
    if (!isMediaId(id)) return;
    await this.attempt('removed', 'remove', () => fs.rm(path.join(this.root, id), { recursive: true, force: true }));
  }

  async *list(): AsyncIterable<StoredObject> {
    const ids = await fs.readdir(this.root).catch((error: unknown) => {
      if (missing(error)) return [];
      throw mediaStoreUnavailable(this.description, 'listed', reasonOf('list', error));
    });
    for (const id of ids.sort()) {
      if (!isMediaId(id)) continue;
      const files = await fs.readdir(path.join(this.root, id)).catch(() => []);
      for (const file of files.sort()) {
        if (!isMediaFile(file)) continue;
        const size = await this.sizeOf(id, file);
        if (size !== null) yield { id, file, size };
      }
    }
  }

  async close(): Promise<void> {}
}
