// Behind the middleware's session check: a visitor without the session cookie never sees it.
export default function AppPage() {
  return (
    <main>
      <h1 id="ready">App</h1>
    </main>
  );
}
