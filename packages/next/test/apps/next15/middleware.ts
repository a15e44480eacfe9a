import { withMillimetric } from "@millimetric/next";
export default withMillimetric();
