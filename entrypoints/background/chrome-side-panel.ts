/**
 * Chrome's side panel API, or undefined: always in the Firefox build (Firefox has a sidebar
 * instead), so that build carries no call to an API Firefox lacks (web-ext lint's warning).
 */
export const chromeSidePanel = (): typeof chrome.sidePanel | undefined => (import.meta.env.FIREFOX ? undefined : chrome.sidePanel);
