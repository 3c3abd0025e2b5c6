// Debian's Chromium driven by playwright-core: never a downloaded browser.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Displays speak without a user gesture, as on a hall TV started in kiosk mode with this flag.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Where tests leave screenshots to look at (ignored by git). */
export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;
