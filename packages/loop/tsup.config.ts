import { library } from "@x/tsup-config";

export default library({ entry: ["src/index.ts", "src/task/index.ts"] });
