import { getAnonymousId } from "@millimetric/next/server";
import { IdsPanel } from "../IdsPanel";
import { BuyButton } from "./BuyButton";

export default async function ShopPage() {
  return (
    <>
      <h1>Shop · a purchase by webhook</h1>
      <p className="lead">
        Revenue belongs on the server: the purchase is tracked when the payment provider&apos;s webhook arrives, with the
        provider&apos;s event id as <code>event_id</code>. The webhook is delivered twice; the ingest server stores it once.
      </p>
      <IdsPanel serverId={await getAnonymousId()} />
      <BuyButton />
    </>
  );
}
