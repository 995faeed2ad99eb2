import { core } from './messages/core';

// Every feature's messages. A feature adds its own file under messages/ and one line here.
export const CATALOG = [core] as const;
