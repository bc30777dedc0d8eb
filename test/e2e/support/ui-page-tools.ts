import { join } from "node:path";
import type { Page } from "playwright-core";
import { repoRoot } from "./hop3-fixture.ts";

/** Saves a screenshot for docs/web-ui.md, only when asked (HOP3_UI_SCREENSHOTS=1): CI never rewrites the docs. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.HOP3_UI_SCREENSHOTS !== "1") return;
  await page.screenshot({ path: join(repoRoot, "docs/images", `ui-${name}.png`), fullPage: true });
}

/** The names of the controls the Tab key reaches from the top of the page, in order (at most `presses`). */
export async function tabStops(page: Page, presses = 60): Promise<string[]> {
  await page.evaluate(() => (globalThis as unknown as { document: { body: { focus(): void } } }).document.body.focus());
  const names: string[] = [];
  for (let n = 0; n < presses; n++) {
    await page.keyboard.press("Tab");
    names.push(
      await page.evaluate(() => {
        const active = (globalThis as unknown as { document: { activeElement: { id: string; textContent: string | null; tagName: string } | null } }).document.activeElement;
        return active ? `${active.tagName.toLowerCase()}#${active.id}:${(active.textContent ?? "").trim()}` : "";
      }),
    );
  }
  return names;
}
