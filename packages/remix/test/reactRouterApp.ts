// A React Router 7 app for the unit suites, served over real HTTP on 127.0.0.1: React
// Router's own createRequestHandler over a hand-written server build (what `react-router
// build` emits minus the client bundle: nothing here hydrates), bridged from node:http.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestHandler, type ServerBuild } from "react-router";

/** A route module: what a route file exports (no component: a resource route). */
export interface RouteModule {
  loader?: (args: never) => unknown;
  action?: (args: never) => unknown;
}

/**
 * React Router's request handler for a root route (`root`, whose loader renders "/") and
 * resource routes under it, keyed by path. The document is a bare HTML string carrying
 * the headers React Router computed (the loaders' `Set-Cookie` among them).
 */
export function reactRouterHandler(root: RouteModule, routes: Record<string, RouteModule>): (request: Request, loadContext?: unknown) => Promise<Response> {
  const serverRoutes: Record<string, unknown> = { root: { id: "root", path: "", module: { ...root, default: () => null } } };
  const assetRoutes: Record<string, unknown> = { root: asset("root", undefined, "", root) };
  for (const [path, module] of Object.entries(routes)) {
    serverRoutes[path] = { id: path, parentId: "root", path, module };
    assetRoutes[path] = asset(path, "root", path, module);
  }
  const build = {
    entry: { module: { default: (_request: Request, status: number, headers: Headers) => new Response("<!DOCTYPE html><html></html>", { status, headers }) } },
    routes: serverRoutes,
    assets: { entry: { module: "/assets/entry.client.js", imports: [] }, routes: assetRoutes, url: "/assets/manifest.js", version: "unit" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { unstable_optimizeDeps: false, unstable_subResourceIntegrity: false, v8_middleware: false, unstable_trailingSlashAwareDataRequests: false },
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "initial", manifestPath: "/__manifest" },
    basename: "/",
  } as unknown as ServerBuild;
  const handler = createRequestHandler(build, "production");
  return (request, loadContext) => handler(request, loadContext as never);
}

function asset(id: string, parentId: string | undefined, path: string, module: RouteModule) {
  return {
    id,
    parentId,
    path,
    module: `/assets/${id}.js`,
    imports: [],
    hasAction: !!module.action,
    hasLoader: !!module.loader,
    hasClientAction: false,
    hasClientLoader: false,
    hasClientMiddleware: false,
    hasErrorBoundary: false,
  };
}

/** Serves a Web handler on 127.0.0.1 (a node:http bridge, as @react-router/node does). */
export async function serve(handler: (request: Request) => Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(name, v);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
    const response = await handler(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body }));
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
