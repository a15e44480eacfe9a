// /docs itself: a static page whose only tracking is the browser's $pageview, sent through the relay.
export default function Home() {
  return (
    <main>
      <h1 id="ready">Docs</h1>
    </main>
  );
}
