import type { AidScriptOptions, RequestMillimetric } from "@millimetric/track-node/adapter";
import type { FastifyMillimetric } from "./FastifyMillimetric";

// Declaration merging with Fastify's types: once the plugin is registered, every instance
// has `fastify.millimetric`, every request `request.millimetric`, every reply
// `reply.millimetricScript()`.
declare module "fastify" {
  interface FastifyInstance {
    /** The plugin's client and request-aware `track`/`identify` (set by `@millimetric/fastify`). */
    millimetric: FastifyMillimetric;
  }
  interface FastifyRequest {
    /** The visitor's id, `track`/`identify` bound to this request and the `window.__aid` script (set by `@millimetric/fastify`). */
    millimetric: RequestMillimetric;
  }
  interface FastifyReply {
    /**
     * The `window.__aid` `<script>` tag for this request, for templates; `""` without an id.
     * @deprecated `request.millimetric.aidScript()`: the script tag's one name in every adapter.
     * @example reply.view("page", { aidScript: request.millimetric.aidScript() })
     */
    millimetricScript(options?: AidScriptOptions): string;
  }
}

export {};
