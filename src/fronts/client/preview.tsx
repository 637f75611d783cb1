import { useEffect, useRef, useState } from 'preact/hooks';

/** One preview frame: the page laid out at `width` CSS pixels, scaled down to the space it has. */
function Frame({ src, width, label }: { src: string; width: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.3);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setScale(Math.min(1, el.clientWidth / width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [width]);
  const height = 1600;
  return (
    <figure class="ft-preview__frame">
      <figcaption>{label}</figcaption>
      <div class="ft-preview__box" ref={box} style={{ height: `${Math.round(height * scale)}px` }}>
        <iframe title={`Preview, ${label}`} src={src} width={width} height={height} style={{ transform: `scale(${scale})` }} />
      </div>
    </figure>
  );
}

/** The saved draft as readers will see it, on a desktop and on a phone; reloaded after every save. */
export function PreviewPanel({ frontId, version }: { frontId: string; version: number }) {
  const src = `/newsroom/fronts/${frontId}/preview?v=${version}`;
  return (
    <section class="ft-preview" aria-labelledby="ft-preview-heading">
      <h2 id="ft-preview-heading">Preview of the saved draft</h2>
      <div class="ft-preview__frames">
        <Frame src={src} width={1280} label="desktop, 1280 px" />
        <Frame src={src} width={390} label="phone, 390 px" />
      </div>
      <p>
        <a href={src} target="_blank" rel="noopener">
          Open the preview in a new tab
        </a>
      </p>
    </section>
  );
}
