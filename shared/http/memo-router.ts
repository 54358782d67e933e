import type { Result, Router } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';

/** Paths remembered per method before the memory starts over (ids in paths make each unique). */
const MAX_PATHS_PER_METHOD = 1000;

/**
 * Hono's TrieRouter, remembering its answer for each method and path. The API's routes mix
 * static segments and parameters in ways Hono's faster RegExpRouter refuses
 * (`/employees/import` beside `/employees/:id/pay-rates`), and the trie's search allocates ~4 KB
 * per request (matches, params, a sort) for an answer that only depends on method and path. A
 * remembered answer is shared between requests, as RegExpRouter's are: Hono only reads it.
 */
export class MemoRouter<T> implements Router<T> {
  readonly name = 'MemoRouter + TrieRouter';
  readonly #router = new TrieRouter<T>();
  readonly #answers = new Map<string, Map<string, Result<T>>>();

  add(method: string, path: string, handler: T): void {
    this.#answers.clear();
    this.#router.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    let byPath = this.#answers.get(method);
    if (!byPath) {
      byPath = new Map();
      this.#answers.set(method, byPath);
    }
    let answer = byPath.get(path);
    if (!answer) {
      answer = this.#router.match(method, path);
      if (byPath.size >= MAX_PATHS_PER_METHOD) byPath.clear();
      byPath.set(path, answer);
    }
    return answer;
  }
}
