import { getAnonymousId, track } from "@millimetric/next/server";

// Where the middleware's redirect lands: a server event, and the id the server saw.
export default async function LoginPage() {
  await track({ event: "login_viewed" });
  return (
    <main>
      <h1 id="ready">Login</h1>
      <p id="server-aid">{(await getAnonymousId()) ?? ""}</p>
    </main>
  );
}
