import { ensureChromium } from './chromium.js';

/** Fails early, with the command to run, when the browser tests cannot have a browser. */
export default function setup(): void {
  ensureChromium();
}
