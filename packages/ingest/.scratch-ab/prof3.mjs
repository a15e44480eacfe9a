const { EventStore } = await import(process.argv[3]);
const store = new EventStore(process.argv[2]);
store.loadEventsPage();
const t0 = performance.now(); for (let i = 0; i < 5; i++) store.loadEventsPage();
console.log(process.argv[3].split("/").pop(), ((performance.now() - t0) / 5).toFixed(0), "ms per loadEventsPage");
store.close();
