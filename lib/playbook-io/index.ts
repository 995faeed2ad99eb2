// Sharing the playbook (files, policy) and backing up all data. Every reader here treats its input
// as hostile: size first, JSON.parse only, no prototype keys, zod with the exact path.
export * from './untrusted';
export * from './playbook-file';
export * from './diff';
export * from './backup';
export * from './managed';
