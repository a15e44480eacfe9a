import { getAnonymousId } from "@millimetric/next/server";

export default async function Page() {
  return <p id="server-id">{await getAnonymousId()}</p>;
}
