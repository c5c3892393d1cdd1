/**
 * Headless Chromium (the system's /usr/bin/chromium through playwright-core) for looking at what we render:
 * e-mail HTML at phone and desktop widths, and PDF pages (drawn by pdf.js, the copy bundled with unpdf, since
 * the machine has no pdftoppm). Screenshots go to test/output/ (git-ignored).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const OUTPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'output');

export async function launchChromium(): Promise<Browser> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const ORIGIN = 'http://render.test';
/** The module import happens in the page itself (vitest would rewrite an import() inside page.evaluate). */
const RENDER_PAGE = `<!doctype html><body style="margin:0;background:#888">
<script type="module">import * as pdfjs from '/pdfjs.mjs'; window.pdfjsLib = pdfjs;</script></body>`;

/** Renders one page of a PDF to a PNG file with pdf.js inside Chromium; returns the canvas size. */
export async function renderPdfPage(
  browser: Browser,
  pdf: Uint8Array,
  pageNumber: number,
  file: string,
  scale = 1.5,
): Promise<{ width: number; height: number }> {
  const require = createRequire(import.meta.url);
  const pdfjsPath = join(dirname(require.resolve('unpdf')), 'pdfjs.mjs');
  const pdfjs = await readFile(pdfjsPath);
  const page = await browser.newPage();
  try {
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/pdfjs.mjs') return route.fulfill({ body: pdfjs, contentType: 'text/javascript' });
      if (url.pathname === '/doc.pdf') return route.fulfill({ body: Buffer.from(pdf), contentType: 'application/pdf' });
      return route.fulfill({ body: RENDER_PAGE, contentType: 'text/html' });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction("'pdfjsLib' in window");
    // A string: runs in the page (the test project has no DOM typings, and vitest would rewrite an import()).
    const size = (await page.evaluate(`(async () => {
      const data = new Uint8Array(await (await fetch('/doc.pdf')).arrayBuffer());
      const doc = await window.pdfjsLib.getDocument({ data }).promise;
      const p = await doc.getPage(${Number(pageNumber)});
      const viewport = p.getViewport({ scale: ${Number(scale)} });
      const canvas = document.createElement('canvas');
      canvas.id = 'page';
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      canvas.style.display = 'block';
      document.body.appendChild(canvas);
      await p.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise;
      return { width: canvas.width, height: canvas.height };
    })()`)) as { width: number; height: number };
    await page.locator('#page').screenshot({ path: file });
    return size;
  } finally {
    await page.close();
  }
}
