import { defineConfig, type Plugin, type PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

// The build runs from the repository root (`vite build --config pwa/vite.config.ts`); paths are anchored here.
const pwaRoot = new URL('.', import.meta.url).pathname;

/**
 * The operators' console (/admin, pwa/admin.html) is built by the same `vite build` as an environment of its own: the
 * kiosk's bundle is exactly what it would be without it (no chunk shared with the console), its service worker never
 * precaches the console, and the console links its own manifest.
 */
const kioskOnly = (plugins: PluginOption[]): PluginOption[] =>
  plugins.flat().map((plugin) => (plugin ? { ...(plugin as Plugin), applyToEnvironment: (env) => env.name === 'client' } : plugin));

/** HTML transforms run for every page whatever the environment: the console's page keeps only its own manifest. */
function consoleManifestOnly(): Plugin {
  return {
    name: 'console-manifest-only',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html, { path }) => (path.endsWith('/admin.html') ? html.replace(/<link rel="manifest" href="\/manifest\.webmanifest"[^>]*>/, '') : html),
    },
  };
}

/**
 * Hono's RPC client serializes cookies only when a call passes its `cookie` option, which the apps never do (the
 * browser sends their cookies); that serializer is about 0.6 KB of the kiosk's 25 KB start budget, so the client gets
 * a stand-in that refuses the option loudly instead.
 */
function honoClientWithoutCookieOption(): Plugin {
  const standIn = `${pwaRoot}src/hono-client-cookie.ts`;
  return {
    name: 'hono-client-without-cookie-option',
    enforce: 'pre',
    resolveId: (source, importer) => (source === '../utils/cookie.js' && importer?.endsWith('/hono/dist/client/client.js') ? standIn : null),
  };
}

/**
 * Vite wraps each `import()` in a helper that preloads the chunk's imports and CSS beside it and reports a failed load
 * as a `vite:preloadError` event. The kiosk preloads nothing (`modulePreload: false`), listens for no such event, and
 * its lazy chunks bring no CSS of their own (the build fails if one does): its `import()`s run as written, 0.6 KB less
 * at start.
 */
function plainDynamicImports(): Plugin {
  return {
    name: 'plain-dynamic-imports',
    enforce: 'pre',
    applyToEnvironment: (env) => env.name === 'client',
    load: (id) => (id === '\0vite/preload-helper.js' ? 'export const __vitePreload = (load) => load();' : null),
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && !chunk.isEntry && chunk.viteMetadata?.importedCss.size) {
          this.error(`${chunk.fileName} has CSS of its own, which a plain import() does not load`);
        }
      }
    },
  };
}

export default defineConfig({
  root: pwaRoot,
  // workbox-window's package points bundlers at its ES5 build (classes and async functions compiled down): the kiosk's
  // browsers run the same library's ES2015+ build, 1 KB smaller.
  resolve: { alias: [{ find: /^workbox-window$/, replacement: 'workbox-window/build/workbox-window.prod.mjs' }] },
  // No modulepreload: its polyfill is for browsers without `<link rel="modulepreload">` (a kiosk runs Chrome,
  // docs/deploy.md), and the lists of a lazy chunk's imports to preload beside it only save a round trip the service
  // worker's precache already answers. 0.5 KB of the kiosk's start budget for nobody.
  build: { outDir: 'dist', emptyOutDir: true, modulePreload: false },
  environments: {
    client: {},
    console: {
      consumer: 'client',
      build: { outDir: 'dist', emptyOutDir: false, rolldownOptions: { input: `${pwaRoot}admin.html` } },
    },
  },
  builder: {
    // The kiosk first: it empties dist/, and its service worker lists only its own files.
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.console!);
    },
  },
  plugins: [
    honoClientWithoutCookieOption(),
    plainDynamicImports(),
    solid(),
    ...kioskOnly(VitePWA({
      // A kiosk has nobody to click "update", and its tab is never closed: the kiosk itself accepts a new version once
      // no customer is using it (pwa/src/main.tsx). 'autoUpdate' would reload the page at once, mid-payment; with
      // `injectRegister: false` it does not even make the new service worker skip waiting, so it never took over.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Self-service kiosk',
        short_name: 'Kiosk',
        description: 'Order and pay with a card at the counter kiosk.',
        // Its identity, as the start URL already gave it: tablets that installed it before keep the same app.
        id: '/',
        lang: 'en',
        dir: 'ltr',
        display: 'fullscreen',
        orientation: 'any',
        theme_color: '#111827',
        background_color: '#111827',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Only the app shell is precached; API answers and Stripe's SDK must always come from the network.
        // The manifest and its icons are added by the plugin itself.
        globPatterns: ['**/*.{html,js,css}'],
        navigateFallback: '/index.html',
        // Workbox matches these against the path and its query: the console's `/admin?store=…` is the console's too.
        navigateFallbackDenylist: [/^\/api\//, /^\/v1\//, /^\/photos\//, /^\/admin([/?]|$)/],
        runtimeCaching: [
          {
            // Menu photos, so an offline kiosk still shows them: a photo's URL is its content hash, so a cached
            // copy is never stale, and a new photo is a new URL.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/photos/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'menu-photos',
              expiration: { maxEntries: 300, maxAgeSeconds: 365 * 24 * 60 * 60 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
        cleanupOutdatedCaches: true,
        // Workbox's runtime inside sw.js rather than a second script it loads through a small AMD loader: one file
        // the browser fetches and checks for updates, 0.6 KB less.
        inlineWorkboxRuntime: true,
        // Compiled for the browsers the kiosk's page is built for (Vite's 'baseline-widely-available'), not Workbox's
        // default of Chrome 56.
        babelPresetEnvTargets: ['chrome >= 111', 'edge >= 111', 'firefox >= 114', 'safari >= 16.4', 'ios_saf >= 16.4'],
      },
    })),
    consoleManifestOnly(),
  ],
});
