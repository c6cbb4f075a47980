// @ts-check
// p-limit on GATHER-LIMIT runs W3's p-limit program: the same jobs, 16 at a time.
export { default } from "../w3/p-limit.mjs";
