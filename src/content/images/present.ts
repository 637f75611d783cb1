import type { Urls } from '../urls.ts';
import type { ImageRow } from './repository.ts';
import type { VariantFormat } from './variants.ts';
import { CROP_KINDS, cropFile, cropSize, CROPS, focalRegion, type CropKind } from './crop.ts';

export interface ImageView {
  id: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  focalPoint: { x: number; y: number };
  /** The JPEG closest to 1280 px wide: a safe default `src`. */
  src: string | null;
  /** `srcset` strings per format, best format first; a format appears once it has been made. */
  srcset: Partial<Record<VariantFormat, string>>;
  variants: { format: VariantFormat; width: number; height: number; bytes: number; url: string }[];
  /** JPEG crops of fixed shapes around the focal point, made when first asked for. */
  crops: Record<CropKind, { url: string; width: number; height: number }>;
}

function cropsOf(image: ImageRow, urls: Urls): ImageView['crops'] {
  const focal = { x: image.focalX, y: image.focalY };
  const entries = CROP_KINDS.map(
    (kind) => [kind, { url: urls.media(image.id, cropFile(kind, focal)), ...cropSize(focalRegion(image, CROPS[kind], focal), CROPS[kind]) }] as const,
  );
  return Object.fromEntries(entries) as ImageView['crops'];
}

export function presentImage(
  image: ImageRow,
  urls: Urls,
  overrides: { alt?: string | null | undefined; caption?: string | null | undefined; credit?: string | null | undefined } = {},
): ImageView {
  const variants = [...image.variants]
    .sort((a, b) => a.width - b.width)
    .map((v) => ({ format: v.format, width: v.width, height: v.height, bytes: v.bytes, url: urls.media(image.id, v.file) }));
  const srcset: ImageView['srcset'] = {};
  for (const format of ['avif', 'webp', 'jpeg'] as const) {
    const ofFormat = variants.filter((v) => v.format === format);
    if (ofFormat.length) srcset[format] = ofFormat.map((v) => `${v.url} ${v.width}w`).join(', ');
  }
  const jpegs = variants.filter((v) => v.format === 'jpeg');
  const fallback = jpegs.filter((v) => v.width <= 1280).pop() ?? jpegs[0];
  return {
    id: image.id,
    width: image.width,
    height: image.height,
    alt: overrides.alt ?? image.alt,
    caption: overrides.caption ?? image.caption,
    credit: overrides.credit ?? image.credit,
    focalPoint: { x: image.focalX, y: image.focalY },
    src: fallback?.url ?? null,
    srcset,
    variants,
    crops: cropsOf(image, urls),
  };
}

/** The media library's own view of an image, with its editable fields and version. */
export function presentLibraryImage(image: ImageRow, urls: Urls) {
  return {
    ...presentImage(image, urls),
    format: image.format,
    bytes: image.bytes,
    version: image.version,
    createdAt: image.createdAt.toISOString(),
    updatedAt: image.updatedAt.toISOString(),
  };
}
