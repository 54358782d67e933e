/**
 * The V8 young generation Rota's server processes run with, the same here as in AWS.
 *
 * AWS Lambda's Node.js runtime starts a function with `--max-semi-space-size` at a twentieth of
 * its memory (its bootstrap gives the new space a tenth, half of it per semi-space): 51 MiB for a
 * function of 1024 MB, where plain `node` caps a semi-space at 16 MiB. `npm start` and the
 * benchmarks (the load benchmark's servers and load generator included) pass the same flag, so
 * that they collect garbage as the deployed API does. With Node's default the scavenger ran four
 * times as often under the load benchmark and the platform's p99 suffered for it
 * (bench/README.md).
 */

/** Memory of a deployed function that does not set its own (infra/lambda-function.ts). */
export const FUNCTION_MEMORY_MB = 1024;

/** The semi-space, in MiB, that Lambda's Node.js runtime gives a function of `memoryMb`. */
export function lambdaSemiSpaceMb(memoryMb: number): number {
  return Math.floor(Math.floor(memoryMb / 10) / 2);
}

/** The Node flag that gives a local server the young generation of a deployed function. */
export const SEMI_SPACE_FLAG = `--max-semi-space-size=${lambdaSemiSpaceMb(FUNCTION_MEMORY_MB)}`;
