import type { Browser, LaunchOptions } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH: string;
/** Headless, as root, without the background connections a closed network refuses. */
export const CHROMIUM_ARGS: readonly string[];
/** Launches headless Chromium; fails with an install hint when it is missing. */
export function launchChromium(options?: LaunchOptions): Promise<Browser>;
