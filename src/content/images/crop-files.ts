import type { Executor } from '../../platform/db/database.ts';
import type { MediaStorage } from '../../platform/storage/index.ts';
import { cropFile, cropSize, CROPS, focalPart, focalRegion, readCropFile } from './crop.ts';
import { makeCrop } from './process.ts';
import * as repo from './repository.ts';
import { originalFile } from './service.ts';

/**
 * The file to serve for a crop's name: made from the original the first time it is asked for
 * around the image's current focal point, then kept. A name with an older focal point leads to
 * the current crop (`moved`), so a link shared before an editor moved the point still shows the
 * subject; any other name is not ours (null), so no request makes a file we would not.
 */
export async function cropFor(executor: Executor, storage: MediaStorage, imageId: string, file: string): Promise<{ file: string } | { moved: string } | null> {
  const asked = readCropFile(file);
  if (!asked) return null;
  const image = await repo.findImage(executor, imageId);
  if (!image) return null;
  const focal = { x: image.focalX, y: image.focalY };
  const current = cropFile(asked.kind, focal);
  if (asked.x !== focalPart(focal.x) || asked.y !== focalPart(focal.y)) return { moved: current };
  if (!(await storage.exists(image.id, current))) {
    // A link shared widely brings many first requests at once: one of them makes the file, the
    // rest wait for it. Per process: two machines may both make it, with the same bytes.
    const key = `${image.id}/${current}`;
    let making = inProgress.get(key);
    if (!making) {
      making = (async () => {
        const original = await storage.readAll(image.id, originalFile(image));
        const region = focalRegion(image, CROPS[asked.kind], focal);
        await storage.put(image.id, current, await makeCrop(original, region, cropSize(region, CROPS[asked.kind])));
      })().finally(() => inProgress.delete(key));
      inProgress.set(key, making);
    }
    await making;
  }
  return { file: current };
}

const inProgress = new Map<string, Promise<void>>();
