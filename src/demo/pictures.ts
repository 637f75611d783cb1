import sharp from 'sharp';

/**
 * Demo pictures drawn here rather than downloaded: abstract scenes in each article's colour,
 * different for every seed, rendered from SVG we write ourselves.
 */

function random(seed: string) {
  let state = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function heroPicture(seed: string, hue: number, width = 1280, height = 720): Promise<Buffer> {
  const rand = random(seed);
  const horizon = Math.round(height * (0.45 + rand() * 0.2));
  const hills = Array.from({ length: 4 }, (_, i) => {
    const y = horizon + i * 40;
    const points = Array.from({ length: 9 }, (_, j) => `${Math.round((j / 8) * width)},${Math.round(y - rand() * 120)}`).join(' ');
    return `<polygon points="0,${height} ${points} ${width},${height}" fill="hsl(${(hue + i * 12) % 360} ${35 + i * 8}% ${38 - i * 7}%)" opacity="0.92"/>`;
  }).join('');
  const sun = `<circle cx="${Math.round(width * (0.2 + rand() * 0.6))}" cy="${Math.round(horizon * (0.35 + rand() * 0.3))}" r="${Math.round(50 + rand() * 60)}" fill="hsl(${(hue + 40) % 360} 90% 82%)" opacity="0.85"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue} 55% 28%)"/><stop offset="1" stop-color="hsl(${(hue + 25) % 360} 60% 72%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>${sun}${hills}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function portrait(seed: string, hue: number): Promise<Buffer> {
  const rand = random(seed);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">
    <rect width="400" height="400" fill="hsl(${hue} 40% 86%)"/>
    <circle cx="200" cy="${150 + Math.round(rand() * 10)}" r="78" fill="hsl(${(hue + 180) % 360} 25% 35%)"/>
    <ellipse cx="200" cy="400" rx="${140 + Math.round(rand() * 20)}" ry="150" fill="hsl(${(hue + 180) % 360} 25% 35%)"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
