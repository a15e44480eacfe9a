import type { AidScriptOptions } from "./AidScriptOptions";
import type { FastifyMillimetric } from "./FastifyMillimetric";
import type { RequestMillimetric } from "./RequestMillimetric";

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
     * @example reply.view("page", { aidScript: reply.millimetricScript() })
     */
    millimetricScript(options?: AidScriptOptions): string;
  }
}

export {};
