import { withMillimetric } from "@millimetric/next";
export const proxy = withMillimetric();
