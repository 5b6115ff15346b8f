/**
 * What every browser test file starts with: the built console, one Chromium and one stack, and
 * the one way to stop them (the pages the file opened first, then the browser, then the stack).
 */
import type { Browser } from 'playwright-core';
import { startStack, type Stack, type StackOptions } from '../../test/harness/stack';
import { launchChromium } from './browser';
import { ensureConsoleBuilt } from './console-build';
import type { ConsoleSession } from './pages';

export interface ConsoleSuite {
  stack: Stack;
  browser: Browser;
  /** The gateway's origin: the console at `/`, the explorer at `/explorer`. */
  origin: string;
  /** Closes the given sessions, the browser and the stack, in that order, whatever fails. */
  close(sessions?: Array<ConsoleSession | undefined>): Promise<void>;
}

export async function startConsoleSuite(opts: StackOptions = {}): Promise<ConsoleSuite> {
  ensureConsoleBuilt();
  const browser = await launchChromium();
  let stack: Stack;
  try {
    stack = await startStack(opts);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    stack,
    browser,
    origin: new URL(stack.gatewayUrl).origin,
    async close(sessions = []) {
      await Promise.allSettled(sessions.map((session) => session?.close()));
      await browser.close();
      await stack.close();
    },
  };
}
