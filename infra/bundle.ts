/**
 * How every Lambda function is bundled: esbuild, one minified ESM file (`index.mjs`) with a source
 * map, the AWS SDK included so Lambda runs the SDK versions the tests ran (less the credential
 * providers a Lambda never uses). `RotaFunction` bundles
 * through this file's command line (CDK's local bundling hook is synchronous, esbuild plugins need
 * its asynchronous API); `npm run bundle-report` and the benchmarks call {@link bundleLambda}.
 *
 *   npx tsx infra/bundle.ts functions/http/api.ts <output folder>
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// The ESM bundle still contains CommonJS dependencies that call require() for Node built-ins;
// without a real `require`, esbuild's shim throws "Dynamic require of … is not supported".
const REQUIRE_BANNER =
  "import { createRequire as __rotaCreateRequire } from 'node:module'; const require = __rotaCreateRequire(import.meta.url);";

/**
 * zod exports every language's error messages as `z.locales` (≈ 260 KB minified, a quarter of the
 * API bundle). Rota only uses the English messages zod installs by default, so the locales index
 * is replaced by a module exporting English alone.
 */
export const englishOnlyZodLocales: Plugin = {
  name: 'english-only-zod-locales',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-english-locales' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-english-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * The AWS SDK's default credential chain imports these on demand for profiles, SSO, credential
 * processes and web identity tokens (≈ 93 KB with the SDK clients they use). A Lambda function
 * always finds its role's credentials in the environment first, so it never imports them: they
 * are left out of the bundles.
 */
const UNREACHABLE_IN_LAMBDA = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
];

/** esbuild options shared by every function. */
export const LAMBDA_BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Prefer packages' ESM builds so esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  // Mappings are enough for stack traces; embedding the sources would double the asset.
  sourcesContent: false,
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
  metafile: true,
  external: UNREACHABLE_IN_LAMBDA,
  plugins: [englishOnlyZodLocales],
};

/**
 * Bundles `entry` (relative to the repo root) into `outdir/index.mjs`; `plugins` are added to the
 * standard ones (benchmarks use them to compare variants). Returns esbuild's metafile.
 */
export async function bundleLambda(entry: string, outdir: string, plugins: Plugin[] = []): Promise<Metafile> {
  const result = await build({
    ...LAMBDA_BUILD_OPTIONS,
    entryPoints: [join(repoRoot, entry)],
    outfile: join(outdir, 'index.mjs'),
    plugins: [...(LAMBDA_BUILD_OPTIONS.plugins ?? []), ...plugins],
  });
  return result.metafile ?? { inputs: {}, outputs: {} };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    process.stderr.write('usage: tsx infra/bundle.ts <entry> <output folder>\n');
    process.exit(2);
  }
  await bundleLambda(entry, outdir);
}
