/** Argument errors word values as every `@x` package does (`describeValue` of `@x/loop`). */
export { describeValue as describe } from "@x/loop";
