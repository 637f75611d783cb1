import { type ImageView, focalClasses } from '../../content/index.ts';

/**
 * A responsive picture: AVIF and WebP where the browser takes them, JPEG otherwise; width and
 * height always set so the page does not shift while it loads. Where the stylesheet crops it
 * (cards, portraits), the focal point the newsroom set decides what stays in view.
 */
export function Picture({ image, sizes, priority = false, alt }: { image: ImageView; sizes: string; priority?: boolean; alt?: string }) {
  return (
    <picture>
      {image.srcset.avif && <source type="image/avif" srcset={image.srcset.avif} sizes={sizes} />}
      {image.srcset.webp && <source type="image/webp" srcset={image.srcset.webp} sizes={sizes} />}
      <img
        class={focalClasses(image.focalPoint)}
        src={image.src ?? ''}
        srcset={image.srcset.jpeg}
        sizes={sizes}
        width={image.width}
        height={image.height}
        alt={alt ?? image.alt}
        loading={priority ? 'eager' : 'lazy'}
        decoding={priority ? 'sync' : 'async'}
        {...(priority ? { fetchpriority: 'high' } : {})}
      />
    </picture>
  );
}

export function Figure({ image, priority = false, className }: { image: ImageView; priority?: boolean; className?: string }) {
  return (
    <figure class={className ?? 'figure'}>
      <Picture image={image} priority={priority} sizes="(min-width: 61rem) 40rem, 100vw" />
      {(image.caption || image.credit) && (
        <figcaption>
          {image.caption}
          {image.credit && <span class="credit"> {image.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
