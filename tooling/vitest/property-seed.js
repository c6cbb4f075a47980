// @ts-check
import fc from "fast-check";

/**
 * The seed of every fast-check property in the test run. Property tests draw their cases from it, so
 * a run is repeatable: the suite that passes on your machine passes in CI. `X_PROPERTY_SEED=<n>`
 * replays another seed (fast-check prints the failing one); `X_PROPERTY_SEED=random` draws a new
 * seed per property, which is what `pnpm test:fuzz` does to hunt for new counterexamples.
 */
const DEFAULT_SEED = 20_261_124;

const requested = process.env.X_PROPERTY_SEED;
if (requested !== "random") {
  const seed = requested === undefined || requested === "" ? DEFAULT_SEED : Number(requested);
  if (!Number.isInteger(seed)) {
    throw new TypeError(`X_PROPERTY_SEED must be an integer or "random", got ${JSON.stringify(requested)}`);
  }
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
