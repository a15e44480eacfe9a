import type { FastifyReply, FastifyRequest } from "fastify";

/** Reads the CSP nonce of a request when its script is rendered (the `nonce` option). */
export type NonceOf = (request: FastifyRequest, reply: FastifyReply) => string | undefined;
