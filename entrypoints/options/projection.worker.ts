import { serveProjection } from '@/lib/projection/serve';

// The options page's projection worker: answers the Projection tab's requests (lib/projection/serve).
serveProjection(self as unknown as Parameters<typeof serveProjection>[0]);
