/** Where an example writes its lines (the console in the CLI, an array in the tests). */
export type Print = (line: string) => void;

/** How the CLI runs an example. */
export interface ExampleOptions {
  /** Fetch the real sites instead of the demo's local stand-ins (`--live`; the fetch example only). */
  readonly live: boolean;
}

/** One example of the reference page, reproduced on @x. */
export interface Example {
  /** The name to run it by: `pnpm demo <name>`. */
  readonly name: string;
  /** The heading printed above it when every example runs. */
  readonly title: string;
  /** The program, run inside `run()`; it prints through `print` what the Python program prints. */
  main(print: Print, options: ExampleOptions): Promise<void>;
}
