import Link from "next/link";
import type { ReactNode } from "react";

type Router = "app" | "pages";

/** Every page of the demo and the router that serves it: a page path lives in exactly one. */
const ROUTES: Array<{ href: string; label: string; router: Router }> = [
  { href: "/option-a", label: "A · id in the body", router: "app" },
  { href: "/option-b", label: "B · aid cookie", router: "app" },
  { href: "/option-c", label: "C · server-owned id", router: "app" },
  { href: "/signup", label: "Sign up", router: "app" },
  { href: "/shop", label: "Shop", router: "app" },
  { href: "/static", label: "Static page", router: "app" },
  { href: "/legacy", label: "Pages Router", router: "pages" },
];

/**
 * The demo's top bar, shared by app/layout.tsx and pages/_app.tsx. Within one router a
 * <Link> navigates client-side; from one router to the other it is always a full page
 * load, so those links are plain anchors (the other router's provider then starts on its
 * own page and reads the same aid cookie).
 */
export function Nav({ router }: { router: Router }) {
  const to = (href: string, target: Router, children: ReactNode, className?: string) =>
    target === router ? (
      <Link key={href} href={href} className={className}>
        {children}
      </Link>
    ) : (
      <a key={href} href={href} className={className}>
        {children}
      </a>
    );
  return (
    <header className="top">
      {to(
        "/",
        "app",
        <>
          Millimetric <span>demo</span>
        </>,
        "brand",
      )}
      <nav>{ROUTES.map((r) => to(r.href, r.router, r.label))}</nav>
    </header>
  );
}
