// Compiled by `tsc -p tsconfig.json` in the test script: the helpers' types against React
// Router's own (loader data inference, middleware, request handler, getLoadContext).
import { createRequestHandler, type LoaderFunctionArgs, type MiddlewareFunction, type useRouteLoaderData } from "react-router";
import type { Plugin } from "vite";
import { getAidPayload, getAnonymousId, millimetricLoadContext, millimetricLoader, millimetricMiddleware, millimetricRequestHandler, withMillimetric, type AidPayload } from "./server";
import { millimetricVite } from "./vite";

const loader = (args: LoaderFunctionArgs) => millimetricLoader(args, () => ({ user: "ann" }));
declare const data: ReturnType<typeof useRouteLoaderData<typeof loader>>;
export const id: string | undefined = data?.millimetric?.id;
export const minted: boolean | undefined = data?.millimetric?.minted;
export const user: string | undefined = data?.user;

const bare = (args: LoaderFunctionArgs) => millimetricLoader(args);
declare const bareData: ReturnType<typeof useRouteLoaderData<typeof bare>>;
export const bareId: string | undefined = bareData?.millimetric?.id;

const wrapped = withMillimetric(async (_args: LoaderFunctionArgs) => ({ count: 1 }));
declare const wrappedData: ReturnType<typeof useRouteLoaderData<typeof wrapped>>;
export const count: number | undefined = wrappedData?.count;

export const middleware: MiddlewareFunction<Response>[] = [millimetricMiddleware()];
export const handler: (request: Request) => Promise<Response> = millimetricRequestHandler(createRequestHandler(() => Promise.reject(new Error("no build"))));
// One name per concept across adapters: getAnonymousId is the id string, getAidPayload the script's payload.
declare const loaderArgs: LoaderFunctionArgs;
export const anonymousId: string | undefined = getAnonymousId(loaderArgs) ?? getAnonymousId();
export const aidPayload: AidPayload | undefined = getAidPayload(loaderArgs);

export const getLoadContext = millimetricLoadContext((req: { headers: Record<string, string> }) => ({ ua: req.headers["user-agent"] }));

// The plugin declares its own structural type (no vite import): it must still be a Vite Plugin.
export const vitePlugin: Plugin = millimetricVite();
