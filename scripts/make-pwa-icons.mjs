// Renders the app's icons (public/icons/*.svg) to the PNGs the web manifest and iOS ask for, with the
// system Chromium. Run it after changing an SVG: `node scripts/make-pwa-icons.mjs`; the PNGs are committed.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const icons = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const renders = [
  // 'any' icons keep their rounded corners (transparent outside them).
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  // Maskable and iOS icons are full squares: the platform cuts its own shape, so the drawing sits in the
  // central 72%, inside the safe zone (a circle of 80% of the width).
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { svg, png, size } of renders) {
    await page.setViewportSize({ width: size, height: size });
    const markup = readFileSync(join(icons, svg), 'utf8');
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${markup}`,
    );
    await page.screenshot({ path: join(icons, png), omitBackground: true });
    console.log(`public/icons/${png} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
