/** A resized copy of an uploaded image, stored in the media store under the image's id. */
export interface ImageVariant {
  format: VariantFormat;
  width: number;
  height: number;
  bytes: number;
  /** File name inside the image's folder, e.g. `640.webp`. */
  file: string;
}

export type VariantFormat = 'avif' | 'webp' | 'jpeg';

/** Widths offered in srcset. Phones need 360-640, desktops up to 1280, retina hero images 2000. */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 2000] as const;

/** JPEG and WebP are made at upload; AVIF is slow to encode, so the job queue makes it later. */
export const EAGER_FORMATS: VariantFormat[] = ['webp', 'jpeg'];
export const DEFERRED_FORMATS: VariantFormat[] = ['avif'];

/** Pure: the widths to make for an original of `width` px. Never upscale; always at least one. */
export function variantWidths(width: number): number[] {
  const smaller = VARIANT_WIDTHS.filter((w) => w < width);
  return width <= VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]! ? [...smaller, width] : [...VARIANT_WIDTHS];
}

/** Pure: the file name of a variant inside its image's folder. */
export const variantFile = (width: number, format: VariantFormat) => `${width}.${format === 'jpeg' ? 'jpg' : format}`;

/** Pure: whether a file name is a variant's (`640.webp`), the only files readers may fetch as stored: not an original, not a crop. */
export const isVariantFile = (file: string) => /^\d{2,4}\.(avif|webp|jpg)$/.test(file);
