// Placeholder replaced below.
export function buildManifest(_browser: string) { return {}; }
