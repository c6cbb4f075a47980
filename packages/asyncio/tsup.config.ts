import { library } from "@x/tsup-config";

export default library();
