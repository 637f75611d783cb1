/** A rectangle of an image, in its pixels (after it is turned upright). */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The crops the site makes of a picture, each for a place that needs a fixed shape. */
export const CROPS = {
  /** A card's 16:9 picture where others show our cards (search results, feed readers). */
  card: { width: 960, height: 540 },
  /** The picture a shared link shows (og:image, twitter:image): 1.91:1, as the large previews are. */
  social: { width: 1200, height: 630 },
  /** A square for lists and feed readers' thumbnails. */
  thumbnail: { width: 400, height: 400 },
} as const;

export type CropKind = keyof typeof CROPS;
export const CROP_KINDS = Object.keys(CROPS) as CropKind[];

/**
 * Pure: the largest part of a `width`×`height` picture with the shape of `target`, placed so
 * the focal point (0-1 across and down) sits as near its centre as the picture's edges allow.
 * A subject in a corner stays in the crop: the rectangle slides to that corner, never past it.
 */
export function focalRegion(image: { width: number; height: number }, target: { width: number; height: number }, focal: { x: number; y: number }): Region {
  const ratio = target.width / target.height;
  const width = Math.max(1, Math.min(image.width, Math.round(image.height * ratio)));
  const height = Math.max(1, Math.min(image.height, Math.round(width / ratio)));
  const clamp = (value: number, max: number) => Math.min(Math.max(0, value), max);
  const fx = Number.isFinite(focal.x) ? clamp(focal.x, 1) : 0.5;
  const fy = Number.isFinite(focal.y) ? clamp(focal.y, 1) : 0.5;
  return {
    left: clamp(Math.round(fx * image.width - width / 2), image.width - width),
    top: clamp(Math.round(fy * image.height - height / 2), image.height - height),
    width,
    height,
  };
}

/** Pure: the size a crop is written at: the target's, or smaller for a small picture (never enlarged). */
export function cropSize(region: Region, target: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, region.width / target.width);
  return { width: Math.max(1, Math.round(target.width * scale)), height: Math.max(1, Math.round(target.height * scale)) };
}

/** A focal coordinate as it appears in a crop's file name: thousandths, so a moved focal point is a new address. */
export const focalPart = (value: number) => String(Math.round(Math.min(Math.max(value, 0), 1) * 1000));

/** Pure: the file name of a crop made around a focal point, e.g. `social-150-850.jpg`. */
export const cropFile = (kind: CropKind, focal: { x: number; y: number }) => `${kind}-${focalPart(focal.x)}-${focalPart(focal.y)}.jpg`;

const CROP_FILE = /^(card|social|thumbnail)-(\d{1,4})-(\d{1,4})\.jpg$/;

/** Pure: what a crop's file name asks for, or null if it is not one we make. */
export function readCropFile(file: string): { kind: CropKind; x: string; y: string } | null {
  const match = CROP_FILE.exec(file);
  return match ? { kind: match[1] as CropKind, x: match[2]!, y: match[3]! } : null;
}

/**
 * Pure: where the browser should place a picture it crops itself (CSS object-fit: cover), as
 * classes the stylesheet turns into object-position in steps of 5%: inline styles are refused
 * by our Content-Security-Policy.
 */
export const focalClasses = (focal: { x: number; y: number }) =>
  `fx-${Math.round(Math.min(Math.max(focal.x, 0), 1) * 20)} fy-${Math.round(Math.min(Math.max(focal.y, 0), 1) * 20)}`;
