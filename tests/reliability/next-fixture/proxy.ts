import { withMillimetric } from "@millimetric/next";

export const proxy = withMillimetric();
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
