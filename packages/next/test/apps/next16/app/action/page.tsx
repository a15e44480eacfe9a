import { submitForm } from "./actions";

export default function ActionPage() {
  return (
    <main>
      <h1 id="ready">Action</h1>
      <form action={submitForm}>
        <button id="submit" type="submit">
          Submit
        </button>
      </form>
    </main>
  );
}
