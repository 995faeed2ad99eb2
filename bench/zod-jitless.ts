// Imported first by the scripts the bench evaluates in the extension's pages: their own copy of zod
// would find it may compile its checks (the evaluation itself is let through) and then be refused by
// the page's Content Security Policy when a check runs later. Schemas read this when they are made.
import { z } from 'zod';

z.config({ jitless: true });
