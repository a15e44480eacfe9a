// No dynamic API anywhere on this route (layout included): it must prerender (○).
export default function StaticPage() {
  return (
    <main>
      <h1 id="ready">Static</h1>
    </main>
  );
}
