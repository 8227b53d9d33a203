/** Process entry: hands argv to the CLI. No logic here (DESIGN.md §1). */
import { runCli } from './cli/program.js';

await runCli(process.argv);
