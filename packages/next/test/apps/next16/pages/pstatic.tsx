import { version } from "react";

// A Pages Router page without data fetching: prerendered (○), no script carries the id.
export default function PagesStatic() {
  return (
    <main>
      <h1 id="ready">Pages Router, static</h1>
      <p id="react-version">{version}</p>
    </main>
  );
}
