/** Where an example writes its lines (the console in the CLI, an array in the tests). */
export type Print = (line: string) => void;

/** One example of the reference page, reproduced on @x. */
export interface Example {
  /** The name to run it by: `pnpm demo <name>`. */
  readonly name: string;
  /** The heading printed above it. */
  readonly title: string;
  /** The program; it prints through `print` what the Python program prints. */
  main(print: Print): Promise<void>;
}
