// Every test gets a fresh in-memory IndexedDB, so Dexie runs unchanged in happy-dom.
import 'fake-indexeddb/auto';
