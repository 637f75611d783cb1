import fs from 'node:fs/promises';
import path from 'node:path';

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
}
