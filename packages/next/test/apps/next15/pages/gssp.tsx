import type { GetServerSideProps } from "next";
import { getAnonymousId, track } from "@millimetric/next/pages";

export const getServerSideProps: GetServerSideProps<{ aid: string | null }> = async (ctx) => {
  await track(ctx.req, { event: "gssp_view" });
  return { props: { aid: getAnonymousId(ctx.req) ?? null } };
};

export default function GsspPage({ aid }: { aid: string | null }) {
  return (
    <main>
      <h1 id="ready">Pages Router, getServerSideProps</h1>
      <p id="server-aid">{aid ?? ""}</p>
    </main>
  );
}
