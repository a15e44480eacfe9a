// Exact versions the fixtures install. Next 16 and React 19 match the workspace's own
// (root node_modules); Next 15 is the newest 15.5.x (`npm view next@15 version`).
export const NEXT_16 = "16.4.6";
export const NEXT_15 = "15.5.29";
export const REACT_19 = "19.3.1";
export const REACT_18 = "18.3.1";

/** `next build` type-checks a TypeScript app; these are what it needs, as a user's app has them. */
export const TYPES_REACT_19 = {
  typescript: "5.9.3",
  "@types/node": "20.19.43",
  "@types/react": "19.3.0",
  "@types/react-dom": "19.3.0",
};
export const TYPES_REACT_18 = {
  typescript: "5.9.3",
  "@types/node": "20.19.43",
  "@types/react": "18.3.32",
  "@types/react-dom": "18.3.7",
};
