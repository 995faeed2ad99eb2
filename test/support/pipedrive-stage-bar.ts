import type { Page } from 'playwright-core';

/** Moves a Pipedrive deal page to another stage, as a rep clicking its stage bar would (the bar's own markup changes). */
export async function movePipedriveStage(page: Page, label: string): Promise<void> {
  await page.evaluate((target: string) => {
    for (const button of document.querySelectorAll('button.cui5-stage-selector__stage')) {
      const selected = button.getAttribute('aria-label') === target;
      button.setAttribute('aria-selected', String(selected));
      button.classList.toggle('cui5-stage-selector__stage--current', selected);
    }
  }, label);
}
