import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

/**
 * argon2id with OWASP's Password Storage Cheat Sheet parameters: 19 MiB of memory, 2 iterations,
 * 1 lane. WebAssembly (hash-wasm), so the same code runs locally and in a Lambda bundle without
 * native binaries. Stored as a standard PHC string: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
 */
export const PASSWORD_HASH_PARAMS = {
  memorySize: 19_456,
  iterations: 2,
  parallelism: 1,
  hashLength: 32,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ ...PASSWORD_HASH_PARAMS, password, salt: randomBytes(16), outputType: 'encoded' });
}

/** Constant-time check of a password against a stored PHC string; false for anything malformed. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (!hash.startsWith('$argon2id$')) return false;
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}
