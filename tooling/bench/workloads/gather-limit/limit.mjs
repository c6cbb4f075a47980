// @ts-check
// The limit of GATHER-LIMIT is W3's: the same 100,000 jobs, 16 at a time, each yielding once and
// returning its index (W3 measures @x's Semaphore on it, this workload @x's gather with a limit).
export { default } from "../w3/limit.mjs";
