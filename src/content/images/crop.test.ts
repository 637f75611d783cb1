import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cropFile, cropSize, focalClasses, focalRegion, readCropFile } from './crop.ts';

describe('crops around the focal point', () => {
  const wide = { width: 2000, height: 1000 };

  it('centres the crop on the focal point where the picture allows', () => {
    assert.deepEqual(focalRegion(wide, { width: 400, height: 400 }, { x: 0.5, y: 0.5 }), { left: 500, top: 0, width: 1000, height: 1000 });
    assert.deepEqual(focalRegion(wide, { width: 400, height: 400 }, { x: 0.4, y: 0.5 }), { left: 300, top: 0, width: 1000, height: 1000 });
  });

  it('slides to the edge for a subject in a corner, never past it, and keeps the subject inside', () => {
    for (const [focal, target] of [
      [
        { x: 0.05, y: 0.05 },
        { width: 400, height: 400 },
      ],
      [
        { x: 0.95, y: 0.95 },
        { width: 400, height: 400 },
      ],
      [
        { x: 0.95, y: 0.05 },
        { width: 1200, height: 630 },
      ],
      [
        { x: 0, y: 1 },
        { width: 960, height: 540 },
      ],
    ] as const) {
      for (const image of [wide, { width: 1000, height: 2000 }, { width: 640, height: 480 }]) {
        const region = focalRegion(image, target, focal);
        assert.ok(
          region.left >= 0 && region.top >= 0 && region.left + region.width <= image.width && region.top + region.height <= image.height,
          JSON.stringify({ image, region }),
        );
        const [sx, sy] = [focal.x * image.width, focal.y * image.height];
        assert.ok(
          sx >= region.left && sx <= region.left + region.width && sy >= region.top && sy <= region.top + region.height,
          `subject outside ${JSON.stringify({ image, focal, region })}`,
        );
        assert.ok(Math.abs(region.width / region.height - target.width / target.height) < 0.01, 'the shape asked for');
      }
    }
    assert.deepEqual(focalRegion({ width: 1000, height: 2000 }, { width: 1200, height: 630 }, { x: 0.1, y: 0.9 }), {
      left: 0,
      top: 1475,
      width: 1000,
      height: 525,
    });
  });

  it('treats a focal point out of range or not a number as the edge or the centre', () => {
    assert.deepEqual(focalRegion(wide, { width: 1, height: 1 }, { x: 7, y: -3 }), { left: 1000, top: 0, width: 1000, height: 1000 });
    assert.deepEqual(focalRegion(wide, { width: 1, height: 1 }, { x: Number.NaN, y: 0.5 }), { left: 500, top: 0, width: 1000, height: 1000 });
  });

  it('never enlarges a small picture', () => {
    assert.deepEqual(cropSize({ left: 0, top: 0, width: 300, height: 300 }, { width: 400, height: 400 }), { width: 300, height: 300 });
    assert.deepEqual(cropSize({ left: 0, top: 0, width: 1900, height: 997 }, { width: 1200, height: 630 }), { width: 1200, height: 630 });
  });

  it('names crops by kind and focal point, and reads back only names it makes', () => {
    assert.equal(cropFile('social', { x: 0.15, y: 0.8504 }), 'social-150-850.jpg');
    assert.deepEqual(readCropFile('social-150-850.jpg'), { kind: 'social', x: '150', y: '850' });
    for (const odd of ['social-150-850.png', 'banner-1-1.jpg', '../social-1-1.jpg', 'social-1.jpg', 'social-12345-1.jpg'])
      assert.equal(readCropFile(odd), null, odd);
  });

  it('gives the browser the focal point in steps of 5%', () => {
    assert.equal(focalClasses({ x: 0.1, y: 0.93 }), 'fx-2 fy-19');
    assert.equal(focalClasses({ x: 0, y: 1 }), 'fx-0 fy-20');
  });
});
