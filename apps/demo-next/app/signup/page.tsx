import { getAnonymousId } from "@millimetric/next/server";
import { IdsPanel } from "../IdsPanel";
import { SignupForm } from "./SignupForm";

export default async function SignupPage() {
  return (
    <>
      <h1>Sign up · a server action</h1>
      <p className="lead">
        The action calls <code>track(&quot;signup&quot;)</code> and <code>identify()</code> on the server. Both carry the
        anonymous id of the visitor who submitted the form, so signup joins this browser&apos;s pageviews — and after it,
        the browser&apos;s own events carry the user id too. Then run{" "}
        <code>npm run backfill -w apps/demo-next</code>: the past orders of ada@example.com join this visitor on the
        events page through the user id.
      </p>
      <IdsPanel serverId={await getAnonymousId()} />
      <SignupForm />
    </>
  );
}
