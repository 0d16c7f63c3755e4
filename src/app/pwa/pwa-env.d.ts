// Types for `virtual:pwa-register` (vite-plugin-pwa's plain registration module; no framework bindings).
/// <reference types="vite-plugin-pwa/vanillajs" />
