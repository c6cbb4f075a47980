import { project } from "@x/vitest-config";

export default project(import.meta.dirname);
