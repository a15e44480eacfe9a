// Build-time guards for Vite apps (React Router, Remix): loaded by vite.config.ts in Node,
// never bundled into the app.
export { millimetricVite, type MillimetricViteOptions, type MillimetricVitePlugin, type MillimetricViteConfig } from "./millimetricVite";
