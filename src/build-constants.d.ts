/** Hash of the bundled model's files, set by vite.config.ts at build time. */
declare const __BUNDLED_MODEL_VERSION__: string;
