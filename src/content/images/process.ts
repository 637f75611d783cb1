import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../platform/errors.ts';
import type { Region } from './crop.ts';
import { variantFile, type ImageVariant, type VariantFormat } from './variants.ts';

// A server encodes each image once: libvips' operation cache would only hold memory, and one
// encoding thread keeps a burst of uploads from taking every core from readers.
sharp.cache(false);
sharp.concurrency(1);

/** Formats we accept as uploads. SVG is refused: it is a document that can carry script. */
const ACCEPTED = new Map<string, string>([
  ['jpeg', 'jpg'],
  ['png', 'png'],
  ['webp', 'webp'],
  ['gif', 'gif'],
  ['heif', 'avif'],
]);

/** 60 megapixels: larger than any camera we expect, small enough that a crafted file cannot exhaust memory. */
const MAX_PIXELS = 60_000_000;

export interface Inspected {
  format: string;
  extension: string;
  width: number;
  height: number;
}

/**
 * Decides what a file is from its bytes alone (never its name or the declared type) by asking
 * the decoder, and refuses anything that is not a raster image we can serve.
 */
export async function inspectImage(buffer: Buffer): Promise<Inspected> {
  let meta: Metadata;
  try {
    meta = await sharp(buffer, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).metadata();
  } catch {
    throw new AppError('unsupported_media_type', 'The file is not an image we can read. Upload a JPEG, PNG, WebP, AVIF or GIF.', 'file');
  }
  if (meta.format === 'svg') {
    throw new AppError(
      'unsupported_media_type',
      'SVG files are not accepted as images because they can contain scripts. Upload a PNG, JPEG, WebP, AVIF or GIF.',
      'file',
    );
  }
  const extension = meta.format ? ACCEPTED.get(meta.format) : undefined;
  if (!extension || (meta.format === 'heif' && meta.compression !== 'av1')) {
    throw new AppError('unsupported_media_type', `Images in ${meta.format ?? 'this'} format are not accepted. Upload a JPEG, PNG, WebP, AVIF or GIF.`, 'file');
  }
  if (!meta.width || !meta.height) throw new AppError('unsupported_media_type', 'The image has no dimensions.', 'file');
  if (meta.width * meta.height > MAX_PIXELS) throw new AppError('invalid', `The image is larger than ${MAX_PIXELS / 1e6} megapixels.`, 'file');
  // EXIF orientations 5-8 swap width and height once the image is turned upright.
  const rotated = (meta.orientation ?? 1) >= 5;
  return {
    format: meta.format === 'heif' ? 'avif' : meta.format!,
    extension,
    width: rotated ? meta.height : meta.width,
    height: rotated ? meta.width : meta.height,
  };
}

const ENCODERS: Record<VariantFormat, (image: Sharp) => Sharp> = {
  jpeg: (image) => image.jpeg({ quality: 80, mozjpeg: true }),
  webp: (image) => image.webp({ quality: 78 }),
  // effort 4 balances size and time; AVIF is made in the background job queue.
  avif: (image) => image.avif({ quality: 55, effort: 4 }),
};

/**
 * Makes one resized, upright, metadata-free copy per width and format. Metadata is dropped on
 * purpose: a photographer's GPS position must not reach readers.
 */
export async function makeVariants(
  buffer: Buffer,
  widths: number[],
  formats: VariantFormat[],
  write: (file: string, data: Buffer) => Promise<void>,
): Promise<ImageVariant[]> {
  const variants: ImageVariant[] = [];
  for (const width of widths) {
    const base = sharp(buffer, { limitInputPixels: MAX_PIXELS }).rotate().resize({ width, withoutEnlargement: true });
    for (const format of formats) {
      const { data, info } = await ENCODERS[format](base.clone()).toBuffer({ resolveWithObject: true });
      const file = variantFile(width, format);
      await write(file, data);
      variants.push({ format, width: info.width, height: info.height, bytes: data.length, file });
    }
  }
  return variants;
}

/** One crop: the region (of the upright picture) cut out, scaled to `size`, as metadata-free JPEG. */
export async function makeCrop(buffer: Buffer, region: Region, size: { width: number; height: number }): Promise<Buffer> {
  return ENCODERS.jpeg(sharp(buffer, { limitInputPixels: MAX_PIXELS }).rotate().extract(region).resize(size)).toBuffer();
}
