export { shown } from "@hop3/contract";
