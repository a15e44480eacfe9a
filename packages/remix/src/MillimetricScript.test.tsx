import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MillimetricScript } from "./index";

describe("<MillimetricScript>", () => {
  it("renders window.__aid escaped, with the nonce attribute-escaped", () => {
    expect(renderToStaticMarkup(<MillimetricScript aid={{ id: "u_1", minted: true }} nonce={'a"b<c'} />)).toBe(
      '<script nonce="a&quot;b&lt;c">window.__aid={"id":"u_1","minted":true};</script>',
    );
    expect(renderToStaticMarkup(<MillimetricScript aid={{ id: "u_1", minted: false, cookie: "mm=; Path=/; Max-Age=31536000; SameSite=Lax" }} />)).toBe(
      '<script>window.__aid={"id":"u_1","minted":false,"cookie":"mm=; Path=/; Max-Age=31536000; SameSite=Lax"};</script>',
    );
  });

  it("renders nothing for a missing or invalid id", () => {
    expect(renderToStaticMarkup(<MillimetricScript aid={undefined} />)).toBe("");
    expect(renderToStaticMarkup(<MillimetricScript aid={{ id: "</script><script>alert(1)</script>", minted: false }} />)).toBe("");
    expect(renderToStaticMarkup(<MillimetricScript aid={{ id: "x".repeat(129), minted: true }} />)).toBe("");
  });
});
